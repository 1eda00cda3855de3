"""The jury meeting: the finalists side by side, the rankings and the Schulze order, the
record of the meeting, the decision and the jury's motivation."""

import difflib

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView

from awards.errors import ActionRefused
from awards.views.base import PageActionMixin
from evaluation.choices import MotivationStatus
from evaluation.forms import (
    BallotForm,
    DecisionForm,
    MeetingForm,
    MotivationForm,
    ReasonForm,
    ReviewForm,
)
from evaluation.selectors import (
    ballot_of_member,
    deliberation_for_viewer,
    finalists_of_edition,
    jury_for_edition,
    motivation_state,
    rankable_finalists_for_member,
)
from evaluation.services import (
    ballot_save,
    decision_record,
    meeting_save,
    motivation_draft,
    motivation_finalise,
    motivation_reopen,
    motivation_review,
)
from evaluation.views.base import EditionPageMixin, errors_to_messages


class DeliberationView(EditionPageMixin, DetailView):
    """The jury meeting's page: each finalist with its round 1 and 2 results, disagreement,
    visit reports and marks; the rankings, the Schulze order and its pairwise table beside the
    score order; the meeting record and the decision. A conflicted member sees nothing of the
    entry they are conflicted with."""

    permission_required = "evaluation.deliberate"
    template_name = "evaluation/deliberation.html"

    def get_context_data(self, **kwargs):
        user, edition = self.request.user, self.object
        organiser = user.has_perm("awards.manage_edition", edition)
        deliberation = deliberation_for_viewer(user, edition, organiser=organiser)
        can_decide = user.has_perm("evaluation.decide", edition)
        sees_decision = can_decide or user.has_perm("evaluation.view_decision", edition)
        meeting_form = None
        if can_decide:
            meeting_form = kwargs.pop("meeting_form", None) or MeetingForm(
                members=jury_for_edition(edition).select_related("user"),
                meeting=deliberation.meeting,
            )
        return super().get_context_data(
            deliberation=deliberation,
            pairwise=deliberation.pairwise_table(),
            can_decide=can_decide,
            sees_decision=sees_decision,
            can_rank=user.has_perm("evaluation.rank", edition),
            meeting_form=meeting_form,
            ballots_in=deliberation.ballots_in,
            **kwargs,
        )


class MeetingView(EditionPageMixin, DetailView):
    """The chair records the meeting: when, who attended, the minutes. POST only."""

    permission_required = "evaluation.decide"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        edition = self.get_object()
        form = MeetingForm(request.POST, members=jury_for_edition(edition).select_related("user"))
        back = redirect("evaluation:deliberation", slug=edition.slug)
        if not form.is_valid():
            errors_to_messages(request, form)
            return back
        try:
            meeting_save(
                edition=edition,
                held_at=form.cleaned_data["held_at"],
                attendees=list(form.cleaned_data["attendees"]),
                minutes=form.cleaned_data["minutes"],
                seen_version=form.cleaned_data["seen_version"],
                actor=request.user,
            )
        except ActionRefused as refused:
            messages.error(request, str(refused))
            return back
        messages.success(request, _("The meeting record is saved."))
        return back


class BallotView(EditionPageMixin, DetailView):
    """A juror's ranking of the finalists they may rank."""

    permission_required = "evaluation.rank"
    template_name = "evaluation/ballot.html"

    def form(self, data=None):
        version, ranks = ballot_of_member(self.seat)
        return BallotForm(
            data, entries=rankable_finalists_for_member(self.seat), ranks=ranks, version=version
        )

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.render_page(form=self.form())

    def post(self, request, *args, **kwargs):
        self.object = edition = self.get_object()
        form = self.form(request.POST)
        if "move" in request.POST:
            # Without JavaScript a move is a round trip: the page again, in the new order,
            # nothing saved yet.
            data = request.POST.copy()
            data["order"] = form.moved(request.POST["move"])
            return self.render_page(form=self.form(data), moved=request.POST["move"])
        if not form.is_valid():
            return self.render_page(form=form)
        try:
            ballot_save(
                member=self.seat,
                ranks=form.ranks(),
                seen_version=form.cleaned_data["seen_version"],
            )
        except ActionRefused as refused:
            form.add_error(None, str(refused))
            return self.render_page(form=form)
        messages.success(request, _("Your ranking is saved."))
        return redirect("evaluation:deliberation", slug=edition.slug)


class DecisionView(EditionPageMixin, DetailView):
    """The chair records the decision: winner(s), honourable mentions, or no winner."""

    permission_required = "evaluation.decide"
    template_name = "evaluation/decision.html"

    def form(self, data=None):
        edition = self.get_object()
        decision = getattr(edition, "decision", None)
        finalists = finalists_of_edition(edition).filter(
            pk__in=[e.pk for e in rankable_finalists_for_member(self.seat)]
        )
        return DecisionForm(data, finalists=finalists, decision=decision)

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.render_page(form=self.form())

    def post(self, request, *args, **kwargs):
        self.object = edition = self.get_object()
        form = self.form(request.POST)
        if not form.is_valid():
            return self.render_page(form=form)
        try:
            decision_record(
                edition=edition,
                outcome=form.cleaned_data["outcome"],
                winners=list(form.cleaned_data["winners"]),
                mentions=list(form.cleaned_data["mentions"]),
                reason=form.cleaned_data["reason"],
                seen_version=form.cleaned_data["seen_version"],
                actor=request.user,
            )
        except ActionRefused as refused:
            form.add_error(None, str(refused))
            return self.render_page(form=form)
        messages.success(
            request,
            _("The decision is recorded. It stays with the jury until the announcement."),
        )
        return redirect("evaluation:deliberation", slug=edition.slug)


def _diff(older, newer) -> list[tuple[str, str]]:
    """The newer version's text word by word against the older: ("=", words) unchanged,
    ("-", words) taken out, ("+", words) put in, in reading order."""
    a, b = older.text.split(), newer.text.split()
    changes = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            changes.append(("=", " ".join(a[i1:i2])))
        if tag in ("replace", "delete"):
            changes.append(("-", " ".join(a[i1:i2])))
        if tag in ("replace", "insert"):
            changes.append(("+", " ".join(b[j1:j2])))
    return changes


class MotivationView(EditionPageMixin, DetailView):
    """The motivation: the chair drafts versions (with a live word count), jurors approve or
    comment, the history of versions and events, finalising and reopening. Each of those is
    an action of its own below, at its own URL."""

    permission_required = "evaluation.view_motivation"
    template_name = "evaluation/motivation.html"

    def handle_no_permission(self):
        # A member conflicted with the winner may not know what the motivation says.
        raise Http404

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.render_page()

    def get_context_data(self, **kwargs):
        user, edition = self.request.user, self.object
        state = motivation_state(edition)
        version = state.motivation.version if state.motivation else 0
        final = state.motivation is not None and state.motivation.status == MotivationStatus.FINAL
        can_draft = user.has_perm("evaluation.draft_motivation", edition)
        can_review = user.has_perm("evaluation.review_motivation", edition) and any(
            m.user_id == user.pk for m in state.approvers
        )
        history = [
            (newer, _diff(older, newer))
            for newer, older in zip(state.versions, state.versions[1:], strict=False)
        ]
        if can_draft and not final:
            kwargs.setdefault("draft_form", MotivationForm(current=state.current, version=version))
            kwargs.setdefault("finalise_form", ReasonForm(initial={"seen_version": version}))
        if can_review and state.current and not final:
            kwargs.setdefault("review_form", ReviewForm(initial={"seen_version": version}))
        if final and user.has_perm("evaluation.reopen_motivation", edition):
            kwargs.setdefault("reopen_form", ReasonForm(initial={"seen_version": version}))
        return super().get_context_data(
            state=state,
            final=final,
            history=dict((v.pk, changes) for v, changes in history),
            decision=getattr(edition, "decision", None),
            own_review=state.reviews.get(self.seat.pk) if self.seat else None,
            **kwargs,
        )


class MotivationAction(PageActionMixin, MotivationView):
    def page_url(self):
        return reverse("evaluation:motivation", args=[self.object.slug])


class MotivationDraftView(MotivationAction):
    action_permission = "evaluation.draft_motivation"
    form_class = MotivationForm
    form_name = "draft_form"
    success_message = gettext_lazy("The new version is saved and sent to the jury.")

    def act(self, form):
        motivation_draft(edition=self.object, actor=self.request.user, **form.cleaned_data)


class MotivationReviewView(MotivationAction):
    action_permission = "evaluation.review_motivation"
    form_class = ReviewForm
    form_name = "review_form"
    success_message = gettext_lazy("Your review is recorded.")

    def may_act(self):
        return super().may_act() and self.seat is not None

    def act(self, form):
        motivation_review(
            edition=self.object,
            member=self.seat,
            approved=form.cleaned_data["decision"] == "approve",
            comment=form.cleaned_data["comment"],
            seen_version=form.cleaned_data["seen_version"],
        )


class MotivationFinaliseView(MotivationAction):
    action_permission = "evaluation.draft_motivation"
    form_class = ReasonForm
    form_name = "finalise_form"
    success_message = gettext_lazy("The motivation is final.")

    def act(self, form):
        motivation_finalise(
            edition=self.object,
            reason=form.cleaned_data["reason"],
            seen_version=form.cleaned_data["seen_version"],
            actor=self.request.user,
        )


class MotivationReopenView(MotivationAction):
    action_permission = "evaluation.reopen_motivation"
    form_class = ReasonForm
    form_name = "reopen_form"
    success_message = gettext_lazy("The motivation is reopened.")

    def act(self, form):
        motivation_reopen(
            edition=self.object, reason=form.cleaned_data["reason"], actor=self.request.user
        )
