"""How long the heavy documents take, and how much memory: the publication of 290 entries
(PDF) and a juror's reading pack of 30 entries with an attachment each (ZIP of PDFs), both
built by the background tasks that build them in production.

Builds a throwaway SQLite database under a temporary directory, migrates it and fills one
edition with every municipality's entry (three answers of about 250 words each), all
consenting and approved for the publication. Prints wall time and the process's peak RSS
(the tasks run in this process, one after the other).

    .venv/bin/python benchmarks/documents.py [--entries 290] [--pack 30]
"""

import argparse
import os
import resource
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(label, function):
    before = peak_rss_mib()
    started = time.perf_counter()
    result = function()
    elapsed = time.perf_counter() - started
    after = peak_rss_mib()
    print(
        f"{label}: {elapsed:.1f} s; process peak RSS {after:.0f} MiB "
        f"(+{after - before:.0f} MiB over the {before:.0f} MiB before)"
    )
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=290)
    parser.add_argument("--pack", type=int, default=30)
    options = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="juryrum-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    os.environ["MEDIA_ROOT"] = f"{workdir}/media"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    # Tasks are only recorded while the data is set up; the two measured ones are run here.
    os.environ["TASKS_BACKEND"] = "django.tasks.backends.dummy.DummyBackend"
    import django

    django.setup()
    from django.core.files.base import ContentFile
    from django.core.management import call_command
    from django.utils import timezone

    from awards.models import Attachment, Award, Edition, Entry, Municipality, Question, Section
    from awards.services import (
        answer_save,
        edition_walk_to_phase,
        entry_create,
        entry_submit,
        organiser_add,
        publication_proof_approve,
        publication_publish,
        publication_save,
    )
    from evaluation.services import conflict_declare, jury_member_add

    call_command("migrate", verbosity=0)
    User = django.contrib.auth.get_user_model()
    admin = User.objects.create_user("bench-admin", "admin@example.org", "x")
    award = Award.objects.create(name="Benchmark award", slug="bench")
    now = timezone.now()
    edition = Edition.objects.create(
        award=award,
        year=2027,
        name="Benchmark",
        slug="bench-2027",
        registration_opens_at=now - timedelta(days=10),
        submission_deadline=now + timedelta(days=10),
    )
    organiser_add(edition=edition, user=admin)
    edition_walk_to_phase(edition=edition, to_phase="registration")
    section = Section.objects.create(edition=edition, position=1, title="Egenbeskrivning")
    questions = [
        Question.objects.create(
            section=section, position=i, kind="long_text", text=f"Fråga {i}", word_limit=400
        )
        for i in (1, 2, 3)
    ]
    files = Question.objects.create(
        section=section,
        position=4,
        kind="file",
        text="Bilaga",
        required=False,
        allowed_types=["pdf"],
    )
    words = (
        "Kommunen har byggt en gemensam plattform för e-tjänster där invånarna följer sina "
        "ärenden och verksamheterna själva äger utvecklingen med stöd av IT. "
    ) * 12
    started = time.perf_counter()
    municipalities = list(Municipality.objects.order_by("code")[: options.entries])
    entries = []
    for municipality in municipalities:
        entry = entry_create(edition=edition, municipalities=[municipality])
        for question in questions:
            answer_save(entry=entry, question=question, text=f"{municipality.name}: {words}")
        Entry.objects.filter(pk=entry.pk).update(publication_consent=True)
        entry.refresh_from_db()
        entry_submit(entry=entry)
        entries.append(entry)
    attachment = b"%PDF-1.4\n" + b"0" * 200_000
    for entry in entries[: options.pack]:
        Attachment.objects.create(
            entry=entry,
            question=files,
            file=ContentFile(attachment, name="bilaga.pdf"),
            file_type="pdf",
            content_type="application/pdf",
            original_name="Bilaga.pdf",
            size=len(attachment),
        )
    publication_save(edition=edition, title="Benchmark", introduction=words, seen_version=0)
    for entry in entries:
        publication_proof_approve(entry=entry, actor=admin)
    publication_publish(edition=edition)
    print(f"Set-up: {len(entries)} entries in {time.perf_counter() - started:.0f} s")

    from awards.models import DocumentJob
    from awards.services import publication_pdf_build
    from awards.tasks import build_publication_pdf
    from evaluation.tasks import build_reading_pack

    job = publication_pdf_build(edition=edition)
    measure(
        f"Publication of {len(entries)} entries (PDF)", lambda: build_publication_pdf.call(job.pk)
    )
    job.refresh_from_db()
    print(f"  {job.status}, {job.file.size / 2**20:.1f} MiB")

    edition_walk_to_phase(edition=edition, to_phase="evaluation")
    juror = User.objects.create_user("bench-juror", "juror@example.org", "x")
    member = jury_member_add(edition=edition, user=juror, role="juror")
    for entry in entries:
        conflict_declare(member=member, entry=entry, has_conflict=False)
    # The juror is assigned the first `pack` entries (those with an attachment).
    from evaluation.choices import AssignmentMode
    from evaluation.services import assignment_set, round_ensure, round_update

    scoring_round = round_ensure(edition=edition, number=1)
    scoring_round = round_update(
        scoring_round=scoring_round,
        seen_version=scoring_round.version,
        assignment=AssignmentMode.PER_ENTRY,
    )
    for entry in entries[: options.pack]:
        assignment_set(scoring_round=scoring_round, member=member, entry=entry, assigned=True)
    pack = DocumentJob.objects.create(
        edition=edition, kind=DocumentJob.Kind.READING_PACK, owner=juror
    )
    measure(
        f"Reading pack of {options.pack} entries (ZIP)", lambda: build_reading_pack.call(pack.pk)
    )
    pack.refresh_from_db()
    print(f"  {pack.status}, {pack.done}/{pack.total} entries, {pack.file.size / 2**20:.1f} MiB")


if __name__ == "__main__":
    main()
