"""One result, shown to each as they may see it.

A conflicted member is shown the jury's order with the entries they are conflicted with taken
out, and the jury's numbers for every entry they see; never an order or a normalisation
recomputed over their subset (Schulze depends on paths through every finalist, a juror's
normalised scores on every entry they scored). Checked on random profiles: ties, rankings
with gaps, scorecards missing, one to three conflicts, the chair among the conflicted."""

import random

import pytest
from django.db import transaction
from django.utils import timezone

from awards.choices import EditionPhase
from evaluation.choices import ConflictRuling, JuryRole, RoundNumber
from evaluation.models import (
    Ballot,
    BallotRank,
    ConflictDeclaration,
    Criterion,
    Score,
    Scorecard,
    ScoringRound,
)
from evaluation.schulze import schulze
from evaluation.selectors import deliberation_for_viewer
from tests import factories
from tests.conftest import shared_database

pytestmark = pytest.mark.django_db

PROFILES = 60
NAMES = ["Växjö", "Sundsvall", "Umeå", "Luleå", "Borås", "Kiruna"]


@pytest.fixture(scope="module")
def jury(django_db_setup, django_db_blocker):
    """Six finalists, two criteria, both rounds closed, four jurors and the chair, an
    organiser. Each profile writes its conflicts, ballots and scores and rolls them back."""
    with shared_database(django_db_blocker):
        edition = factories.make_edition(phase=EditionPhase.REGISTRATION)
        factories.make_questionnaire(edition, questions=1)
        entries = [factories.make_finalist(factories.make_entry(edition, n)) for n in NAMES]
        roles = [JuryRole.CHAIR] + [JuryRole.JUROR] * 4
        members = [
            factories.make_jury_member(edition, role, f"ledamot{n}").jury_seats.get()
            for n, role in enumerate(roles)
        ]
        criteria = [
            Criterion.objects.create(
                edition=edition, position=n, name=f"K{n}", weight=n, scale_labels=list("01234")
            )
            for n in (1, 2)
        ]
        rounds = [
            ScoringRound.objects.create(edition=edition, number=number, is_open=False)
            for number in (RoundNumber.LONG_LIST, RoundNumber.FINAL)
        ]
        organiser = factories.make_organiser(edition, "kansliet")
        yield edition, entries, members, criteria, rounds, organiser


def write_profile(rng, entries, members, criteria, rounds):
    """Random conflicts, ballots and scorecards. Returns the viewer and their conflicts."""
    viewer = rng.choice(members)
    conflicts = {(viewer.pk, e.pk) for e in rng.sample(entries, rng.randint(1, 2))}
    if rng.random() < 0.5:  # another member conflicted too
        other = rng.choice([m for m in members if m != viewer])
        conflicts.add((other.pk, rng.choice(entries).pk))
    ConflictDeclaration.objects.bulk_create(
        ConflictDeclaration(
            member_id=m,
            entry_id=e,
            has_conflict=True,
            kind="employment",
            ruling=ConflictRuling.CONFIRMED,
        )
        for m, e in conflicts
    )
    ranks, cards = [], []
    for member in members:
        own = [e for e in entries if (member.pk, e.pk) not in conflicts]
        ballot = Ballot.objects.create(member=member, version=1)
        ranked = [e for e in own if rng.random() < 0.9]  # now and then one left out
        ranks += [BallotRank(ballot=ballot, entry=e, rank=rng.randint(1, len(own))) for e in ranked]
        for scoring_round in rounds:
            for entry in own:
                if rng.random() < 0.85:
                    cards.append(
                        Scorecard(
                            round=scoring_round,
                            member=member,
                            entry=entry,
                            submitted_at=timezone.now(),
                        )
                    )
    BallotRank.objects.bulk_create(ranks)
    Scorecard.objects.bulk_create(cards)
    Score.objects.bulk_create(
        Score(scorecard=card, criterion=c, value=rng.randint(0, 4))
        for card in Scorecard.objects.filter(round__in=rounds)
        for c in criteria
    )
    hidden = {e for m, e in conflicts if m == viewer.pk}
    return viewer, hidden, conflicts


def pks(order):
    return [[entry.pk for entry in tier] for tier in order]


def test_a_conflicted_member_sees_the_jurys_order_and_numbers(jury):
    edition, entries, members, criteria, rounds, organiser = jury
    rng = random.Random(20261206)  # noqa: S311 -- reproducible profiles, not secrets
    recomputed_differs = 0
    for _profile in range(PROFILES):
        with transaction.atomic():
            viewer, hidden, conflicts = write_profile(rng, entries, members, criteria, rounds)
            whole = deliberation_for_viewer(organiser, edition, organiser=True)
            seen = deliberation_for_viewer(viewer.user, edition, organiser=False)

            expected = [[pk for pk in tier if pk not in hidden] for tier in pks(whole.order)]
            assert pks(seen.order) == [tier for tier in expected if tier]
            assert {row.entry.pk for row in seen.rows} == {e.pk for e in entries} - hidden
            jury_rows = {row.entry.pk: row for row in whole.rows}
            for row in seen.rows:
                for number in ("round_one", "round_two"):
                    mine, theirs = getattr(row, number), getattr(jury_rows[row.entry.pk], number)
                    assert (mine.total, mine.normalised, mine.disagreement) == (
                        theirs.total,
                        theirs.normalised,
                        theirs.disagreement,
                    )
            # What a recomputation over the viewer's subset would have shown, to know that
            # the profiles reach the cases where it matters.
            ballots = {}
            for member_id, entry_id, rank in BallotRank.objects.values_list(
                "ballot__member_id", "entry_id", "rank"
            ):
                if (member_id, entry_id) not in conflicts and entry_id not in hidden:
                    ballots.setdefault(member_id, {})[entry_id] = rank
            visible = [e.pk for e in entries if e.pk not in hidden]
            subset = [list(tier) for tier in schulze(visible, ballots.values()).order]
            recomputed_differs += [sorted(t) for t in subset] != [
                sorted(t) for t in pks(seen.order)
            ]
            transaction.set_rollback(True)
    assert recomputed_differs > 0
    print(f"{PROFILES} profiles; a recomputed order would have differed in {recomputed_differs}")
