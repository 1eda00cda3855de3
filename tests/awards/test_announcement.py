"""The announcement under embargo, with the decision and motivation made through the jury's
own pages: every public surface hides the winner and the motivation one second before the
moment and shows them at the moment, with nobody pressing a button."""

import copy
import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.tasks import default_task_backend
from django.urls import reverse
from django.utils import timezone

from awards.choices import EditionPhase
from awards.errors import ActionRefused
from awards.models import Edition, OutboxMessage
from awards.services import edition_set_phase, outbox_prepare, outbox_send
from awards.tasks import send_outbox_message
from evaluation.choices import Outcome
from evaluation.services import decision_record, motivation_draft, motivation_review
from tests import factories

pytestmark = pytest.mark.django_db

MOTIVATION = "Växjö visar hur en hel kommun kan äga sin digitalisering tillsammans."
CITATION = "För en digitalisering som hela kommunen äger."


@pytest.fixture(scope="module")
def shared_announced(shared_world):
    """Växjö won (decided, motivation final), Sundsvall a finalist; the gala in ten days."""
    world = shared_world
    gala = timezone.now().replace(microsecond=0) + timedelta(days=10)
    Edition.objects.filter(pk=world.edition.pk).update(
        finalists_announce_at=timezone.now() - timedelta(days=30), announce_at=gala
    )
    world.edition.refresh_from_db()
    for entry in (world.entry_a, world.entry_b):
        factories.make_finalist(entry)
    for phase in (EditionPhase.EVALUATION, EditionPhase.SITE_VISITS, EditionPhase.DELIBERATION):
        edition_set_phase(edition=world.edition, to_phase=phase)
    chair = world.users["chair"]
    decision_record(
        edition=world.edition,
        outcome=Outcome.WINNER,
        winners=[world.entry_a],
        mentions=[],
        reason="",
        seen_version=0,
        actor=chair,
    )
    motivation_draft(
        edition=world.edition, text=MOTIVATION, citation=CITATION, seen_version=0, actor=chair
    )
    for role in ("juror", "chair"):
        motivation_review(
            edition=world.edition,
            member=world.users[role].jury_seats.get(),
            approved=True,
            comment="",
            seen_version=1,
        )
    edition_set_phase(edition=world.edition, to_phase=EditionPhase.DECIDED)
    world.edition.refresh_from_db()
    world.gala = gala
    return world


@pytest.fixture
def announced(shared_announced, db):
    return copy.deepcopy(shared_announced)


def public_surfaces(w):
    """(name, client role, url) of every page that could tell the decision."""
    vaxjo = w.entry_a.municipalities.get()
    return [
        ("home", "anonymous", reverse("awards:home")),
        ("award", "anonymous", w.edition.award.get_absolute_url()),
        ("edition", "anonymous", w.edition.get_absolute_url()),
        ("municipality", "anonymous", vaxjo.get_absolute_url()),
        ("municipalities", "anonymous", reverse("awards:municipalities")),
        ("entry-list", "municipality_a", reverse("awards:entry-list")),
        ("entry-detail", "municipality_a", w.entry_a.get_absolute_url()),
        ("other-contact", "municipality_b", w.entry_b.get_absolute_url()),
        ("jury-free-juror-home", "expert", reverse("start")),
    ]


def reveals(body: str) -> list[str]:
    markers = ("badge-winner", "winner-name", "standing-winner", MOTIVATION, CITATION)
    found = [marker for marker in markers if marker in body]
    title = re.search(r"<title>(.*?)</title>", body, re.S)
    if title and ("Vinnare" in title.group(1) or "vinnare" in title.group(1)):
        found.append("title")
    return found


@pytest.mark.parametrize("surface", range(9))
def test_one_second_before_the_moment_no_surface_reveals_the_decision(announced, surface):
    w = announced
    name, role, url = public_surfaces(w)[surface]
    with time_machine.travel(w.gala - timedelta(seconds=1)):
        response = w.client_for(role).get(url, follow=True)
    assert response.status_code == 200, name
    assert reveals(response.content.decode()) == [], name


@pytest.mark.parametrize(
    ("surface", "expected"),
    [
        (0, {"badge-winner"}),
        (1, {"winner-name"}),
        (2, {"badge-winner", MOTIVATION, CITATION}),
        (3, {"badge-winner"}),
        (5, {"standing-winner"}),
        (6, {"standing-winner"}),
    ],
)
def test_at_the_moment_every_public_surface_shows_the_decision(announced, surface, expected):
    w = announced
    name, role, url = public_surfaces(w)[surface]
    with time_machine.travel(w.gala):
        body = w.client_for(role).get(url).content.decode()
    assert expected <= set(reveals(body)), name


def test_finalists_stay_public_before_the_moment(announced):
    w = announced
    with time_machine.travel(w.gala - timedelta(seconds=1)):
        body = w.client_for("anonymous").get(w.edition.get_absolute_url()).content.decode()
    assert "Växjö" in body
    assert "Sundsvall" in body


def test_the_jury_and_organisers_know_before_the_moment(announced):
    w = announced
    url = reverse("evaluation:deliberation", args=[w.edition.slug])
    with time_machine.travel(w.gala - timedelta(days=1)):
        body = w.client_for("juror").get(url).content.decode()
    assert "Vinnare: Växjö" in body


def test_the_preview_shows_the_winner_page_to_organisers_only(announced):
    w = announced
    url = reverse("awards:edition-preview", args=[w.edition.slug])
    body = w.client_for("organiser").get(url).content.decode()
    assert "preview-banner" in body
    assert MOTIVATION in body
    assert "badge-winner" in body
    assert w.client_for("municipality_a").get(url).status_code == 403
    assert w.client_for("juror").get(url).status_code == 403
    assert w.client_for("anonymous").get(url).status_code == 302


def test_decision_mails_wait_for_the_moment(announced, django_capture_on_commit_callbacks):
    w = announced
    factories.make_contact("Sundsvall")
    added = outbox_prepare(edition=w.edition, stage="decision")
    kinds = dict(OutboxMessage.objects.values_list("entry__title", "kind").distinct())
    assert kinds == {"Växjö": "winner", "Sundsvall": "not_winner"}
    assert added == OutboxMessage.objects.count() == 3
    winner_mail = OutboxMessage.objects.filter(kind="winner").first()
    assert MOTIVATION in winner_mail.body
    ids = list(OutboxMessage.objects.values_list("pk", flat=True))
    before = len(default_task_backend.results)
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox_send(edition=w.edition, message_ids=ids) == 3
    results = default_task_backend.results[before:]
    assert {result.task.run_after for result in results} == {w.gala}
    with time_machine.travel(w.gala - timedelta(seconds=1)):
        assert send_outbox_message.call(winner_mail.pk) is False
    assert not mail.outbox
    with time_machine.travel(w.gala):
        assert send_outbox_message.call(winner_mail.pk) is True
    assert [m.to for m in mail.outbox] == [[winner_mail.email]]


def test_decision_mails_are_prepared_only_once_the_edition_is_decided(announced):
    w = announced
    edition_set_phase(edition=w.edition, to_phase=EditionPhase.DELIBERATION)
    w.edition.refresh_from_db()
    with pytest.raises(ActionRefused, match="avgjord"):
        outbox_prepare(edition=w.edition, stage="decision")
    assert not OutboxMessage.objects.exists()


def test_a_reopened_motivation_is_not_public_even_after_the_moment(announced):
    from evaluation.services import motivation_reopen

    w = announced
    motivation_reopen(edition=w.edition, reason="Stavfel.", actor=w.users["chair"])
    with time_machine.travel(w.gala + timedelta(minutes=1)):
        body = w.client_for("anonymous").get(w.edition.get_absolute_url()).content.decode()
    assert "badge-winner" in body
    assert MOTIVATION not in body


def test_past_the_moment_without_a_decision_nobody_is_told_there_is_no_winner(client):
    edition = factories.make_edition(
        finalists_announce_at=timezone.now() - timedelta(days=2),
        announce_at=timezone.now() - timedelta(days=1),
    )
    finalist = factories.make_entry(edition, "Umeå")
    for phase in (EditionPhase.EVALUATION, EditionPhase.SITE_VISITS, EditionPhase.DELIBERATION):
        edition_set_phase(edition=edition, to_phase=phase)
    factories.make_finalist(finalist)
    body = client.get(edition.get_absolute_url()).content.decode()
    assert "Umeå" in body
    assert "ingen vinnare" not in body
    edition_set_phase(edition=edition, to_phase=EditionPhase.DECIDED)
    assert "Juryn utsåg ingen vinnare." in client.get(edition.get_absolute_url()).content.decode()
