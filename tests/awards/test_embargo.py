"""The decision is public from the announcement moment on, and not one second before: a
predicate over time, with nobody pressing a button."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from awards.choices import EditionPhase, EntryStanding
from awards.services import edition_set_phase, entry_set_standing
from tests import factories

pytestmark = pytest.mark.django_db

MOTIVATION = "Juryn motiverar sitt val med en text som ingen får läsa före galan."


@pytest.fixture
def decided():
    gala = timezone.now() + timedelta(days=10)
    edition = factories.make_edition(
        finalists_announce_at=timezone.now() - timedelta(days=30),
        announce_at=gala,
        motivation=MOTIVATION,
        citation="För ett hemligt skäl.",
    )
    winner = factories.make_entry(edition, "Växjö")
    finalist = factories.make_entry(edition, "Sundsvall")
    entrant = factories.make_entry(edition, "Umeå")
    for phase in (EditionPhase.EVALUATION, EditionPhase.SITE_VISITS, EditionPhase.DELIBERATION):
        edition_set_phase(edition=edition, to_phase=phase)
    entry_set_standing(entry=winner, standing=EntryStanding.WINNER)
    entry_set_standing(entry=finalist, standing=EntryStanding.FINALIST)
    edition_set_phase(edition=edition, to_phase=EditionPhase.DECIDED)
    contact = factories.make_contact("Växjö")
    return edition, gala, winner, finalist, entrant, contact


def public_pages(client, edition):
    return [
        client.get(reverse("awards:home")).content.decode(),
        client.get(edition.get_absolute_url()).content.decode(),
    ]


def test_before_the_gala_no_public_page_reveals_winner_or_motivation(client, decided):
    edition, gala, _winner, _finalist, _entrant, _contact = decided
    with time_machine.travel(gala - timedelta(seconds=1)):
        for body in public_pages(client, edition):
            assert "badge-winner" not in body
            assert MOTIVATION not in body
            assert "För ett hemligt skäl." not in body
            assert "Sundsvall" in body
            assert "Växjö" in body
            assert "Umeå" not in body


def test_before_the_gala_the_winning_municipality_does_not_know(client, decided):
    _edition, gala, _winner, *_rest, contact = decided
    client.force_login(contact)
    with time_machine.travel(gala - timedelta(seconds=1)):
        body = client.get(reverse("awards:entry-list")).content.decode()
    assert str(EntryStanding.WINNER.label) not in body
    assert "Vinnare" not in body


def test_from_the_gala_on_everything_public_shows_the_decision(client, decided):
    edition, gala, _winner, *_rest = decided
    with time_machine.travel(gala + timedelta(seconds=1)):
        home, detail = public_pages(client, edition)
    assert "badge-winner" in home
    assert "badge-winner" in detail
    assert MOTIVATION in detail


def test_finalists_are_secret_before_their_own_moment(client):
    edition = factories.make_edition(finalists_announce_at=timezone.now() + timedelta(days=1))
    finalist = factories.make_entry(edition, "Sundsvall")
    edition_set_phase(edition=edition, to_phase=EditionPhase.EVALUATION)
    entry_set_standing(entry=finalist, standing=EntryStanding.FINALIST)
    for body in public_pages(client, edition):
        assert "Sundsvall" not in body
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        assert "Sundsvall" in client.get(edition.get_absolute_url()).content.decode()
