from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import DetailView

from awards.choices import JURY_STATES, EditionPhase, EntryStanding, QuestionKind
from awards.exports import answers_table, table_response
from awards.models import DocumentJob, Edition, Entry
from awards.selectors import questionnaire_with_answers
from awards.services import ActionRefused
from awards.views.base import ObjectPermissionRequiredMixin, entry_queryset, posted_pk
from evaluation.choices import JuryRole, RoundNumber
from evaluation.forms import (
    DeclarationsForm,
    JuryInviteForm,
    JuryMemberForm,
    MarkForm,
    RoundSettingsForm,
    RulingForm,
    ScorecardForm,
    StandingForm,
)
from evaluation.models import ConflictDeclaration, JuryMember, PassageMark
from evaluation.selectors import (
    assignment_grid,
    criteria_for,
    declaration_rows_for,
    declarations_for_chair,
    declarations_of_member,
    dossier_entries_for,
    entries_for_jury_member,
    entries_to_score,
    jury_for_edition,
    marks_for_entry,
    may_see_others,
    others_scorecards,
    results_for,
    round_for,
    score_rows_for,
    scorecard_for,
    scoring_rows_for,
    seat_of,
    shortlist_for,
    shuffled_for,
    visit_reports_for,
)
from evaluation.services import (
    Declaration,
    assignment_set,
    assignments_make,
    conflict_rule,
    conflicts_declare,
    jury_invite,
    jury_member_add,
    jury_member_remove,
    mark_add,
    mark_delete,
    round_update,
    scorecard_save,
    standing_decide,
)
from evaluation.tasks import build_reading_pack


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
        return seat_of(self.request.user, self.get_object())


class RoundMixin(EditionPageMixin):
    """A page about one scoring round of the edition."""

    @cached_property
    def scoring_round(self):
        if self.kwargs["number"] not in RoundNumber.values:
            raise Http404
        return round_for(self.get_object(), self.kwargs["number"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(scoring_round=self.scoring_round, **kwargs)


class JuryHomeView(EditionPageMixin, DetailView):
    """A jury member's start page for one edition: what to do next (declare, score), the
    entries they may read in an order of their own, and their declarations."""

    permission_required = "evaluation.view_jury"
    template_name = "evaluation/jury_home.html"

    def get_context_data(self, **kwargs):
        edition, user, seat = self.object, self.request.user, self.seat
        rows = declaration_rows_for(seat) if seat else []
        undeclared = [row for row in rows if row.declaration is None]
        can_view_results = user.has_perm("evaluation.view_results", edition)
        own_declarations = list(declarations_of_member(user, edition)) if seat else []
        progress_round, progress = None, []
        if can_view_results and edition.phase != EditionPhase.SETUP:
            later = edition.phase not in (EditionPhase.REGISTRATION, EditionPhase.EVALUATION)
            progress_round = round_for(
                edition, RoundNumber.FINAL if later else RoundNumber.LONG_LIST
            )
            organiser = user.has_perm("awards.manage_edition", edition)
            progress = results_for(user, progress_round, organiser=organiser).progress
        return super().get_context_data(
            progress=progress,
            progress_round=progress_round,
            queue=self.work_queue(seat) if seat and not undeclared else None,
            rounds_reached=self.rounds_reached(edition),
            seat=seat,
            undeclared=undeclared,
            suggested=[row for row in undeclared if row.suggested],
            entries=shuffled_for(user, entries_for_jury_member(user, edition)) if seat else [],
            own_declarations=own_declarations,
            declared_none=sum(1 for d in own_declarations if not d.has_conflict),
            jury=jury_for_edition(edition),
            can_view_conflicts=user.has_perm("evaluation.view_conflicts", edition),
            can_view_results=can_view_results,
            can_manage=user.has_perm("evaluation.manage_jury", edition),
            rounds=RoundNumber,
            **kwargs,
        )

    @staticmethod
    def rounds_reached(edition) -> list:
        """The scoring rounds the edition has come to: the first from the jury's evaluation,
        the second (the finalists') from the site visits."""
        if edition.phase in (EditionPhase.SETUP, EditionPhase.REGISTRATION):
            return []
        if edition.phase == EditionPhase.EVALUATION:
            return [RoundNumber.LONG_LIST]
        return [RoundNumber.LONG_LIST, RoundNumber.FINAL]

    def work_queue(self, seat):
        """What the juror has to do in the current round: their entries in their own order,
        each with its scorecard's state, how many are submitted, and where to go on."""
        reached = self.rounds_reached(seat.edition)
        if not seat.scores or not reached:
            return None
        scoring_round = round_for(seat.edition, reached[-1])
        rows = scoring_rows_for(seat, scoring_round)
        drafts = [row for row in rows if row.scorecard and not row.scorecard.submitted_at]
        untouched = [row for row in rows if row.scorecard is None]
        return {
            "round": scoring_round,
            "rows": rows,
            "submitted": len(rows) - len(drafts) - len(untouched),
            "next": (drafts or untouched or [None])[0],
        }


class DeclarationsView(EditionPageMixin, DetailView):
    """Declaration before access: for every entry, a conflict of interest or none."""

    permission_required = "evaluation.declare_conflicts"
    template_name = "evaluation/declarations.html"

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.render_page(form=DeclarationsForm(rows=declaration_rows_for(self.seat)))

    def post(self, request, *args, **kwargs):
        self.object = edition = self.get_object()
        form = DeclarationsForm(request.POST, rows=declaration_rows_for(self.seat))
        if not form.is_valid():
            return self.render_page(form=form)
        try:
            conflicts_declare(
                member=self.seat,
                declarations=[Declaration(*values) for values in form.declarations()],
            )
        except ActionRefused as refused:
            messages.error(request, str(refused))
            return self.render_page(form=form)
        messages.success(request, _("Your declarations are saved."))
        return redirect("evaluation:jury-home", slug=edition.slug)

    def get_context_data(self, **kwargs):
        rows = declaration_rows_for(self.seat)
        declared = [row for row in rows if row.declaration and row.declaration.has_conflict]
        return super().get_context_data(declared_conflicts=declared, **kwargs)


class ConflictsView(EditionPageMixin, DetailView):
    """Every declared conflict of the edition, for the chair (and organisers) to rule on."""

    permission_required = "evaluation.view_conflicts"
    template_name = "evaluation/conflicts.html"

    def get_context_data(self, **kwargs):
        user, edition = self.request.user, self.object
        # The same answer as the evaluation.rule_conflict predicate (checked again on POST),
        # asked once per page instead of once per declaration.
        organiser = user.has_perm("awards.manage_edition", edition)
        chair = self.seat is not None and self.seat.role == JuryRole.CHAIR
        rows = [
            (
                d,
                (organiser or (chair and d.member.user_id != user.pk))
                and RulingForm(prefix=f"d{d.pk}"),
            )
            for d in declarations_for_chair(edition)
        ]
        return super().get_context_data(rows=rows, **kwargs)


class ConflictRuleView(EditionPageMixin, DetailView):
    """Rule on one declared conflict. POST only."""

    permission_required = "evaluation.view_conflicts"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        edition = self.get_object()
        declaration = get_object_or_404(
            ConflictDeclaration.objects.select_related("member__user", "member__edition", "entry"),
            pk=kwargs["pk"],
            member__edition=edition,
            has_conflict=True,
        )
        if not request.user.has_perm("evaluation.rule_conflict", declaration):
            messages.error(request, _("An organiser rules on the chair's own conflicts."))
            return redirect("evaluation:conflicts", slug=edition.slug)
        form = RulingForm(request.POST, prefix=f"d{declaration.pk}")
        if not form.is_valid():
            errors_to_messages(request, form)
            return redirect("evaluation:conflicts", slug=edition.slug)
        conflict_rule(
            declaration=declaration,
            ruling=form.cleaned_data["ruling"],
            note=form.cleaned_data["note"],
            actor=request.user,
        )
        messages.success(
            request,
            _("Ruled on %(member)s and %(entry)s: %(ruling)s.")
            % {
                "member": declaration.member.user,
                "entry": declaration.entry.title,
                "ruling": declaration.get_ruling_display().lower(),
            },
        )
        return redirect("evaluation:conflicts", slug=edition.slug)


class JuryMembersView(EditionPageMixin, DetailView):
    """The organiser's jury page: members with role, organisation and capacity; invite more."""

    permission_required = "evaluation.manage_jury"
    template_name = "evaluation/jury_members.html"

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.render_page(form=JuryInviteForm())

    def post(self, request, *args, **kwargs):
        self.object = edition = self.get_object()
        form = JuryInviteForm(request.POST)
        if not form.is_valid():
            return self.render_page(form=form)
        try:
            member = jury_invite(edition=edition, invited_by=request.user, **form.cleaned_data)
        except ActionRefused as refused:
            form.add_error(None, str(refused))
            return self.render_page(form=form)
        messages.success(
            request,
            _("%(email)s is on the jury as %(role)s and has been sent an invitation.")
            % {"email": member.user.email, "role": member.get_role_display().lower()},
        )
        return redirect("evaluation:jury-members", slug=edition.slug)

    def get_context_data(self, **kwargs):
        members = [
            (
                member,
                JuryMemberForm(
                    prefix=f"m{member.pk}",
                    initial={
                        "role": member.role,
                        "affiliation": member.affiliation,
                        "capacity": member.capacity,
                    },
                ),
            )
            for member in jury_for_edition(self.object)
        ]
        return super().get_context_data(members=members, **kwargs)


class JuryMemberEditView(EditionPageMixin, DetailView):
    """Change a member's role, organisation or capacity, or take them off the jury. POST."""

    permission_required = "evaluation.manage_jury"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        edition = self.get_object()
        member = get_object_or_404(
            JuryMember.objects.select_related("user"), pk=kwargs["pk"], edition=edition
        )
        back = redirect("evaluation:jury-members", slug=edition.slug)
        try:
            if request.POST.get("action") == "remove":
                jury_member_remove(member=member)
                messages.success(request, _("%(name)s is off the jury.") % {"name": member.user})
                return back
            form = JuryMemberForm(request.POST, prefix=f"m{member.pk}")
            if not form.is_valid():
                errors_to_messages(request, form)
                return back
            jury_member_add(edition=edition, user=member.user, **form.cleaned_data)
        except ActionRefused as refused:
            messages.error(request, str(refused))
            return back
        messages.success(request, _("%(name)s is saved.") % {"name": member.user})
        return back


class RoundView(RoundMixin, DetailView):
    """A juror's list for a round, in an order of their own, with each scorecard's state."""

    permission_required = "evaluation.view_scoring"
    template_name = "evaluation/round.html"

    def get_context_data(self, **kwargs):
        rows = scoring_rows_for(self.seat, self.scoring_round) if self.seat else []
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
        return scorecard_for(self.seat, self.scoring_round, self.entry)

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.render_page(form=self.scorecard_form())

    def scorecard_form(self, data=None):
        return ScorecardForm(
            data,
            criteria=criteria_for(self.object),
            scorecard=self.own_scorecard,
            submitting=data is not None and data.get("action") == "submit",
        )

    def next_entry(self):
        """The next entry in the juror's own order whose scores are not submitted, after this
        one (then from the top), or None when every other one is."""
        rows = scoring_rows_for(self.seat, self.scoring_round)
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
            visit_reports=visit_reports_for(entry)
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
            set(dossier_entries_for(self.seat).values_list("pk", flat=True)) if self.seat else set()
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


def _sort_key(sort):
    def key(row):
        result = row.result
        missing = result is None or result.total is None
        if sort == "title":
            return (False, row.entry.title)
        if sort == "normalised":
            return (missing, -(result.normalised or 0) if result else 0)
        if sort == "spread":
            return (missing, -(result.total_spread or 0) if result else 0)
        if sort == "jurors":
            return (result is None, -(result.jurors if result else 0))
        return (missing, -(result.total or 0) if result else 0)

    return key


class ResultsView(RoundMixin, DetailView):
    """A round's results for the chair and organisers: weighted totals, means and medians per
    criterion, disagreement flags, normalised scores, and each juror's progress."""

    permission_required = "evaluation.view_results"
    template_name = "evaluation/results.html"

    def results(self):
        user = self.request.user
        organiser = user.has_perm("awards.manage_edition", self.object)
        results = results_for(user, self.scoring_round, organiser=organiser)
        sort = self.request.GET.get("sort", "total")
        results.rows.sort(key=_sort_key(sort))
        if self.request.GET.get("flagged"):
            results.rows = [r for r in results.rows if r.result and r.result.disagreement]
        standing = self.request.GET.get("standing")
        if standing in EntryStanding.values:
            results.rows = [r for r in results.rows if r.entry.standing == standing]
        return results, sort

    def get_context_data(self, **kwargs):
        results, sort = self.results()
        return super().get_context_data(
            results=results,
            sort=sort,
            sort_choices=[
                ("total", _("Weighted total")),
                ("normalised", _("Normalised score")),
                ("spread", _("Disagreement")),
                ("jurors", _("Jurors who scored")),
                ("title", _("Name")),
            ],
            standings=[(s.value, self.object.award.stage_name(s)) for s in EntryStanding],
            **kwargs,
        )


class ResultsExportView(ResultsView):
    """The results table as CSV or XLSX, with the same rows as the viewer sees."""

    def get(self, request, *args, **kwargs):
        if kwargs["format"] not in ("csv", "xlsx"):
            raise Http404
        return super().get(request, *args, **kwargs)

    def render_to_response(self, context, **kwargs):
        results = context["results"]
        header = [
            _("Entry"),
            _("Standing"),
            _("Jurors"),
            _("Weighted total (%)"),
            _("Normalised (%)"),
            _("Spread (points)"),
            _("Disagreement"),
        ]
        for criterion in results.criteria:
            header += [
                f"{criterion.localised_name}: {_('mean')}",
                f"{criterion.localised_name}: {_('median')}",
                f"{criterion.localised_name}: {_('spread')}",
            ]
        rows = []
        for row in results.rows:
            result = row.result
            line = [row.entry.title, self.object.award.stage_name(row.entry.standing)]
            if result is None:
                rows.append([*line, _("hidden until you have scored it")])
                continue
            line += [
                result.jurors,
                _num(result.total),
                _num(result.normalised),
                _num(result.total_spread),
                _("yes") if result.disagreement else "",
            ]
            for cell in result.criteria:
                line += [
                    _num(cell.mean),
                    _num(cell.median),
                    cell.spread if cell.spread is not None else "",
                ]
            rows.append(line)
        name = f"{self.object.slug}-round-{self.scoring_round.number}-results"
        return table_response(name, header, rows, self.kwargs["format"], sheet=_("Results"))


def _num(value):
    return "" if value is None else round(value, 2)


class JuryExportView(EditionPageMixin, DetailView):
    """Exports for the jury: the answers of every entry the reader may read, and (chair and
    organisers) every score per juror and criterion. Conflicts are honoured in both."""

    permission_required = "evaluation.view_jury"

    def get(self, request, *args, **kwargs):
        edition = self.get_object()
        user = request.user
        organiser = user.has_perm("awards.manage_edition", edition)
        kind = kwargs["kind"]
        if kind == "answers":
            entries = (
                Entry.objects.filter(edition=edition, state__in=JURY_STATES, competing=True)
                if organiser
                else entries_for_jury_member(user, edition)
            )
            header, rows = answers_table(edition, entries.order_by("title"))
        elif kind == "scores":
            if not user.has_perm("evaluation.view_results", edition):
                raise PermissionDenied
            header = [
                _("Round"),
                _("Entry"),
                _("Juror"),
                _("Criterion"),
                _("Score"),
                _("Step"),
                _("Comment"),
                _("State"),
            ]
            states = {"submitted": _("Submitted"), "draft": _("Draft")}
            rows = [
                [*row[:-1], states[row[-1]]]
                for row in score_rows_for(user, edition, organiser=organiser)
            ]
        else:
            raise Http404
        return table_response(f"{edition.slug}-{kind}", header, rows, kwargs["format"], sheet=kind)


class RoundSettingsView(RoundMixin, DetailView):
    """The organiser's settings of a round (open, independence, assignment) and, when each
    entry gets a number of jurors, the assignment grid with each juror's load."""

    permission_required = "evaluation.manage_jury"
    template_name = "evaluation/round_settings.html"

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.render_page(form=RoundSettingsForm(instance=self.scoring_round))

    def post(self, request, *args, **kwargs):
        self.object = edition = self.get_object()
        form = RoundSettingsForm(request.POST, instance=self.scoring_round)
        if not form.is_valid():
            return self.render_page(form=form)
        fields = {name: form.cleaned_data[name] for name in RoundSettingsForm.Meta.fields}
        try:
            round_update(
                scoring_round=round_for(edition, self.scoring_round.number),
                seen_version=form.cleaned_data["seen_version"],
                **fields,
            )
        except ActionRefused as refused:
            form.add_error(None, str(refused))
            return self.render_page(form=form)
        messages.success(request, _("The round's settings are saved."))
        return redirect(
            "evaluation:round-settings", slug=edition.slug, number=self.scoring_round.number
        )

    def get_context_data(self, **kwargs):
        members, grid = assignment_grid(self.scoring_round)
        return super().get_context_data(members=members, grid=grid, **kwargs)


class AssignmentsView(RoundMixin, DetailView):
    """Assign jurors automatically, or one juror to one entry by hand. POST only."""

    permission_required = "evaluation.manage_jury"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        edition = self.get_object()
        number = self.scoring_round.number
        back = redirect("evaluation:round-settings", slug=edition.slug, number=number)
        if self.scoring_round.pk is None:
            messages.error(request, _("Save the round's settings first."))
            return back
        try:
            if request.POST.get("action") == "auto":
                added = assignments_make(scoring_round=self.scoring_round)
                messages.success(request, _("%(n)s assignments added.") % {"n": added})
                return back
            member = get_object_or_404(JuryMember, pk=posted_pk(request, "member"), edition=edition)
            entry = get_object_or_404(Entry, pk=posted_pk(request, "entry"), edition=edition)
            assignment_set(
                scoring_round=self.scoring_round,
                member=member,
                entry=entry,
                assigned=request.POST.get("action") == "assign",
            )
        except ActionRefused as refused:
            messages.error(request, str(refused))
            return back
        messages.success(request, _("The assignment is saved."))
        return back


class ShortlistView(EditionPageMixin, DetailView):
    """The chair moves entries onto the long list and to the finalists, each with a rationale;
    organisers follow it and publish the finalists."""

    permission_required = "evaluation.view_results"
    template_name = "evaluation/shortlist.html"

    def get_context_data(self, **kwargs):
        user, edition = self.request.user, self.object
        organiser = user.has_perm("awards.manage_edition", edition)
        can_decide = user.has_perm("evaluation.shortlist", edition)
        entries = list(shortlist_for(user, edition, organiser=organiser))
        round_one = results_for(
            user, round_for(edition, RoundNumber.LONG_LIST), organiser=organiser
        )
        totals = {row.entry.pk: row.result for row in round_one.rows}
        # Strongest first by round 1's weighted total, so the chair decides from the results.
        entries.sort(key=lambda e: -(totals[e.pk].total or 0) if totals.get(e.pk) else 1)
        rows = [
            (
                entry,
                totals.get(entry.pk),
                StandingForm(entry=entry, award=edition.award, prefix=f"e{entry.pk}")
                if can_decide
                else None,
            )
            for entry in entries
        ]
        counts = {s: sum(1 for e in entries if e.standing == s) for s in EntryStanding.values}
        return super().get_context_data(
            rows=rows, counts=counts, can_decide=can_decide, organiser=organiser, **kwargs
        )


class StandingDecideView(EditionPageMixin, DetailView):
    """The chair's move of one entry, with a rationale. POST only."""

    permission_required = "evaluation.shortlist"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        edition = self.get_object()
        entry = get_object_or_404(
            shortlist_for(request.user, edition, organiser=False), pk=kwargs["pk"]
        )
        form = StandingForm(request.POST, entry=entry, award=edition.award, prefix=f"e{entry.pk}")
        back = redirect("evaluation:shortlist", slug=edition.slug)
        if not form.is_valid():
            errors_to_messages(request, form, prefix=entry.title)
            return back
        try:
            standing_decide(
                entry=entry,
                to_standing=form.cleaned_data["to_standing"],
                rationale=form.cleaned_data["rationale"],
                actor=request.user,
            )
        except ActionRefused as refused:
            messages.error(request, str(refused))
            return back
        messages.success(
            request,
            _("%(entry)s: %(standing)s.")
            % {"entry": entry.title, "standing": edition.award.stage_name(entry.standing)},
        )
        return back
