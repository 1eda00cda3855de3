"""The navigation names each role a person holds, newest edition first, in one query."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from awards.choices import EditionPhase
from awards.services import contact_add, organiser_add
from config.navigation import roles_for
from evaluation.choices import JuryRole
from evaluation.services import jury_member_add
from tests import factories

pytestmark = pytest.mark.django_db


def menu(roles):
    return [(link.role, link.url) for link in roles.links]


@pytest.fixture
def editions(world):
    award = world.edition.award
    older = [
        factories.make_edition(award, year=year, phase=EditionPhase.DECIDED)
        for year in (2015, 2017, 2019, 2021)
    ]
    return world.edition, older


def test_someone_with_every_role_gets_each_in_one_query(editions, django_assert_num_queries):
    current, older = editions
    editions = [current, *older]  # 2027, then 2015 to 2021
    user = factories.make_user("allt")
    for edition in editions:
        organiser_add(edition=edition, user=user)
    for edition in older[:2]:
        jury_member_add(edition=edition, user=user, role=JuryRole.JUROR)
    contact_add(municipality=factories.municipality("Umeå"), user=user)
    with django_assert_num_queries(1):
        roles = roles_for(user)
    manage = [reverse("awards:edition-manage", kwargs={"slug": e.slug}) for e in editions]
    jury = [reverse("evaluation:jury-home", kwargs={"slug": e.slug}) for e in editions]
    # The three newest editions organised, the two judged newest first, the contact's entries.
    assert menu(roles) == [
        *[("organiser", manage[i]) for i in (0, 4, 3)],
        *[("jury", jury[i]) for i in (2, 1)],
        ("contact", reverse("awards:entry-list")),
    ]
    assert [link.role for link in roles.menu] == ["organiser", "jury", "contact"]


def test_a_contact_without_editions_takes_two_queries(world, django_assert_num_queries):
    user = world.users["municipality_a"]
    with django_assert_num_queries(2):
        roles = roles_for(user)
    assert [link.role for link in roles.links] == ["contact"]


def test_a_juror_is_no_contact_and_organises_nothing(world):
    roles = roles_for(world.users["juror"])
    assert [link.role for link in roles.links] == ["jury"]
    assert world.edition.slug in roles.primary.url


def test_a_platform_admin_manages_every_edition(world, editions, django_assert_num_queries):
    admin = factories.make_user("plattform")
    admin.is_superuser = True
    admin.save()
    with django_assert_num_queries(1):
        roles = roles_for(admin)
    assert [link.role for link in roles.links] == ["organiser"] * 3
    assert world.draft_a.edition.slug in roles.primary.url  # the newest of all


def test_nobody_signed_in_has_no_roles(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert menu(roles_for(AnonymousUser())) == []
