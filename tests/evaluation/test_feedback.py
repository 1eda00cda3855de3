"""Feedback to every entrant: written by the chair from anonymous juror comments, released by
an organiser only after the announcement, read by the entrant on its page and as a PDF."""

import copy
import io
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from awards.choices import EditionPhase
from awards.errors import ActionRefused
from awards.models import Edition
from awards.services import edition_set_phase
from evaluation.models import Feedback
from evaluation.selectors import feedback_sources, round_of_edition
from evaluation.services import ScoreInput, feedback_release, feedback_save, scorecard_save

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def shared_scored(shared_world):
    world = shared_world
    edition_set_phase(edition=world.edition, to_phase=EditionPhase.EVALUATION)
    criterion = world.edition.criteria.get()
    scoring_round = round_of_edition(world.edition, 1)
    for n, (role, comment) in enumerate(
        (("juror", "Tydlig styrning."), ("chair", "Mät effekterna bättre.")), start=1
    ):
        card = scorecard_save(
            member=world.users[role].jury_seats.get(),
            scoring_round=scoring_round,
            entry=world.entry_b,
            scores={criterion.pk: ScoreInput(1, comment)},
            overall_comment=f"Helhetsintryck nummer {n}",
            seen_version=0,
            submit=True,
        )
        scoring_round = card.round
    gala = timezone.now().replace(microsecond=0) + timedelta(days=3)
    Edition.objects.filter(pk=world.edition.pk).update(announce_at=gala)
    world.edition.refresh_from_db()
    world.gala = gala
    world.criterion = criterion
    return world


@pytest.fixture
def scored(shared_scored, db):
    return copy.deepcopy(shared_scored)


def write(world, entry, seen_version=0, strengths="Tydlig styrning och ledning."):
    return feedback_save(
        entry=entry,
        texts={world.criterion.pk: {"strengths": strengths, "develop": "Följ upp effekterna."}},
        summary="Ett starkt bidrag.",
        seen_version=seen_version,
        actor=world.users["chair"],
    )


def test_the_chair_writes_from_comments_without_names_or_scores(scored):
    w = scored
    sources, overall = feedback_sources(w.entry_b)
    assert sources[0].comments == ["Tydlig styrning.", "Mät effekterna bättre."]
    assert overall == ["Helhetsintryck nummer 1", "Helhetsintryck nummer 2"]
    url = reverse("evaluation:feedback-edit", args=[w.edition.slug, w.entry_b.pk])
    body = w.client_for("chair").get(url).content.decode()
    assert "Tydlig styrning." in body
    assert str(w.users["juror"]) not in body
    response = w.client_for("chair").post(
        url,
        {
            "seen_version": "0",
            f"strengths_{w.criterion.pk}": "Styrning",
            f"develop_{w.criterion.pk}": "Effekter",
            "summary": "Bra",
        },
    )
    assert response.status_code == 302
    assert Feedback.objects.get().texts == {
        str(w.criterion.pk): {"strengths": "Styrning", "develop": "Effekter"}
    }


@pytest.mark.parametrize(
    ("data", "message"),
    [({"summary": "x" * 5001}, "5000"), ({"seen_version": "4"}, "ändrats av någon annan")],
)
def test_feedback_form_bad_input_changes_nothing(scored, data, message):
    w = scored
    url = reverse("evaluation:feedback-edit", args=[w.edition.slug, w.entry_b.pk])
    response = w.client_for("chair").post(url, {"seen_version": "0", "summary": "Ok", **data})
    assert message in response.content.decode()
    assert not Feedback.objects.filter(version__gt=0).exists()


def test_the_chair_never_writes_to_an_entry_they_are_conflicted_with(scored):
    w = scored
    from tests import factories

    factories.declare_conflict(w.users["chair"], w.entry_a)
    url = reverse("evaluation:feedback-edit", args=[w.edition.slug, w.entry_a.pk])
    assert w.client_for("chair").get(url).status_code == 404
    assert w.client_for("juror").get(url).status_code == 403


def test_release_waits_for_the_announcement_and_then_the_entrant_reads_it(scored):
    w = scored
    write(w, w.entry_b)
    with (
        time_machine.travel(w.gala - timedelta(seconds=1)),
        pytest.raises(ActionRefused, match="efter att vinnaren"),
    ):
        feedback_release(edition=w.edition)
    page = w.entry_b.get_absolute_url()
    pdf = reverse("evaluation:feedback-pdf", args=[w.entry_b.pk])
    contact = w.client_for("municipality_b")
    assert "Följ upp effekterna." not in contact.get(page).content.decode()
    assert contact.get(pdf).status_code == 404
    with time_machine.travel(w.gala):
        assert feedback_release(edition=w.edition) == 1
        contact = w.client_for("municipality_b")  # signed in afresh: days have passed
        body = contact.get(page).content.decode()
        assert "Följ upp effekterna." in body
        response = contact.get(pdf)
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "styrning och ledning." in " ".join(text.split())  # (pypdf may split kerned "Ty")
    assert str(w.users["juror"]) not in text
    assert w.client_for("municipality_a").get(pdf).status_code == 404
    with pytest.raises(ActionRefused, match="släppt"):
        write(w, w.entry_b, seen_version=1, strengths="Ändrat")


def test_only_organisers_release(scored):
    w = scored
    url = reverse("evaluation:feedback-list", args=[w.edition.slug])
    assert w.client_for("chair").post(url).status_code == 404
    with time_machine.travel(w.gala):
        response = w.client_for("organiser").post(url, follow=True)
    assert "återkopplingar släppta" in response.content.decode()
