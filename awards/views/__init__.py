from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import DetailView, ListView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from accounts.forms import JuryrumSetPasswordForm
from accounts.personal_data import personal_data_json
from accounts.personal_data import summary as personal_data_summary
from accounts.security import has_trusted_role, sign_in_unlock
from awards.choices import EntryState, QuestionKind
from awards.documents import dossier_filename, entry_dossier_pdf
from awards.exports import (
    answers_table,
    audit_table,
    contacts_table,
    entries_table,
    table_response,
)
from awards.forms import (
    AnonymiseForm,
    AttachmentForm,
    AuditFilterForm,
    CriterionForm,
    EditionCopyForm,
    EditionPhaseForm,
    EditionSettingsForm,
    EligibilityForm,
    ExtendDeadlineForm,
    InviteContactForm,
    NominationForm,
    OutboxMessageForm,
    PersonLookupForm,
    PublicationForm,
    PublishFinalistsForm,
    QuestionForm,
    RegisterEntryForm,
    ReopenEntryForm,
    SectionAnswersForm,
    SectionForm,
    SubmitEntryForm,
)
from awards.models import (
    Attachment,
    Criterion,
    DocumentJob,
    Edition,
    Entry,
    Municipality,
    OutboxMessage,
    PartnerInvitation,
    Publication,
    Question,
)
from awards.rules import entry_if_contact
from awards.selectors import (
    ORGANISER_STAGES,
    audit_actors,
    audit_kinds,
    audit_rows,
    audit_trail,
    contacts_for_edition,
    edition_now_next,
    editions_for_public,
    editions_open_to,
    entries_for_contact,
    entries_for_organiser,
    entries_per_day,
    entries_without_recipients,
    entry_parts,
    entry_progress,
    entry_recipients,
    entry_state_counts,
    invitations_recent,
    later_parts_for,
    missing_answers,
    municipalities_without_entry,
    participation_by_county,
    partner_invitations_for,
    person_in_edition,
    public_results_for_editions,
    publication_candidates,
    publication_contents,
    publication_groups,
    publication_text_of,
    questionnaire_with_answers,
    registrable_municipalities_for,
    sign_ins_an_organiser_may_unlock,
)
from awards.services import (
    ActionRefused,
    answers_save,
    attachment_add,
    attachment_remove,
    contact_invite,
    contact_remove,
    criterion_delete,
    criterion_save,
    edition_copy,
    edition_publish_finalists,
    edition_set_phase,
    edition_update,
    entry_check_writable,
    entry_extend_deadline,
    entry_register,
    entry_reopen,
    entry_rule_eligibility,
    entry_submit,
    entry_withdraw,
    invitation_accept,
    invitation_from_token,
    nomination_handle,
    nomination_submit,
    outbox_discard,
    outbox_message_update,
    outbox_prepare,
    outbox_send,
    partner_invitation_accept,
    partner_invitation_decline,
    person_anonymise,
    publication_pdf_build,
    publication_proof_approve,
    publication_publish,
    publication_save,
    question_delete,
    question_move,
    question_save,
    section_add,
    section_check_writable,
    section_delete,
    section_update,
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


class EditionManageMixin(ObjectPermissionRequiredMixin):
    """An organiser's page about one edition, found by its slug."""

    permission_required = "awards.manage_edition"
    context_object_name = "edition"
    # Found by the slug alone: a `pk` in the URL names the page's other object.
    pk_url_kwarg = "edition_pk"
    queryset = Edition.objects.select_related("award")


def posted_pk(request, name: str) -> int | None:
    """The id a form posted under `name`, or None if it is not a whole number."""
    value = str(request.POST.get(name, ""))
    return int(value) if value.isdigit() else None


class OwnEntryListView(PermissionRequiredMixin, ListView):
    """A municipality contact's entries, with what they may know of each."""

    permission_required = "awards.list_own_entries"
    template_name = "awards/entry_list.html"
    context_object_name = "entries"

    def get_queryset(self):
        return entries_for_contact(self.request.user)

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            open_editions=editions_open_to(user),
            partner_invitations=partner_invitations_for(user),
            **kwargs,
        )


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


class EntryDetailView(EntryObjectMixin, DetailView):
    """One entry: its answers and, for its contacts, where it stands and what is missing."""

    permission_required = "awards.view_entry"
    template_name = "awards/entry_detail.html"

    def get_context_data(self, **kwargs):
        entry, user = self.object, self.request.user
        is_writer = user.has_perm("awards.write_entry", entry)
        context = {
            "questionnaire": questionnaire_with_answers(entry),
            "is_writer": is_writer,
            "can_change": is_writer and user.has_perm("awards.change_entry", entry),
        }
        feedback = getattr(entry, "feedback", None)
        if is_writer and feedback is not None and feedback.is_public_to_entrant():
            context["feedback"] = feedback
            context["feedback_rows"] = feedback.criterion_rows(entry.edition.criteria.all())
        if is_writer and entry.edition.finalists_are_public():
            # The jury's visits, once the finalists are public (a visit tells who is one).
            context["visits"] = entry.site_visits.order_by("starts_at")
        if is_writer or user.has_perm("awards.manage_edition", entry.edition):
            context["missing"] = missing_answers(entry)
            context["later_parts"] = later_parts_for(entry)
            if entry.state == EntryState.DRAFT:
                context["progress"] = progress = entry_progress(entry, context["questionnaire"])
                context["next_task"] = next(
                    (p for p in progress if p.status in ("in_progress", "not_started")), None
                )
            context["partner_invitations"] = (
                entry.partner_invitations.exclude(status=PartnerInvitation.Status.ACCEPTED)
                .select_related("municipality")
                .prefetch_related("municipality__contacts")
            )
            context["history"] = entry.state_changes.select_related("actor")
        return super().get_context_data(**context, **kwargs)


class EntryDossierView(EntryObjectMixin, DetailView):
    """The entry as a PDF for reading on paper: whoever may see the entry may have it (so a
    conflicted juror gets a 404, as for the entry itself)."""

    permission_required = "awards.view_entry"

    def get(self, request, *args, **kwargs):
        entry = self.get_object()
        response = HttpResponse(entry_dossier_pdf(entry), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{dossier_filename(entry)}"'
        return response


class EntrySectionView(EntryObjectMixin, DetailView):
    """Write one section of the questionnaire. Works without JavaScript (Save posts the
    form); with htmx every change is saved as it is typed. A save from a stale copy never
    overwrites a colleague: both versions are shown and the writer's text stays in the box."""

    permission_required = "awards.write_entry"
    template_name = "awards/entry_section.html"

    # What an autosave reads of its entry: whether it may still change, and the questionnaire's
    # stamp. Every few seconds per writer at the deadline, the rest of the row is not read.
    autosave_fields = (
        "state",
        "deadline_extended_to",
        "first_submitted_at",
        "edition__phase",
        "edition__submission_deadline",
        "edition__grace_minutes",
        "edition__contact_email",
        "edition__questionnaire_stamp",
        # Whether a later stage's section asks the entry: its standing as it may know it.
        "standing",
        "edition__finalists_announce_at",
        "edition__announce_at",
        "edition__recorded_afterwards",
    )

    def get_queryset(self):
        # The page names the entry by its title: its municipalities are not read.
        if self.is_autosave:
            return Entry.objects.select_related("edition").only(*self.autosave_fields)
        return Entry.objects.select_related("edition", "edition__award")

    @property
    def is_autosave(self) -> bool:
        return bool(self.request.htmx) and self.request.method == "POST"

    def get_object(self, queryset=None):
        # An autosave, every few seconds for each writer, reads its entry together with
        # whether the person acts for it; anyone else gets the usual query and refusal.
        if not hasattr(self, "_object") and self.is_autosave:
            user, pk = self.request.user, self.kwargs["pk"]
            if entry := entry_if_contact(self.get_queryset(), user, pk):
                self._object = entry
        return super().get_object(queryset)

    def get_section(self):
        """The sections written together with this one (for the steps and the next one): the
        first stage's before submitting, or the later stages' the entry has reached after;
        this one and its questions, from the process's copy of the questionnaire
        (selectors.questionnaire)."""
        entry, position = self.get_object(), self.kwargs["position"]
        parts = entry_parts(entry)
        current = next((part for part in parts if part[0].position == position), None)
        if current is None:
            raise Http404
        self.questions = list(current[1])
        steps = [s for s, _questions in parts if s.is_staged == current[0].is_staged]
        return steps, current[0]

    def build_form(self, data=None):
        sections, section = self.get_section()
        by_id = {q.pk: q for q in self.questions}
        answers = self.object.answers.filter(question_id__in=list(by_id))
        if not self.is_autosave:
            answers = answers.select_related("updated_by")  # who saved a conflicting answer
        self.answers = {}
        for answer in answers:
            answer.question = by_id[answer.question_id]
            self.answers[answer.question_id] = answer
        form = SectionAnswersForm(data, questions=self.questions, answers=self.answers)
        return sections, section, form

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        sections, section, form = self.build_form()
        if refusal := self.refusal(section):
            messages.warning(request, refusal)
            return redirect(self.object)
        return self.render(sections, section, form)

    def post(self, request, *args, **kwargs):
        self.object = entry = self.get_object()
        sections, section, form = self.build_form(request.POST)
        outcome = {"conflicts": [], "refusal": None, "saved_at": None}
        if form.is_valid():
            try:
                result = answers_save(
                    entry=entry,
                    values=form.answered_values(),
                    seen_versions=form.seen_versions(),
                    actor=request.user,
                    stored=self.answers,
                )
            except ActionRefused as refused:
                outcome["refusal"] = str(refused)
            else:
                outcome.update(conflicts=result.conflicts, saved_at=timezone.localtime())
                form.with_versions({a.question_id: a.version for a in result.saved})
                if not result.conflicts and not request.htmx:
                    time = formats.time_format(outcome["saved_at"], "TIME_FORMAT")
                    messages.success(request, _("Saved at %(time)s.") % {"time": time})
                    target = (
                        self.next_section(sections, section) if "next" in request.POST else None
                    )
                    return redirect(self.section_url(target or section))
        if request.htmx:
            return self.render(sections, section, form, partial="#save-status", **outcome)
        # A full save shows both versions of each conflict and takes the colleague's version
        # number, so that saving again is a deliberate choice rather than a second conflict.
        form.with_versions({c.question.pk: c.theirs.version for c in outcome["conflicts"]})
        return self.render(sections, section, form, **outcome)

    def refusal(self, section) -> str | None:
        """Why the person may not write the section now, or None if they may."""
        try:
            section_check_writable(self.object, section)
        except ActionRefused as refused:
            return str(refused)
        return None

    @staticmethod
    def next_section(sections, section):
        later = [s for s in sections if s.position > section.position]
        return later[0] if later else None

    def section_url(self, section):
        return reverse(
            "awards:entry-section", kwargs={"pk": self.object.pk, "position": section.position}
        )

    def render(self, sections, section, form, partial="", **extra):
        # The autosave's answer holds the save status alone: no files.
        kinds = () if partial else (QuestionKind.FILE,)
        file_questions = [q for q in self.questions if q.kind in kinds]
        files = {q.pk: [] for q in file_questions}
        if file_questions:  # not even an empty query built for nothing, every few seconds
            for attachment in self.object.attachments.filter(question__in=file_questions):
                files[attachment.question_id].append(attachment)
        # The tabs show each section's state; the autosave's answer has no tabs.
        progress = {} if partial or section.is_staged else entry_progress(self.object)
        context = self.get_context_data(
            progress={p.section.pk: p for p in progress},
            file_rows=[(q, files[q.pk]) for q in file_questions],
            sections=sections,
            section=section,
            form=form,
            rows=form.bound_rows(extra.get("conflicts", ())),
            next_section=self.next_section(sections, section),
            **extra,
        )
        return TemplateResponse(self.request, f"{self.template_name}{partial}", context)


class EntrySubmitView(EntryObjectMixin, DetailView):
    """Submit the entry: first a check of what is missing, then a confirmation."""

    permission_required = "awards.write_entry"
    template_name = "awards/entry_submit.html"

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.render(SubmitEntryForm())

    def post(self, request, *args, **kwargs):
        self.object = entry = self.get_object()
        form = SubmitEntryForm(request.POST)
        if form.is_valid():
            try:
                entry_submit(entry=entry, actor=request.user)
            except ActionRefused as refused:
                form.add_error(None, str(refused))
            else:
                return redirect("awards:entry-submitted", pk=entry.pk)
        return self.render(form)

    def render(self, form):
        entry = self.object
        refusal = None
        can_change = self.request.user.has_perm("awards.change_entry", entry)
        if not can_change:
            try:
                entry_check_writable(entry)
            except ActionRefused as refused:
                refusal = str(refused)
        return self.render_page(
            form=form,
            missing=missing_answers(entry),
            progress=entry_progress(entry) if entry.state == EntryState.DRAFT else [],
            can_change=can_change,
            refusal=refusal,
        )


class EntrySubmittedView(EntryObjectMixin, DetailView):
    """The confirmation after submitting (GOV.UK confirmation page): that it arrived, who
    gets the receipt, what happens next and when, and the entry as a PDF."""

    permission_required = "awards.write_entry"
    template_name = "awards/entry_submitted.html"

    def get(self, request, *args, **kwargs):
        self.object = entry = self.get_object()
        if entry.submitted_at is None or entry.state == EntryState.DRAFT:
            return redirect("awards:entry-submit", pk=entry.pk)
        return self.render_to_response(self.get_context_data(recipients=entry_recipients(entry)))


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
    eligibility, each with a reason that goes into the entry's history."""

    permission_required = "awards.manage_entry"
    template_name = "awards/entry_admin.html"
    # form prefix (also the submit button's name): (form class, service)
    ACTIONS = {
        "extend": (ExtendDeadlineForm, entry_extend_deadline),
        "reopen": (ReopenEntryForm, entry_reopen),
        "rule": (EligibilityForm, entry_rule_eligibility),
    }

    def get_queryset(self):
        return entry_queryset().filter(edition__slug=self.kwargs["slug"])

    def forms(self, data=None):
        return {
            name: form_class(data if name in (data or {}) else None, prefix=name)
            for name, (form_class, _service) in self.ACTIONS.items()
        }

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.render(self.forms())

    def post(self, request, *args, **kwargs):
        self.object = entry = self.get_object()
        forms = self.forms(request.POST)
        name = next((n for n, f in forms.items() if f.is_bound), None)
        if name is not None and forms[name].is_valid():
            form, service = forms[name], self.ACTIONS[name][1]
            try:
                service(entry=entry, actor=request.user, **form.cleaned_data)
            except ActionRefused as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, _("Done: the change is in the entry's history."))
                return redirect("awards:entry-admin", slug=entry.edition.slug, pk=entry.pk)
        return self.render(forms)

    def render(self, forms):
        context = self.get_context_data(
            **{f"{name}_form": form for name, form in forms.items()},
            history=self.object.state_changes.select_related("actor"),
        )
        return TemplateResponse(self.request, self.template_name, context)


class EditionContactsView(EditionManageMixin, DetailView):
    """The organiser invites municipality contacts and sees who acts for each entry."""

    template_name = "awards/edition_contacts.html"

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.render(InviteContactForm())

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = InviteContactForm(request.POST)
        if not form.is_valid():
            return self.render(form)
        invitation = contact_invite(invited_by=request.user, **form.cleaned_data)
        messages.success(
            request,
            _("%(email)s is now a contact for %(municipality)s; the invitation is on its way.")
            % {"email": invitation.email, "municipality": invitation.municipality},
        )
        return redirect("awards:edition-contacts", slug=self.object.slug)

    def render(self, form):
        context = self.get_context_data(
            form=form,
            contacts=contacts_for_edition(self.object),
            invitations=invitations_recent(),
        )
        return TemplateResponse(self.request, self.template_name, context)


class ContactRemoveView(ObjectPermissionRequiredMixin, DetailView):
    """Remove a contact: GET asks for confirmation, POST removes."""

    permission_required = "awards.manage_edition"
    template_name = "awards/contact_remove.html"

    @cached_property
    def edition(self):
        return get_object_or_404(Edition, slug=self.kwargs["slug"])

    def get_permission_object(self):
        return self.edition

    def get_queryset(self):
        return contacts_for_edition(self.edition)

    def post(self, request, *args, **kwargs):
        contact = self.get_object()
        contact_remove(contact=contact, actor=request.user)
        messages.success(
            request,
            _("%(person)s no longer acts for %(municipality)s.")
            % {"person": contact.user, "municipality": contact.municipality},
        )
        return redirect("awards:edition-contacts", slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(edition=self.edition, **kwargs)


@method_decorator(login_not_required, name="dispatch")
class InvitationAcceptView(TemplateView):
    """Where an invitation link leads: a new person chooses a password, a known one confirms.
    Expired, forged and used links get a clear message and change nothing."""

    template_name = "awards/invitation_accept.html"

    def dispatch(self, request, *args, **kwargs):
        try:
            self.invitation = invitation_from_token(kwargs["token"])
        except ActionRefused as refused:
            return TemplateResponse(request, self.template_name, {"refusal": str(refused)})
        return super().dispatch(request, *args, **kwargs)

    def form(self, data=None):
        user = self.invitation.user
        return None if user.has_usable_password() else JuryrumSetPasswordForm(user, data)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self.form()))

    def post(self, request, *args, **kwargs):
        form = self.form(request.POST)
        if form is not None and not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            user = invitation_accept(
                invitation=self.invitation,
                password=form.cleaned_data["new_password1"] if form else None,
            )
        except ActionRefused as refused:
            return self.render_to_response(self.get_context_data(refusal=str(refused)))
        login(request, user, backend="accounts.backends.UsernameOrEmailBackend")
        if self.invitation.edition_id:
            messages.success(
                request,
                _("Welcome to the jury of %(edition)s.") % {"edition": self.invitation.edition},
            )
        else:
            messages.success(
                request,
                _("Welcome! You now act for %(municipality)s.")
                % {"municipality": self.invitation.municipality},
            )
        return redirect("start")

    def get_context_data(self, **kwargs):
        return super().get_context_data(invitation=self.invitation, **kwargs)


class EntryRegisterView(ObjectPermissionRequiredMixin, DetailView):
    """A contact registers their municipality (alone or jointly) for an edition."""

    permission_required = "awards.register_entry"
    template_name = "awards/entry_register.html"
    context_object_name = "edition"

    def get_queryset(self):
        return editions_for_public()

    def form(self, data=None):
        municipalities = registrable_municipalities_for(self.request.user, self.object)
        return RegisterEntryForm(data, municipalities=municipalities)

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.render_page(form=self.form())

    def post(self, request, *args, **kwargs):
        self.object = edition = self.get_object()
        form = self.form(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                entry = entry_register(
                    edition=edition,
                    municipalities=[data["municipality"], *data["partners"]],
                    title=data["title"],
                    publication_consent=data["publication_consent"],
                    competing=data["competing"],
                    actor=request.user,
                )
            except ActionRefused as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, _("The entry is registered. Now write the answers."))
                invited = entry.partner_invitations.select_related("municipality")
                if invited:
                    names = ", ".join(i.municipality.name for i in invited)
                    messages.info(
                        request,
                        ngettext(
                            "%(names)s joins when one of its contacts accepts our invitation.",
                            "%(names)s join when one of their contacts accepts our invitation.",
                            len(invited),
                        )
                        % {"names": names},
                    )
                return redirect(entry)
        return self.render_page(form=form)


class PartnerInvitationMixin(ObjectPermissionRequiredMixin):
    """An invitation into a joint entry, known only to the invited municipality's contacts:
    404 for everyone else, so nobody learns of an entry they are not part of."""

    permission_required = "awards.answer_partner_invitation"
    context_object_name = "invitation"
    queryset = PartnerInvitation.objects.select_related(
        "entry__edition__award", "municipality", "invited_by", "answered_by"
    )

    def handle_no_permission(self):
        raise Http404


class PartnerInvitationView(PartnerInvitationMixin, DetailView):
    """What joining means, then accept or decline (each its own URL)."""

    template_name = "awards/partner_invitation.html"

    def get_context_data(self, **kwargs):
        invitation = self.object
        partners = invitation.entry.municipalities.order_by("name")
        return super().get_context_data(partners=partners, **kwargs)


class PartnerInvitationAnswerView(PartnerInvitationMixin, DetailView):
    """POST only: accept or decline, then back to the municipality's entries."""

    http_method_names = ["post"]
    accept = True

    def post(self, request, *args, **kwargs):
        invitation = self.get_object()
        try:
            if self.accept:
                entry = partner_invitation_accept(invitation=invitation, actor=request.user)
            else:
                partner_invitation_decline(invitation=invitation, actor=request.user)
        except ActionRefused as refused:
            messages.error(request, str(refused))
            return redirect(invitation)
        if self.accept:
            messages.success(
                request,
                _("%(name)s is now part of the entry. Write the answers together with the others.")
                % {"name": invitation.municipality},
            )
            return redirect(entry)
        messages.success(
            request,
            _("You have declined. %(name)s can still register an entry of its own.")
            % {"name": invitation.municipality},
        )
        return redirect("awards:entry-list")


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


class AttachmentUploadView(EntryObjectMixin, DetailView):
    """Attach a file to a file question. POST only; the answer is a message on the section."""

    permission_required = "awards.write_entry"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        entry = self.get_object()
        form = AttachmentForm(request.POST, request.FILES, entry=entry)
        stopped_at = getattr(request, "upload_stopped_at_mb", None)
        if stopped_at is not None:
            messages.error(
                request,
                _(
                    "The file is larger than %(limit)s MB, the most this entry's files may be. "
                    "Nothing was saved."
                )
                % {"limit": stopped_at},
            )
            return redirect(entry)
        if not form.is_valid():
            messages.error(request, _("Choose a file to upload."))
            return redirect(entry)
        question = form.cleaned_data["question"]
        try:
            attachment = attachment_add(
                entry=entry, question=question, upload=form.cleaned_data["file"], actor=request.user
            )
        except ActionRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(
                request, _("%(name)s is attached.") % {"name": attachment.original_name}
            )
        target = reverse(
            "awards:entry-section",
            kwargs={"pk": entry.pk, "position": question.section.position},
        )
        return redirect(f"{target}#question-{question.pk}")


class AttachmentObjectMixin(ObjectPermissionRequiredMixin):
    """An attachment is as visible as its entry: 404 for anyone who may not see the entry."""

    def get_queryset(self):
        return Attachment.objects.select_related("entry__edition", "question__section")

    def get_permission_object(self):
        return self.get_object().entry

    def handle_no_permission(self):
        if self.permission_required != "awards.view_entry" and self.request.user.has_perm(
            "awards.view_entry", self.get_object().entry
        ):
            raise PermissionDenied
        raise Http404


class AttachmentDownloadView(AttachmentObjectMixin, DetailView):
    permission_required = "awards.view_entry"

    def get(self, request, *args, **kwargs):
        attachment = self.get_object()
        return FileResponse(
            attachment.file.open("rb"),
            as_attachment=True,
            filename=attachment.original_name,
            content_type=attachment.content_type,
        )


class AttachmentDeleteView(AttachmentObjectMixin, DetailView):
    """POST only: remove a file from a draft entry."""

    permission_required = "awards.write_entry"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        attachment = self.get_object()
        try:
            attachment_remove(attachment=attachment, actor=request.user)
        except ActionRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(
                request, _("%(name)s is removed.") % {"name": attachment.original_name}
            )
        target = reverse(
            "awards:entry-section",
            kwargs={"pk": attachment.entry_id, "position": attachment.question.section.position},
        )
        return redirect(target)


@method_decorator(login_not_required, name="dispatch")
class NominateView(PageMixin, DetailView):
    """Anyone may propose a municipality while the edition takes entries."""

    template_name = "awards/nominate.html"
    context_object_name = "edition"

    def get_queryset(self):
        return editions_for_public()

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.render_page(form=NominationForm())

    def post(self, request, *args, **kwargs):
        self.object = edition = self.get_object()
        form = NominationForm(request.POST)
        if form.is_valid():
            if not form.is_from_a_robot:
                data = {k: v for k, v in form.cleaned_data.items() if k != "website"}
                try:
                    nomination_submit(edition=edition, **data)
                except ActionRefused as refused:
                    form.add_error(None, str(refused))
                    return self.render_page(form=form)
            messages.success(
                request,
                _(
                    "Thank you! The organisers check every nomination "
                    "before the municipality is told."
                ),
            )
            return redirect("awards:edition-detail", slug=edition.slug)
        return self.render_page(form=form)


class EditionNominationsView(EditionManageMixin, DetailView):
    """The organiser verifies or rejects the nominations; verifying opens a draft entry."""

    template_name = "awards/edition_nominations.html"

    def post(self, request, *args, **kwargs):
        edition = self.get_object()
        nomination = get_object_or_404(
            edition.nominations.select_related("municipality", "edition"),
            pk=posted_pk(request, "nomination"),
        )
        action = request.POST.get("action")
        if action not in ("verify", "reject"):
            messages.error(request, _("Choose to verify or reject the nomination."))
            return redirect("awards:edition-nominations", slug=edition.slug)
        try:
            nomination_handle(
                nomination=nomination, verified=action == "verify", actor=request.user
            )
        except ActionRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(
                request,
                _("The nomination of %(municipality)s is %(status)s.")
                % {
                    "municipality": nomination.municipality,
                    "status": nomination.get_status_display().lower(),
                },
            )
        return redirect("awards:edition-nominations", slug=edition.slug)

    def get_context_data(self, **kwargs):
        nominations = self.object.nominations.select_related("municipality", "entry").order_by(
            "status", "-created_at"
        )
        return super().get_context_data(nominations=nominations, **kwargs)


class EntryWithdrawView(EntryObjectMixin, DetailView):
    """A contact declines a nominated entry or withdraws their own: GET asks, POST does it."""

    permission_required = "awards.write_entry"
    template_name = "awards/entry_withdraw.html"

    def post(self, request, *args, **kwargs):
        entry = self.get_object()
        reason = request.POST.get("reason", "")[:1000]
        try:
            entry_withdraw(entry=entry, actor=request.user, reason=reason)
        except ActionRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, _("The entry is withdrawn. Its answers are kept."))
        return redirect(entry)


class QuestionnaireView(EditionManageMixin, DetailView):
    """The organiser's questionnaire builder: sections with their ordered questions."""

    template_name = "awards/questionnaire.html"

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.render(SectionForm())

    def post(self, request, *args, **kwargs):
        self.object = edition = self.get_object()
        if "delete_section" in request.POST:
            section = get_object_or_404(
                edition.sections,
                pk=posted_pk(request, "delete_section"),
            )
            try:
                section_delete(section=section, actor=request.user)
            except ActionRefused as refused:
                messages.error(request, str(refused))
            else:
                messages.success(request, _("The section is removed."))
            return redirect("awards:questionnaire", slug=edition.slug)
        form = SectionForm(request.POST)
        if not form.is_valid():
            return self.render(form)
        section_add(edition=edition, actor=request.user, **form.cleaned_data)
        messages.success(request, _("The section is added."))
        return redirect("awards:questionnaire", slug=edition.slug)

    def render(self, form):
        edition = self.object
        sections = edition.sections.prefetch_related("questions")
        answered = set(
            Question.objects.filter(section__edition=edition)
            .filter(Q(answers__isnull=False) | Q(attachments__isnull=False))
            .values_list("pk", flat=True)
        )
        return self.render_page(form=form, sections=sections, answered=answered)


class SectionEditView(EditionManageMixin, DetailView):
    """Change a section's titles, and whom it asks and by when."""

    template_name = "awards/section_form.html"

    def section(self):
        return get_object_or_404(self.object.sections, pk=self.kwargs["section"])

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        section = self.section()
        return self.render_page(form=SectionForm(instance=section), section=section)

    def post(self, request, *args, **kwargs):
        self.object = edition = self.get_object()
        section = self.section()
        form = SectionForm(request.POST, instance=section)
        if form.is_valid():
            try:
                section_update(section=section, actor=request.user, **form.cleaned_data)
            except ActionRefused as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, _("The section is saved."))
                return redirect("awards:questionnaire", slug=edition.slug)
        section.refresh_from_db()
        return self.render_page(form=form, section=section)


class QuestionFormView(EditionManageMixin, DetailView):
    """Add a question to a section, or change one."""

    template_name = "awards/question_form.html"

    def question(self):
        edition = self.object
        if "question" in self.kwargs:
            return get_object_or_404(
                Question.objects.select_related("section"),
                pk=self.kwargs["question"],
                section__edition=edition,
            )
        section = get_object_or_404(edition.sections, pk=self.kwargs["section"])
        return Question(section=section, kind=QuestionKind.LONG_TEXT)

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        question = self.question()
        return self.render(QuestionForm(instance=question), question)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        question = self.question()
        form = QuestionForm(request.POST, instance=question)
        if form.is_valid():
            try:
                question_save(question=form.instance, actor=request.user)
            except ActionRefused as refused:
                form.add_error("kind", str(refused))
            else:
                messages.success(request, _("The question is saved."))
                return redirect("awards:questionnaire", slug=self.object.slug)
        return self.render(form, question)

    def render(self, form, question):
        return self.render_page(form=form, question=question)


class QuestionActionView(ObjectPermissionRequiredMixin, DetailView):
    """POST only: move a question up or down, or remove it."""

    permission_required = "awards.manage_edition"
    http_method_names = ["post"]
    queryset = Edition.objects.all()

    def post(self, request, *args, **kwargs):
        edition = self.get_object()
        question = get_object_or_404(
            Question.objects.select_related("section"),
            pk=kwargs["question"],
            section__edition=edition,
        )
        action = request.POST.get("action")
        try:
            if action in ("up", "down"):
                question_move(question=question, up=action == "up", actor=request.user)
            elif action == "delete":
                question_delete(question=question, actor=request.user)
                messages.success(request, _("The question is removed."))
            else:
                messages.error(request, _("Unknown action."))
        except ActionRefused as refused:
            messages.error(request, str(refused))
        return redirect(
            f"{reverse('awards:questionnaire', args=[edition.slug])}#section-{question.section_id}"
        )


class CriteriaView(EditionManageMixin, DetailView):
    """The organiser sets the criteria the jury judges by: weight and a labelled scale."""

    template_name = "awards/criteria.html"

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.render(CriterionForm())

    def post(self, request, *args, **kwargs):
        self.object = edition = self.get_object()
        if "delete" in request.POST:
            criterion = get_object_or_404(edition.criteria, pk=posted_pk(request, "delete"))
            criterion_delete(criterion=criterion, actor=request.user)
            messages.success(request, _("The criterion is removed."))
            return redirect("awards:criteria", slug=edition.slug)
        form = CriterionForm(request.POST, instance=Criterion(edition=edition, position=0))
        if form.is_valid():
            criterion_save(criterion=form.instance, actor=request.user)
            messages.success(request, _("The criterion is added."))
            return redirect("awards:criteria", slug=edition.slug)
        return self.render(form)

    def render(self, form):
        return self.render_page(form=form, criteria=self.object.criteria.all())


class CriterionEditView(EditionManageMixin, DetailView):
    template_name = "awards/criterion_form.html"

    def criterion(self):
        return get_object_or_404(self.object.criteria, pk=self.kwargs["criterion"])

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        criterion = self.criterion()
        return self.render(CriterionForm(instance=criterion), criterion)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        criterion = self.criterion()
        form = CriterionForm(request.POST, instance=criterion)
        if form.is_valid():
            criterion_save(criterion=form.instance, actor=request.user)
            messages.success(request, _("The criterion is saved."))
            return redirect("awards:criteria", slug=self.object.slug)
        return self.render(form, criterion)

    def render(self, form, criterion):
        return self.render_page(form=form, criterion=criterion)


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


class OutboxView(EditionManageMixin, DetailView):
    """Messages to entrants prepared from templates: the organiser reviews, edits and sends
    them; sending runs in the background and each sent mail is recorded."""

    template_name = "awards/outbox.html"

    def post(self, request, *args, **kwargs):
        edition = self.get_object()
        action = request.POST.get("action")
        try:
            if action in ("prepare", "prepare-decision"):
                stage = "decision" if action == "prepare-decision" else "finalists"
                added = outbox_prepare(edition=edition, stage=stage, actor=request.user)
                messages.success(request, _("%(n)s messages prepared for review.") % {"n": added})
                unreachable = entries_without_recipients(edition).finalists
                if unreachable:
                    # Say what the outbox could not do, rather than writing fewer mails quietly.
                    messages.warning(
                        request,
                        _("No mail was written to %(names)s: they have no contact person.")
                        % {"names": ", ".join(e.title for e in unreachable)},
                    )
            elif action == "send":
                ids = [int(v) for v in request.POST.getlist("message") if str(v).isdigit()]
                if not ids:
                    messages.error(request, _("Tick the messages to send."))
                else:
                    queued = outbox_send(edition=edition, message_ids=ids, actor=request.user)
                    messages.success(
                        request, _("%(n)s messages queued for sending.") % {"n": queued}
                    )
            else:
                messages.error(request, _("Choose to prepare or send messages."))
        except ActionRefused as refused:
            messages.error(request, str(refused))
        return redirect("awards:outbox", slug=edition.slug)

    def get_context_data(self, **kwargs):
        outbox = self.object.outbox.select_related("entry", "queued_by").order_by(
            "status", "kind", "entry__title", "email"
        )
        return super().get_context_data(
            outbox=outbox,
            Status=OutboxMessage.Status,
            unreachable=entries_without_recipients(self.object),
            **kwargs,
        )


class OutboxMessageView(EditionManageMixin, DetailView):
    """Read and edit one message before it is sent, or discard it."""

    template_name = "awards/outbox_message.html"

    @cached_property
    def message(self):
        return get_object_or_404(
            OutboxMessage.objects.select_related("entry"),
            pk=self.kwargs["pk"],
            edition=self.get_object(),
        )

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        message = self.message
        form = OutboxMessageForm(
            initial={
                "subject": message.subject,
                "body": message.body,
                "seen_version": message.version,
            }
        )
        return self.render_page(form=form)

    def post(self, request, *args, **kwargs):
        self.object = edition = self.get_object()
        message = self.message
        try:
            if request.POST.get("action") == "discard":
                outbox_discard(message=message)
                messages.success(request, _("The message is discarded."))
                return redirect("awards:outbox", slug=edition.slug)
            form = OutboxMessageForm(request.POST)
            if not form.is_valid():
                return self.render_page(form=form)
            outbox_message_update(
                message=message,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                seen_version=form.cleaned_data["seen_version"],
            )
        except ActionRefused as refused:
            form = OutboxMessageForm(request.POST)
            form.is_valid()
            form.add_error(None, str(refused))
            return self.render_page(form=form)
        messages.success(request, _("The message is saved."))
        return redirect("awards:outbox", slug=edition.slug)

    def get_context_data(self, **kwargs):
        return super().get_context_data(message=self.message, **kwargs)


class PublicationManageView(EditionManageMixin, DetailView):
    """The organisers write the publication's title and introduction (which opens the proof
    step), follow each consenting entry's proof, download the PDF and publish."""

    template_name = "awards/publication_manage.html"

    def publication(self):
        return Publication.objects.filter(edition=self.get_object()).first()

    def get(self, request, *args, **kwargs):
        self.object = edition = self.get_object()
        publication = self.publication()
        initial = {
            "title": publication.title if publication else f"{edition.name} {edition.year}",
            "introduction": publication.introduction if publication else "",
            "seen_version": publication.version if publication else 0,
        }
        return self.render_page(form=PublicationForm(initial=initial))

    def post(self, request, *args, **kwargs):
        self.object = edition = self.get_object()
        back = redirect("awards:publication-manage", slug=edition.slug)
        if request.POST.get("action") == "build-pdf":
            publication_pdf_build(edition=edition, actor=request.user)
            messages.success(request, _("The PDF is being drawn."))
            return back
        if request.POST.get("action") == "publish":
            try:
                publication_publish(edition=edition, actor=request.user)
            except ActionRefused as refused:
                messages.error(request, str(refused))
            else:
                messages.success(request, _("The publication is public."))
            return back
        form = PublicationForm(request.POST)
        if not form.is_valid():
            return self.render_page(form=form)
        try:
            publication_save(edition=edition, **form.cleaned_data)
        except ActionRefused as refused:
            form.add_error(None, str(refused))
            return self.render_page(form=form)
        messages.success(request, _("The publication is saved; the proofs are open."))
        return back

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            publication=self.publication(),
            candidates=publication_candidates(self.object),
            changed={
                item.pk
                for _county, items in publication_contents(self.object, approved_only=False)
                for item in items
                if item.proof is not None and not item.approved
            },
            pdf_job=DocumentJob.objects.filter(
                edition=self.object, kind=DocumentJob.Kind.PUBLICATION
            )
            .order_by("-created_at")
            .first(),
            **kwargs,
        )


def _public_publication(slug):
    publication = get_object_or_404(
        Publication.objects.select_related("edition__award"), edition__slug=slug
    )
    return publication


@method_decorator(login_not_required, name="dispatch")
class PublicationView(TemplateView):
    """The publication as public web pages (one page, a section per municipality), from its
    publication moment on; organisers see it before, marked as a preview."""

    template_name = "awards/publication.html"

    def get_context_data(self, **kwargs):
        publication = _public_publication(self.kwargs["slug"])
        organiser = self.request.user.has_perm("awards.manage_edition", publication.edition)
        if not publication.is_public() and not organiser:
            raise Http404
        return super().get_context_data(
            publication=publication,
            edition=publication.edition,
            groups=publication_groups(publication),
            preview=not publication.is_public(),
            **kwargs,
        )


@method_decorator(login_not_required, name="dispatch")
class PublicationPdfView(View):
    """The publication's PDF as last drawn in the background: public once the publication
    is; organisers may download it before."""

    def get(self, request, slug):
        publication = _public_publication(slug)
        organiser = request.user.has_perm("awards.manage_edition", publication.edition)
        if not publication.is_public() and not organiser:
            raise Http404
        job = (
            DocumentJob.objects.filter(
                edition=publication.edition,
                kind=DocumentJob.Kind.PUBLICATION,
                status=DocumentJob.Status.DONE,
            )
            .order_by("-finished_at")
            .first()
        )
        if job is None:
            if organiser:
                messages.info(request, _("The PDF has not been drawn yet."))
                return redirect("awards:publication-manage", slug=slug)
            raise Http404
        return FileResponse(
            job.file.open("rb"),
            as_attachment=True,
            filename=f"{slug}-publication.pdf",
            content_type="application/pdf",
        )


class EntryProofView(EntryObjectMixin, DetailView):
    """The entry's text as the publication will print it; a contact approves it. POST
    approves."""

    permission_required = "awards.write_entry"
    template_name = "awards/entry_proof.html"

    def get_context_data(self, **kwargs):
        entry = self.object
        mine = publication_text_of(entry)
        return super().get_context_data(
            published=mine,
            proof=mine.proof if mine else None,
            changed=mine is not None and mine.proof is not None and not mine.approved,
            open=Publication.objects.filter(edition_id=entry.edition_id).exists(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        entry = self.get_object()
        try:
            publication_proof_approve(entry=entry, actor=request.user)
        except ActionRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, _("Thank you: your text is approved for the publication."))
        return redirect("awards:entry-proof", pk=entry.pk)


class EditionAuditView(EditionManageMixin, DetailView):
    """The edition's audit trail for its organisers: who changed what, when and from where,
    filtered, a page at a time, and as CSV or XLSX with the same filters."""

    template_name = "awards/audit.html"
    paginate_by = 50

    def get(self, request, *args, **kwargs):
        self.object = edition = self.get_object()
        form = AuditFilterForm(
            request.GET or None, kinds=audit_kinds(edition), actors=audit_actors(edition)
        )
        filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
        trail = audit_trail(edition, **filters)
        export = request.GET.get("export")
        if export:
            return table_response(f"{edition.slug}-audit", *audit_table(trail), export)
        page = Paginator(trail, self.paginate_by).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        context = self.get_context_data(
            form=form,
            page=page,
            rows=audit_rows(page.object_list),
            query=query.urlencode(),
        )
        return TemplateResponse(request, self.template_name, context)


class EditionPersonalDataView(EditionManageMixin, DetailView):
    """GDPR requests about a contact or nominator of the edition: what is held about them (as
    a file to hand over), and anonymising them while entries, scores and decisions stay."""

    template_name = "awards/personal_data.html"

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = PersonLookupForm(request.GET or None)
        if not form.is_bound or not form.is_valid():
            return self.render(form)
        return self.render(form, *self.person(form))

    def post(self, request, *args, **kwargs):
        self.object = edition = self.get_object()
        lookup = PersonLookupForm(request.POST)
        if not lookup.is_valid():
            return self.render(lookup)
        user, email = self.person(lookup)
        if not email:
            return self.render(lookup)
        if request.POST.get("action") == "download":
            response = HttpResponse(
                personal_data_json(user, email), content_type="application/json; charset=utf-8"
            )
            response["Content-Disposition"] = 'attachment; filename="personal-data.json"'
            response["Cache-Control"] = "no-store"
            return response
        form = AnonymiseForm(request.POST)
        if not form.is_valid():
            return self.render(lookup, user, email, form)
        try:
            person_anonymise(edition=edition, user=user, email=email, actor=request.user)
        except ActionRefused as refused:
            form.add_error(None, str(refused))
            return self.render(lookup, user, email, form)
        messages.success(
            request, _("The person is anonymised. Entries and the jury's record stay.")
        )
        return redirect("awards:personal-data", slug=edition.slug)

    def person(self, form):
        email = form.cleaned_data["email"]
        user, known = person_in_edition(self.object, email)
        if not known:
            form.add_error(
                "email",
                _("No contact, nominator or invited person of this edition has that address."),
            )
            return None, ""
        return user, email

    def render(self, form, user=None, email="", anonymise_form=None):
        found = bool(email)
        context = self.get_context_data(
            form=form,
            person=user,
            email=email,
            found=found,
            summary=personal_data_summary(user, email) if found else {},
            trusted=user is not None and has_trusted_role(user),
            anonymise_form=anonymise_form or AnonymiseForm(initial={"email": email}),
        )
        return TemplateResponse(self.request, self.template_name, context)


class LockoutsView(PermissionRequiredMixin, TemplateView):
    """Names locked out after too many wrong passwords, for an organiser to unlock (say, a
    contact who phoned in on deadline day)."""

    permission_required = "awards.unlock_sign_in"
    raise_exception = True
    template_name = "awards/lockouts.html"

    def get_context_data(self, **kwargs):
        lockouts = sign_ins_an_organiser_may_unlock(self.request.user)
        return super().get_context_data(lockouts=lockouts, **kwargs)

    def post(self, request, *args, **kwargs):
        username = request.POST.get("username", "")
        among = sign_ins_an_organiser_may_unlock(request.user)
        if not sign_in_unlock(username=username, actor=request.user, among=among):
            messages.error(request, _("That name is not locked out."))
        else:
            messages.success(request, _("%(name)s can sign in again.") % {"name": username})
        return redirect("awards:lockouts")
