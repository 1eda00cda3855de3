"""Allowed moves of the jury's shortlisting, as plain data."""

from awards.choices import EntryStanding

# The chair moves entries onto the long list, from there to the finalists, and back while
# shortlisting is open. Winners and honourable mentions are the decision's business.
STANDING_TRANSITIONS: dict[str, frozenset[str]] = {
    EntryStanding.ENTRANT: frozenset({EntryStanding.LONG_LIST}),
    EntryStanding.LONG_LIST: frozenset({EntryStanding.ENTRANT, EntryStanding.FINALIST}),
    EntryStanding.FINALIST: frozenset({EntryStanding.LONG_LIST}),
    EntryStanding.HONOURABLE_MENTION: frozenset(),
    EntryStanding.WINNER: frozenset(),
}
