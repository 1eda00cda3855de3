"""Every page runs a constant number of queries, whatever the number of editions, entries,
municipalities and jurors: the same ceiling holds at 3 and at 30 entries."""

import copy

import pytest
from django.urls import reverse

from awards.choices import EditionPhase, EntryStanding
from awards.models import Nomination
from awards.services import contact_add, entry_set_standing
from tests import factories
from tests.conftest import build_world, second_factor_queries, shared_database

pytestmark = pytest.mark.django_db

OTHERS = ["Umeå", "Luleå", "Gävle", "Borås", "Kiruna", "Örebro", "Halmstad", "Nacka"]


def sized_world(size):
    """Size 1: 3 entries, 4 jurors, 2 past editions. Size 3: 30 entries (each with a contact
    and a declared conflict), 10 jurors, 6 past editions, and a contact of 4 municipalities.
    All 290 municipalities are there in both."""
    world = build_world(extra_entries=1 if size == 1 else 28, extra_jurors=0 if size == 1 else 6)
    for year in range(2000, 2000 + 2 * size, 2):
        past = factories.make_edition(world.edition.award, year=year, phase=EditionPhase.EVALUATION)
        for name in OTHERS[: 2 * size]:
            entry = factories.make_entry(past, *([name, "Växjö"] if name == OTHERS[0] else [name]))
            entry_set_standing(entry=entry, standing=EntryStanding.FINALIST)
    for name in OTHERS[:size]:
        contact_add(municipality=factories.municipality(name), user=world.users["municipality_a"])
        Nomination.objects.create(
            edition=world.edition,
            municipality=factories.municipality(name),
            nominator_name="N",
            nominator_email="n@example.org",
            reason="Skäl",
        )
    return world


@pytest.fixture(scope="module", params=[1, 3])
def shared_sized_world(request, django_db_setup, django_db_blocker):
    with shared_database(django_db_blocker):
        yield sized_world(request.param)


@pytest.fixture
def sized(shared_sized_world, db):
    """The module's world of the test's size (1 or 3), with in-memory objects of its own."""
    return copy.deepcopy(shared_sized_world)


PAGES = {
    # name: (role, url, ceiling)
    "home": ("anonymous", lambda w: reverse("awards:home"), 6),
    # A visitor's first visit (later ones come from the cache), with the publication moment.
    "edition-detail": ("anonymous", lambda w: w.edition.get_absolute_url(), 7),
    "entry-list": ("municipality_a", lambda w: reverse("awards:entry-list"), 13),
    "entry-detail": ("juror", lambda w: w.entry_a.get_absolute_url(), 23),
    "entry-detail-contact": ("municipality_a", lambda w: w.draft_a.get_absolute_url(), 23),
    "entry-section": (
        "municipality_a",
        lambda w: reverse("awards:entry-section", kwargs={"pk": w.draft_a.pk, "position": 1}),
        16,
    ),
    "entry-submit": (
        "municipality_a",
        lambda w: reverse("awards:entry-submit", kwargs={"pk": w.draft_a.pk}),
        15,
    ),
    "edition-manage": (
        "organiser",
        lambda w: reverse("awards:edition-manage", kwargs={"slug": w.edition.slug}),
        20,
    ),
    "jury-home-chair": (
        "chair",
        lambda w: reverse("evaluation:jury-home", kwargs={"slug": w.edition.slug}),
        31,
    ),
    "jury-home-juror": (
        "conflicted_juror",
        lambda w: reverse("evaluation:jury-home", kwargs={"slug": w.edition.slug}),
        25,
    ),
    "edition-contacts": (
        "organiser",
        lambda w: reverse("awards:edition-contacts", kwargs={"slug": w.edition.slug}),
        13,
    ),
    "entry-register": (
        "municipality_a",
        lambda w: reverse("awards:entry-register", kwargs={"slug": w.draft_a.edition.slug}),
        14,
    ),
    "invitation-accept": (
        "anonymous",
        lambda w: reverse("awards:invitation-accept", args=[w.invitation.token]),
        2,  # the invitation, and the sign-in services that serve its address
    ),
    "edition-settings": (
        "organiser",
        lambda w: reverse("awards:edition-settings", kwargs={"slug": w.edition.slug}),
        10,
    ),
    "edition-copy": (
        "organiser",
        lambda w: reverse("awards:edition-copy", kwargs={"slug": w.edition.slug}),
        10,
    ),
    "entry-admin": (
        "organiser",
        lambda w: reverse(
            "awards:entry-admin", kwargs={"slug": w.edition.slug, "pk": w.entry_a.pk}
        ),
        12,
    ),
    "entries-csv": (
        "organiser",
        lambda w: reverse("awards:edition-entries-csv", kwargs={"slug": w.edition.slug}),
        11,
    ),
    "nominate": ("anonymous", lambda w: reverse("awards:nominate", args=[w.edition.slug]), 2),
    "edition-nominations": (
        "organiser",
        lambda w: reverse("awards:edition-nominations", args=[w.edition.slug]),
        11,
    ),
    "entry-withdraw": (
        "municipality_a",
        lambda w: reverse("awards:entry-withdraw", args=[w.draft_a.pk]),
        11,
    ),
    "criteria": ("organiser", lambda w: reverse("awards:criteria", args=[w.edition.slug]), 11),
    "questionnaire": (
        "organiser",
        lambda w: reverse("awards:questionnaire", args=[w.edition.slug]),
        13,
    ),
    "question-edit": (
        "organiser",
        lambda w: reverse("awards:question-edit", args=[w.edition.slug, w.questions[0].pk]),
        11,
    ),
    "declarations": (
        "conflicted_juror",
        lambda w: reverse("evaluation:declarations", args=[w.edition.slug]),
        20,
    ),
    "conflicts": ("chair", lambda w: reverse("evaluation:conflicts", args=[w.edition.slug]), 20),
    "jury-members": (
        "organiser",
        lambda w: reverse("evaluation:jury-members", args=[w.edition.slug]),
        20,
    ),
    "round": ("juror", lambda w: reverse("evaluation:round", args=[w.edition.slug, 1]), 9),
    "score": (
        "juror",
        lambda w: reverse("evaluation:score", args=[w.edition.slug, 1, w.entry_b.pk]),
        28,
    ),
    "results": ("chair", lambda w: reverse("evaluation:results", args=[w.edition.slug, 1]), 20),
    "round-settings": (
        "organiser",
        lambda w: reverse("evaluation:round-settings", args=[w.edition.slug, 1]),
        20,
    ),
    "shortlist": ("chair", lambda w: reverse("evaluation:shortlist", args=[w.edition.slug]), 24),
    "outbox": ("organiser", lambda w: reverse("awards:outbox", args=[w.edition.slug]), 20),
    "login": ("anonymous", lambda w: reverse("accounts:login"), 2),
    "password-change": ("juror", lambda w: reverse("accounts:password-change"), 8),
}


@pytest.mark.parametrize("page", PAGES)
def test_page_query_count_is_constant(page, sized, django_assert_max_num_queries):
    role, url, ceiling = PAGES[page]
    world = sized
    client = world.client_for(role)
    url = url(world)
    with django_assert_max_num_queries(ceiling + second_factor_queries(role)):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("shared_sized_world", [3], indirect=True)
def test_start_page_for_a_person_of_many_roles_is_constant(sized, django_assert_max_num_queries):
    world = sized
    person = world.users["organiser"]
    contact_add(municipality=factories.municipality("Umeå"), user=person)
    client = world.client_for("organiser")
    with django_assert_max_num_queries(11 + second_factor_queries("organiser")):
        response = client.get(reverse("start"))
    assert response.status_code == 200
    body = response.content.decode()
    assert reverse("awards:entry-list") in body
    # Each edition's state in one line beside its link.
    assert "Nu: Anmälan är öppen." in body
