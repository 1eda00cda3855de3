"""Background work of the jury: reminders before a round closes and before a site visit."""

import logging
import tempfile
import zipfile
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from awards.documents import dossier_filename, entry_dossier_pdf
from awards.models import DocumentJob, Edition, Entry, Reminder
from awards.services import edition_remove_personal_data, editions_due_for_retention
from awards.tasks import deliver_reminders, document_job_run
from evaluation.models import Interviewee, ScoringRound, SiteVisit
from evaluation.rules import seat_on
from evaluation.selectors import dossier_entries_for_member, score_reminder_people


@task()
def send_score_reminders(round_id: int, closes_at: str, days: int) -> int:
    """Remind every juror with entries still to submit that the round closes in `days`. Does
    nothing if the closing moment has moved, the round is closed, the organisers turned these
    reminders off, or the task runs early or late."""
    scoring_round = ScoringRound.objects.select_related("edition__award").get(pk=round_id)
    edition = scoring_round.edition
    moment = scoring_round.closes_at
    now = timezone.now()
    if (
        not edition.remind_scores
        or not scoring_round.is_open
        or moment is None
        or moment.isoformat() != closes_at
        or not moment - timedelta(days=days) <= now < moment
    ):
        return 0
    link = settings.SITE_URL + reverse(
        "evaluation:round", args=[edition.slug, scoring_round.number]
    )
    return deliver_reminders(
        edition=edition,
        kind=Reminder.Kind.SCORES,
        occasion=f"round-{round_id}/{closes_at}/{days}",
        people=[(person, {"missing": n}) for person, n in score_reminder_people(scoring_round)],
        context={"scoring_round": scoring_round, "closes_at": moment, "link": link},
    )


@task()
def send_visit_reminders(visit_id: int, starts_at: str) -> int:
    """Remind the visiting jury the day before a visit. Nothing if the visit has moved or was
    cancelled, or the organisers turned these reminders off."""
    visit = (
        SiteVisit.objects.select_related("entry__edition__award")
        .prefetch_related("participants__user")
        .filter(pk=visit_id)
        .first()
    )
    if visit is None:
        return 0
    edition = visit.entry.edition
    now = timezone.now()
    if (
        not edition.remind_visits
        or visit.starts_at.isoformat() != starts_at
        or not visit.starts_at - timedelta(days=1) <= now < visit.starts_at
    ):
        return 0
    link = settings.SITE_URL + reverse("evaluation:visit", args=[edition.slug, visit.pk])
    return deliver_reminders(
        edition=edition,
        kind=Reminder.Kind.VISIT,
        occasion=f"visit-{visit_id}/{starts_at}",
        people=[(member.user, {}) for member in visit.participants.all()],
        context={"visit": visit, "link": link},
    )


logger = logging.getLogger(__name__)


def reading_pack_entries(member):
    return (
        Entry.objects.filter(pk__in=dossier_entries_for_member(member).values("pk"))
        .select_related("edition__award")
        .prefetch_related("answers", "attachments", "municipalities__county")
        .order_by("title")
    )


def write_reading_pack(archive: zipfile.ZipFile, entries, progress=None) -> None:
    """Each entry's dossier (PDF) and attachments in a folder of its own."""
    for number, entry in enumerate(entries, start=1):
        folder = dossier_filename(entry).removesuffix(".pdf")
        archive.writestr(f"{folder}/{folder}.pdf", entry_dossier_pdf(entry))
        for attachment in entry.attachments.all():
            with attachment.file.open("rb") as source:
                archive.writestr(
                    f"{folder}/{attachment.pk}-{attachment.original_name}", source.read()
                )
        if progress is not None:
            progress(number)


@task()
def build_reading_pack(job_id: int) -> bool:
    """Build a jury member's reading pack in the background, counting entries as it goes so
    the page can show progress. The entries are those the member may read now; the download
    checks again that they still may."""
    job = DocumentJob.objects.select_related("edition", "owner").get(pk=job_id)
    if job.status != DocumentJob.Status.QUEUED:
        return False
    member = seat_on(job.owner, job.edition)
    entries = list(reading_pack_entries(member)) if member is not None else []
    DocumentJob.objects.filter(pk=job.pk).update(contents=[e.pk for e in entries])

    def build(job):
        buffer = tempfile.TemporaryFile()  # noqa: SIM115 - document_job_run closes it
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            write_reading_pack(
                archive,
                entries,
                lambda n: DocumentJob.objects.filter(pk=job.pk).update(done=n),
            )
        buffer.seek(0)
        return buffer

    name = f"{job.edition.slug}-{job.owner.get_username()}.zip"
    return document_job_run(job, build, name, total=len(entries))


def apply_retention_now(now=None, dry_run=False) -> list[tuple[Edition, dict[str, int]]]:
    """Remove the personal data of every edition past its retention time: what the awards
    app holds (attachments, nominators, mails) and the interviewees' names of its site
    visits. Entries, scores, decisions and the audit trail stay."""
    done = []
    for edition in editions_due_for_retention(now):
        if dry_run:
            done.append((edition, {}))
            continue
        with transaction.atomic():
            interviewees = Interviewee.objects.filter(visit__entry__edition=edition).delete()[0]
            removed = edition_remove_personal_data(edition=edition, now=now)
        removed["interviewees"] = interviewees
        logger.info("retention: removed personal data of %s: %s", edition, removed)
        done.append((edition, removed))
    return done


@task()
def apply_retention() -> int:
    """The retention rule as a background task (run it daily; see apply_retention)."""
    return len(apply_retention_now())
