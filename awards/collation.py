"""Swedish alphabetical order: … X Y Z Å Ä Ö, accents read as their letter (é as e, ü as y).

PostgreSQL sorts the names of municipalities, counties and entries with a collation named
`swedish`, ICU's Swedish (created by migration awards 0021). SQLite has no ICU, so each SQLite
connection gets a collation of the same name that compares by `swedish_key`, and both
databases give the same order (a test holds them to it on all 290 municipalities). Python code
that sorts names for people sorts by `swedish_key` too.
"""

import unicodedata

SWEDISH = "swedish"

# Letters with a place of their own after z, and letters Swedish reads as another.
_AFTER_Z = {"å": "\x7b", "ä": "\x7c", "ö": "\x7d"}
_READ_AS = {"æ": "ä", "ø": "ö", "ü": "y", "ß": "ss"}


def swedish_key(text: str) -> tuple[str, str]:
    """A sort key for `text` in Swedish order; case only breaks ties."""
    letters = []
    for char in text.casefold():
        char = _READ_AS.get(char, char)
        if char in _AFTER_Z:
            letters.append(_AFTER_Z[char])
            continue
        base = unicodedata.normalize("NFD", char)
        letters.append("".join(c for c in base if not unicodedata.combining(c)))
    return "".join(letters), text


def _compare(a: str, b: str) -> int:
    ka, kb = swedish_key(a), swedish_key(b)
    return (ka > kb) - (ka < kb)


def register_on_sqlite(sender, connection, **kwargs):
    """connection_created: give each SQLite connection the Swedish collation."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(SWEDISH, _compare)
