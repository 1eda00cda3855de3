"""A jury page reads the person's seat once, however many jury rules it asks, and a later
page (a new request) sees a changed seat."""

import pytest

from accounts.viewer import viewing
from awards.models import Edition
from evaluation.choices import JuryRole
from evaluation.rules import seat_on
from evaluation.services import jury_member_add, jury_member_remove

pytestmark = pytest.mark.django_db

EDITION_RULES = [
    "evaluation.view_jury",
    "evaluation.declare_conflicts",
    "evaluation.view_scoring",
    "evaluation.shortlist",
]


def asked(user, edition):
    return {perm: user.has_perm(perm, edition) for perm in EDITION_RULES}


def test_the_seat_is_read_once_for_every_rule_and_the_page(world, django_assert_num_queries):
    chair, juror = world.users["chair"], world.users["juror"]
    edition = Edition.objects.get(pk=world.edition.pk)
    with viewing(chair), django_assert_num_queries(1):
        assert all(asked(chair, edition).values())
        seat = seat_on(chair, edition)
    assert (seat.role, seat.user, seat.edition) == (JuryRole.CHAIR, chair, edition)
    # Another person's request reads a seat of their own.
    with viewing(juror), django_assert_num_queries(1):
        assert seat_on(juror, edition).role == JuryRole.JUROR
        assert not juror.has_perm("evaluation.shortlist", edition)
    # Within the chair's request, the juror's seat is not kept: it is not the chair's to know.
    with viewing(chair), django_assert_num_queries(2):
        assert seat_on(juror, edition).role == JuryRole.JUROR
        assert seat_on(juror, edition).role == JuryRole.JUROR


def test_outside_a_request_nothing_is_kept(world, django_assert_num_queries):
    chair, edition = world.users["chair"], Edition.objects.get(pk=world.edition.pk)
    with django_assert_num_queries(2):
        seat_on(chair, edition)
        seat_on(chair, edition)


def test_nobody_without_a_seat_passes_a_jury_rule(world):
    edition = Edition.objects.get(pk=world.edition.pk)
    contact = world.users["municipality_a"]
    assert seat_on(contact, edition) is None
    assert not contact.has_perm("evaluation.declare_conflicts", edition)
    assert not contact.has_perm("evaluation.view_scoring", edition)


def test_a_seat_given_or_taken_is_seen_by_the_next_page(world):
    user = world.users["municipality_a"]
    jury_member_add(edition=world.edition, user=user, role=JuryRole.EXPERT)
    edition = Edition.objects.get(pk=world.edition.pk)
    assert user.has_perm("evaluation.declare_conflicts", edition)
    assert not user.has_perm("evaluation.view_scoring", edition)  # experts do not score
    jury_member_remove(member=seat_on(user, edition))
    assert not user.has_perm("evaluation.declare_conflicts", Edition.objects.get(pk=edition.pk))


def test_the_services_that_change_seats_make_the_request_read_them_again(world):
    user, edition = world.users["municipality_a"], Edition.objects.get(pk=world.edition.pk)
    with viewing(user):
        changing_seats_within_one_request(user, edition)


def changing_seats_within_one_request(user, edition):
    assert not user.has_perm("evaluation.declare_conflicts", edition)
    jury_member_add(edition=edition, user=user, role=JuryRole.EXPERT)
    assert user.has_perm("evaluation.declare_conflicts", edition)
    assert not user.has_perm("evaluation.view_scoring", edition)
    jury_member_add(edition=edition, user=user, role=JuryRole.JUROR)
    assert user.has_perm("evaluation.view_scoring", edition)
    jury_member_remove(member=seat_on(user, edition))
    assert not user.has_perm("evaluation.declare_conflicts", edition)
