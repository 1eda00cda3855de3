from datetime import timedelta
from itertools import product

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from awards.choices import SUBMITTED_STATES, EditionPhase, EntryStanding, EntryState
from awards.errors import ActionRefused
from awards.models import Edition, EditionPhaseChange, Entry, EntryStateChange
from awards.services import (
    answer_save,
    edition_set_phase,
    entry_create,
    entry_reopen,
    entry_rule_eligibility,
    entry_set_standing,
    entry_submit,
    entry_withdraw,
)
from tests import factories

pytestmark = pytest.mark.django_db

# The moves the award process allows, written out here rather than read from transitions.py:
# an edition goes forward one stage at a time and an organiser may step back one stage.
P = EditionPhase
LEGAL_PHASE_MOVES = {
    (P.SETUP, P.REGISTRATION),
    (P.REGISTRATION, P.SETUP),
    (P.REGISTRATION, P.EVALUATION),
    (P.EVALUATION, P.REGISTRATION),
    (P.EVALUATION, P.SITE_VISITS),
    (P.SITE_VISITS, P.EVALUATION),
    (P.SITE_VISITS, P.DELIBERATION),
    (P.DELIBERATION, P.SITE_VISITS),
    (P.DELIBERATION, P.DECIDED),
    (P.DECIDED, P.DELIBERATION),
}
# A municipality submits or declines its draft; an organiser rules a submitted entry eligible
# or not (and may change the ruling), reopens any entry to draft, and records a withdrawal.
S = EntryState
LEGAL_ENTRY_MOVES = {
    (S.DRAFT, S.SUBMITTED),
    (S.DRAFT, S.WITHDRAWN),
    (S.SUBMITTED, S.DRAFT),
    (S.SUBMITTED, S.ELIGIBLE),
    (S.SUBMITTED, S.INELIGIBLE),
    (S.SUBMITTED, S.WITHDRAWN),
    (S.ELIGIBLE, S.DRAFT),
    (S.ELIGIBLE, S.INELIGIBLE),
    (S.ELIGIBLE, S.WITHDRAWN),
    (S.INELIGIBLE, S.DRAFT),
    (S.INELIGIBLE, S.ELIGIBLE),
    (S.INELIGIBLE, S.WITHDRAWN),
    (S.WITHDRAWN, S.DRAFT),
}

PHASE_PAIRS = list(product(EditionPhase.values, repeat=2))
STATE_PAIRS = list(product(EntryState.values, repeat=2))


@pytest.mark.parametrize(("from_phase", "to_phase"), PHASE_PAIRS)
def test_edition_set_phase_follows_the_process(from_phase, to_phase):
    edition = factories.make_edition(phase=EditionPhase.SETUP)
    Edition.objects.filter(pk=edition.pk).update(phase=from_phase)
    edition.refresh_from_db()
    history_before = EditionPhaseChange.objects.filter(edition=edition).count()
    if (from_phase, to_phase) in LEGAL_PHASE_MOVES:
        edition_set_phase(edition=edition, to_phase=to_phase, note="test")
        edition.refresh_from_db()
        assert edition.phase == to_phase
        change = EditionPhaseChange.objects.filter(edition=edition).last()
        assert (change.from_phase, change.to_phase, change.note) == (from_phase, to_phase, "test")
    else:
        with pytest.raises(ActionRefused):
            edition_set_phase(edition=edition, to_phase=to_phase)
        edition.refresh_from_db()
        assert edition.phase == from_phase
        assert EditionPhaseChange.objects.filter(edition=edition).count() == history_before


def test_edition_set_phase_stale_copy_is_refused():
    edition = factories.make_edition(phase=EditionPhase.REGISTRATION)
    stale = Edition.objects.get(pk=edition.pk)
    edition_set_phase(edition=edition, to_phase=EditionPhase.EVALUATION)
    with pytest.raises(ActionRefused, match="Någon annan"):
        edition_set_phase(edition=stale, to_phase=EditionPhase.SETUP)
    assert Edition.objects.get(pk=edition.pk).phase == EditionPhase.EVALUATION


def move_entry(entry, to_state, actor):
    """The public service that moves an entry to `to_state`."""
    if to_state == EntryState.SUBMITTED:
        return entry_submit(entry=entry, actor=actor)
    if to_state == EntryState.DRAFT:
        return entry_reopen(entry=entry, reason="Komplettera", actor=actor)
    if to_state == EntryState.WITHDRAWN:
        return entry_withdraw(entry=entry, actor=actor, reason="Avstår")
    eligible = to_state == EntryState.ELIGIBLE
    return entry_rule_eligibility(entry=entry, eligible=eligible, reason="Skäl", actor=actor)


@pytest.mark.parametrize(("from_state", "to_state"), STATE_PAIRS)
def test_entry_moves_follow_the_process(from_state, to_state):
    edition = factories.make_edition()
    entry = factories.make_entry(edition, "Växjö", submit=False)
    Entry.objects.filter(pk=entry.pk).update(
        state=from_state, submitted_at=timezone.now() if from_state in SUBMITTED_STATES else None
    )
    entry.refresh_from_db()
    actor = factories.make_user()
    if (from_state, to_state) in LEGAL_ENTRY_MOVES:
        move_entry(entry, to_state, actor)
        assert Entry.objects.get(pk=entry.pk).state == to_state
        change = EntryStateChange.objects.get(entry=entry, actor=actor)
        assert (change.from_state, change.to_state) == (from_state, to_state)
    else:
        with pytest.raises(ActionRefused):
            move_entry(entry, to_state, actor)
        assert Entry.objects.get(pk=entry.pk).state == from_state
        assert not EntryStateChange.objects.filter(entry=entry, actor=actor).exists()


def test_entry_submit_before_deadline_records_time_and_history():
    edition = factories.make_edition()
    entry = factories.make_entry(edition, "Växjö", submit=False)
    user = factories.make_user()
    entry_submit(entry=entry, actor=user)
    entry.refresh_from_db()
    assert entry.state == EntryState.SUBMITTED
    assert entry.submitted_at is not None
    assert EntryStateChange.objects.filter(entry=entry, actor=user, to_state="submitted").exists()


def test_entry_submit_after_deadline_is_refused_and_changes_nothing():
    edition = factories.make_edition(submission_deadline=timezone.now() - timedelta(minutes=1))
    entry = factories.make_entry(edition, "Växjö", submit=False)
    with pytest.raises(ActionRefused, match="Sista dagen"):
        entry_submit(entry=entry)
    entry.refresh_from_db()
    assert (entry.state, entry.submitted_at) == (EntryState.DRAFT, None)


def test_entry_submit_outside_registration_is_refused():
    edition = factories.make_edition(phase=EditionPhase.EVALUATION)
    entry = entry_create(edition=edition, municipalities=[factories.municipality("Växjö")])
    with pytest.raises(ActionRefused):
        entry_submit(entry=entry)
    assert Entry.objects.get(pk=entry.pk).state == EntryState.DRAFT


def test_entry_submit_twice_is_refused():
    edition = factories.make_edition()
    entry = factories.make_entry(edition, "Växjö")
    with pytest.raises(ActionRefused):
        entry_submit(entry=entry)


def test_entry_create_second_entry_for_municipality_is_refused_by_name():
    edition = factories.make_edition()
    factories.make_entry(edition, "Mora", "Orsa", "Älvdalen")
    with pytest.raises(ActionRefused, match="Orsa"):
        entry_create(edition=edition, municipalities=[factories.municipality("Orsa")])
    assert Entry.objects.filter(edition=edition).count() == 1


def test_entry_create_joint_entry_is_named_after_its_municipalities():
    edition = factories.make_edition()
    entry = factories.make_entry(edition, "Orsa", "Mora", "Älvdalen")
    assert entry.title == "Mora, Orsa, Älvdalen"
    assert {m.name for m in entry.municipalities.all()} == {"Mora", "Orsa", "Älvdalen"}


def test_entry_create_same_municipality_in_another_edition_is_fine():
    award = factories.make_award()
    factories.make_entry(factories.make_edition(award, year=2025), "Växjö")
    factories.make_entry(factories.make_edition(award, year=2027), "Växjö")
    assert Entry.objects.filter(municipalities__name="Växjö").count() == 2


def test_database_refuses_second_entry_for_municipality_even_past_the_service():
    from awards.models import EntryMunicipality

    edition = factories.make_edition()
    first = factories.make_entry(edition, "Växjö")
    second = Entry.objects.create(edition=edition, title="Växjö igen")
    with pytest.raises(IntegrityError), transaction.atomic():
        EntryMunicipality.objects.create(
            entry=second, municipality=factories.municipality("Växjö"), edition=edition
        )
    assert first.municipalities.count() == 1


def test_answer_save_grows_version_and_refuses_after_submission():
    edition = factories.make_edition()
    [question] = factories.make_questionnaire(edition, questions=1)
    entry = factories.make_entry(edition, "Växjö", submit=False)
    assert answer_save(entry=entry, question=question, text="Första").version == 1
    assert answer_save(entry=entry, question=question, text="Andra").version == 2
    entry_submit(entry=entry)
    with pytest.raises(ActionRefused):
        answer_save(entry=entry, question=question, text="Tredje")
    assert entry.answers.get().text == "Andra"


def test_entry_set_standing_on_a_draft_is_refused():
    edition = factories.make_edition()
    entry = factories.make_entry(edition, "Växjö", submit=False)
    with pytest.raises(ActionRefused):
        entry_set_standing(entry=entry, standing=EntryStanding.FINALIST)
    assert Entry.objects.get(pk=entry.pk).standing == EntryStanding.ENTRANT
