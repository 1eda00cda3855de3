import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from awards.errors import ActionRefused
from awards.models import Entry, Invitation, MunicipalityContact
from awards.services import contact_add, contact_invite, invitation_from_token
from awards.tasks import send_invitation
from tests import factories

pytestmark = pytest.mark.django_db


def contacts_url(world):
    return reverse("awards:edition-contacts", kwargs={"slug": world.edition.slug})


def invite(client, world, **data):
    defaults = {
        "municipality": factories.municipality("Luleå").pk,
        "email": "Lisa@Lulea.example.org",
        "name": "Lisa Luleå",
        "title": "CDO",
    }
    return client.post(contacts_url(world), {**defaults, **data})


def test_organiser_invites_a_new_person_who_becomes_a_contact(
    world, django_capture_on_commit_callbacks
):
    client = world.client_for("organiser")
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client, world)
    assert response.status_code == 302
    user = get_user_model().objects.get(email__iexact="lisa@lulea.example.org")
    assert not user.has_usable_password()
    assert MunicipalityContact.objects.filter(user=user, municipality__name="Luleå").exists()
    page = client.get(response["Location"]).content.decode()
    assert "Lisa@Lulea.example.org" in page or "lisa@lulea.example.org" in page.lower()


def test_invitation_mail_carries_a_working_link(world):
    invitation = world.invitation
    assert send_invitation.call(invitation.pk) is True
    [message] = mail.outbox
    assert message.to == ["ny.kontakt@umea.example.org"]
    assert "Umeå" in message.subject
    link = re.search(r"https?://[^/\s]+(/invitation/\S+/)", message.body).group(1)
    client = world.client_for("anonymous")
    page = client.get(link)
    assert 'name="new_password1"' in page.content.decode()
    password = "ett långt och bra lösenord 2027"
    response = client.post(link, {"new_password1": password, "new_password2": password})
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert (
        invitation.user.check_password(password)
        if invitation.user.refresh_from_db() is None
        else False
    )
    assert client.session["_auth_user_id"] == str(invitation.user.pk)


def test_invitation_reused_link_is_refused_and_changes_nothing(world):
    link = reverse("awards:invitation-accept", args=[world.invitation.token])
    password = "ett långt och bra lösenord 2027"
    world.client_for("anonymous").post(link, {"new_password1": password, "new_password2": password})
    again = world.client_for("anonymous").post(
        link, {"new_password1": "ett annat lösenord 999", "new_password2": "ett annat lösenord 999"}
    )
    assert "redan använts" in again.content.decode()
    world.invitation.user.refresh_from_db()
    assert world.invitation.user.check_password(password)


def test_invitation_expired_link_is_refused(world):
    link = reverse("awards:invitation-accept", args=[world.invitation.token])
    with time_machine.travel(world.invitation.created_at + timedelta(days=15)):
        body = world.client_for("anonymous").get(link).content.decode()
    assert "har gått ut" in body
    assert 'name="new_password1"' not in body


def test_invitation_forged_link_is_refused(world):
    token = world.invitation.token[:-2] + "xx"
    with pytest.raises(ActionRefused):
        invitation_from_token(token)
    body = (
        world.client_for("anonymous")
        .get(reverse("awards:invitation-accept", args=[token]))
        .content.decode()
    )
    assert "inte giltig" in body


def test_invitation_weak_password_is_refused_and_changes_nothing(world):
    link = reverse("awards:invitation-accept", args=[world.invitation.token])
    response = world.client_for("anonymous").post(
        link, {"new_password1": "123", "new_password2": "123"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    world.invitation.refresh_from_db()
    assert world.invitation.accepted_at is None


def test_inviting_a_known_person_keeps_their_password(world):
    known = world.users["municipality_b"]
    invitation = contact_invite(
        municipality=factories.municipality("Gävle"), email=known.email.upper()
    )
    assert invitation.user == known
    assert known.municipality_contacts.filter(municipality__name="Gävle").exists()
    link = reverse("awards:invitation-accept", args=[invitation.token])
    page = world.client_for("anonymous").get(link).content.decode()
    assert 'name="new_password1"' not in page
    world.client_for("anonymous").post(link)
    known.refresh_from_db()
    assert known.check_password(factories.PASSWORD)


def test_invite_bad_input_shows_messages_and_creates_nobody(world):
    client = world.client_for("organiser")
    users_before = get_user_model().objects.count()
    for data in (
        {"email": ""},
        {"email": "inte-en-adress"},
        {"municipality": "9999"},
        {"name": "x" * 151},
    ):
        response = invite(client, world, **data)
        assert response.status_code == 200
        assert response.context["form"].errors
    assert get_user_model().objects.count() == users_before
    assert Invitation.objects.count() == 1


def test_contact_remove_get_asks_post_removes(world):
    client = world.client_for("organiser")
    contact = world.users["municipality_a"].municipality_contacts.get()
    url = reverse("awards:contact-remove", kwargs={"slug": world.edition.slug, "pk": contact.pk})
    assert client.get(url).status_code == 200
    assert MunicipalityContact.objects.filter(pk=contact.pk).exists()
    assert client.post(url).status_code == 302
    assert not MunicipalityContact.objects.filter(pk=contact.pk).exists()
    assert (
        world.client_for("municipality_a").get(world.entry_a.get_absolute_url()).status_code == 404
    )


def test_contact_remove_by_a_contact_is_forbidden(world):
    contact = world.users["municipality_b"].municipality_contacts.get()
    url = reverse("awards:contact-remove", kwargs={"slug": world.edition.slug, "pk": contact.pk})
    assert world.client_for("municipality_a").post(url).status_code == 403
    assert MunicipalityContact.objects.filter(pk=contact.pk).exists()


# Registration


def register_url(edition):
    return reverse("awards:entry-register", kwargs={"slug": edition.slug})


@pytest.fixture
def newcomer(world):
    return factories.make_contact("Luleå", "lulea")


def test_contact_registers_alone(world, newcomer, client):
    client.force_login(newcomer)
    lulea = factories.municipality("Luleå")
    response = client.post(
        register_url(world.edition),
        {"municipality": lulea.pk, "publication_consent": "on", "competing": "yes"},
    )
    entry = Entry.objects.get(edition=world.edition, municipalities=lulea)
    assert response["Location"] == entry.get_absolute_url()
    assert entry.title == "Luleå"
    assert entry.publication_consent is True


def test_contact_registers_a_joint_entry_of_municipalities_they_act_for(world, newcomer, client):
    """Partners the person does not act for are invited instead: tests/awards/test_joint_entries."""
    client.force_login(newcomer)
    names = ["Luleå", "Boden", "Piteå"]
    ids = [factories.municipality(n).pk for n in names]
    for name in names[1:]:
        contact_add(municipality=factories.municipality(name), user=newcomer)
    client.post(
        register_url(world.edition),
        {"municipality": ids[0], "partners": ids[1:], "competing": "yes"},
    )
    entry = Entry.objects.get(edition=world.edition, municipalities=ids[0])
    assert sorted(m.name for m in entry.municipalities.all()) == sorted(names)


def test_register_partner_already_entered_is_refused_and_creates_nothing(world, newcomer, client):
    client.force_login(newcomer)
    before = Entry.objects.count()
    response = client.post(
        register_url(world.edition),
        {
            "municipality": factories.municipality("Luleå").pk,
            "partners": [factories.municipality("Växjö").pk],
            "competing": "yes",
        },
    )
    assert response.status_code == 200
    assert "Växjö" in response.content.decode()
    assert Entry.objects.count() == before


def test_register_a_municipality_one_does_not_act_for_is_refused(world, newcomer, client):
    client.force_login(newcomer)
    before = Entry.objects.count()
    response = client.post(
        register_url(world.edition), {"municipality": factories.municipality("Kiruna").pk}
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert Entry.objects.count() == before


def test_register_outside_registration_is_forbidden(world, newcomer, client):
    from awards.services import edition_set_phase

    edition_set_phase(edition=world.edition, to_phase="evaluation")
    client.force_login(newcomer)
    response = client.post(
        register_url(world.edition), {"municipality": factories.municipality("Luleå").pk}
    )
    assert response.status_code == 403
    assert not Entry.objects.filter(municipalities__name="Luleå").exists()


def test_entry_list_offers_registration_for_open_editions(world, newcomer, client):
    client.force_login(newcomer)
    body = client.get(reverse("awards:entry-list")).content.decode()
    assert register_url(world.edition) in body
    client.force_login(world.users["municipality_a"])
    body = client.get(reverse("awards:entry-list")).content.decode()
    assert register_url(world.edition) not in body


def test_register_for_the_publication_only(world, newcomer, client):
    client.force_login(newcomer)
    lulea = factories.municipality("Luleå")
    url = register_url(world.edition)
    response = client.post(url, {"municipality": lulea.pk, "competing": "no"})
    assert response.status_code == 200
    assert "ge samtycke" in response.content.decode()
    assert not Entry.objects.filter(municipalities=lulea).exists()
    client.post(url, {"municipality": lulea.pk, "competing": "no", "publication_consent": "on"})
    entry = Entry.objects.get(municipalities=lulea)
    assert (entry.competing, entry.publication_consent) == (False, True)
    from awards.services import answers_save, entry_submit

    answers_save(entry=entry, values={q: "Svar" for q in world.questions}, seen_versions={})
    entry_submit(entry=entry)
    assert not world.users["juror"].has_perm("awards.view_entry", entry)
    assert world.users["organiser"].has_perm("awards.view_entry", entry)
