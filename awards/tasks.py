"""Background work of the awards app, run by django-tasks-db's worker (manage.py db_worker)."""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from awards.choices import EditionPhase
from awards.documents import publication_pdf
from awards.models import (
    DocumentJob,
    Edition,
    Entry,
    Invitation,
    OutboxMessage,
    PartnerInvitation,
    Publication,
    Reminder,
    Section,
)
from awards.selectors import (
    draft_reminder_people,
    entry_recipients,
    publication_text_of_entry,
    questionnaire_with_answers,
    section_reminder_people,
)


@task()
def send_entry_receipt(entry_id: int, submitted_by_id: int | None) -> int:
    """Mail every contact of a submitted entry a receipt with a copy of its answers, each in
    their own language. Returns the number of mails sent."""
    entry = Entry.objects.select_related("edition", "edition__award").get(pk=entry_id)
    # A resubmitted entry whose approved proof no longer matches its text: say so.
    text = publication_text_of_entry(entry)
    proof_changed = text is not None and text.proof is not None and not text.approved
    proof_link = settings.SITE_URL + reverse("awards:entry-proof", args=[entry.pk])
    sent = 0
    for person in entry_recipients(entry):
        with translation.override(person.preferred_language or settings.LANGUAGE_CODE):
            context = {
                "entry": entry,
                "person": person,
                "submitted_by_you": person.pk == submitted_by_id,
                "questionnaire": questionnaire_with_answers(entry),
                "proof_changed": proof_changed,
                "proof_link": proof_link,
            }
            subject = render_to_string("awards/mail/entry_receipt_subject.txt", context).strip()
            body = render_to_string("awards/mail/entry_receipt.txt", context)
        EmailMultiAlternatives(subject, body, to=[person.email]).send()
        sent += 1
    return sent


def mail_entry_contacts(entry, template: str, **context) -> int:
    """Mail every contact of the entry awards/mail/<template>.txt (and _subject.txt), each in
    their own language, with the entry, the person, a link to the entry and `context`."""
    sent = 0
    for person in entry_recipients(entry):
        with translation.override(person.preferred_language or settings.LANGUAGE_CODE):
            values = {
                "entry": entry,
                "person": person,
                "link": settings.SITE_URL + entry.get_absolute_url(),
                **context,
            }
            subject = render_to_string(f"awards/mail/{template}_subject.txt", values)
            body = render_to_string(f"awards/mail/{template}.txt", values)
        EmailMultiAlternatives(" ".join(subject.split()), body, to=[person.email]).send()
        sent += 1
    return sent


@task()
def send_answers_entered(entry_id: int) -> int:
    """Tell every contact of an entry that the organisers entered answers on its behalf, with
    a link to check them and, where the entry is in the publication, to approve its text."""
    entry = Entry.objects.select_related("edition", "edition__award").get(pk=entry_id)
    proof = settings.SITE_URL + reverse("awards:entry-proof", args=[entry.pk])
    in_publication = publication_text_of_entry(entry) is not None
    return mail_entry_contacts(entry, "answers_entered", proof_link=proof if in_publication else "")


@task()
def send_invitation(invitation_id: int) -> bool:
    """Mail an invitation with its signed link, in the invited person's language."""
    invitation = Invitation.objects.select_related(
        "user", "municipality", "edition", "invited_by"
    ).get(pk=invitation_id)
    if invitation.accepted_at is not None:
        return False
    person = invitation.user
    with translation.override(person.preferred_language or settings.LANGUAGE_CODE):
        context = {
            "invitation": invitation,
            "link": settings.SITE_URL
            + reverse("awards:invitation-accept", args=[invitation.token]),
            "has_password": person.has_usable_password(),
            "days": settings.INVITATION_MAX_AGE_DAYS,
        }
        subject = render_to_string("awards/mail/invitation_subject.txt", context).strip()
        body = render_to_string("awards/mail/invitation.txt", context)
    EmailMultiAlternatives(subject, body, to=[invitation.email]).send()
    return True


@task()
def send_nomination_notice(entry_id: int) -> int:
    """Tell a nominated municipality's contacts that a draft entry is open for them to
    complete or decline, each in their own language."""
    entry = Entry.objects.select_related("edition").get(pk=entry_id)
    return mail_entry_contacts(entry, "nomination")


@task()
def send_partner_invitation(invitation_id: int) -> int:
    """Ask the contacts of a municipality invited into a joint entry to accept or decline,
    each in their own language. A municipality with no contact yet gets no mail; the person
    who registered the entry is told so on the entry's page."""
    invitation = PartnerInvitation.objects.select_related(
        "entry__edition", "municipality", "invited_by"
    ).get(pk=invitation_id)
    User = get_user_model()
    people = User.objects.filter(
        municipality_contacts__municipality=invitation.municipality_id, is_active=True
    ).distinct()
    sent = 0
    for person in people:
        with translation.override(person.preferred_language or settings.LANGUAGE_CODE):
            context = {
                "invitation": invitation,
                "person": person,
                "link": settings.SITE_URL + invitation.get_absolute_url(),
            }
            subject = render_to_string("awards/mail/partner_subject.txt", context).strip()
            body = render_to_string("awards/mail/partner.txt", context)
        EmailMultiAlternatives(subject, body, to=[person.email]).send()
        sent += 1
    return sent


@task()
def send_outbox_message(message_id: int) -> bool:
    """Send one reviewed outbox message and record when. The moment is the edition's as it is
    when the task runs, not the one it was queued for: a postponed announcement holds the mail
    back (rescheduling for the new moment is outbox_reschedule's, run when the moment moves). A
    message that is not queued (sent already, or discarded) is left alone; two tasks for one
    message send it once."""
    message = (
        OutboxMessage.objects.filter(pk=message_id, status=OutboxMessage.Status.QUEUED)
        .select_related("edition")
        .first()
    )
    if message is None:
        return False
    now = timezone.now()
    moment = message.moment()
    if moment is None or moment > now:
        return False
    claimed = OutboxMessage.objects.filter(
        pk=message.pk, status=OutboxMessage.Status.QUEUED
    ).update(status=OutboxMessage.Status.SENT, sent_at=now, error="")
    if not claimed:
        return False
    try:
        EmailMultiAlternatives(message.subject, message.body, to=[message.email]).send()
    except Exception as error:  # a mail server's refusal is recorded, not lost
        OutboxMessage.objects.filter(pk=message.pk).update(
            status=OutboxMessage.Status.FAILED, sent_at=None, error=str(error)[:2000]
        )
        raise
    return True


def deliver_reminders(*, edition, kind: str, occasion: str, people, context=None) -> int:
    """Mail each person, in their own language and as plain text, the reminder of this kind
    (templates awards/mail/reminder_<kind>*.txt), unless they already had it on this
    occasion; every mail is recorded in the same transaction as it is sent, so a task run
    twice, or two workers at once, never send it twice. `people` holds (person, context)."""
    done = set(
        Reminder.objects.filter(kind=kind, occasion=occasion).values_list("email", flat=True)
    )
    sent = 0
    for person, extra in people:
        if not person.is_active or not person.email or person.email in done:
            continue
        language = person.preferred_language or settings.LANGUAGE_CODE
        with translation.override(language):
            values = {"person": person, "edition": edition, **(context or {}), **extra}
            subject = render_to_string(f"awards/mail/reminder_{kind}_subject.txt", values)
            subject = " ".join(subject.split())[:200]
            body = render_to_string(f"awards/mail/reminder_{kind}.txt", values)
        try:
            with transaction.atomic():
                Reminder.objects.create(
                    edition=edition,
                    kind=kind,
                    occasion=occasion,
                    recipient=person,
                    email=person.email,
                    language=language,
                    subject=subject,
                )
                EmailMultiAlternatives(subject, body, to=[person.email]).send()
        except IntegrityError:
            continue  # another run reminded them a moment ago
        done.add(person.email)
        sent += 1
    return sent


@task()
def send_draft_reminders(edition_id: int, deadline: str, days: int) -> int:
    """Remind the contacts of every unsubmitted draft that the deadline is `days` away. Does
    nothing if the deadline has moved since the reminder was scheduled (the new deadline has
    its own), if the organisers turned these reminders off, or if it runs early or late."""
    edition = Edition.objects.select_related("award").get(pk=edition_id)
    moment = edition.submission_deadline
    now = timezone.now()
    if (
        not edition.remind_drafts
        or moment is None
        or moment.isoformat() != deadline
        or edition.phase != EditionPhase.REGISTRATION
        or not moment - timedelta(days=days) <= now < moment
    ):
        return 0
    people = [
        (
            person,
            {"entries": [(e, settings.SITE_URL + e.get_absolute_url()) for e in entries]},
        )
        for person, entries in draft_reminder_people(edition)
    ]
    return deliver_reminders(
        edition=edition,
        kind=Reminder.Kind.DRAFT,
        occasion=f"{deadline}/{days}",
        people=people,
        context={"deadline": moment, "days": days},
    )


@task()
def send_section_reminders(section_id: int, deadline: str, days: int) -> int:
    """Remind the contacts of every entry that has reached a later stage's section and not
    answered its required questions that its deadline is `days` away. Does nothing if the
    section is gone, its deadline has moved, or the reminder runs early or late."""
    section = Section.objects.select_related("edition__award").filter(pk=section_id).first()
    now = timezone.now()
    if (
        section is None
        or section.deadline is None
        or section.deadline.isoformat() != deadline
        or not section.deadline - timedelta(days=days) <= now < section.deadline
    ):
        return 0
    people = [
        (person, {"entries": [(e, settings.SITE_URL + e.get_absolute_url()) for e in entries]})
        for person, entries in section_reminder_people(section, now)
    ]
    return deliver_reminders(
        edition=section.edition,
        kind=Reminder.Kind.SECTION,
        occasion=f"{section.pk}/{deadline}/{days}",
        people=people,
        context={"deadline": section.deadline, "days": days, "section": section},
    )


logger = logging.getLogger(__name__)


def document_job_run(job: DocumentJob, build, filename: str, total: int = 1) -> bool:
    """Run a document job: mark it running with its total, let `build(job)` return the
    file's bytes or an open file (closed here once kept), keep the file and mark it done. A
    failure is recorded on the job (and logged) instead of leaving it running for ever."""
    DocumentJob.objects.filter(pk=job.pk).update(status=DocumentJob.Status.RUNNING, total=total)
    try:
        content = build(job)
        if isinstance(content, bytes):
            job.file.save(filename, ContentFile(content), save=False)
        else:
            with content:
                job.file.save(filename, File(content), save=False)
    except Exception as error:
        logger.exception("Document job %s failed", job.pk)
        DocumentJob.objects.filter(pk=job.pk).update(
            status=DocumentJob.Status.FAILED, error=str(error), finished_at=timezone.now()
        )
        return False
    DocumentJob.objects.filter(pk=job.pk).update(
        file=job.file.name, status=DocumentJob.Status.DONE, done=total, finished_at=timezone.now()
    )
    return True


@task()
def build_publication_pdf(job_id: int) -> bool:
    """Draw the publication's PDF in the background (hundreds of entries take a while) and
    keep it, so that every download serves the same file."""
    job = DocumentJob.objects.select_related("edition").get(pk=job_id)
    if job.status != DocumentJob.Status.QUEUED:
        return False
    publication = Publication.objects.select_related("edition__award").get(edition=job.edition)
    return document_job_run(
        job, lambda job: publication_pdf(publication), f"{job.edition.slug}-publication.pdf"
    )
