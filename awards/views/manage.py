"""An edition for its organisers: the overview, settings and phase, the entries' admin, exports,
the finalists' moment and the winner page's preview."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView

from awards.choices import EntryState
from awards.errors import ActionRefused
from awards.exports import (
    answers_table,
    contacts_table,
    entries_table,
    table_response,
)
from awards.forms import (
    EditionCopyForm,
    EditionPhaseForm,
    EditionSettingsForm,
    EligibilityForm,
    ExtendDeadlineForm,
    PublishFinalistsForm,
    ReopenEntryForm,
)
from awards.models import (
    Edition,
    Entry,
)
from awards.selectors import (
    ORGANISER_STAGES,
    contacts_for_edition,
    edition_now_next,
    entries_for_organiser,
    entries_per_day,
    entry_state_counts,
    municipalities_without_entry,
    participation_by_county,
    public_results_for_editions,
)
from awards.services import (
    edition_copy,
    edition_publish_finalists,
    edition_set_phase,
    edition_update,
    entry_extend_deadline,
    entry_reopen,
    entry_rule_eligibility,
)
from awards.views.base import (
    EditionManageMixin,
    EntryObjectMixin,
    ObjectPermissionRequiredMixin,
    PageActionMixin,
    entry_queryset,
)


class EditionManageView(EditionManageMixin, DetailView):
    """The organiser's overview of one edition: entries by state and every entry."""

    template_name = "awards/edition_manage.html"

    def get_context_data(self, **kwargs):
        edition = self.object
        counts = entry_state_counts(edition)
        without_entry = list(municipalities_without_entry(edition))
        total = sum(counts.values())
        submitted = total - counts.get(EntryState.DRAFT, 0) - counts.get(EntryState.WITHDRAWN, 0)
        return super().get_context_data(
            now_next=edition_now_next(edition, submitted, total),
            stages=ORGANISER_STAGES,
            entries=entries_for_organiser(edition),
            state_counts=[(EntryState(state).label, n) for state, n in counts.items()],
            entry_total=sum(counts.values()),
            participation=participation_by_county(edition),
            without_entry=without_entry,
            daily=entries_per_day(edition),
            **kwargs,
        )


class EditionEntriesCsvView(ObjectPermissionRequiredMixin, DetailView):
    """The organiser's list of entries as CSV: state, dates, what is missing, contacts."""

    permission_required = "awards.manage_edition"
    queryset = Edition.objects.all()

    def get(self, request, *args, **kwargs):
        edition = self.get_object()
        header, rows = entries_table(entries_for_organiser(edition))
        return table_response(f"{edition.slug}-entries", header, rows, "csv")


class EditionExportsView(EditionManageMixin, DetailView):
    """What an organiser can take away, as CSV or XLSX."""

    template_name = "awards/exports.html"


class EditionExportView(EditionManageMixin, DetailView):
    """One export of the edition for its organisers: entries, answers or contacts."""

    def get(self, request, *args, **kwargs):
        edition = self.get_object()
        kind, fmt = kwargs["kind"], kwargs["format"]
        if kind == "entries":
            header, rows = entries_table(entries_for_organiser(edition))
        elif kind == "answers":
            header, rows = answers_table(
                edition, Entry.objects.filter(edition=edition).order_by("title")
            )
        elif kind == "contacts":
            header, rows = contacts_table(contacts_for_edition(edition))
        else:
            raise Http404
        return table_response(f"{edition.slug}-{kind}", header, rows, fmt, sheet=kind)


class EntryAdminView(EntryObjectMixin, DetailView):
    """An organiser's page for one entry: extend its deadline, reopen it, or rule on its
    eligibility (EntryAdminActionView), each with a reason that goes into the entry's
    history."""

    permission_required = "awards.manage_entry"
    template_name = "awards/entry_admin.html"
    # The page's forms, each posted to a URL of its own: name (the form's prefix and the
    # URL's last part): (form class, service)
    FORMS = {
        "extend": (ExtendDeadlineForm, entry_extend_deadline),
        "reopen": (ReopenEntryForm, entry_reopen),
        "rule": (EligibilityForm, entry_rule_eligibility),
    }

    def get_queryset(self):
        return entry_queryset().filter(edition__slug=self.kwargs["slug"])

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.render_page()

    def get_context_data(self, **kwargs):
        forms = {f"{name}_form": form(prefix=name) for name, (form, _) in self.FORMS.items()}
        return super().get_context_data(
            **{**forms, **kwargs}, history=self.object.state_changes.select_related("actor")
        )


class EntryAdminActionView(PageActionMixin, EntryAdminView):
    """One of the entry page's forms: as_view(name="extend"), "reopen" or "rule"."""

    success_message = gettext_lazy("Done: the change is in the entry's history.")
    name = ""

    @property
    def form_class(self):
        return self.FORMS[self.name][0]

    @property
    def form_name(self):
        return f"{self.name}_form"

    def form(self):
        return self.form_class(self.request.POST, prefix=self.name)

    def act(self, form):
        service = self.FORMS[self.name][1]
        service(entry=self.object, actor=self.request.user, **form.cleaned_data)

    def page_url(self):
        return reverse("awards:entry-admin", args=[self.object.edition.slug, self.object.pk])


class EditionCopyView(EditionManageMixin, DetailView):
    """Start the next edition from this one: same award, same questionnaire."""

    template_name = "awards/edition_copy.html"

    def get(self, request, *args, **kwargs):
        self.object = source = self.get_object()
        year = source.year + 2
        initial = {"year": year, "name": source.name, "slug": f"{source.award.slug}-{year}"}
        return self.render_page(form=EditionCopyForm(initial=initial))

    def post(self, request, *args, **kwargs):
        self.object = source = self.get_object()
        form = EditionCopyForm(request.POST)
        if form.is_valid():
            try:
                edition = edition_copy(source=source, actor=request.user, **form.cleaned_data)
            except ActionRefused as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(
                    request,
                    _(
                        "%(edition)s is created with the questionnaire of %(source)s. "
                        "Set its timeline next."
                    )
                    % {"edition": f"{edition.name} {edition.year}", "source": source.year},
                )
                return redirect("awards:edition-settings", slug=edition.slug)
        return self.render_page(form=form)


class EditionSettingsView(EditionManageMixin, DetailView):
    """The edition's name and timeline (Europe/Stockholm), and its phase."""

    template_name = "awards/edition_settings.html"

    def get(self, request, *args, **kwargs):
        self.object = edition = self.get_object()
        return self.render(EditionSettingsForm(instance=edition))

    def post(self, request, *args, **kwargs):
        self.object = edition = self.get_object()
        form = EditionSettingsForm(request.POST, instance=edition)
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in EditionSettingsForm.Meta.fields}
            edition_update(edition=edition, actor=request.user, **fields)
            messages.success(request, _("The settings are saved."))
            return redirect("awards:edition-settings", slug=edition.slug)
        self.object.refresh_from_db()
        return self.render(form)

    def render(self, form):
        return self.render_page(form=form, phase_form=EditionPhaseForm(edition=self.object))


class EditionPhaseView(ObjectPermissionRequiredMixin, DetailView):
    """Move the edition to its next (or back to its previous) phase. POST only."""

    permission_required = "awards.manage_edition"
    http_method_names = ["post"]
    queryset = Edition.objects.all()

    def post(self, request, *args, **kwargs):
        edition = self.get_object()
        form = EditionPhaseForm(request.POST, edition=edition)
        if not form.is_valid():
            messages.error(request, _("Choose one of the phases offered."))
            return redirect("awards:edition-settings", slug=edition.slug)
        try:
            edition_set_phase(
                edition=edition,
                to_phase=form.cleaned_data["phase"],
                actor=request.user,
                note=form.cleaned_data["note"],
            )
        except ActionRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(
                request,
                _("The edition is now in the phase: %(phase)s.")
                % {"phase": edition.get_phase_display()},
            )
        return redirect("awards:edition-settings", slug=edition.slug)


class FinalistsPublishView(EditionManageMixin, DetailView):
    """Set the moment the finalists become public. POST only; the form is on the jury's
    shortlist page."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        edition = self.get_object()
        form = PublishFinalistsForm(request.POST)
        back = redirect("evaluation:shortlist", slug=edition.slug)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return back
        try:
            edition_publish_finalists(
                edition=edition, at=form.cleaned_data["at"], actor=request.user
            )
        except ActionRefused as refused:
            messages.error(request, str(refused))
            return back
        except ValidationError as invalid:
            for error in invalid.messages:
                messages.error(request, error)
            return back
        messages.success(
            request,
            _("The finalists are public from %(at)s.")
            % {
                "at": formats.date_format(
                    timezone.localtime(form.cleaned_data["at"]), "DATETIME_FORMAT"
                )
            },
        )
        return back


class EditionPreviewView(EditionManageMixin, DetailView):
    """The public edition page as it will look at the announcement moment, for organisers
    only, clearly marked as a preview. Nothing here is public before that moment."""

    template_name = "awards/edition_preview.html"

    def get_context_data(self, **kwargs):
        edition = self.object
        moment = max(edition.announce_at or timezone.now(), timezone.now())
        [results] = public_results_for_editions([edition], now=moment)
        if not results.decision_public:
            results.decision_public = True
            results.winners = [e for e in results.finalists if e.standing == "winner"]
            results.mentions = [e for e in results.finalists if e.standing == "honourable_mention"]
        results.preview = True
        return super().get_context_data(results=results, **kwargs)
