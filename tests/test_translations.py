"""Every UI string has a Swedish translation, and the compiled catalogue matches the source."""

from pathlib import Path

import polib
import pytest
from django.utils import translation

LOCALE = Path(__file__).resolve().parent.parent / "locale" / "sv" / "LC_MESSAGES"


def test_swedish_catalogue_has_no_untranslated_or_fuzzy_strings():
    po = polib.pofile(str(LOCALE / "django.po"))
    assert po.untranslated_entries() == []
    assert [e.msgid for e in po.fuzzy_entries()] == []
    assert po.percent_translated() == 100


def test_compiled_catalogue_matches_the_source():
    po = polib.pofile(str(LOCALE / "django.po"))
    mo = polib.mofile(str(LOCALE / "django.mo"))
    source = {(e.msgid, e.msgstr or str(e.msgstr_plural)) for e in po.translated_entries()}
    compiled = {(e.msgid, e.msgstr or str(e.msgstr_plural)) for e in mo if e.msgid}
    assert source == compiled, "run `make messages` and commit django.mo"


@pytest.mark.parametrize(
    ("english", "swedish"),
    [("Sign in", "Logga in"), ("Finalists", "Slutnominerade"), ("Our entries", "Våra bidrag")],
)
def test_swedish_is_served(english, swedish):
    with translation.override("sv"):
        assert translation.gettext(english) == swedish
