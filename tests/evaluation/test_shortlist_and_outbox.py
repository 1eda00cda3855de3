"""The chair's long list and finalists, their publication at a chosen moment, and the outbox
of messages to the entrants."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.tasks import default_task_backend
from django.urls import reverse
from django.utils import timezone

from awards.choices import EditionPhase, EntryStanding
from awards.errors import ActionRefused
from awards.models import Entry, MunicipalityContact, OutboxMessage
from awards.services import (
    edition_update,
    edition_walk_to_phase,
    outbox_prepare,
    outbox_send,
)
from awards.tasks import send_outbox_message
from evaluation.models import StandingDecision
from evaluation.services import conflict_declare, standing_decide
from evaluation.transitions import STANDING_TRANSITIONS

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluating(world):
    edition_walk_to_phase(edition=world.edition, to_phase=EditionPhase.EVALUATION)
    # The jury evaluates after the deadline (the timeline keeps the finalists after it).
    now = timezone.now()
    type(world.edition).objects.filter(pk=world.edition.pk).update(
        registration_opens_at=now - timedelta(days=60), submission_deadline=now - timedelta(days=5)
    )
    world.edition.refresh_from_db()
    return world


PAIRS = [(a, b) for a in EntryStanding.values for b in EntryStanding.values if a != b]


@pytest.mark.parametrize(("from_standing", "to_standing"), PAIRS)
def test_standing_moves_follow_the_table(evaluating, from_standing, to_standing):
    entry = evaluating.entry_a
    Entry.objects.filter(pk=entry.pk).update(standing=from_standing)
    entry.refresh_from_db()
    chair = evaluating.users["chair"]
    if to_standing in STANDING_TRANSITIONS[from_standing]:
        standing_decide(entry=entry, to_standing=to_standing, rationale="Skäl", actor=chair)
        assert Entry.objects.get(pk=entry.pk).standing == to_standing
        decision = StandingDecision.objects.get(entry=entry)
        assert (decision.from_standing, decision.to_standing, decision.note) == (
            from_standing,
            to_standing,
            "Skäl",
        )
    else:
        with pytest.raises(ActionRefused):
            standing_decide(entry=entry, to_standing=to_standing, rationale="Skäl", actor=chair)
        assert Entry.objects.get(pk=entry.pk).standing == from_standing
        assert not StandingDecision.objects.exists()


def decide_url(world, entry):
    return reverse("evaluation:standing-decide", args=[world.edition.slug, entry.pk])


def decide(world, role, entry, to, rationale="Starkast i omgång 1."):
    prefix = f"e{entry.pk}"
    return world.client_for(role).post(
        decide_url(world, entry),
        {f"{prefix}-to_standing": to, f"{prefix}-rationale": rationale},
        follow=True,
    )


def test_the_chair_moves_an_entry_to_the_long_list_and_on_to_the_finalists(evaluating):
    decide(evaluating, "chair", evaluating.entry_a, "long_list")
    body = decide(evaluating, "chair", evaluating.entry_a, "finalist").content.decode()
    assert Entry.objects.get(pk=evaluating.entry_a.pk).standing == EntryStanding.FINALIST
    assert "Starkast i omgång 1." in body
    assert StandingDecision.objects.filter(entry=evaluating.entry_a).count() == 2


@pytest.mark.parametrize(
    ("to", "rationale", "message"),
    [
        ("long_list", "", "Detta fält måste fyllas i"),
        ("finalist", "Hoppa över", "Välj ett giltigt alternativ"),
        ("winner", "Vinnare", "Välj ett giltigt alternativ"),
        ("long_list", "x" * 2001, "som mest 2000 tecken"),
    ],
)
def test_a_bad_decision_changes_nothing_and_says_why(evaluating, to, rationale, message):
    body = decide(evaluating, "chair", evaluating.entry_a, to, rationale).content.decode()
    assert message in body
    assert Entry.objects.get(pk=evaluating.entry_a.pk).standing == EntryStanding.ENTRANT
    assert not StandingDecision.objects.exists()


def test_shortlisting_waits_for_the_evaluation_phase(world):
    body = decide(world, "chair", world.entry_a, "long_list").content.decode()
    assert "medan juryn bedömer" in body
    assert Entry.objects.get(pk=world.entry_a.pk).standing == EntryStanding.ENTRANT


def test_only_the_chair_decides_and_never_on_an_entry_the_chair_is_conflicted_with(evaluating):
    assert decide(evaluating, "organiser", evaluating.entry_a, "long_list").status_code == 403
    assert decide(evaluating, "juror", evaluating.entry_a, "long_list").status_code == 403
    chair_seat = evaluating.users["chair"].jury_seats.get()
    conflict_declare(member=chair_seat, entry=evaluating.entry_b, has_conflict=True, kind="board")
    assert decide(evaluating, "chair", evaluating.entry_b, "long_list").status_code == 404
    page = evaluating.client_for("chair").get(
        reverse("evaluation:shortlist", args=[evaluating.edition.slug])
    )
    assert decide_url(evaluating, evaluating.entry_b) not in page.content.decode()
    assert Entry.objects.get(pk=evaluating.entry_b.pk).standing == EntryStanding.ENTRANT


def test_a_move_made_meanwhile_is_not_undone(evaluating):
    stale = Entry.objects.get(pk=evaluating.entry_a.pk)
    standing_decide(entry=evaluating.entry_a, to_standing="long_list", rationale="A", actor=None)
    with pytest.raises(ActionRefused):
        standing_decide(entry=stale, to_standing="long_list", rationale="B", actor=None)
    assert StandingDecision.objects.count() == 1


def make_finalist(world):
    standing_decide(entry=world.entry_a, to_standing="long_list", rationale="A", actor=None)
    standing_decide(entry=world.entry_a, to_standing="finalist", rationale="A", actor=None)


def publish(world, at):
    url = reverse("awards:finalists-publish", args=[world.edition.slug])
    local = timezone.localtime(at).strftime("%Y-%m-%dT%H:%M")
    return world.client_for("organiser").post(url, {"at": local}, follow=True)


def test_finalists_become_public_at_the_moment_the_organiser_chose(evaluating):
    world = evaluating
    make_finalist(world)
    publish(world, timezone.now() + timedelta(hours=2))
    public = world.client_for("anonymous").get(world.edition.get_absolute_url()).content.decode()
    assert 'id="finalists"' not in public
    own = world.client_for("municipality_a").get(reverse("awards:entry-list")).content.decode()
    assert "Slutnominerad</td>" not in own
    publish(world, timezone.now() - timedelta(minutes=1))
    public = world.client_for("anonymous").get(world.edition.get_absolute_url()).content.decode()
    assert 'id="finalists"' in public
    assert "Växjö" in public
    own = world.client_for("municipality_a").get(reverse("awards:entry-list")).content.decode()
    assert "Slutnominerad</td>" in own


def test_publishing_needs_a_finalist_and_a_valid_moment(evaluating):
    world = evaluating
    before = world.edition.finalists_announce_at
    body = publish(world, timezone.now()).content.decode()
    assert "Juryn har inte valt någon slutnominerad ännu." in body
    make_finalist(world)
    body = publish(world, world.edition.announce_at + timedelta(days=1)).content.decode()
    assert "innan vinnaren tillkännages" in body
    url = reverse("awards:finalists-publish", args=[world.edition.slug])
    body = world.client_for("organiser").post(url, {"at": "i morgon"}, follow=True)
    assert "Ange" in body.content.decode() or "giltig" in body.content.decode()
    world.edition.refresh_from_db()
    assert world.edition.finalists_announce_at == before


def test_the_outbox_prepares_a_message_per_contact_in_their_language(evaluating):
    world = evaluating
    make_finalist(world)
    english = world.users["municipality_b"]
    english.preferred_language = "en"
    english.save()
    assert outbox_prepare(edition=world.edition) == 2
    finalist = OutboxMessage.objects.get(entry=world.entry_a)
    assert finalist.kind == OutboxMessage.Kind.FINALIST
    assert "ni är bland de slutnominerade" in finalist.subject
    other = OutboxMessage.objects.get(entry=world.entry_b)
    assert other.kind == OutboxMessage.Kind.NOT_ADVANCING
    assert other.language == "en"
    assert "not among them" in other.body
    # Preparing again keeps what is there (an organiser may have edited it).
    assert outbox_prepare(edition=world.edition) == 0


def test_sending_waits_for_the_finalists_moment_and_records_each_mail(
    evaluating, django_capture_on_commit_callbacks
):
    world = evaluating
    make_finalist(world)
    outbox_prepare(edition=world.edition)
    moment = timezone.now() + timedelta(days=2)
    world.edition.finalists_announce_at = moment
    world.edition.save()
    ids = list(OutboxMessage.objects.values_list("pk", flat=True))
    before = len(default_task_backend.results)
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox_send(edition=world.edition, message_ids=ids) == 2
    results = default_task_backend.results[before:]
    assert len(results) == 2
    assert all(result.task.run_after == moment for result in results)
    # Run before its moment, the task leaves the message queued.
    assert send_outbox_message.call(ids[0]) is False
    assert not mail.outbox
    with time_machine.travel(moment):
        assert send_outbox_message.call(ids[0]) is True
        assert send_outbox_message.call(ids[0]) is False  # never twice
    sent = OutboxMessage.objects.get(pk=ids[0])
    assert sent.status == OutboxMessage.Status.SENT
    assert sent.sent_at is not None
    [message] = mail.outbox
    assert message.to == [sent.email]


@pytest.mark.parametrize("stage", ["finalists", "decision"])
def test_a_postponed_moment_holds_back_mail_queued_for_the_old_one(
    evaluating, stage, django_capture_on_commit_callbacks
):
    """Queued for a moment four minutes ahead, then the moment is moved two days on: the task
    that runs at the old moment sends nothing, and the mail is queued again for the new one."""
    world = evaluating
    make_finalist(world)
    field = "finalists_announce_at" if stage == "finalists" else "announce_at"
    if stage == "decision":
        Entry.objects.filter(pk=world.entry_a.pk).update(standing=EntryStanding.WINNER)
        edition_update(
            edition=world.edition,
            actor=None,
            finalists_announce_at=timezone.now() - timedelta(days=1),
        )
        edition_walk_to_phase(edition=world.edition, to_phase=EditionPhase.DECIDED)
    outbox_prepare(edition=world.edition, stage=stage)
    old = timezone.now().replace(microsecond=0) + timedelta(minutes=4)
    edition_update(edition=world.edition, actor=None, **{field: old})
    ids = list(OutboxMessage.objects.values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        outbox_send(edition=world.edition, message_ids=ids)
    new = old + timedelta(days=2)
    before = len(default_task_backend.results)
    with django_capture_on_commit_callbacks(execute=True):
        edition_update(edition=world.edition, actor=None, **{field: new})
    again = default_task_backend.results[before:]
    assert sorted(r.args[0] for r in again) == sorted(ids)
    assert {r.task.run_after for r in again} == {new}
    with time_machine.travel(old + timedelta(seconds=1)):
        assert [send_outbox_message.call(pk) for pk in ids] == [False] * len(ids)
    assert not mail.outbox
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {"queued"}
    with time_machine.travel(new):
        assert all(send_outbox_message.call(pk) for pk in ids)
    assert len(mail.outbox) == len(ids)


def test_the_task_asks_the_edition_for_its_moment_when_it_runs(
    evaluating, django_capture_on_commit_callbacks
):
    """However the moment was moved (here straight in the database, as the admin site would),
    the task reads it when it runs, not the moment it was queued for."""
    world = evaluating
    make_finalist(world)
    outbox_prepare(edition=world.edition)
    old = timezone.now().replace(microsecond=0) + timedelta(minutes=4)
    edition_update(edition=world.edition, actor=None, finalists_announce_at=old)
    ids = list(OutboxMessage.objects.values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        outbox_send(edition=world.edition, message_ids=ids)
    type(world.edition).objects.filter(pk=world.edition.pk).update(
        finalists_announce_at=old + timedelta(days=2)
    )
    with time_machine.travel(old + timedelta(minutes=1)):
        assert not any(send_outbox_message.call(pk) for pk in ids)
    assert not mail.outbox


def test_an_edited_message_is_sent_as_edited_and_a_stale_edit_is_refused(evaluating):
    world = evaluating
    make_finalist(world)
    outbox_prepare(edition=world.edition)
    message = OutboxMessage.objects.get(entry=world.entry_a)
    url = reverse("awards:outbox-message", args=[world.edition.slug, message.pk])
    client = world.client_for("organiser")
    data = {"subject": "Grattis, Växjö!", "body": "Egen text", "seen_version": message.version}
    assert client.post(url, data).status_code == 302
    message.refresh_from_db()
    assert (message.subject, message.body) == ("Grattis, Växjö!", "Egen text")
    response = client.post(url, {**data, "body": "Gammal flik"})
    assert "ändrats eller skickats av någon annan" in response.content.decode()
    assert "Gammal flik" in response.content.decode()
    response = client.post(url, {**data, "subject": "", "seen_version": message.version})
    assert "Detta fält måste fyllas i" in response.content.decode()
    message.refresh_from_db()
    assert message.body == "Egen text"


def test_the_outbox_refuses_to_prepare_without_finalists(evaluating):
    response = evaluating.client_for("organiser").post(
        reverse("awards:outbox-prepare", args=[evaluating.edition.slug]),
        {"stage": "finalists"},
        follow=True,
    )
    assert "Juryn har inte valt någon slutnominerad ännu." in response.content.decode()
    assert not OutboxMessage.objects.exists()


def test_the_outbox_says_which_finalists_it_cannot_write_to_and_shows_each_mail(evaluating):
    world = evaluating
    make_finalist(world)
    MunicipalityContact.objects.filter(municipality__entries=world.entry_a).delete()
    client = world.client_for("organiser")
    url = reverse("awards:outbox-prepare", args=[world.edition.slug])
    response = client.post(url, {"stage": "finalists"}, follow=True)
    body = response.content.decode()
    # One mail, to Sundsvall; Växjö, a finalist, is named rather than skipped in silence.
    assert OutboxMessage.objects.filter(edition=world.edition).count() == 1
    assert "Inget mejl skrevs till Växjö: de saknar kontaktperson." in body
    assert "1 av 1 slutnominerade saknar kontaktperson (Växjö)." in body
    assert reverse("awards:edition-contacts", args=[world.edition.slug]) in body
    message = OutboxMessage.objects.get(edition=world.edition)
    assert "Mejlet som det kommer att se ut" in body
    assert message.subject in body


def test_the_outbox_sends_only_what_was_ticked_and_says_what_is_wrong(evaluating):
    """Each of the outbox's actions has a URL of its own; bad input is named on the page and
    changes nothing."""
    world = evaluating
    make_finalist(world)
    outbox_prepare(edition=world.edition)
    client = world.client_for("organiser")
    send = reverse("awards:outbox-send", args=[world.edition.slug])
    drafts = list(OutboxMessage.objects.filter(edition=world.edition).order_by("pk"))
    unsent = {"status": OutboxMessage.Status.DRAFT}
    page = client.get(reverse("awards:outbox", args=[world.edition.slug])).content.decode()
    assert page.count(" checked>") == len(drafts)  # every unsent message, until told otherwise
    for data, error in [
        ({}, "Kryssa i de meddelanden som ska skickas."),
        ({"message": ["nio"]}, "Kryssa i igen"),
        ({"message": [drafts[0].pk + 1000]}, "Kryssa i igen"),
    ]:
        response = client.post(send, data)
        assert response.status_code == 200
        body = response.content.decode()
        assert "Det här behöver rättas" in body, data
        assert error in body, data
        assert OutboxMessage.objects.filter(edition=world.edition, **unsent).count() == len(drafts)
        # The boxes show what was ticked, not every message again.
        assert body.count('name="message"') == len(drafts)
        assert body.count(" checked>") == 0
    # A stage that is not one of the two buttons' is refused on the page, and nothing is made.
    prepare = reverse("awards:outbox-prepare", args=[world.edition.slug])
    response = client.post(prepare, {"stage": "alla"})
    assert response.status_code == 200
    assert "Det här behöver rättas" in response.content.decode()
    assert OutboxMessage.objects.filter(edition=world.edition).count() == len(drafts)
    # The decision mails wait for the decision: refused with the service's words.
    response = client.post(prepare, {"stage": "decision"}, follow=True)
    assert "när omgången är avgjord" in response.content.decode()
    # Discarded, a message is gone; discarding it again is refused, not a server error.
    discard = reverse("awards:outbox-discard", args=[world.edition.slug, drafts[0].pk])
    response = client.post(discard, follow=True)
    assert "Meddelandet är kastat." in response.content.decode()
    assert not OutboxMessage.objects.filter(pk=drafts[0].pk).exists()
    assert client.post(discard).status_code == 404
