"""Reminders as scheduled background tasks: who gets one around each deadline (time travel),
in their language and as plain text, once; none when turned off or when the moment moved."""

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.tasks import default_task_backend
from django.utils import timezone

from awards.choices import EditionPhase
from awards.models import Edition, Reminder
from awards.services import edition_set_phase, edition_update
from awards.tasks import send_draft_reminders
from evaluation.selectors import round_of_edition
from evaluation.services import ScoreInput, round_update, scorecard_save
from evaluation.tasks import send_score_reminders, send_visit_reminders
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def drafts():
    deadline = timezone.now().replace(microsecond=0) + timedelta(days=20)
    edition = factories.make_edition(submission_deadline=deadline)
    draft = factories.make_entry(edition, "Kiruna", submit=False)
    factories.make_entry(edition, "Örebro")  # submitted: no reminder
    swedish = factories.make_contact("Kiruna")
    english = factories.make_contact("Kiruna")
    english.preferred_language = "en"
    english.save()
    factories.make_contact("Örebro")
    return edition, deadline, draft, swedish, english


def run_drafts(edition, deadline, days):
    return send_draft_reminders.call(edition.pk, deadline.isoformat(), days)


def test_draft_reminders_go_out_from_their_moment_to_draft_contacts_only(drafts):
    edition, deadline, _draft, swedish, english = drafts
    with time_machine.travel(deadline - timedelta(days=14, seconds=1)):
        assert run_drafts(edition, deadline, 14) == 0  # a second early: nothing
    with time_machine.travel(deadline - timedelta(days=14)):
        assert run_drafts(edition, deadline, 14) == 2
        assert run_drafts(edition, deadline, 14) == 0  # never twice
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {swedish.email, english.email}
    assert "14 dagar kvar" in by_address[swedish.email].subject
    assert "14 days left" in by_address[english.email].subject
    assert "Kiruna: http" in by_address[swedish.email].body
    assert by_address[swedish.email].alternatives == []  # plain text
    assert Reminder.objects.filter(kind="draft").count() == 2
    with time_machine.travel(deadline - timedelta(days=1)):
        assert run_drafts(edition, deadline, 1) == 2
    with time_machine.travel(deadline + timedelta(seconds=1)):
        assert run_drafts(edition, deadline, 1) == 0


def test_draft_reminders_keep_quiet_when_off_moved_or_extended(drafts):
    edition, deadline, draft, *_people = drafts
    Edition.objects.filter(pk=edition.pk).update(remind_drafts=False)
    with time_machine.travel(deadline - timedelta(days=3)):
        assert run_drafts(edition, deadline, 3) == 0
    Edition.objects.filter(pk=edition.pk).update(
        remind_drafts=True, submission_deadline=deadline + timedelta(days=7)
    )
    with time_machine.travel(deadline - timedelta(days=3)):
        assert run_drafts(edition, deadline, 3) == 0  # the deadline moved: its own reminders
    Edition.objects.filter(pk=edition.pk).update(submission_deadline=deadline)
    type(draft).objects.filter(pk=draft.pk).update(
        deadline_extended_to=deadline + timedelta(days=9)
    )
    with time_machine.travel(deadline - timedelta(days=3)):
        assert run_drafts(edition, deadline, 3) == 0
    assert not mail.outbox


def test_a_new_deadline_schedules_its_reminders(drafts, django_capture_on_commit_callbacks):
    edition, deadline, *_rest = drafts
    new = deadline + timedelta(days=10)
    before = len(default_task_backend.results)
    with django_capture_on_commit_callbacks(execute=True):
        edition_update(edition=edition, actor=None, submission_deadline=new)
    results = default_task_backend.results[before:]
    assert sorted((r.task.run_after, r.args[2]) for r in results) == [
        (new - timedelta(days=14), 14),
        (new - timedelta(days=3), 3),
        (new - timedelta(days=1), 1),
    ]
    assert all(r.args[:2] == [edition.pk, new.isoformat()] for r in results)


def test_jurors_with_scores_left_are_reminded_before_the_round_closes(
    world,
    django_capture_on_commit_callbacks,
):
    edition_set_phase(edition=world.edition, to_phase=EditionPhase.EVALUATION)
    closes = timezone.now().replace(microsecond=0) + timedelta(days=10)
    scoring_round = round_of_edition(world.edition, 1)
    before = len(default_task_backend.results)
    with django_capture_on_commit_callbacks(execute=True):
        scoring_round = round_update(
            scoring_round=scoring_round, seen_version=scoring_round.version, closes_at=closes
        )
    assert len(default_task_backend.results) - before == 2
    criterion = world.edition.criteria.get()
    for entry in (world.entry_a, world.entry_b):  # the juror is done
        scorecard_save(
            member=world.users["juror"].jury_seats.get(),
            scoring_round=scoring_round,
            entry=entry,
            scores={criterion.pk: ScoreInput(1)},
            overall_comment="",
            seen_version=0,
            submit=True,
        )
    with time_machine.travel(closes - timedelta(days=3)):
        assert send_score_reminders.call(scoring_round.pk, closes.isoformat(), 3) == 2
    reminded = {m.to[0] for m in mail.outbox}
    # The chair (two to do) and the conflicted juror (Sundsvall only), never the expert.
    assert reminded == {world.users["chair"].email, world.users["conflicted_juror"].email}
    conflicted = next(m for m in mail.outbox if m.to[0] == world.users["conflicted_juror"].email)
    assert "1 bidrag kvar" in conflicted.body


def test_the_visiting_jury_is_reminded_the_day_before(world, django_capture_on_commit_callbacks):
    factories.make_finalist(world.entry_b)
    starts = timezone.now().replace(microsecond=0) + timedelta(days=5)
    before = len(default_task_backend.results)
    with django_capture_on_commit_callbacks(execute=True):
        visit = factories.make_visit(
            world.entry_b, [world.users["juror"], world.users["chair"]], starts_at=starts
        )
    [scheduled] = default_task_backend.results[before:]
    assert scheduled.task.run_after == starts - timedelta(days=1)
    with time_machine.travel(starts - timedelta(days=1, seconds=1)):
        assert send_visit_reminders.call(visit.pk, starts.isoformat()) == 0
    with time_machine.travel(starts - timedelta(hours=20)):
        assert send_visit_reminders.call(visit.pk, starts.isoformat()) == 2
    assert {m.to[0] for m in mail.outbox} == {
        world.users["juror"].email,
        world.users["chair"].email,
    }
    assert "Stadshuset" in mail.outbox[0].body
    assert "imorgon" in mail.outbox[0].subject.lower() or "i morgon" in mail.outbox[0].subject


def test_schedule_reminders_command_schedules_what_is_ahead(
    drafts, django_capture_on_commit_callbacks
):
    edition, deadline, *_rest = drafts
    soon = timezone.now().replace(microsecond=0) + timedelta(days=2)
    closing = factories.make_edition(submission_deadline=soon)
    closed = factories.make_edition(phase=EditionPhase.EVALUATION)
    before = len(default_task_backend.results)
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("schedule_reminders", stdout=out)
    scheduled = {
        (r.args[0], r.task.run_after, r.args[2])
        for r in default_task_backend.results[before:]
        if r.task.name == send_draft_reminders.name
    }
    assert {s for s in scheduled if s[0] in (edition.pk, closing.pk, closed.pk)} == {
        (edition.pk, deadline - timedelta(days=14), 14),
        (edition.pk, deadline - timedelta(days=3), 3),
        (edition.pk, deadline - timedelta(days=1), 1),
        (closing.pk, soon - timedelta(days=1), 1),  # the others' moments have passed
    }
    assert f"Scheduled {len(scheduled)} draft" in out.getvalue()
