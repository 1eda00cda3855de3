"""An organiser starts an edition from a copy of the last one, sets its timeline and opens it."""

import pytest
from django.urls import reverse
from django.utils import timezone

from awards.choices import EditionPhase
from awards.models import Edition, EditionPhaseChange, Question
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser(world):
    return world.client_for("organiser")


def copy_url(edition):
    return reverse("awards:edition-copy", kwargs={"slug": edition.slug})


def settings_url(edition):
    return reverse("awards:edition-settings", kwargs={"slug": edition.slug})


def test_copy_makes_a_new_edition_with_the_questionnaire(world, organiser):
    Question.objects.filter(pk=world.questions[0].pk).update(text_en="Proudest?", word_limit=250)
    response = organiser.post(
        copy_url(world.edition), {"year": 2031, "name": "Nytt namn", "slug": "pris-2031"}
    )
    new = Edition.objects.get(slug="pris-2031")
    assert response["Location"] == settings_url(new)
    assert (new.award, new.year, new.name, new.phase) == (
        world.edition.award,
        2031,
        "Nytt namn",
        EditionPhase.SETUP,
    )
    copied = list(Question.objects.filter(section__edition=new).order_by("position"))
    originals = Question.objects.filter(section__edition=world.edition).order_by("position")
    assert [(q.text, q.kind) for q in copied] == [(q.text, q.kind) for q in originals]
    assert (copied[0].text_en, copied[0].word_limit) == ("Proudest?", 250)
    assert [(c.name, c.weight, c.scale_labels) for c in new.criteria.all()] == [
        (c.name, c.weight, c.scale_labels) for c in world.edition.criteria.all()
    ]
    assert not new.entries.exists()
    assert new.organisers.filter(user=world.users["organiser"]).exists()
    assert organiser.get(settings_url(new)).status_code == 200


def test_copy_to_a_year_that_exists_is_refused_and_creates_nothing(world, organiser):
    before = Edition.objects.count()
    response = organiser.post(
        copy_url(world.edition), {"year": world.edition.year, "name": "X", "slug": "ny-slug"}
    )
    assert response.status_code == 200
    assert "har redan en omgång" in response.content.decode()
    assert Edition.objects.count() == before


@pytest.mark.parametrize(
    "data",
    [
        {"year": "", "name": "", "slug": ""},
        {"year": "tjugo", "name": "X", "slug": "x"},
        {"year": 2031, "name": "X" * 201, "slug": "x"},
        {"year": 2031, "name": "X", "slug": "inte en slug"},
    ],
)
def test_copy_bad_input_shows_messages_and_creates_nothing(world, organiser, data):
    before = Edition.objects.count()
    response = organiser.post(copy_url(world.edition), data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert Edition.objects.count() == before


def settings_data(edition, **changes):
    data = {
        "name": edition.name,
        "registration_opens_at": "2027-01-15T09:00",
        "submission_deadline": "2027-04-15T23:59",
        "grace_minutes": 15,
        "contact_email": "pris@example.org",
        "finalists_announce_at": "2027-06-10T10:00",
        "announce_at": "2027-11-16T19:30",
        "seen": edition.updated_at.isoformat(),
    }
    data.update(changes)
    return data


def test_settings_save_the_timeline_in_swedish_time(world, organiser):
    edition = world.edition
    response = organiser.post(
        settings_url(edition), settings_data(edition, submission_deadline="2027-04-15T23:59")
    )
    assert response.status_code == 302
    edition.refresh_from_db()
    deadline = timezone.localtime(edition.submission_deadline)
    assert (deadline.date().isoformat(), deadline.hour, deadline.minute) == ("2027-04-15", 23, 59)
    assert str(deadline.tzinfo) == "Europe/Stockholm"
    assert (edition.grace_minutes, edition.contact_email) == (15, "pris@example.org")
    gala = timezone.localtime(edition.announce_at)
    assert (gala.hour, gala.minute, gala.utcoffset().total_seconds()) == (19, 30, 3600)


def test_settings_time_that_does_not_exist_in_stockholm_is_refused(world, organiser):
    edition = world.edition
    before = Edition.objects.values().get(pk=edition.pk)
    response = organiser.post(
        settings_url(edition), settings_data(edition, submission_deadline="2027-03-28T02:30")
    )
    assert "submission_deadline" in response.context["form"].errors
    assert Edition.objects.values().get(pk=edition.pk) == before


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", ""),
        ("name", "x" * 201),
        ("submission_deadline", "inte ett datum"),
        ("grace_minutes", "-5"),
        ("grace_minutes", "100000"),
        ("contact_email", "inte-en-adress"),
    ],
)
def test_settings_bad_input_shows_messages_and_changes_nothing(world, organiser, field, value):
    edition = world.edition
    before = Edition.objects.values().get(pk=edition.pk)
    response = organiser.post(settings_url(edition), settings_data(edition, **{field: value}))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Edition.objects.values().get(pk=edition.pk) == before


def test_settings_timeline_out_of_order_is_refused(world, organiser):
    edition = world.edition
    before = Edition.objects.values().get(pk=edition.pk)
    response = organiser.post(
        settings_url(edition), settings_data(edition, submission_deadline="2027-01-01T12:00")
    )
    assert "submission_deadline" in response.context["form"].errors
    assert Edition.objects.values().get(pk=edition.pk) == before


def test_settings_stale_copy_is_refused_and_keeps_the_input(world, organiser):
    edition = world.edition
    stale = settings_data(edition, name="Mitt namn")
    Edition.objects.filter(pk=edition.pk).update(name="Kollegans namn", updated_at=timezone.now())
    response = organiser.post(settings_url(edition), stale)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Någon annan har ändrat" in body
    assert 'value="Mitt namn"' in body
    assert Edition.objects.get(pk=edition.pk).name == "Kollegans namn"


def test_phase_move_offers_only_legal_moves_and_records_history(world, organiser):
    edition = world.edition
    body = organiser.get(settings_url(edition)).content.decode()
    assert 'value="evaluation"' in body
    assert 'value="decided"' not in body
    url = reverse("awards:edition-phase", kwargs={"slug": edition.slug})
    organiser.post(url, {"phase": "evaluation", "note": "Sista dagen har passerat"})
    edition.refresh_from_db()
    assert edition.phase == EditionPhase.EVALUATION
    change = EditionPhaseChange.objects.filter(edition=edition).last()
    assert (change.to_phase, change.note, change.actor) == (
        "evaluation",
        "Sista dagen har passerat",
        world.users["organiser"],
    )


def test_phase_illegal_move_changes_nothing(world, organiser):
    edition = world.edition
    url = reverse("awards:edition-phase", kwargs={"slug": edition.slug})
    response = organiser.post(url, {"phase": "decided"}, follow=True)
    assert "Välj en av de faser" in response.content.decode()
    assert Edition.objects.get(pk=edition.pk).phase == EditionPhase.REGISTRATION


def test_phase_move_by_a_juror_is_forbidden(world):
    url = reverse("awards:edition-phase", kwargs={"slug": world.edition.slug})
    assert world.client_for("chair").post(url, {"phase": "evaluation"}).status_code == 403
    assert Edition.objects.get(pk=world.edition.pk).phase == EditionPhase.REGISTRATION


def test_organiser_of_another_edition_may_not_copy_this_one(world):
    stranger = factories.make_organiser(factories.make_edition(year=2031))
    from django.test import Client

    client = Client()
    client.force_login(stranger)
    assert (
        client.post(copy_url(world.edition), {"year": 2033, "name": "X", "slug": "x"}).status_code
        == 403
    )


def test_settings_saved_by_a_colleague_through_the_page_make_an_open_copy_stale(world, organiser):
    """Both open the page; the colleague saves first through the same form. (edition_update
    once saved only the changed fields, so the version the form compares never moved.)"""
    edition = world.edition
    mine = settings_data(edition, name="Mitt namn")
    colleague = settings_data(edition, name="Kollegans namn")
    assert organiser.post(settings_url(edition), colleague).status_code == 302
    response = organiser.post(settings_url(edition), mine)
    assert "Någon annan har ändrat" in response.content.decode()
    assert Edition.objects.get(pk=edition.pk).name == "Kollegans namn"
