"""Anyone nominates a municipality; an organiser verifies it, which opens a draft entry that
the municipality's contacts complete or decline."""

import pytest
from django.urls import reverse

from awards.choices import EntryState, NominationStatus
from awards.models import Entry, Nomination
from awards.services import edition_set_phase
from tests import factories

pytestmark = pytest.mark.django_db


def nominate_url(edition):
    return reverse("awards:nominate", kwargs={"slug": edition.slug})


def nomination_data(**changes):
    data = {
        "municipality": factories.municipality("Luleå").pk,
        "nominator_name": "Nils Nominerare",
        "nominator_email": "nils@example.org",
        "nominator_organisation": "Norrbottens företagarförening",
        "reason": "Luleå har gjort det enkelt för företag att söka tillstånd digitalt.",
    }
    data.update(changes)
    return data


def test_anyone_can_nominate_while_registration_is_open(world, client):
    response = client.post(nominate_url(world.edition), nomination_data(), follow=True)
    assert "Tack!" in response.content.decode()
    nomination = Nomination.objects.get()
    assert (nomination.municipality.name, nomination.status) == ("Luleå", NominationStatus.RECEIVED)
    assert not Entry.objects.filter(municipalities__name="Luleå").exists()


@pytest.mark.parametrize(
    "changes",
    [
        {"nominator_name": ""},
        {"nominator_email": "inte-en-adress"},
        {"municipality": "9999"},
        {"reason": "ord " * 301},
        {"nominator_organisation": "x" * 201},
    ],
)
def test_nomination_bad_input_shows_messages_and_saves_nothing(world, client, changes):
    response = client.post(nominate_url(world.edition), nomination_data(**changes))
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Nomination.objects.exists()


def test_nomination_from_a_robot_is_dropped_quietly(world, client):
    response = client.post(nominate_url(world.edition), nomination_data(website="http://spam"))
    assert response.status_code == 302
    assert not Nomination.objects.exists()


def test_nomination_outside_registration_is_refused(world, client):
    edition_set_phase(edition=world.edition, to_phase="evaluation")
    response = client.post(nominate_url(world.edition), nomination_data())
    assert "tar inte emot nomineringar" in response.content.decode()
    assert not Nomination.objects.exists()


def handle(world, nomination, action):
    return world.client_for("organiser").post(
        reverse(f"awards:nomination-{action}", args=[world.edition.slug, nomination.pk]),
        follow=True,
    )


def test_verifying_opens_a_draft_entry_the_contacts_see(world, client):
    client.post(nominate_url(world.edition), nomination_data())
    nomination = Nomination.objects.get()
    contact = factories.make_contact("Luleå", "lulea")
    handle(world, nomination, "verify")
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.VERIFIED
    assert nomination.entry.state == EntryState.DRAFT
    client.force_login(contact)
    assert (
        nomination.entry.get_absolute_url()
        in client.get(reverse("awards:entry-list")).content.decode()
    )


def test_verifying_a_municipality_that_already_entered_links_its_entry(world):
    nomination = Nomination.objects.create(
        edition=world.edition,
        municipality=factories.municipality("Växjö"),
        nominator_name="N",
        nominator_email="n@example.org",
        reason="Bra",
    )
    handle(world, nomination, "verify")
    nomination.refresh_from_db()
    assert nomination.entry == world.entry_a
    assert Entry.objects.filter(edition=world.edition, municipalities__name="Växjö").count() == 1


def test_a_nomination_is_handled_once(world):
    nomination = Nomination.objects.create(
        edition=world.edition,
        municipality=factories.municipality("Luleå"),
        nominator_name="N",
        nominator_email="n@example.org",
        reason="Bra",
    )
    handle(world, nomination, "reject")
    response = handle(world, nomination, "verify")
    assert "redan hanterats" in response.content.decode()
    nomination.refresh_from_db()
    assert (nomination.status, nomination.entry) == (NominationStatus.REJECTED, None)


def test_forged_nomination_action_changes_nothing(world):
    nomination = Nomination.objects.create(
        edition=world.edition,
        municipality=factories.municipality("Luleå"),
        nominator_name="N",
        nominator_email="n@example.org",
        reason="Bra",
    )
    client = world.client_for("organiser")
    # The list page takes no post; a nomination the edition does not have is not found.
    url = reverse("awards:edition-nominations", kwargs={"slug": world.edition.slug})
    assert client.post(url, {"nomination": nomination.pk, "action": "verify"}).status_code == 405
    other = reverse("awards:nomination-verify", args=[world.edition.slug, nomination.pk + 1])
    assert client.post(other).status_code == 404
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.RECEIVED


def test_contact_declines_a_draft_and_the_answers_stay(world):
    client = world.client_for("municipality_a")
    url = reverse("awards:entry-withdraw", args=[world.draft_a.pk])
    assert client.get(url).status_code == 200
    assert Entry.objects.get(pk=world.draft_a.pk).state == EntryState.DRAFT
    client.post(url, {"reason": "Vi deltar nästa gång."})
    entry = Entry.objects.get(pk=world.draft_a.pk)
    assert entry.state == EntryState.WITHDRAWN
    assert entry.state_changes.last().note == "Vi deltar nästa gång."


def test_another_municipality_cannot_withdraw_the_entry(world):
    url = reverse("awards:entry-withdraw", args=[world.draft_a.pk])
    assert world.client_for("municipality_b").post(url).status_code == 404
    assert Entry.objects.get(pk=world.draft_a.pk).state == EntryState.DRAFT


def test_verified_nomination_mails_the_municipalitys_contacts(
    world, client, django_capture_on_commit_callbacks
):
    from django.core import mail
    from django.tasks import default_task_backend

    from awards.tasks import send_nomination_notice

    client.post(nominate_url(world.edition), nomination_data())
    factories.make_contact("Luleå", "lulea")
    before = len(default_task_backend.results)
    with django_capture_on_commit_callbacks(execute=True):
        handle(world, Nomination.objects.get(), "verify")
    [result] = default_task_backend.results[before:]
    entry = Nomination.objects.get().entry
    assert result.args == [entry.pk]
    assert send_nomination_notice.call(entry.pk) == 1
    [message] = mail.outbox
    assert message.to == ["lulea@example.org"]
    assert "nominerad" in message.subject
    assert entry.get_absolute_url() in message.body
