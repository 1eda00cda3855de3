"""Allowed moves of the award's state machines, as plain data."""

from awards.choices import EditionPhase, EntryState

EDITION_PHASE_TRANSITIONS: dict[str, frozenset[str]] = {
    EditionPhase.SETUP: frozenset({EditionPhase.REGISTRATION}),
    EditionPhase.REGISTRATION: frozenset({EditionPhase.SETUP, EditionPhase.EVALUATION}),
    EditionPhase.EVALUATION: frozenset({EditionPhase.REGISTRATION, EditionPhase.SITE_VISITS}),
    EditionPhase.SITE_VISITS: frozenset({EditionPhase.EVALUATION, EditionPhase.DELIBERATION}),
    EditionPhase.DELIBERATION: frozenset({EditionPhase.SITE_VISITS, EditionPhase.DECIDED}),
    EditionPhase.DECIDED: frozenset({EditionPhase.DELIBERATION}),
}

ENTRY_STATE_TRANSITIONS: dict[str, frozenset[str]] = {
    EntryState.DRAFT: frozenset({EntryState.SUBMITTED, EntryState.WITHDRAWN}),
    EntryState.SUBMITTED: frozenset(
        {EntryState.DRAFT, EntryState.ELIGIBLE, EntryState.INELIGIBLE, EntryState.WITHDRAWN}
    ),
    EntryState.ELIGIBLE: frozenset({EntryState.DRAFT, EntryState.INELIGIBLE, EntryState.WITHDRAWN}),
    EntryState.INELIGIBLE: frozenset({EntryState.DRAFT, EntryState.ELIGIBLE, EntryState.WITHDRAWN}),
    EntryState.WITHDRAWN: frozenset({EntryState.DRAFT}),
}
