"""Writing an entry: a section of the questionnaire (with autosave and conflict handling) and its
attachments."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.generic import DetailView

from awards.choices import QuestionKind
from awards.errors import ActionRefused
from awards.forms import (
    AttachmentForm,
    SectionAnswersForm,
)
from awards.models import (
    Attachment,
    Entry,
)
from awards.rules import entry_if_contact
from awards.selectors import (
    entry_parts,
    entry_progress,
)
from awards.services import (
    answers_save,
    attachment_add,
    attachment_remove,
    section_check_writable,
)
from awards.views.base import (
    EntryObjectMixin,
    ObjectPermissionRequiredMixin,
)


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
