from django.contrib.auth.decorators import login_not_required
from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.generic import DetailView, ListView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from awards.choices import EntryState
from awards.models import Edition, Entry, Municipality
from awards.selectors import (
    editions_for_public,
    entries_for_contact,
    entries_for_organiser,
    entry_state_counts,
    public_results_for_editions,
    questionnaire_with_answers,
)


class ObjectPermissionRequiredMixin(PermissionRequiredMixin):
    """django-rules' permission check on the page's object, fetching that object only once."""

    raise_exception = True

    def get_object(self, queryset=None):
        if not hasattr(self, "_object"):
            self._object = super().get_object(queryset)
        return self._object


@method_decorator(login_not_required, name="dispatch")
class HomeView(TemplateView):
    """The public front page: the current editions and the archive of announced results."""

    template_name = "awards/home.html"

    def get_context_data(self, **kwargs):
        results = public_results_for_editions(editions_for_public())
        return super().get_context_data(results=results, **kwargs)


@method_decorator(login_not_required, name="dispatch")
class EditionDetailView(DetailView):
    """An edition's public page: timeline, finalists once announced, winner and motivation
    once the gala has begun."""

    template_name = "awards/edition_detail.html"
    context_object_name = "edition"

    def get_queryset(self):
        return editions_for_public()

    def get_context_data(self, **kwargs):
        [results] = public_results_for_editions([self.object])
        return super().get_context_data(results=results, **kwargs)


class OwnEntryListView(PermissionRequiredMixin, ListView):
    """A municipality contact's entries, with what they may know of each."""

    permission_required = "awards.list_own_entries"
    template_name = "awards/entry_list.html"
    context_object_name = "entries"

    def get_queryset(self):
        return entries_for_contact(self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(now=timezone.now(), **kwargs)


class EntryDetailView(ObjectPermissionRequiredMixin, DetailView):
    """One entry's answers. Anyone who may not see it is told it does not exist."""

    permission_required = "awards.view_entry"
    template_name = "awards/entry_detail.html"
    context_object_name = "entry"

    def get_queryset(self):
        return Entry.objects.select_related("edition", "edition__award").prefetch_related(
            Prefetch("municipalities", queryset=Municipality.objects.order_by("name")),
            "answers",
        )

    def handle_no_permission(self):
        raise Http404

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            questionnaire=questionnaire_with_answers(self.object), **kwargs
        )


class EditionManageView(ObjectPermissionRequiredMixin, DetailView):
    """The organiser's overview of one edition: entries by state and every entry."""

    permission_required = "awards.manage_edition"
    template_name = "awards/edition_manage.html"
    context_object_name = "edition"
    queryset = Edition.objects.select_related("award")

    def get_context_data(self, **kwargs):
        edition = self.object
        counts = entry_state_counts(edition)
        return super().get_context_data(
            entries=entries_for_organiser(edition),
            state_counts=[(EntryState(state).label, n) for state, n in counts.items()],
            entry_total=sum(counts.values()),
            **kwargs,
        )
