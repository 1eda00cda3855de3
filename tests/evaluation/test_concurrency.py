"""Two saves at the same moment, each on its own database connection (run on SQLite and on
PostgreSQL): compare-and-set and the unique constraint let exactly one win, and the loser is
told instead of overwriting unseen."""

import threading

import pytest
from django.db import connection

from awards.errors import ActionRefused
from awards.models import Criterion
from evaluation.models import Scorecard, ScorecardRevision
from evaluation.selectors import round_of_edition
from evaluation.services import ScoreInput, scorecard_save
from tests.conftest import build_world

# Committed transactions of their own: tests/conftest.py puts the municipalities back after
# each test's flush.
pytestmark = pytest.mark.django_db(transaction=True)


def race(calls):
    """Run each call in its own thread and connection, released together; return outcomes."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            outcomes[index] = call()
        except ActionRefused as refused:
            outcomes[index] = refused
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def save(world, role, value, seen_version, comment):
    member = world.users[role].jury_seats.get()
    criterion = Criterion.objects.get(edition=world.edition)

    def call():
        return scorecard_save(
            member=member,
            scoring_round=round_of_edition(world.edition, 1),
            entry=world.entry_a,
            scores={criterion.pk: ScoreInput(value, comment)},
            overall_comment=comment,
            seen_version=seen_version,
            submit=False,
        )

    return call


def test_one_juror_in_two_tabs_saving_at_once_loses_nothing_unseen():
    world = build_world()
    save(world, "juror", 1, 0, "först")()
    outcomes = race([save(world, "juror", 0, 1, "flik A"), save(world, "juror", 1, 1, "flik B")])
    winners = [o for o in outcomes if isinstance(o, Scorecard)]
    losers = [o for o in outcomes if isinstance(o, ActionRefused)]
    assert len(winners) == 1, outcomes
    assert len(losers) == 1
    card = Scorecard.objects.get(member__user=world.users["juror"])
    assert card.version == 2
    assert card.overall_comment == winners[0].overall_comment
    assert ScorecardRevision.objects.filter(scorecard=card).count() == 2


def test_two_first_saves_at_once_make_one_scorecard():
    world = build_world()
    outcomes = race([save(world, "juror", 0, 0, "flik A"), save(world, "juror", 1, 0, "flik B")])
    assert sum(isinstance(o, Scorecard) for o in outcomes) == 1, outcomes
    assert Scorecard.objects.filter(member__user=world.users["juror"]).count() == 1


def test_two_jurors_saving_at_once_both_succeed():
    world = build_world()
    outcomes = race([save(world, "juror", 1, 0, "juror"), save(world, "chair", 0, 0, "chair")])
    assert all(isinstance(o, Scorecard) for o in outcomes), outcomes
    assert Scorecard.objects.filter(entry=world.entry_a).count() == 2
