"""What the jury's pages share: a page about one edition for someone with a seat or an organiser's
role, a round's page, a visit's page, and form errors as messages."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property

from awards.models import Edition
from awards.views.base import ObjectPermissionRequiredMixin
from evaluation.choices import RoundNumber
from evaluation.rules import seat_on
from evaluation.selectors import round_of_edition, visits_with_people


def errors_to_messages(request, form, prefix=""):
    """A form posted from a list page goes back to that page: its errors become messages."""
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, ": ".join(str(part) for part in (prefix, label, error) if part))


class EditionPageMixin(ObjectPermissionRequiredMixin):
    """A jury page about one edition, found by its slug."""

    context_object_name = "edition"
    # Found by the slug alone: a `pk` in the URL names the page's other object.
    pk_url_kwarg = "edition_pk"
    queryset = Edition.objects.select_related("award")

    @cached_property
    def seat(self):
        return seat_on(self.request.user, self.get_object())


class RoundMixin(EditionPageMixin):
    """A page about one scoring round of the edition."""

    @cached_property
    def scoring_round(self):
        if self.kwargs["number"] not in RoundNumber.values:
            raise Http404
        return round_of_edition(self.get_object(), self.kwargs["number"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(scoring_round=self.scoring_round, **kwargs)


class VisitMixin(EditionPageMixin):
    """A page about one visit: 404 for anyone who may not read the visited entry."""

    permission_required = "evaluation.view_jury"

    @cached_property
    def visit(self):
        visit = get_object_or_404(
            visits_with_people(), pk=self.kwargs["pk"], entry__edition=self.get_object()
        )
        if not self.request.user.has_perm("evaluation.view_visit", visit):
            raise Http404
        return visit

    def get_context_data(self, **kwargs):
        return super().get_context_data(visit=self.visit, **kwargs)
