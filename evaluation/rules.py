"""Who on the jury may do what. Conflicts of interest and the declaration before access are part
of the predicates, so every page, export, PDF and mail that asks these rules honours them."""

import rules
from django.core.exceptions import ObjectDoesNotExist

from accounts.viewer import forget_answers, viewer_of
from awards.choices import FINALIST_STANDINGS, JURY_STATES
from awards.rules import (
    can_manage_edition,
    can_view_entry_as_entrant_or_organiser,
    is_entry_contact,
    is_entry_organiser,
    is_platform_admin,
)
from evaluation.choices import EXCLUDING_RULINGS, SCORING_ROLES, JuryRole


def _seats(user):
    """The person's jury seats, in every edition."""
    return user.jury_seats.all()


def _roles(user, edition_id) -> set[str]:
    return set(_seats(user).filter(edition_id=edition_id).values_list("role", flat=True))


def seat_on(user, edition):
    """The person's seat on the edition's jury, or None: read once per request and edition (a
    page asks several predicates about its edition, then shows the seat), with its user and
    edition already in hand."""
    if not user.is_authenticated:
        return None

    def read():
        seat = _seats(user).filter(edition_id=edition.pk).order_by().first()
        if seat is not None:
            seat.user, seat.edition = user, edition
        return seat

    return viewer_of(user).answer("jury_seat", edition.pk, read)


def forget_seats() -> None:
    """After a seat is given, changed or taken: the request reads seats afresh."""
    forget_answers("jury_seat")


@rules.predicate
def is_jury_member(user, edition) -> bool:
    """Jury seats are per edition: a juror in 2025 is nobody on the 2027 jury."""
    return edition is not None and seat_on(user, edition) is not None


@rules.predicate
def is_jury_chair(user, edition) -> bool:
    seat = seat_on(user, edition) if edition is not None else None
    return seat is not None and seat.role == JuryRole.CHAIR


@rules.predicate
def is_scorer(user, edition) -> bool:
    """Jurors and the chair score; site-visit experts do not."""
    seat = seat_on(user, edition) if edition is not None else None
    return seat is not None and seat.role in SCORING_ROLES


@rules.predicate
def is_scorer_of_entry(user, entry) -> bool:
    if entry is None or not user.is_authenticated:
        return False
    return _seats(user).filter(edition_id=entry.edition_id, role__in=SCORING_ROLES).exists()


@rules.predicate
def is_conflicted(user, entry) -> bool:
    """A declared conflict excludes the member from the entry until the chair dismisses it or
    allows it with a mitigation; a confirmed one excludes for good."""
    if entry is None or not user.is_authenticated:
        return False
    return (
        _seats(user)
        .filter(
            edition_id=entry.edition_id,
            declarations__entry_id=entry.pk,
            declarations__has_conflict=True,
            declarations__ruling__in=EXCLUDING_RULINGS,
        )
        .exists()
    )


@rules.predicate
def is_reader_of_entry(user, entry) -> bool:
    """Jurors and the chair read every submitted entry of their edition; site-visit experts
    read only finalists' entries. Drafts stay with the municipality."""
    if (
        entry is None
        or not user.is_authenticated
        or entry.state not in JURY_STATES
        or not entry.competing
    ):
        return False
    roles = _roles(user, entry.edition_id)
    if roles & set(SCORING_ROLES):
        return True
    return JuryRole.EXPERT in roles and entry.standing in FINALIST_STANDINGS


@rules.predicate
def has_declared_on_every_entry(user, entry) -> bool:
    """A jury member sees no entry's content before declaring, for every entry they would read
    in the edition, either a conflict of interest or none."""
    if entry is None or not user.is_authenticated:
        return False
    candidates = type(entry).objects.filter(
        edition_id=entry.edition_id, state__in=JURY_STATES, competing=True
    )
    if not _roles(user, entry.edition_id) & set(SCORING_ROLES):
        candidates = candidates.filter(standing__in=FINALIST_STANDINGS)
    return not candidates.exclude(conflict_declarations__member__user=user).exists()


@rules.predicate
def is_own_declaration(user, declaration) -> bool:
    return declaration is not None and declaration.member.user_id == user.pk


@rules.predicate
def is_chair_of_declaration(user, declaration) -> bool:
    if declaration is None or not user.is_authenticated:
        return False
    return (
        _seats(user).filter(edition_id=declaration.member.edition_id, role=JuryRole.CHAIR).exists()
    )


@rules.predicate
def is_organiser_of_declaration(user, declaration) -> bool:
    if declaration is None or not user.is_authenticated:
        return False
    return user.organiser_roles.filter(edition_id=declaration.member.edition_id).exists()


can_jury_read_entry = is_reader_of_entry & ~is_conflicted & has_declared_on_every_entry


# Site visits: predicates on a visit ask about its entry.


@rules.predicate
def can_jury_read_visit_entry(user, visit) -> bool:
    """Everything about a visit is about its entry: who may not read the entry may not know
    of the visit."""
    return visit is not None and can_jury_read_entry(user, visit.entry)


@rules.predicate
def is_visit_participant(user, visit) -> bool:
    if visit is None or not user.is_authenticated:
        return False
    return visit.participants.filter(user_id=user.pk).exists()


@rules.predicate
def is_chair_of_visit(user, visit) -> bool:
    if visit is None or not user.is_authenticated:
        return False
    return _seats(user).filter(edition_id=visit.entry.edition_id, role=JuryRole.CHAIR).exists()


@rules.predicate
def is_organiser_of_visit(user, visit) -> bool:
    return visit is not None and (is_platform_admin(user) or is_entry_organiser(user, visit.entry))


@rules.predicate
def is_contact_of_visit(user, visit) -> bool:
    """The visited municipality's contacts, once the finalists are public (a visit before that
    would tell them they are finalists early)."""
    return (
        visit is not None
        and visit.entry.edition.finalists_are_public()
        and is_entry_contact(user, visit.entry)
    )


@rules.predicate
def is_conflicted_with_a_finalist(user, edition) -> bool:
    """A member conflicted with any finalist is kept out of the decision (the meeting's minutes,
    the decision, the motivation and its approval), whoever wins. Were only a member conflicted
    with the winner kept out, being kept out would itself tell them who won."""
    if edition is None or not user.is_authenticated:
        return False
    return (
        _seats(user)
        .filter(
            edition_id=edition.pk,
            declarations__entry__standing__in=FINALIST_STANDINGS,
            declarations__has_conflict=True,
            declarations__ruling__in=EXCLUDING_RULINGS,
        )
        .exists()
    )


# The jury reads a visit as it reads the visited entry: a conflicted member never does.
can_view_visit_as_jury = can_jury_read_visit_entry | is_organiser_of_visit
can_view_jury_page = is_jury_member | can_manage_edition
can_view_conflicts = is_jury_chair | can_manage_edition
# The chair rules on the jury's conflicts; an organiser rules on the chair's own.
can_rule_on_conflict = (
    (is_chair_of_declaration & ~is_own_declaration)
    | is_organiser_of_declaration
    | is_platform_admin
)

rules.set_perm("awards.view_entry", can_view_entry_as_entrant_or_organiser | can_jury_read_entry)
rules.add_perm("evaluation.view_jury", can_view_jury_page)
rules.add_perm("evaluation.declare_conflicts", is_jury_member)
rules.add_perm("evaluation.view_conflicts", can_view_conflicts)
rules.add_perm("evaluation.rule_conflict", can_rule_on_conflict)
rules.add_perm("evaluation.score_entry", is_scorer_of_entry & can_jury_read_entry)
rules.add_perm("evaluation.mark_entry", can_jury_read_entry)
rules.add_perm("evaluation.view_scoring", is_scorer)
rules.add_perm("evaluation.view_results", is_jury_chair | can_manage_edition)
rules.add_perm("evaluation.shortlist", is_jury_chair)
rules.add_perm("evaluation.manage_jury", can_manage_edition)
rules.add_perm("evaluation.manage_visits", is_jury_chair | can_manage_edition)
rules.add_perm("evaluation.view_visit", can_view_visit_as_jury)
rules.add_perm("evaluation.write_visit_notes", is_visit_participant & can_jury_read_visit_entry)
rules.add_perm("evaluation.write_visit_report", is_chair_of_visit & can_jury_read_visit_entry)
rules.add_perm("evaluation.view_visit_as_entrant", is_contact_of_visit)
rules.add_perm("evaluation.deliberate", is_scorer | can_manage_edition)
rules.add_perm("evaluation.rank", is_scorer)
rules.add_perm("evaluation.decide", is_jury_chair)
can_view_decision = (is_scorer & ~is_conflicted_with_a_finalist) | can_manage_edition
rules.add_perm("evaluation.view_decision", can_view_decision)
rules.add_perm("evaluation.view_motivation", can_view_decision)
rules.add_perm("evaluation.review_motivation", is_scorer & ~is_conflicted_with_a_finalist)
rules.add_perm("evaluation.draft_motivation", is_jury_chair & ~is_conflicted_with_a_finalist)
rules.add_perm("evaluation.reopen_motivation", is_jury_chair | can_manage_edition)
rules.add_perm("evaluation.view_feedback_list", is_jury_chair | can_manage_edition)
rules.add_perm("evaluation.release_feedback", can_manage_edition)
rules.add_perm("evaluation.draft_feedback", is_jury_chair)


@rules.predicate
def is_chair_reading_entry(user, entry) -> bool:
    """The chair of the entry's edition, free of conflicts with it and having declared."""
    if entry is None or not user.is_authenticated:
        return False
    chairs = _seats(user).filter(edition_id=entry.edition_id, role=JuryRole.CHAIR)
    return chairs.exists() and can_jury_read_entry(user, entry)


@rules.predicate
def is_released_feedback_for_entrant(user, entry) -> bool:
    """An entrant reads the jury's feedback once it is released and the decision is public."""
    if entry is None or not is_entry_contact(user, entry):
        return False
    try:
        feedback = entry.feedback
    except ObjectDoesNotExist:
        return False
    return feedback.is_public_to_entrant()


rules.add_perm("evaluation.write_feedback", is_chair_reading_entry)
rules.add_perm(
    "evaluation.view_feedback",
    is_chair_reading_entry
    | is_entry_organiser
    | is_platform_admin
    | is_released_feedback_for_entrant,
)
