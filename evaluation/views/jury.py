"""The jury itself: a member's home (their work queue), declarations of interest and the chair's
rulings, and the jury's members."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import DetailView

from awards.choices import EditionPhase
from awards.errors import ActionRefused
from awards.views.base import PageActionMixin
from evaluation.choices import JuryRole, RoundNumber
from evaluation.forms import (
    DeclarationsForm,
    JuryInviteForm,
    JuryMemberForm,
    RulingForm,
)
from evaluation.models import ConflictDeclaration, JuryMember
from evaluation.selectors import (
    declaration_rows_for_member,
    declarations_for_chair,
    declarations_of_member,
    entries_for_jury_member,
    entries_shuffled_for_user,
    jury_for_edition,
    results_for_viewer,
    round_of_edition,
    scoring_rows_for_member,
)
from evaluation.services import (
    Declaration,
    conflict_rule,
    conflicts_declare,
    jury_invite,
    jury_member_add,
    jury_member_remove,
)
from evaluation.views.base import (
    EditionPageMixin,
    errors_to_messages,
)


class JuryHomeView(EditionPageMixin, DetailView):
    """A jury member's start page for one edition: what to do next (declare, score), the
    entries they may read in an order of their own, and their declarations."""

    permission_required = "evaluation.view_jury"
    template_name = "evaluation/jury_home.html"

    def get_context_data(self, **kwargs):
        edition, user, seat = self.object, self.request.user, self.seat
        rows = declaration_rows_for_member(seat) if seat else []
        undeclared = [row for row in rows if row.declaration is None]
        can_view_results = user.has_perm("evaluation.view_results", edition)
        own_declarations = list(declarations_of_member(user, edition)) if seat else []
        progress_round, progress = None, []
        if can_view_results and edition.phase != EditionPhase.SETUP:
            later = edition.phase not in (EditionPhase.REGISTRATION, EditionPhase.EVALUATION)
            progress_round = round_of_edition(
                edition, RoundNumber.FINAL if later else RoundNumber.LONG_LIST
            )
            organiser = user.has_perm("awards.manage_edition", edition)
            progress = results_for_viewer(user, progress_round, organiser=organiser).progress
        return super().get_context_data(
            progress=progress,
            progress_round=progress_round,
            queue=self.work_queue(seat) if seat and not undeclared else None,
            rounds_reached=self.rounds_reached(edition),
            seat=seat,
            undeclared=undeclared,
            suggested=[row for row in undeclared if row.suggested],
            entries=entries_shuffled_for_user(user, entries_for_jury_member(user, edition))
            if seat
            else [],
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
        scoring_round = round_of_edition(seat.edition, reached[-1])
        rows = scoring_rows_for_member(seat, scoring_round)
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
        return self.render_page(form=DeclarationsForm(rows=declaration_rows_for_member(self.seat)))

    def post(self, request, *args, **kwargs):
        self.object = edition = self.get_object()
        form = DeclarationsForm(request.POST, rows=declaration_rows_for_member(self.seat))
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
        rows = declaration_rows_for_member(self.seat)
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
    """Change a member's role, organisation or capacity. POST."""

    permission_required = "evaluation.manage_jury"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        edition = self.get_object()
        member = get_object_or_404(
            JuryMember.objects.select_related("user"), pk=kwargs["pk"], edition=edition
        )
        back = redirect("evaluation:jury-members", slug=edition.slug)
        form = JuryMemberForm(request.POST, prefix=f"m{member.pk}")
        if not form.is_valid():
            errors_to_messages(request, form)
            return back
        try:
            jury_member_add(edition=edition, user=member.user, **form.cleaned_data)
        except ActionRefused as refused:
            messages.error(request, str(refused))
            return back
        messages.success(request, _("%(name)s is saved.") % {"name": member.user})
        return back


class JuryMemberRemoveView(PageActionMixin, JuryMembersView):
    """Take a person off the jury; one who has scored stays on the record (refused)."""

    def act(self, form):
        member = get_object_or_404(
            JuryMember.objects.select_related("user"), pk=self.kwargs["pk"], edition=self.object
        )
        jury_member_remove(member=member)
        return member

    def done(self, member):
        messages.success(self.request, _("%(name)s is off the jury.") % {"name": member.user})

    def page_url(self):
        return reverse("evaluation:jury-members", args=[self.object.slug])
