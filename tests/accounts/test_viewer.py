"""The viewer keeps what one request learned about its person, and nothing beyond it: another
person, a later request, or a change made by a service is asked about afresh."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.viewer import Viewer, forget_answers, viewer_of, viewing
from awards.models import Entry, PartnerInvitation
from awards.services import partner_invitation_accept
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_viewer_asks_once_and_remembers_what_it_was_told():
    asked = []
    viewer = Viewer(None)
    assert viewer.answer("colour", 1, lambda: asked.append(1) or "blå") == "blå"
    assert viewer.answer("colour", 1, lambda: asked.append(1) or "röd") == "blå"
    viewer.remember("colour", 2, "grön")
    assert viewer.answer("colour", 2, lambda: asked.append(2) or "röd") == "grön"
    viewer.forget("colour")
    assert viewer.answer("colour", 1, lambda: "röd") == "röd"
    assert asked == [1]


def test_only_the_requests_own_person_is_kept(world):
    contact, juror = world.users["municipality_a"], world.users["juror"]
    assert not viewer_of(contact).keep  # no request open
    with viewing(contact) as viewer:
        assert viewer_of(contact) is viewer
        assert not viewer_of(juror).keep
    assert not viewer_of(contact).keep


def contact_questions(user, entry) -> int:
    """How often three permissions on the entry ask whether the person acts for it."""
    with CaptureQueriesContext(connection) as queries:
        assert user.has_perm("awards.write_entry", entry)
        assert user.has_perm("awards.view_entry", entry)
        assert user.has_perm("awards.change_entry", entry)
    return sum('"awards_municipalitycontact"' in q["sql"] for q in queries.captured_queries)


def test_a_request_asks_once_whether_its_person_acts_for_the_entry(world):
    contact = world.users["municipality_a"]
    entry = Entry.objects.get(pk=world.draft_a.pk)
    with viewing(contact):
        assert contact_questions(contact, entry) == 1
    assert contact_questions(contact, entry) == 3  # outside a request, nothing is kept


def test_a_partner_who_joins_acts_for_the_entry_within_the_same_request(world):
    """Sundsvall's contact is no one on Växjö's draft until they accept its invitation; the
    acceptance makes the request ask again."""
    contact = world.users["municipality_b"]
    invitation = PartnerInvitation.objects.create(
        entry=world.draft_a,
        municipality=factories.municipality("Sundsvall"),
        invited_by=world.users["municipality_a"],
    )
    entry = Entry.objects.get(pk=world.draft_a.pk)
    with viewing(contact):
        assert not contact.has_perm("awards.write_entry", entry)
        partner_invitation_accept(invitation=invitation, actor=contact)
        assert contact.has_perm("awards.write_entry", entry)
        forget_answers("entry_contact")  # forgetting what was never asked is harmless
        assert contact.has_perm("awards.write_entry", entry)
