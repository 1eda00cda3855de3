"""What every page of the app shares: the page mixins, the permission check on a page's object, and
the ways a page names its edition or entry. evaluation's views use them too."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from rules.contrib.views import PermissionRequiredMixin

from awards.errors import ActionRefused
from awards.models import (
    Edition,
    Entry,
    Municipality,
)


class PageMixin:
    def render_page(self, **context):
        """The page's template with its context plus `context`."""
        return TemplateResponse(self.request, self.template_name, self.get_context_data(**context))


class ObjectPermissionRequiredMixin(PageMixin, PermissionRequiredMixin):
    """django-rules' permission check on the page's object, fetching that object only once."""

    raise_exception = True

    def get_object(self, queryset=None):
        if not hasattr(self, "_object"):
            self._object = super().get_object(queryset)
        return self._object


class PageActionMixin:
    """One thing a person does on a page, at a URL of its own (POST only): the permission to
    do it, its form, the service call and the message. A wrong value or a refusal is shown on
    the page, on the form, with everything typed kept; success goes back to the page.

    Mixed into the page's own view, which renders itself with render_page(**context) and
    names each action's form in its context (`form_name`). The page's own permission is
    checked first; `action_permission` names a further one where doing the action takes more
    than seeing the page (drafting the motivation, say). A subclass says: `form_class`,
    `form_name`, `success_message`, `act(form)` (the service call) and `page_url()`;
    `done(result)` says what act() returned, where the message depends on it. An action that
    is a button alone has no form_class: it acts (act(None)), and a refusal comes back to
    the page as a message."""

    http_method_names = ["post"]
    action_permission: str | None = None
    form_class = None
    form_name = ""
    success_message = ""

    def act(self, form):
        raise NotImplementedError

    def done(self, result) -> None:
        """Tell the person what happened: by default the success message."""
        messages.success(self.request, self.success_message)

    def page_url(self) -> str:
        raise NotImplementedError

    def may_act(self) -> bool:
        if self.action_permission is None:
            return True
        return self.request.user.has_perm(self.action_permission, self.get_object())

    def form(self):
        return self.form_class(self.request.POST)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        if not self.may_act():
            raise Http404
        form = self.form() if self.form_class is not None else None
        if form is not None and not form.is_valid():
            return self.render_page(**{self.form_name: form})
        try:
            result = self.act(form)
        except ActionRefused as refused:
            if form is None:
                messages.error(request, str(refused))
                return redirect(self.page_url())
            form.add_error(None, str(refused))
            return self.render_page(**{self.form_name: form})
        self.done(result)
        return redirect(self.page_url())


class EditionManageMixin(ObjectPermissionRequiredMixin):
    """An organiser's page about one edition, found by its slug."""

    permission_required = "awards.manage_edition"
    context_object_name = "edition"
    # Found by the slug alone: a `pk` in the URL names the page's other object.
    pk_url_kwarg = "edition_pk"
    queryset = Edition.objects.select_related("award")


def entry_queryset():
    # The county comes along: the dossier names each municipality's.
    municipalities = Municipality.objects.select_related("county").order_by("name")
    return Entry.objects.select_related("edition", "edition__award").prefetch_related(
        Prefetch("municipalities", queryset=municipalities),
    )


class EntryObjectMixin(ObjectPermissionRequiredMixin):
    """An entry page: 404 for anyone who may not know the entry exists, 403 for those who
    may see it but not do what the page does."""

    context_object_name = "entry"
    pk_url_kwarg = "pk"

    def get_queryset(self):
        return entry_queryset()

    def handle_no_permission(self):
        may_know = self.permission_required != "awards.view_entry" and self.request.user.has_perm(
            "awards.view_entry", self.get_object()
        )
        raise PermissionDenied if may_know else Http404
