"""Answers the organisers enter on a municipality's behalf: one entry's in a form, or many
municipalities' from a spreadsheet. Either way the answers are marked as entered for the
municipality and its contacts are told, to check them and approve the publication's text."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import DetailView

from awards.errors import ActionRefused
from awards.exports import table_response
from awards.forms import AnswersImportForm, SectionAnswersForm
from awards.imports import plan_import, template_table
from awards.selectors import questionnaire
from awards.services import answers_enter, answers_import
from awards.views.base import EditionManageMixin, EntryObjectMixin


class EntryAnswersEnterView(EntryObjectMixin, DetailView):
    """Every question of an entry in one form, for an organiser to fill in for it."""

    permission_required = "awards.manage_entry"
    template_name = "awards/entry_answers_enter.html"

    def build_form(self, data=None):
        entry = self.object
        questions = {q.pk: q for _section, qs in questionnaire(entry.edition) for q in qs}
        answers = {}
        for answer in entry.answers.filter(question__in=list(questions)):
            answer.question = questions[answer.question_id]
            answers[answer.question_id] = answer
        return SectionAnswersForm(data, questions=list(questions.values()), answers=answers)

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.render_page(form=self.build_form())

    def post(self, request, *args, **kwargs):
        self.object = entry = self.get_object()
        form = self.build_form(request.POST)
        if form.is_valid():
            try:
                result = answers_enter(
                    entry=entry,
                    values=form.answered_values(),
                    seen_versions=form.seen_versions(),
                    actor=request.user,
                )
            except ActionRefused as refused:
                form.add_error(None, str(refused))
            else:
                if not result.conflicts:
                    messages.success(
                        request,
                        _("The answers are saved, and the municipality's contacts are told."),
                    )
                    return redirect("awards:entry-answers-enter", pk=entry.pk)
                form.with_versions({c.question.pk: c.theirs.version for c in result.conflicts})
                form.add_error(
                    None,
                    _(
                        "Someone changed %(questions)s after you opened the page. Your text is "
                        "kept below; save again to replace theirs."
                    )
                    % {"questions": ", ".join(f"“{c.question.text}”" for c in result.conflicts)},
                )
        return self.render_page(form=form)


class AnswersImportView(EditionManageMixin, DetailView):
    """Enter many municipalities' answers from a spreadsheet; the template to fill in."""

    template_name = "awards/answers_import.html"

    def get(self, request, *args, **kwargs):
        self.object = edition = self.get_object()
        fmt = request.GET.get("template")
        if fmt:
            header, rows = template_table(edition)
            return table_response(f"{edition.slug}-svar", header, rows, fmt, sheet=_("Answers"))
        return self.render_page(form=AnswersImportForm())

    def post(self, request, *args, **kwargs):
        self.object = edition = self.get_object()
        form = AnswersImportForm(request.POST, request.FILES)
        if not form.is_valid() or getattr(request, "upload_stopped_at_mb", None):
            if getattr(request, "upload_stopped_at_mb", None):
                form.errors.pop("file", None)
                form.add_error("file", _("The file is larger than 2 MB."))
            return self.render_page(form=form)
        plan = plan_import(edition, form.cleaned_data["file"])
        if plan.errors:
            form.add_error(
                "file",
                ngettext(
                    "The file has %(n)s error; nothing was entered. Correct it and try again.",
                    "The file has %(n)s errors; nothing was entered. Correct them and try again.",
                    len(plan.errors),
                )
                % {"n": len(plan.errors)},
            )
            return self.render_page(form=form, plan=plan)
        result = answers_import(edition=edition, rows=plan.rows, actor=request.user)
        messages.success(
            request,
            ngettext(
                "%(n)s row read: the answers are entered and the contacts told.",
                "%(n)s rows read: the answers are entered and the contacts told.",
                len(plan.rows),
            )
            % {"n": len(plan.rows)},
        )
        return self.render_page(form=AnswersImportForm(), plan=plan, result=result)
