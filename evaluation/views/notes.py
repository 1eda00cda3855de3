"""What the visiting jury writes: each member's notes, the chair's report and the
interview guide."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.generic import DetailView

from awards.documents import pdf_from_template
from awards.errors import ActionRefused
from evaluation.forms import (
    NotesForm,
    ReportForm,
)
from evaluation.models import InterviewQuestion
from evaluation.selectors import (
    interview_guide,
    notes_of_member,
    shared_notes,
)
from evaluation.services import (
    notes_save,
    report_save,
)
from evaluation.views.base import (
    VisitMixin,
)


class NotesView(VisitMixin, DetailView):
    """A visiting member's own notes per theme, private until shared with the jury."""

    template_name = "evaluation/visit_notes.html"

    def check(self):
        if not self.request.user.has_perm("evaluation.write_visit_notes", self.visit):
            raise Http404

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        self.check()
        return self.render_page(form=NotesForm(notes=notes_of_member(self.visit, self.seat)))

    def post(self, request, *args, **kwargs):
        """Save (or save and share). With htmx the notes are saved as they are typed and only
        the save status comes back, with the new version for the next save."""
        self.object = edition = self.get_object()
        self.check()
        notes = notes_of_member(self.visit, self.seat)
        form = NotesForm(request.POST, notes=notes)
        share = request.POST.get("action") == "share"
        partial = "#save-status" if request.htmx else ""
        if not form.is_valid():
            return self.render_page(form=form, notes=notes, partial=partial)
        try:
            notes = notes_save(
                visit=self.visit,
                member=self.seat,
                texts=form.texts(),
                seen_version=form.cleaned_data["seen_version"],
                share=share,
                page=form.cleaned_data["page"],
            )
        except ActionRefused as refused:
            # Saved from another device meanwhile: the text typed here stays in the boxes, the
            # other version is shown beside it, and saving again is a deliberate choice.
            theirs = notes_of_member(self.visit, self.seat)
            data = request.POST.copy()
            data["seen_version"] = str(theirs.version if theirs else 0)
            form = NotesForm(data, notes=theirs)
            form.is_valid()
            form.add_error(None, str(refused))
            return self.render_page(form=form, notes=theirs, theirs=theirs, partial=partial)
        if request.htmx:
            return self.render_page(notes=notes, partial=partial, saved_at=timezone.localtime())
        if share:
            messages.success(request, _("Your notes are shared with the jury."))
        else:
            messages.success(
                request,
                _("Your notes are saved at %(time)s.")
                % {"time": formats.time_format(timezone.localtime(), "TIME_FORMAT")},
            )
        return redirect("evaluation:visit-notes", slug=edition.slug, pk=self.visit.pk)

    def render_page(self, partial="", **context):
        if not partial:
            # Each theme's questions from the interview guide, as a hint above its notes (an
            # autosave's answer is the save status alone and reads none).
            guide: dict[str, list] = {}
            for question in InterviewQuestion.objects.filter(edition=self.visit.entry.edition):
                guide.setdefault(question.theme, []).append(question)
            context["guide"] = guide
        return TemplateResponse(
            self.request, f"{self.template_name}{partial}", self.get_context_data(**context)
        )

    def get_context_data(self, **kwargs):
        kwargs.setdefault("notes", notes_of_member(self.visit, self.seat))
        return super().get_context_data(**kwargs)


class ReportView(VisitMixin, DetailView):
    """The chair writes the visit report from the shared notes, and shares it with the jury."""

    template_name = "evaluation/visit_report.html"

    def check(self):
        if not self.request.user.has_perm("evaluation.write_visit_report", self.visit):
            raise Http404

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        self.check()
        visit = self.visit
        form = ReportForm(initial={"text": visit.report, "seen_version": visit.report_version})
        return self.render_page(form=form)

    def post(self, request, *args, **kwargs):
        self.object = edition = self.get_object()
        self.check()
        form = ReportForm(request.POST)
        if not form.is_valid():
            return self.render_page(form=form)
        share = request.POST.get("action") == "share"
        try:
            report_save(
                visit=self.visit,
                text=form.cleaned_data["text"],
                seen_version=form.cleaned_data["seen_version"],
                share=share,
                actor=request.user,
            )
        except ActionRefused as refused:
            form.add_error(None, str(refused))
            return self.render_page(form=form)
        messages.success(
            request,
            _("The report is shared with the jury.") if share else _("The report is saved."),
        )
        return redirect("evaluation:visit-report", slug=edition.slug, pk=self.visit.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(shared=shared_notes(self.visit), **kwargs)


class GuideView(VisitMixin, DetailView):
    """The interview guide for the room: the bank's questions by theme and the passages the
    jurors marked to verify. Printable, and as PDF."""

    template_name = "evaluation/visit_guide.html"

    def get(self, request, *args, **kwargs):
        if kwargs.get("format", "pdf") != "pdf":
            raise Http404
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(guide=interview_guide(self.visit), **kwargs)

    def render_to_response(self, context, **kwargs):
        if self.kwargs.get("format") != "pdf":
            return super().render_to_response(context, **kwargs)
        pdf = pdf_from_template("evaluation/visit_guide_pdf.html", context, self.request)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="interview-guide-{self.visit.pk}.pdf"'
        )
        return response
