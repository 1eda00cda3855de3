"""Who on the jury may do what. Conflicts of interest are part of the predicates, so every page,
export, PDF and mail that asks these rules honours them."""

import rules

from awards.choices import FINALIST_STANDINGS, JURY_STATES
from awards.rules import can_manage_edition, can_view_entry_as_entrant_or_organiser
from evaluation.choices import EXCLUDING_RULINGS, SCORING_ROLES, JuryRole


@rules.predicate
def is_jury_member(user, edition) -> bool:
    """Jury seats are per edition: a juror in 2025 is nobody on the 2027 jury."""
    if edition is None or not user.is_authenticated:
        return False
    return user.jury_seats.filter(edition_id=edition.pk).exists()


@rules.predicate
def is_jury_chair(user, edition) -> bool:
    if edition is None or not user.is_authenticated:
        return False
    return user.jury_seats.filter(edition_id=edition.pk, role=JuryRole.CHAIR).exists()


@rules.predicate
def is_conflicted(user, entry) -> bool:
    """A declared conflict excludes the member from the entry until the chair dismisses it or
    allows it with a mitigation; a confirmed one excludes for good."""
    if entry is None or not user.is_authenticated:
        return False
    return user.jury_seats.filter(
        edition_id=entry.edition_id,
        declarations__entry_id=entry.pk,
        declarations__has_conflict=True,
        declarations__ruling__in=EXCLUDING_RULINGS,
    ).exists()


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
    roles = set(user.jury_seats.filter(edition_id=entry.edition_id).values_list("role", flat=True))
    if roles & set(SCORING_ROLES):
        return True
    return JuryRole.EXPERT in roles and entry.standing in FINALIST_STANDINGS


can_jury_read_entry = is_reader_of_entry & ~is_conflicted
can_view_jury_page = is_jury_member | can_manage_edition
can_view_conflicts = is_jury_chair | can_manage_edition

rules.set_perm("awards.view_entry", can_view_entry_as_entrant_or_organiser | can_jury_read_entry)
rules.add_perm("evaluation.view_jury", can_view_jury_page)
rules.add_perm("evaluation.view_conflicts", can_view_conflicts)
