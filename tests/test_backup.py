"""Backups: the documented dumpdata/loaddata steps restore a demo edition into an empty
database with every entry, answer, score and decision (and the audit trail) intact."""

from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command

from awards.models import Answer, Edition, Entry, Municipality
from evaluation.management.commands.seed_demo import seed_demo
from evaluation.models import ConflictDeclaration, Decision, Motivation, Score, Scorecard

# Outside a test transaction: emptying the database the way flush does (TRUNCATE on
# PostgreSQL) cannot happen inside one with constraint checks pending.
pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parent.parent
# The same exclusions as README.md, "Back-ups".
EXCLUDE = ["contenttypes", "auth.permission", "sessions", "admin.logentry", "axes"]


def snapshot():
    return {
        "entries": sorted(Entry.objects.values_list("pk", "title", "state", "standing")),
        "answers": sorted(Answer.objects.values_list("pk", "entry_id", "text", "number")),
        "scores": sorted(Score.objects.values_list("pk", "scorecard_id", "value", "comment")),
        "scorecards": Scorecard.objects.count(),
        "declarations": ConflictDeclaration.objects.count(),
        "decisions": sorted(Decision.objects.values_list("pk", "outcome", "reason")),
        "motivations": sorted(Motivation.objects.values_list("pk", "status")),
        # JSON keeps times to the millisecond (organisers set moments to the minute).
        "editions": sorted(
            (pk, slug, at and at.replace(microsecond=at.microsecond // 1000 * 1000))
            for pk, slug, at in Edition.objects.values_list("pk", "slug", "announce_at")
        ),
        "municipalities": Municipality.objects.count(),
        "trail": LogEntry.objects.count(),
    }


def test_a_dump_of_the_demo_restores_into_an_empty_database(tmp_path):
    seed_demo(phase="announced")
    before = snapshot()
    assert before["scores"]
    assert before["decisions"]
    assert "dumpdata --natural-foreign" in (ROOT / "README.md").read_text()
    dump = tmp_path / "juryrum.json.gz"
    call_command(
        "dumpdata",
        "--natural-foreign",
        *[f"--exclude={e}" for e in EXCLUDE],
        output=dump,
        verbosity=0,
    )

    call_command("flush", interactive=False, verbosity=0)
    assert Entry.objects.count() == 0
    assert Municipality.objects.count() == 0

    call_command("loaddata", dump, verbosity=0)
    assert snapshot() == before
