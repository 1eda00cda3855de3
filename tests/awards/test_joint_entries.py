"""Joint entries: a partner joins only when one of its own contacts accepts.

The review's attack: a contact of Malmö who is also a contact of Mora registered
"Malmö, Mora, Stockholm"; Stockholm's own contact was then told Stockholm already had an entry,
and could read and write one it never agreed to."""

import re

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse

from awards.models import (
    Entry,
    EntryMunicipality,
    MunicipalityContact,
    PartnerInvitation,
    Question,
)
from awards.services import answer_save, contact_add, entry_submit
from awards.tasks import send_partner_invitation
from tests import factories

pytestmark = pytest.mark.django_db


def register_url(edition):
    return reverse("awards:entry-register", kwargs={"slug": edition.slug})


def members(entry):
    return sorted(EntryMunicipality.objects.filter(entry=entry).values_list("municipality__name"))


@pytest.fixture
def people(world):
    """The contact of Malmö and Mora who registers; Stockholm's own contact."""
    both = factories.make_contact("Malmö", "malmo_och_mora")
    contact_add(municipality=factories.municipality("Mora"), user=both)
    stockholm = factories.make_contact("Stockholm", "stockholm")
    return both, stockholm


@pytest.fixture
def joint(world, people, client, django_capture_on_commit_callbacks):
    """The attack as the review posted it: municipality=Malmö, partners=Stockholm and Mora."""
    both, _stockholm = people
    client.force_login(both)
    with django_capture_on_commit_callbacks(execute=True):  # Malmö; Stockholm and Mora
        response = client.post(
            register_url(world.edition),
            {"municipality": "1280", "partners": ["0180", "2062"], "competing": "yes"},
        )
    entry = Entry.objects.get(edition=world.edition, municipalities__name="Malmö")
    assert response["Location"] == entry.get_absolute_url()
    return entry


def signed_in(client, user):
    client.force_login(user)
    return client


def test_a_partner_one_does_not_act_for_is_invited_not_added(world, people, joint, client):
    _both, stockholm = people
    # Malmö and Mora join at once: the person registering acts for both.
    assert members(joint) == [("Malmö",), ("Mora",)]
    assert joint.title == "Malmö, Mora"
    invitation = PartnerInvitation.objects.get(entry=joint)
    assert (invitation.municipality.name, invitation.status) == ("Stockholm", "pending")
    # The mail goes to Stockholm's contact only, with a link to answer.
    assert send_partner_invitation.call(invitation.pk) == 1
    [message] = mail.outbox
    assert message.to == [stockholm.email]
    assert invitation.get_absolute_url() in message.body
    # Stockholm's contact can neither read nor write the entry it has not joined…
    client = signed_in(client, stockholm)
    assert client.get(joint.get_absolute_url()).status_code == 404
    section = reverse("awards:entry-section", kwargs={"pk": joint.pk, "position": 1})
    assert client.get(section).status_code == 404
    # …and may still register Stockholm alone.
    page = client.get(register_url(world.edition)).content.decode()
    assert "Stockholm" in page
    stockholm_id = factories.municipality("Stockholm").pk
    response = client.post(
        register_url(world.edition), {"municipality": stockholm_id, "competing": "yes"}
    )
    alone = Entry.objects.get(edition=world.edition, municipalities__name="Stockholm")
    assert response["Location"] == alone.get_absolute_url()
    assert members(alone) == [("Stockholm",)]
    # Having entered alone, accepting the old invitation is refused and changes nothing.
    response = client.post(reverse("awards:partner-invitation-accept", args=[invitation.pk]))
    assert response["Location"] == invitation.get_absolute_url()
    [*_, refusal] = [str(m) for m in get_messages(response.wsgi_request)]
    assert "redan" in refusal.lower()
    assert "Stockholm" in refusal
    assert members(joint) == [("Malmö",), ("Mora",)]
    invitation.refresh_from_db()
    assert invitation.status == "pending"


def test_the_person_registering_is_told_who_is_invited(world, people, joint, client):
    both, _stockholm = people
    page = signed_in(client, both).get(joint.get_absolute_url()).content.decode()
    assert "Inbjudna kommuner" in page
    assert "Stockholm: väntar på svar" in page


def test_a_partner_joins_when_its_own_contact_accepts(world, people, joint, client):
    _both, stockholm = people
    invitation = PartnerInvitation.objects.get(entry=joint)
    client = signed_in(client, stockholm)
    entries = client.get(reverse("awards:entry-list")).content.decode()
    assert invitation.get_absolute_url() in entries
    page = client.get(invitation.get_absolute_url()).content.decode()
    assert "Vad det innebär att gå med" in page
    assert "Malmö, Mora" in page
    response = client.post(reverse("awards:partner-invitation-accept", args=[invitation.pk]))
    assert response["Location"] == joint.get_absolute_url()
    assert members(joint) == [("Malmö",), ("Mora",), ("Stockholm",)]
    joint.refresh_from_db()
    assert joint.title == "Malmö, Mora, Stockholm"  # named after its municipalities, as before
    assert client.get(joint.get_absolute_url()).status_code == 200
    invitation.refresh_from_db()
    assert (invitation.status, invitation.answered_by) == ("accepted", stockholm)
    assert (
        invitation.get_absolute_url()
        not in client.get(reverse("awards:entry-list")).content.decode()
    )
    # An invitation is answered once.
    again = client.post(reverse("awards:partner-invitation-decline", args=[invitation.pk]))
    [*_, refusal] = [str(m) for m in get_messages(again.wsgi_request)]
    assert "redan besvarad" in refusal
    assert members(joint) == [("Malmö",), ("Mora",), ("Stockholm",)]


def test_a_partner_that_declines_stays_out_and_the_entry_says_so(world, people, joint, client):
    both, stockholm = people
    invitation = PartnerInvitation.objects.get(entry=joint)
    response = signed_in(client, stockholm).post(
        reverse("awards:partner-invitation-decline", args=[invitation.pk])
    )
    assert response["Location"] == reverse("awards:entry-list")
    assert members(joint) == [("Malmö",), ("Mora",)]
    page = signed_in(client, both).get(joint.get_absolute_url()).content.decode()
    assert "Stockholm: tackat nej" in page


def test_nobody_else_learns_of_or_answers_the_invitation(world, people, joint, client):
    both, _stockholm = people
    invitation = PartnerInvitation.objects.get(entry=joint)
    urls = [
        invitation.get_absolute_url(),
        reverse("awards:partner-invitation-accept", args=[invitation.pk]),
    ]
    for user in (both, world.users["municipality_a"], world.users["organiser"]):
        client = signed_in(client, user)
        assert client.get(urls[0]).status_code == 404
        assert client.post(urls[1]).status_code == 404
    assert members(joint) == [("Malmö",), ("Mora",)]
    assert PartnerInvitation.objects.get(pk=invitation.pk).status == "pending"


def test_joining_a_submitted_entry_is_refused(world, people, joint, client):
    _both, stockholm = people
    invitation = PartnerInvitation.objects.get(entry=joint)
    for question in Question.objects.filter(section__edition=world.edition, required=True):
        answer_save(entry=joint, question=question, text="Svar")
    entry_submit(entry=joint)
    client = signed_in(client, stockholm)
    entries = client.get(reverse("awards:entry-list")).content.decode()
    assert invitation.get_absolute_url() not in entries  # no longer offered
    response = client.post(reverse("awards:partner-invitation-accept", args=[invitation.pk]))
    [*_, refusal] = [str(m) for m in get_messages(response.wsgi_request)]
    assert "inskickat" in refusal
    assert members(joint) == [("Malmö",), ("Mora",)]


def test_a_partner_without_contacts_is_named_on_the_entry(world, people, client):
    both, _stockholm = people
    client = signed_in(client, both)
    kiruna = factories.municipality("Kiruna")
    assert not MunicipalityContact.objects.filter(municipality=kiruna).exists()
    client.post(
        register_url(world.edition),
        {
            "municipality": factories.municipality("Malmö").pk,
            "partners": [kiruna.pk],
            "competing": "yes",
        },
    )
    entry = Entry.objects.get(edition=world.edition, municipalities__name="Malmö")
    page = client.get(entry.get_absolute_url()).content.decode()
    assert "Kiruna: väntar på svar" in page
    assert "ingen kontaktperson i Juryrum" in page
    assert send_partner_invitation.call(entry.partner_invitations.get().pk) == 0


def test_the_mail_is_in_the_partners_language(world, people, joint):
    _both, stockholm = people
    stockholm.preferred_language = "en"
    stockholm.save()
    send_partner_invitation.call(PartnerInvitation.objects.get(entry=joint).pk)
    [message] = mail.outbox
    assert message.subject.startswith("Join a joint entry")
    assert re.search(r"asks Stockholm to take part", message.body)
