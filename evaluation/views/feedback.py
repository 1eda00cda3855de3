"""Feedback to every entrant: the chair writes it from the jurors' comments, an organiser
releases it after the announcement, and the entrant reads it on its page and as a PDF."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import DetailView

from awards.documents import pdf_from_template
from awards.errors import ActionRefused
from awards.views.base import EntryObjectMixin
from evaluation.forms import FeedbackForm
from evaluation.models import Feedback
from evaluation.selectors import criteria_of_edition, feedback_entries_for_viewer, feedback_sources
from evaluation.services import feedback_release, feedback_save
from evaluation.views.base import EditionPageMixin


class FeedbackListView(EditionPageMixin, DetailView):
    """Each competing entry with its feedback's state; organisers release them."""

    permission_required = "evaluation.view_feedback_list"
    template_name = "evaluation/feedback_list.html"

    def post(self, request, *args, **kwargs):
        edition = self.get_object()
        if not request.user.has_perm("evaluation.release_feedback", edition):
            raise Http404
        try:
            released = feedback_release(edition=edition, actor=request.user)
        except ActionRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, _("%(n)s feedback reports released.") % {"n": released})
        return redirect("evaluation:feedback-list", slug=edition.slug)

    def get_context_data(self, **kwargs):
        user, edition = self.request.user, self.object
        organiser = user.has_perm("awards.manage_edition", edition)
        entries = feedback_entries_for_viewer(user, edition, organiser=organiser)
        rows = [(entry, getattr(entry, "feedback", None)) for entry in entries]
        # The chair writes feedback on the entries they may read: the list holds none they are
        # conflicted with, so what remains (the phase, their own declarations) is the same for
        # every row, and one entry answers for all. No link to a page that would be a 404.
        drafts = user.has_perm("evaluation.draft_feedback", edition)
        can_write = drafts and bool(
            entries and user.has_perm("evaluation.write_feedback", entries[0])
        )
        return super().get_context_data(
            rows=rows,
            waiting=drafts and bool(entries) and not can_write,
            can_release=user.has_perm("evaluation.release_feedback", edition),
            can_write=can_write,
            **kwargs,
        )


class FeedbackEditView(EditionPageMixin, DetailView):
    """The chair writes one entrant's feedback, with the jurors' comments beside it."""

    permission_required = "evaluation.view_feedback_list"
    template_name = "evaluation/feedback_edit.html"

    @cached_property
    def entry(self):
        entries = feedback_entries_for_viewer(self.request.user, self.get_object(), organiser=False)
        entry = next((e for e in entries if e.pk == self.kwargs["pk"]), None)
        if entry is None or not self.request.user.has_perm("evaluation.write_feedback", entry):
            raise Http404
        return entry

    def form(self, data=None):
        return FeedbackForm(
            data,
            criteria=criteria_of_edition(self.get_object()),
            feedback=getattr(self.entry, "feedback", None),
        )

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.render_page(form=self.form())

    def post(self, request, *args, **kwargs):
        self.object = edition = self.get_object()
        form = self.form(request.POST)
        if not form.is_valid():
            return self.render_page(form=form)
        try:
            feedback_save(
                entry=self.entry,
                texts=form.texts(),
                summary=form.cleaned_data["summary"],
                seen_version=form.cleaned_data["seen_version"],
                actor=request.user,
            )
        except ActionRefused as refused:
            form.add_error(None, str(refused))
            return self.render_page(form=form)
        messages.success(request, _("The feedback to %(entry)s is saved.") % {"entry": self.entry})
        return redirect("evaluation:feedback-list", slug=edition.slug)

    def get_context_data(self, **kwargs):
        sources, overall = feedback_sources(self.entry)
        return super().get_context_data(
            entry=self.entry, sources=sources, overall=overall, **kwargs
        )


class FeedbackPdfView(EntryObjectMixin, DetailView):
    """The feedback as a PDF: for the entrant once released (after the announcement), for the
    chair and organisers at any time."""

    permission_required = "evaluation.view_feedback"

    def handle_no_permission(self):
        raise Http404

    def get(self, request, *args, **kwargs):
        entry = self.get_object()
        feedback = get_object_or_404(Feedback, entry=entry)
        criteria = criteria_of_edition(entry.edition)
        pdf = pdf_from_template(
            "evaluation/feedback_pdf.html",
            {
                "entry": entry,
                "edition": entry.edition,
                "feedback": feedback,
                "rows": feedback.criterion_rows(criteria),
            },
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="{entry.edition.slug}-feedback-{entry.pk}.pdf"'
        )
        return response
