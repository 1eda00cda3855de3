"""Reads for the jury. Each selector applies the same rules as evaluation/rules.py, in SQL."""

import hashlib

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from awards.choices import FINALIST_STANDINGS, JURY_STATES
from awards.models import Edition, Entry, Municipality
from evaluation.choices import EXCLUDING_RULINGS, SCORING_ROLES, JuryRole
from evaluation.models import ConflictDeclaration, JuryMember


def entries_for_jury_member(user, edition) -> QuerySet[Entry]:
    """The entries a jury member may read: submitted ones (finalists only for experts),
    never one they have a standing conflict with."""
    roles = set(
        JuryMember.objects.filter(edition=edition, user=user).values_list("role", flat=True)
    )
    entries = Entry.objects.filter(edition=edition, state__in=JURY_STATES, competing=True)
    if not roles & set(SCORING_ROLES):
        if JuryRole.EXPERT not in roles:
            return entries.none()
        entries = entries.filter(standing__in=FINALIST_STANDINGS)
    conflicted = ConflictDeclaration.objects.filter(
        entry=OuterRef("pk"),
        member__user=user,
        member__edition=edition,
        has_conflict=True,
        ruling__in=EXCLUDING_RULINGS,
    )
    return entries.filter(~Exists(conflicted)).prefetch_related(
        Prefetch("municipalities", queryset=Municipality.objects.order_by("name"))
    )


def shuffled_for(user, entries) -> list[Entry]:
    """A stable order of its own for each juror, so that no entry is always read first."""

    def key(entry):
        return hashlib.sha256(f"{user.pk}:{entry.pk}".encode()).hexdigest()

    return sorted(entries, key=key)


def jury_for_edition(edition) -> QuerySet[JuryMember]:
    return JuryMember.objects.filter(edition=edition).select_related("user").order_by("role")


def declarations_for_chair(edition) -> QuerySet[ConflictDeclaration]:
    """Every declared conflict in the edition, for the chair and organisers to rule on."""
    return (
        ConflictDeclaration.objects.filter(member__edition=edition, has_conflict=True)
        .select_related("member__user", "entry", "ruled_by")
        .order_by("entry__title", "member__user__username")
    )


def declarations_of_member(user, edition) -> QuerySet[ConflictDeclaration]:
    return (
        ConflictDeclaration.objects.filter(member__edition=edition, member__user=user)
        .select_related("entry")
        .order_by("entry__title")
    )


def jury_editions_for_user(user) -> QuerySet[Edition]:
    return Edition.objects.filter(jury__user=user).select_related("award").order_by("-year")
