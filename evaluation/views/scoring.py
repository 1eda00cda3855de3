"""Scoring a round: a juror's list, the scorecard beside the entry, marks on passages and the
reading pack."""

from django.contrib import messages
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import DetailView

from awards.choices import QuestionKind
from awards.errors import ActionRefused
from awards.models import DocumentJob, Entry
from awards.selectors import questionnaire_with_answers
from awards.views.base import entry_queryset
from evaluation.choices import RoundNumber
from evaluation.forms import (
    MarkForm,
    ScorecardForm,
)
from evaluation.models import PassageMark
from evaluation.selectors import (
    criteria_of_edition,
    dossier_entries_for_member,
    entries_to_score,
    marks_for_entry,
    may_see_others,
    others_scorecards,
    scorecard_of_member,
    scoring_rows_for_member,
    visit_reports_of_entry,
)
from evaluation.services import (
    mark_add,
    mark_delete,
    scorecard_save,
)
from evaluation.tasks import build_reading_pack
from evaluation.views.base import (
    EditionPageMixin,
    RoundMixin,
    errors_to_messages,
)


class RoundView(RoundMixin, DetailView):
    """A juror's list for a round, in an order of their own, with each scorecard's state."""

    permission_required = "evaluation.view_scoring"
    template_name = "evaluation/round.html"

    def get_context_data(self, **kwargs):
        rows = scoring_rows_for_member(self.seat, self.scoring_round) if self.seat else []
        submitted = sum(1 for row in rows if row.scorecard and row.scorecard.submitted_at)
        return super().get_context_data(rows=rows, submitted=submitted, **kwargs)


class ScoreView(RoundMixin, DetailView):
    """Read an entry, mark passages and score it on every criterion. The other jurors' scores
    appear only as the round allows (independence)."""

    permission_required = "evaluation.view_scoring"
    template_name = "evaluation/score.html"

    @cached_property
    def entry(self):
        """The entry, if this juror scores it in this round; otherwise it does not exist."""
        if self.seat is None:
            raise Http404
        found = entries_to_score(self.seat, self.scoring_round).filter(pk=self.kwargs["pk"])
        entry = entry_queryset().filter(pk__in=found.values("pk")).first()
        if entry is None or not self.request.user.has_perm("evaluation.score_entry", entry):
            raise Http404
        return entry

    @cached_property
    def own_scorecard(self):
        return scorecard_of_member(self.seat, self.scoring_round, self.entry)

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.render_page(form=self.scorecard_form())

    def scorecard_form(self, data=None):
        return ScorecardForm(
            data,
            criteria=criteria_of_edition(self.object),
            scorecard=self.own_scorecard,
            submitting=data is not None and data.get("action") == "submit",
        )

    def next_entry(self):
        """The next entry in the juror's own order whose scores are not submitted, after this
        one (then from the top), or None when every other one is."""
        rows = scoring_rows_for_member(self.seat, self.scoring_round)
        here = next((i for i, row in enumerate(rows) if row.entry.pk == self.entry.pk), 0)
        for row in rows[here + 1 :] + rows[:here]:
            if not (row.scorecard and row.scorecard.submitted_at):
                return row.entry
        return None

    def post(self, request, *args, **kwargs):
        self.object = edition = self.get_object()
        form = self.scorecard_form(request.POST)
        if not form.is_valid():
            return self.render_page(form=form)
        submit = request.POST.get("action") == "submit"
        try:
            scorecard_save(
                member=self.seat,
                scoring_round=self.scoring_round,
                entry=self.entry,
                scores=form.scores(),
                overall_comment=form.cleaned_data["overall_comment"],
                seen_version=form.cleaned_data["seen_version"],
                submit=submit,
                actor=request.user,
            )
        except ActionRefused as refused:
            form.add_error(None, str(refused))
            return self.render_page(form=form)
        if submit:
            messages.success(
                request, _("Your scores for %(entry)s are submitted.") % {"entry": self.entry.title}
            )
        else:
            messages.success(
                request,
                _("Your draft is saved at %(time)s.")
                % {"time": formats.time_format(timezone.localtime(), "TIME_FORMAT")},
            )
        target = self.entry
        if request.POST.get("action") == "save_next":
            target = self.next_entry()
            if target is None:
                return redirect(
                    "evaluation:round", slug=edition.slug, number=self.scoring_round.number
                )
        return redirect(
            "evaluation:score",
            slug=edition.slug,
            number=self.scoring_round.number,
            pk=target.pk,
        )

    def get_context_data(self, **kwargs):
        entry = self.entry
        own = self.own_scorecard
        reveal = may_see_others(self.scoring_round, own)
        questionnaire = questionnaire_with_answers(entry)
        text_questions = [
            q
            for _s, rows in questionnaire
            for q, answer, _f in rows
            if q.kind in (QuestionKind.LONG_TEXT, QuestionKind.SHORT_TEXT) and answer
        ]
        return super().get_context_data(
            entry=entry,
            scorecard=own,
            questionnaire=questionnaire,
            marks=marks_for_entry(entry),
            mark_form=MarkForm(questions=text_questions) if text_questions else None,
            others=others_scorecards(self.scoring_round, entry, self.seat) if reveal else None,
            reveal=reveal,
            # Round 2 is scored after the visit: its report sits above the answers.
            visit_reports=visit_reports_of_entry(entry)
            if self.scoring_round.number == RoundNumber.FINAL
            else [],
            **kwargs,
        )


class ReadingPackView(EditionPageMixin, DetailView):
    """A jury member's reading pack: each entry they read in the current round as a PDF
    dossier with its attachments, in one ZIP built in the background with its progress
    shown. Conflicted entries are never in it."""

    permission_required = "evaluation.view_jury"
    template_name = "evaluation/reading_pack.html"

    def post(self, request, *args, **kwargs):
        edition = self.get_object()
        if self.seat is None:
            raise Http404
        job = DocumentJob.objects.create(
            edition=edition, kind=DocumentJob.Kind.READING_PACK, owner=request.user
        )
        transaction.on_commit(lambda: build_reading_pack.enqueue(job.pk))
        messages.success(request, _("Your reading pack is being prepared."))
        return redirect("evaluation:reading-pack", slug=edition.slug)

    def get_context_data(self, **kwargs):
        if self.seat is None:
            raise Http404
        job = (
            DocumentJob.objects.filter(
                edition=self.object, owner=self.request.user, kind=DocumentJob.Kind.READING_PACK
            )
            .order_by("-created_at")
            .first()
        )
        return super().get_context_data(job=job, **kwargs)

    def render_to_response(self, context, **kwargs):
        if self.request.htmx:
            return TemplateResponse(self.request, f"{self.template_name}#pack-status", context)
        return super().render_to_response(context, **kwargs)


class ReadingPackDownloadView(EditionPageMixin, DetailView):
    """The finished pack, for the member who asked for it, while they may still read every
    entry in it (a conflict declared since means building it anew)."""

    permission_required = "evaluation.view_jury"

    def get(self, request, *args, **kwargs):
        edition = self.get_object()
        job = get_object_or_404(
            DocumentJob,
            pk=kwargs["pk"],
            edition=edition,
            owner=request.user,
            kind=DocumentJob.Kind.READING_PACK,
            status=DocumentJob.Status.DONE,
        )
        readable = (
            set(dossier_entries_for_member(self.seat).values_list("pk", flat=True))
            if self.seat
            else set()
        )
        if not set(job.contents) <= readable:
            messages.error(
                request, _("Your access to the entries has changed: prepare the pack again.")
            )
            return redirect("evaluation:reading-pack", slug=edition.slug)
        return FileResponse(
            job.file.open("rb"),
            as_attachment=True,
            filename=job.file.name.rsplit("/", 1)[-1],
            content_type="application/zip",
        )


class MarkAddView(EditionPageMixin, DetailView):
    """Mark a passage of an entry's answer for the site visit. POST only."""

    permission_required = "evaluation.view_jury"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        edition = self.get_object()
        entry = get_object_or_404(
            Entry.objects.select_related("edition"), pk=kwargs["pk"], edition=edition
        )
        if self.seat is None or not request.user.has_perm("evaluation.mark_entry", entry):
            raise Http404
        questions = [a.question for a in entry.answers.select_related("question__section")]
        form = MarkForm(request.POST, questions=questions)
        back = request.POST.get("back") or ""
        target = back if back.startswith("/jury/") else entry.get_absolute_url()
        if not form.is_valid():
            errors_to_messages(request, form)
            return redirect(target)
        question = next(q for q in questions if q.pk == form.cleaned_data["question"])
        try:
            mark_add(
                member=self.seat,
                entry=entry,
                question=question,
                passage=form.cleaned_data["passage"],
                kind=form.cleaned_data["kind"],
                note=form.cleaned_data["note"].strip(),
            )
        except ActionRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, _("The passage is marked."))
        return redirect(target)


class MarkDeleteView(EditionPageMixin, DetailView):
    permission_required = "evaluation.view_jury"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        edition = self.get_object()
        mark = get_object_or_404(
            PassageMark, pk=kwargs["pk"], member__edition=edition, member__user=request.user
        )
        back = request.POST.get("back") or ""
        mark_delete(mark=mark, member=self.seat)
        messages.success(request, _("The mark is removed."))
        if back.startswith("/jury/"):
            return redirect(back)
        return redirect("evaluation:jury-home", slug=edition.slug)
