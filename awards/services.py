"""Every write of the awards app. Views and commands call these; nothing else changes state."""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.choices import EditionPhase, EntryStanding, EntryState
from awards.models import (
    Answer,
    Edition,
    EditionPhaseChange,
    Entry,
    EntryMunicipality,
    EntryStateChange,
    Municipality,
    MunicipalityContact,
    Organiser,
    Question,
)
from awards.transitions import EDITION_PHASE_TRANSITIONS, ENTRY_STATE_TRANSITIONS


class ActionRefused(Exception):
    """A request the rules refuse; the message is written for the person who asked."""


@transaction.atomic
def edition_set_phase(*, edition: Edition, to_phase: str, actor=None, note: str = "") -> Edition:
    """Move an edition to the next (or back to the previous) phase.

    Only moves in EDITION_PHASE_TRANSITIONS are allowed. The update is a compare-and-set on the
    phase the caller saw, so two organisers pressing at once cannot both win; every move leaves
    a history row.
    """
    from_phase = edition.phase
    if to_phase not in EDITION_PHASE_TRANSITIONS[from_phase]:
        raise ActionRefused(
            _("An edition cannot move from %(from)s to %(to)s.")
            % {
                "from": EditionPhase(from_phase).label,
                "to": EditionPhase(to_phase).label,
            }
        )
    updated = Edition.objects.filter(pk=edition.pk, phase=from_phase).update(phase=to_phase)
    if not updated:
        raise ActionRefused(_("Somebody else changed the edition's phase first. Please reload."))
    EditionPhaseChange.objects.create(
        edition=edition, actor=actor, from_phase=from_phase, to_phase=to_phase, note=note
    )
    edition.phase = to_phase
    return edition


def edition_walk_to_phase(
    *, edition: Edition, to_phase: str, actor=None, note: str = ""
) -> Edition:
    """Move step by step along the phase table until the edition reaches `to_phase`."""
    order = list(EditionPhase.values)
    while edition.phase != to_phase:
        step = 1 if order.index(to_phase) > order.index(edition.phase) else -1
        edition = edition_set_phase(
            edition=edition,
            to_phase=order[order.index(edition.phase) + step],
            actor=actor,
            note=note,
        )
    return edition


@transaction.atomic
def organiser_add(*, edition: Edition, user) -> Organiser:
    """Give a person the organiser role for one edition (idempotent)."""
    organiser, _created = Organiser.objects.get_or_create(edition=edition, user=user)
    return organiser


@transaction.atomic
def contact_add(*, municipality: Municipality, user, title: str = "") -> MunicipalityContact:
    """Make a person a contact of a municipality (idempotent)."""
    contact, _created = MunicipalityContact.objects.get_or_create(
        municipality=municipality, user=user, defaults={"title": title}
    )
    return contact


@transaction.atomic
def entry_create(
    *, edition: Edition, municipalities: Iterable[Municipality], title: str = "", actor=None
) -> Entry:
    """Register an entry for one or more municipalities. The database refuses a second entry
    for a municipality in the same edition; this says so in words first."""
    municipalities = sorted({m.pk: m for m in municipalities}.values(), key=lambda m: m.name)
    if not municipalities:
        raise ActionRefused(_("An entry needs at least one municipality."))
    taken = EntryMunicipality.objects.filter(
        edition=edition, municipality__in=municipalities
    ).select_related("municipality")
    if taken:
        names = ", ".join(sorted(row.municipality.name for row in taken))
        raise ActionRefused(
            _("Already entered in %(edition)s: %(names)s.") % {"edition": edition, "names": names}
        )
    entry = Entry.objects.create(
        edition=edition, title=title or ", ".join(m.name for m in municipalities)
    )
    EntryMunicipality.objects.bulk_create(
        EntryMunicipality(entry=entry, municipality=m, edition=edition) for m in municipalities
    )
    EntryStateChange.objects.create(
        entry=entry,
        actor=actor,
        from_state=EntryState.DRAFT,
        to_state=EntryState.DRAFT,
        note="created",
    )
    return entry


@transaction.atomic
def answer_save(
    *, entry: Entry, question: Question, text: str = "", number=None, actor=None
) -> Answer:
    """Save an answer while the entry is a draft, growing its version on every save."""
    if entry.state != EntryState.DRAFT:
        raise ActionRefused(_("The entry has been submitted and can no longer be changed."))
    if question.section.edition_id != entry.edition_id:
        raise ActionRefused(_("The question belongs to another edition."))
    answer, created = Answer.objects.get_or_create(
        entry=entry,
        question=question,
        defaults={"text": text, "number": number, "updated_by": actor},
    )
    if not created:
        answer.text = text
        answer.number = number
        answer.updated_by = actor
        answer.version += 1
        answer.save(update_fields=["text", "number", "updated_by", "version", "updated_at"])
    return answer


def _entry_move(*, entry: Entry, to_state: str, actor, note: str, **extra) -> Entry:
    from_state = entry.state
    if to_state not in ENTRY_STATE_TRANSITIONS[from_state]:
        raise ActionRefused(
            _("An entry cannot move from %(from)s to %(to)s.")
            % {"from": EntryState(from_state).label, "to": EntryState(to_state).label}
        )
    updated = Entry.objects.filter(pk=entry.pk, state=from_state).update(state=to_state, **extra)
    if not updated:
        raise ActionRefused(_("Somebody else changed this entry first. Please reload the page."))
    EntryStateChange.objects.create(
        entry=entry, actor=actor, from_state=from_state, to_state=to_state, note=note
    )
    entry.state = to_state
    for name, value in extra.items():
        setattr(entry, name, value)
    return entry


@transaction.atomic
def entry_submit(*, entry: Entry, actor=None, now=None) -> Entry:
    """Submit an entry to the jury: once, before the edition's deadline, while registration is
    open. After submission the municipality can no longer change it."""
    now = now or timezone.now()
    edition = entry.edition
    if edition.phase != EditionPhase.REGISTRATION:
        raise ActionRefused(_("The edition is not taking submissions."))
    if edition.submission_deadline is not None and now > edition.submission_deadline:
        raise ActionRefused(_("The deadline has passed; the entry can no longer be submitted."))
    return _entry_move(
        entry=entry, to_state=EntryState.SUBMITTED, actor=actor, note="", submitted_at=now
    )


@transaction.atomic
def entry_set_standing(*, entry: Entry, standing: str, actor=None) -> Entry:
    """Record how far a submitted entry came (long list, finalist, winner). Whether anyone
    outside the jury may see it is decided by the edition's announcement moments."""
    if standing != EntryStanding.ENTRANT and entry.state != EntryState.SUBMITTED:
        raise ActionRefused(_("Only a submitted entry can be shortlisted."))
    Entry.objects.filter(pk=entry.pk).update(standing=standing)
    entry.standing = standing
    return entry
