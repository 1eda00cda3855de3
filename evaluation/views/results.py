"""What the jury's leaders read and decide from a round: results and their exports, the round's
settings and assignments, and the long list and finalists."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView

from awards.choices import JURY_STATES, EntryStanding
from awards.errors import ActionRefused
from awards.exports import answers_table, table_response
from awards.models import Entry
from awards.views.base import PageActionMixin
from evaluation.choices import RoundNumber
from evaluation.forms import (
    RoundSettingsForm,
    StandingForm,
)
from evaluation.models import JuryMember
from evaluation.selectors import (
    assignment_grid,
    entries_for_jury_member,
    results_for_viewer,
    round_of_edition,
    score_rows_for_viewer,
    shortlist_for_viewer,
)
from evaluation.services import (
    assignment_set,
    assignments_make,
    round_update,
    standing_decide,
)
from evaluation.views.base import (
    EditionPageMixin,
    RoundMixin,
    errors_to_messages,
)


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
        results = results_for_viewer(user, self.scoring_round, organiser=organiser)
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
                for row in score_rows_for_viewer(user, edition, organiser=organiser)
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
                scoring_round=round_of_edition(edition, self.scoring_round.number),
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


class AssignmentAction(PageActionMixin, RoundSettingsView):
    """A button of the round's assignment grid. A round not yet saved has no assignments."""

    def page_url(self):
        return reverse(
            "evaluation:round-settings", args=[self.object.slug, self.scoring_round.number]
        )

    def act(self, form):
        if self.scoring_round.pk is None:
            raise ActionRefused(_("Save the round's settings first."))
        return self.assign()


class AssignmentsAutoView(AssignmentAction):
    def assign(self):
        return assignments_make(scoring_round=self.scoring_round)

    def done(self, added):
        messages.success(self.request, _("%(n)s assignments added.") % {"n": added})


class AssignmentSetView(AssignmentAction):
    """Assign one juror to one entry by hand, or take the assignment back
    (as_view(assigned=False))."""

    assigned = True
    success_message = gettext_lazy("The assignment is saved.")

    def assign(self):
        edition = self.object
        assignment_set(
            scoring_round=self.scoring_round,
            member=get_object_or_404(JuryMember, pk=self.kwargs["member"], edition=edition),
            entry=get_object_or_404(Entry, pk=self.kwargs["entry"], edition=edition),
            assigned=self.assigned,
        )


class ShortlistView(EditionPageMixin, DetailView):
    """The chair moves entries onto the long list and to the finalists, each with a rationale;
    organisers follow it and publish the finalists."""

    permission_required = "evaluation.view_results"
    template_name = "evaluation/shortlist.html"

    def get_context_data(self, **kwargs):
        user, edition = self.request.user, self.object
        organiser = user.has_perm("awards.manage_edition", edition)
        can_decide = user.has_perm("evaluation.shortlist", edition)
        entries = list(shortlist_for_viewer(user, edition, organiser=organiser))
        round_one = results_for_viewer(
            user, round_of_edition(edition, RoundNumber.LONG_LIST), organiser=organiser
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
            shortlist_for_viewer(request.user, edition, organiser=False), pk=kwargs["pk"]
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
