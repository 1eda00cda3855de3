"""Each selector returns exactly the objects its permission predicate allows."""

import pytest

from awards.choices import EntryStanding
from awards.models import Entry
from awards.selectors import entries_for_contact
from awards.services import entry_set_standing
from evaluation.choices import ConflictRuling
from evaluation.models import ConflictDeclaration
from evaluation.selectors import entries_for_jury_member, entries_shuffled_for_user
from evaluation.services import conflict_declare
from tests import factories
from tests.conftest import ROLES, world_grow

pytestmark = pytest.mark.django_db


@pytest.fixture
def big_world(world):
    world_grow(world, extra_entries=3)
    factories.make_entry(world.edition, "Kiruna", submit=False)
    entry_set_standing(entry=world.entry_b, standing=EntryStanding.FINALIST)
    return world


@pytest.mark.parametrize("role", ROLES[1:])
def test_entries_for_jury_member_match_view_entry_permission(big_world, role):
    user = big_world.users[role]
    selected = set(entries_for_jury_member(user, big_world.edition))
    allowed = {
        entry
        for entry in Entry.objects.filter(edition=big_world.edition)
        if user.has_perm("awards.view_entry", entry)
    }
    if role == "organiser":
        assert selected == set()
        return
    if role.startswith("municipality"):
        assert selected == set()
        assert allowed == set(entries_for_contact(user).filter(edition=big_world.edition))
        return
    assert selected == allowed


def test_conflicted_juror_never_sees_the_entry(big_world):
    user = big_world.users["conflicted_juror"]
    assert big_world.entry_a not in entries_for_jury_member(user, big_world.edition)
    assert not user.has_perm("awards.view_entry", big_world.entry_a)


@pytest.mark.parametrize(
    ("ruling", "excluded"),
    [
        (ConflictRuling.PENDING, True),
        (ConflictRuling.CONFIRMED, True),
        (ConflictRuling.DISMISSED, False),
        (ConflictRuling.ALLOWED, False),
    ],
)
def test_ruling_decides_whether_a_conflict_excludes(world, ruling, excluded):
    user = world.users["conflicted_juror"]
    ConflictDeclaration.objects.filter(member__user=user).update(ruling=ruling)
    assert user.has_perm("awards.view_entry", world.entry_a) is not excluded
    assert (world.entry_a in entries_for_jury_member(user, world.edition)) is not excluded


def test_declaring_no_conflict_keeps_access(world):
    user = world.users["juror"]
    member = user.jury_seats.get()
    conflict_declare(member=member, entry=world.entry_a, has_conflict=False)
    assert user.has_perm("awards.view_entry", world.entry_a)


def test_jury_seat_in_another_edition_gives_no_access(world):
    other = factories.make_edition(year=2029)
    juror = world.users["juror"]
    assert not entries_for_jury_member(juror, other).exists()
    entry = factories.make_entry(other, "Umeå")
    assert not juror.has_perm("awards.view_entry", entry)


def test_drafts_stay_with_the_municipality(world):
    draft = factories.make_entry(world.edition, "Kiruna", submit=False)
    assert not world.users["juror"].has_perm("awards.view_entry", draft)
    assert not world.users["chair"].has_perm("awards.view_entry", draft)
    assert world.users["organiser"].has_perm("awards.view_entry", draft)


def test_expert_reads_finalists_only(world):
    expert = world.users["expert"]
    assert not expert.has_perm("awards.view_entry", world.entry_b)
    entry_set_standing(entry=world.entry_b, standing=EntryStanding.FINALIST)
    # A new finalist is one more entry to declare on before reading any.
    assert not expert.has_perm("awards.view_entry", world.entry_b)
    factories.declare_rest(expert, world.edition)
    assert expert.has_perm("awards.view_entry", world.entry_b)


def test_each_juror_gets_an_order_of_their_own(world):
    world_grow(world, extra_entries=6)
    entries = list(Entry.objects.filter(edition=world.edition))
    orders = {
        tuple(e.pk for e in entries_shuffled_for_user(world.users[role], entries))
        for role in ("juror", "chair", "conflicted_juror")
    }
    assert len(orders) > 1
    first = [e.pk for e in entries_shuffled_for_user(world.users["juror"], entries)]
    assert first == [
        e.pk for e in entries_shuffled_for_user(world.users["juror"], reversed(entries))
    ]
