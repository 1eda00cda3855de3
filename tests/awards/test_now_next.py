"""The organiser's edition page says where the edition stands and what comes next, and groups
its tools by stage with the current one marked."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from awards.choices import EditionPhase
from awards.models import Award, Edition
from awards.selectors import edition_now_next
from tests import factories

NOW = timezone.now()


def edition(phase, **dates):
    award = Award(name="Priset", slug="priset", finalist_plural="Nominerade")
    return Edition(award=award, phase=phase, year=2027, **dates)


@pytest.mark.parametrize(
    ("phase", "dates", "stage", "now_words", "next_words"),
    [
        ("setup", {}, "prepare", "Förberedelser", "Anmälan öppnar"),
        (
            "registration",
            {"submission_deadline": NOW + timedelta(days=3)},
            "registration",
            "Anmälan är öppen. 4 av 9 bidrag inskickade.",
            "Sista dag",
        ),
        (
            "registration",
            {"submission_deadline": NOW - timedelta(hours=1)},
            "registration",
            "Anmälan har stängt.",
            "Pröva bidragen",
        ),
        ("evaluation", {}, "evaluation", "omgång 1", "Nominerade offentliggörs"),
        ("site_visits", {}, "visits", "Platsbesök", "Jurymöte"),
        ("deliberation", {}, "decision", "motivering", "Vinnaren offentliggörs"),
        ("decided", {"announce_at": NOW + timedelta(days=2)}, "decision", "beslut", "Vinnaren"),
        ("decided", {"announce_at": NOW - timedelta(days=2)}, "after", "offentliggjord", "arkivet"),
    ],
)
def test_now_and_next_follow_the_phase_and_the_dates(phase, dates, stage, now_words, next_words):
    found = edition_now_next(edition(phase, **dates), submitted=4, total=9, now=NOW)
    assert found.stage == stage
    assert now_words in found.now
    assert next_words in found.next


@pytest.mark.django_db
def test_the_edition_page_marks_the_current_stage_and_counts_down_to_the_gala():
    edition = factories.make_edition(phase=EditionPhase.EVALUATION)
    client = Client()
    client.force_login(factories.make_organiser(edition))
    body = client.get(reverse("awards:edition-manage", args=[edition.slug])).content.decode()
    assert "Nu:" in body
    assert "Nästa steg:" in body
    assert body.count("current-stage") == 1
    assert body.index("current-stage") < body.index('id="stage-evaluation"')
    assert "Galan:" in body
    assert "dagar kvar" in body
    assert reverse("awards:edition-preview", args=[edition.slug]) in body
