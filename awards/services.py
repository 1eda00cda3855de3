"""Every write of the awards app. Views and commands call these; nothing else changes state."""

import os
import uuid
from collections.abc import Iterable
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

import filetype
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts import audit
from accounts.personal_data import ANONYMOUS_DOMAIN, anonymise
from accounts.security import has_trusted_role
from accounts.viewer import forget_answers
from awards.choices import (
    FILE_TYPES,
    FINALIST_STANDINGS,
    JURY_STATES,
    RECORD_STANDINGS,
    SUBMITTED_STATES,
    EditionPhase,
    EntryStanding,
    EntryState,
    NominationStatus,
    QuestionKind,
    SectionStage,
)
from awards.collation import swedish_key
from awards.errors import ActionRefused
from awards.models import (
    Answer,
    Attachment,
    Criterion,
    DocumentJob,
    Edition,
    EditionPhaseChange,
    Entry,
    EntryMunicipality,
    EntryStateChange,
    Invitation,
    JurorOnRecord,
    Municipality,
    MunicipalityContact,
    Nomination,
    Organiser,
    OutboxMessage,
    PartnerInvitation,
    Publication,
    PublicationProof,
    PublishedText,
    Question,
    Reminder,
    Section,
)
from awards.selectors import missing_answers, publication_contents, publication_text_of_entry
from awards.tasks import (
    build_publication_pdf,
    send_answers_entered,
    send_draft_reminders,
    send_entry_receipt,
    send_invitation,
    send_nomination_notice,
    send_outbox_message,
    send_partner_invitation,
    send_section_reminders,
)
from awards.transitions import EDITION_PHASE_TRANSITIONS, ENTRY_STATE_TRANSITIONS


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
def edition_copy(*, source: Edition, year: int, name: str, slug: str, actor) -> Edition:
    """Start a new edition of the same award from a previous one: its questionnaire (sections
    and questions, both languages) is copied; entries, jury, dates and decisions are not. The
    person who copies becomes the new edition's organiser."""
    if Edition.objects.filter(award=source.award, year=year).exists():
        raise ActionRefused(
            _("%(award)s already has an edition for %(year)s.")
            % {"award": source.award, "year": year}
        )
    if Edition.objects.filter(slug=slug).exists():
        raise ActionRefused(_("The short name %(slug)s is taken.") % {"slug": slug})
    edition = Edition.objects.create(
        award=source.award,
        year=year,
        name=name,
        slug=slug,
        grace_minutes=source.grace_minutes,
        contact_email=source.contact_email,
    )
    sections = list(source.sections.prefetch_related("questions"))
    new_sections = Section.objects.bulk_create(
        Section(edition=edition, position=s.position, title=s.title, title_en=s.title_en)
        for s in sections
    )
    copy_fields = [
        f.name for f in Question._meta.concrete_fields if f.name not in {"id", "section"}
    ]
    Question.objects.bulk_create(
        Question(section=new, **{name: getattr(q, name) for name in copy_fields})
        for old, new in zip(sections, new_sections, strict=True)
        for q in old.questions.all()
    )
    Criterion.objects.bulk_create(
        Criterion(
            edition=edition,
            **{
                f.name: getattr(c, f.name)
                for f in Criterion._meta.concrete_fields
                if f.name not in {"id", "edition"}
            },
        )
        for c in source.criteria.all()
    )
    organiser_add(edition=edition, user=actor)
    return edition


# The public record. An edition that ran in Juryrum gets its record from the jury's work; an
# edition held before is entered afterwards, with only what is known. Either can be corrected
# and completed once its decision is public; every change is on the audit trail (Edition,
# Entry and JurorOnRecord are tracked).

RECORD_FIELDS = (
    "finalists_known",
    "motivation",
    "motivation_en",
    "citation",
    "citation_en",
    "motivation_source",
    "venue",
    "partners",
    "benefits",
    "benefits_en",
)


def record_check_open(edition: Edition, now=None) -> None:
    """The record of an edition may be changed only once nothing in it is under embargo."""
    if not edition.decision_is_public(now):
        raise ActionRefused(_("The record can be changed once the winner has been announced."))


@transaction.atomic
def edition_record_add(*, award, year: int, name: str, slug: str, actor) -> Edition:
    """Enter an edition held before the award ran in Juryrum into its archive. It starts
    decided and empty: no finalist, motivation or date is known until an organiser enters it.
    The person who enters it becomes its organiser, as with a copy."""
    if Edition.objects.filter(award=award, year=year).exists():
        raise ActionRefused(
            _("%(award)s already has an edition for %(year)s.") % {"award": award, "year": year}
        )
    if Edition.objects.filter(slug=slug).exists():
        raise ActionRefused(_("The short name %(slug)s is taken.") % {"slug": slug})
    edition = Edition.objects.create(
        award=award, year=year, name=name, slug=slug, recorded_afterwards=True
    )
    organiser_add(edition=edition, user=actor)
    note = _("Entered into the archive afterwards.")
    return edition_walk_to_phase(
        edition=edition, to_phase=EditionPhase.DECIDED, actor=actor, note=note
    )


@transaction.atomic
def edition_record_update(*, edition: Edition, actor, announced_on=None, **fields) -> Edition:
    """Correct or complete what the record says of an edition. The gala's date can be set
    only for an edition entered afterwards: for one that ran here it is the embargo moment,
    set in its settings."""
    record_check_open(edition)
    unknown = set(fields) - set(RECORD_FIELDS)
    if unknown:
        raise ActionRefused(_("These are not part of the record: %(names)s.") % {"names": unknown})
    if edition.recorded_afterwards:
        fields["announce_at"] = (
            None
            if announced_on is None
            else timezone.make_aware(datetime.combine(announced_on, time(12)))
        )
    for name, value in fields.items():
        setattr(edition, name, value)
    edition.full_clean()
    edition.save(update_fields=[*fields, "updated_at"])  # updated_at: the forms' version
    return edition


@transaction.atomic
def record_entry_add(*, edition: Edition, municipalities, standing: str, actor) -> Entry:
    """Put an entry on the record of an edition entered afterwards: a winner, a finalist, an
    honourable mention or one on the long list. (An edition that ran here has its entries.)"""
    record_check_open(edition)
    if not edition.recorded_afterwards:
        raise ActionRefused(_("Only an edition entered afterwards takes entries on its record."))
    if standing not in RECORD_STANDINGS:
        raise ActionRefused(_("Choose how far the entry came."))
    entry = _entry_entered_by_organisers(
        edition=edition,
        municipalities=municipalities,
        actor=actor,
        note=_("Entered into the archive afterwards."),
    )
    return entry_set_standing(entry=entry, standing=standing, actor=actor)


def _entry_entered_by_organisers(*, edition, municipalities, actor, note, **fields) -> Entry:
    """An entry the organisers put in themselves (into the archive, or from a spreadsheet),
    submitted at once. No submission time is on record: it counts as submitted when it was
    entered. `fields`: other values of the entry (e.g. competing=False)."""
    entry = entry_create(edition=edition, municipalities=municipalities, actor=actor)
    if fields:
        Entry.objects.filter(pk=entry.pk).update(**fields)
        for name, value in fields.items():
            setattr(entry, name, value)
    return _entry_move(
        entry=entry,
        to_state=EntryState.SUBMITTED,
        actor=actor,
        note=note,
        submitted_at=timezone.now(),
    )


@transaction.atomic
def record_entry_set_standing(*, entry: Entry, standing: str, actor) -> Entry:
    """Correct how far an entry came, on the record of an announced edition."""
    record_check_open(entry.edition)
    if standing not in RECORD_STANDINGS:
        raise ActionRefused(_("Choose how far the entry came."))
    return entry_set_standing(entry=entry, standing=standing, actor=actor)


@transaction.atomic
def record_entry_remove(*, entry: Entry, actor) -> None:
    """Take an entry entered by mistake off the record of an edition entered afterwards."""
    record_check_open(entry.edition)
    if not entry.edition.recorded_afterwards:
        raise ActionRefused(_("An entry of an edition that ran here stays on its record."))
    entry.delete()


@transaction.atomic
def jurors_on_record_save(*, edition: Edition, jurors: list[dict], actor) -> list[JurorOnRecord]:
    """Make the jury the record names `jurors` (dicts of name, affiliation, chair), in order.
    Rows are changed in place, so the audit trail shows what changed, not a new jury."""
    record_check_open(edition)
    if sum(1 for juror in jurors if juror.get("chair")) > 1:
        raise ActionRefused(_("A jury has one chair."))
    rows = list(edition.jurors_on_record.order_by("position", "pk"))
    for position, juror in enumerate(jurors, 1):
        if position > len(rows):
            rows.append(JurorOnRecord.objects.create(edition=edition, position=position, **juror))
            continue
        row = rows[position - 1]
        if any(getattr(row, name) != value for name, value in juror.items()):
            for name, value in juror.items():
                setattr(row, name, value)
            row.position = position
            row.save()  # one audit entry per changed member, none for the unchanged
    for row in rows[len(jurors) :]:
        row.delete()
    return rows[: len(jurors)]


@transaction.atomic
def criterion_save(*, criterion: Criterion, actor) -> Criterion:
    """Add a criterion at the end of the edition's list, or save changes to one."""
    if criterion.pk is None:
        last = criterion.edition.criteria.order_by("-position").first()
        criterion.position = (last.position + 1) if last else 1
    criterion.full_clean()
    criterion.save()
    return criterion


@transaction.atomic
def criterion_delete(*, criterion: Criterion, actor) -> None:
    """Remove a criterion. (Once juries score, scored criteria will be kept.)"""
    criterion.delete()


@transaction.atomic
def edition_update(*, edition: Edition, actor, **fields) -> Edition:
    """Change an edition's name and timeline. The phase is not among them: it moves only
    through edition_set_phase."""
    if "phase" in fields:
        raise ActionRefused(_("The phase changes only through a phase move."))
    deadline_before = edition.submission_deadline
    moments_before = (edition.finalists_announce_at, edition.announce_at)
    for name, value in fields.items():
        setattr(edition, name, value)
    edition.full_clean()
    edition.save(update_fields=[*fields, "updated_at"])  # updated_at: the forms' version
    if edition.submission_deadline != deadline_before:
        reminders_schedule_drafts(edition=edition)
    if (edition.finalists_announce_at, edition.announce_at) != moments_before:
        outbox_reschedule(edition=edition)
    return edition


def outbox_reschedule(*, edition: Edition) -> int:
    """After an announcement moment moves, every queued message waits for the moment as it is
    now: its task is enqueued again for that moment. A task that finds its moment not yet
    come, or its message sent already, does nothing, so the earlier tasks are harmless."""
    queued = list(
        OutboxMessage.objects.filter(edition=edition, status=OutboxMessage.Status.QUEUED)
        .select_related("edition")
        .only("pk", "kind", "edition")
    )
    task = send_outbox_message
    for message in queued:
        moment = message.moment()
        if moment is None:
            continue  # it waits until a moment is set again
        OutboxMessage.objects.filter(pk=message.pk).update(send_after=moment)
        if task.get_backend().supports_defer:
            transaction.on_commit(
                lambda pk=message.pk, moment=moment: task.using(run_after=moment).enqueue(pk)
            )
    return len(queued)


DRAFT_REMINDER_DAYS = (14, 3, 1)


def reminders_schedule_drafts(*, edition: Edition, now=None) -> int:
    """Schedule the reminders of unsubmitted drafts 14, 3 and 1 days before the deadline, as
    background tasks that wait for their moment. Reminders of an earlier deadline find it
    moved and do nothing. Returns how many were scheduled."""
    return _schedule_before(
        send_draft_reminders, edition.submission_deadline, DRAFT_REMINDER_DAYS, now, edition.pk
    )


def _schedule_before(task, deadline, days_before, now, *args) -> int:
    """Enqueue `task(*args, deadline, days)` for each number of days before the deadline that
    is still ahead (after the transaction commits). Returns how many were scheduled."""
    now = now or timezone.now()
    if deadline is None or not task.get_backend().supports_defer:
        return 0
    scheduled = 0
    for days in days_before:
        at = deadline - timedelta(days=days)
        if at <= now:
            continue
        transaction.on_commit(
            lambda at=at, days=days: task.using(run_after=at).enqueue(
                *args, deadline.isoformat(), days
            )
        )
        scheduled += 1
    return scheduled


@transaction.atomic
def organiser_add(*, edition: Edition, user) -> Organiser:
    """Give a person the organiser role for one edition (idempotent)."""
    organiser, _created = Organiser.objects.get_or_create(edition=edition, user=user)
    return organiser


def invitation_from_token(token: str) -> Invitation:
    """The invitation a mailed link stands for, if the link is genuine, fresh and unused."""
    max_age = timedelta(days=settings.INVITATION_MAX_AGE_DAYS)
    try:
        pk = signing.loads(token, salt=Invitation.SALT, max_age=max_age)
    except signing.SignatureExpired:
        raise ActionRefused(
            _("This invitation has expired. Ask the organisers to send a new one.")
        ) from None
    except signing.BadSignature:
        raise ActionRefused(
            _("This invitation link is not valid. Check that it is complete.")
        ) from None
    invitation = (
        Invitation.objects.select_related("user", "municipality", "edition").filter(pk=pk).first()
    )
    if invitation is None:
        raise ActionRefused(_("This invitation has been withdrawn."))
    if invitation.accepted_at is not None:
        raise ActionRefused(
            _("This invitation has already been used. Sign in with your email address.")
        )
    return invitation


@transaction.atomic
def contact_invite(
    *, municipality: Municipality, email: str, name: str = "", title: str = "", invited_by=None
) -> Invitation:
    """Invite a person to act for a municipality: an account is made for a new address, the
    person becomes a contact at once, and a signed link to choose a password is mailed."""
    user = _user_for_email(email, name)
    contact_add(municipality=municipality, user=user, title=title)
    return _invitation_send(user=user, name=name, invited_by=invited_by, municipality=municipality)


@transaction.atomic
def person_invite_to_jury(*, edition: Edition, email: str, name: str = "", invited_by=None):
    """Invite a person to an edition's jury: an account is made for a new address and a signed
    link is mailed. The caller seats the person on the jury in the same transaction."""
    user = _user_for_email(email, name)
    return user, _invitation_send(user=user, name=name, invited_by=invited_by, edition=edition)


def _user_for_email(email: str, name: str):
    User = get_user_model()
    email = User.objects.normalize_email(email).strip()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User(username=email.lower(), email=email, display_name=name)
        user.set_unusable_password()
        user.save()
    return user


def _invitation_send(*, user, name, invited_by, **target) -> Invitation:
    invitation = Invitation.objects.create(
        email=user.email, name=name, user=user, invited_by=invited_by, **target
    )
    transaction.on_commit(lambda: send_invitation.enqueue(invitation.pk))
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, password: str | None) -> object:
    """Use an invitation once: a new person chooses their password; a person who already has
    one just confirms. A second use of the same link is refused."""
    used = Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
        accepted_at=timezone.now()
    )
    if not used:
        raise ActionRefused(
            _("This invitation has already been used. Sign in with your email address.")
        )
    user = invitation.user
    if password is not None:
        user.set_password(password)
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def contact_remove(*, contact: MunicipalityContact, actor=None) -> None:
    """Take away a person's right to act for a municipality. Their account and what they
    wrote stay; unused invitations to that municipality are withdrawn."""
    Invitation.objects.filter(
        user_id=contact.user_id, municipality_id=contact.municipality_id, accepted_at__isnull=True
    ).delete()
    contact.delete()
    forget_answers("entry_contact")


@transaction.atomic
def contact_add(*, municipality: Municipality, user, title: str = "") -> MunicipalityContact:
    """Make a person a contact of a municipality (idempotent)."""
    contact, _created = MunicipalityContact.objects.get_or_create(
        municipality=municipality, user=user, defaults={"title": title}
    )
    forget_answers("entry_contact")
    return contact


@transaction.atomic
def entry_create(
    *, edition: Edition, municipalities: Iterable[Municipality], title: str = "", actor=None
) -> Entry:
    """Register an entry for one or more municipalities. The database refuses a second entry
    for a municipality in the same edition; this says so in words first."""
    municipalities = sorted(
        {m.pk: m for m in municipalities}.values(), key=lambda m: swedish_key(m.name)
    )
    if not municipalities:
        raise ActionRefused(_("An entry needs at least one municipality."))
    _refuse_if_entered(edition, municipalities)
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
        note="",
    )
    return entry


def entry_check_writable(entry: Entry, now=None) -> None:
    """A municipality may change its entry while it is a draft, the edition takes entries and
    the entry's deadline (with grace minutes and any extension) has not passed."""
    if entry.state != EntryState.DRAFT:
        raise ActionRefused(_("The entry has been submitted and can no longer be changed."))
    if entry.edition.phase != EditionPhase.REGISTRATION:
        raise ActionRefused(_("The edition is not taking entries."))
    if entry.is_past_deadline(now):
        raise ActionRefused(deadline_passed_message(entry.edition))


def section_check_writable(entry: Entry, section: Section, now=None) -> None:
    """May the entry's contacts write this section now? A first-stage section while the entry
    may change; a later stage's section once the entry has reached that stage (as it may know
    it), after it was submitted and until the section's own deadline (with the edition's
    grace minutes)."""
    if not section.is_staged:
        entry_check_writable(entry, now)
        return
    now = now or timezone.now()
    if entry.state not in JURY_STATES:
        raise ActionRefused(_("This part is asked after the entry has been submitted."))
    if not section.is_reached_by(entry, now):
        raise ActionRefused(_("This part is not asked of your entry."))
    if section.is_closed(entry.edition, now):
        raise ActionRefused(
            _("The deadline for this part passed on %(when)s.")
            % {"when": formats.date_format(timezone.localtime(section.deadline), "DATETIME_FORMAT")}
        )


def deadline_passed_message(edition: Edition) -> str:
    if edition.contact_email:
        return _(
            "The deadline has passed, so the entry can no longer be changed or submitted. "
            "If you need an extension, write to the organisers at %(email)s."
        ) % {"email": edition.contact_email}
    return _(
        "The deadline has passed, so the entry can no longer be changed or submitted. "
        "If you need an extension, ask the award's organisers."
    )


@dataclass
class AnswerConflict:
    """A colleague saved this answer after the writer loaded it. Nothing is overwritten: the
    writer is shown both versions and decides."""

    question: Question
    theirs: Answer
    mine: object


@dataclass
class SaveResult:
    saved: list[Answer] = field(default_factory=list)
    conflicts: list[AnswerConflict] = field(default_factory=list)


def _same(a, b) -> bool:
    if isinstance(a, str) or isinstance(b, str):
        return (a or "") == (b or "")
    return a == b


def answers_save(
    *,
    entry: Entry,
    values: dict,
    seen_versions: dict[int, int],
    actor=None,
    now=None,
    stored: dict[int, Answer] | None = None,
    on_behalf: bool = False,
) -> SaveResult:
    """Save a writer's answers to some questions of the entry.

    Each answer is written only if nobody saved it since the writer loaded it (the version
    they saw is still the stored one): a compare-and-set on the version. Otherwise the answer
    is reported as a conflict and left alone, so no colleague's text is ever overwritten
    unseen. Unchanged answers are not written at all.

    `stored` is the entry's answers to these questions by question id, if the caller has just
    read them (an autosave has, to build its form); they are read here otherwise. The
    compare-and-set is what keeps a colleague's text safe, so a copy read a moment ago is as
    good as one read now.

    Several writes, or a write and its audit entry, are one transaction. One compare-and-set
    is atomic by itself, so the commonest autosave (one changed answer of a draft) sends no
    BEGIN and COMMIT of its own: two round trips fewer, every few seconds for each writer.

    `on_behalf`: an organiser enters the answers for the municipality (a publication's survey,
    say), whatever the entry's state except withdrawn; the answers are marked as theirs until
    a contact saves them.
    """
    if on_behalf:
        if entry.state == EntryState.WITHDRAWN:
            raise ActionRefused(_("The entry has been withdrawn."))
    else:
        for section in {question.section for question in values} or {None}:
            if section is None:
                entry_check_writable(entry, now)
            else:
                section_check_writable(entry, section, now)
    result = SaveResult()
    if stored is None:
        stored = {a.question_id: a for a in entry.answers.filter(question__in=list(values))}
    # Drafts change thousands of times; once an entry has been submitted (it may since have
    # been reopened), every change of an answer is on the audit trail.
    audited = entry.state != EntryState.DRAFT or entry.first_submitted_at is not None or on_behalf
    writes = []
    for question, value in values.items():
        if question.section.edition_id != entry.edition_id:
            raise ActionRefused(_("The question belongs to another edition."))
        answer = stored.get(question.pk)
        seen = seen_versions.get(question.pk, 0)
        if answer is None:
            if _same(value, None) or _same(value, ""):
                continue
        else:
            answer.question = question
            if _same(answer.value, value) and answer.on_behalf == on_behalf:
                continue
            if answer.version != seen:
                result.conflicts.append(AnswerConflict(question, answer, value))
                continue
        writes.append((question, value, answer, seen))
    one_statement = len(writes) == 1 and not audited
    with nullcontext() if one_statement else transaction.atomic():
        for question, value, answer, seen in writes:
            _answer_write(result, entry, question, value, answer, seen, actor, audited, on_behalf)
    return result


def _answer_write(
    result, entry, question, value, answer, seen, actor, audited, on_behalf=False
) -> None:
    """A new answer, or the compare-and-set of a stored one from the version `seen`."""
    is_number = question.kind == QuestionKind.NUMBER
    fields = {"number": value, "text": ""} if is_number else {"text": value or ""}
    fields["on_behalf"] = on_behalf
    if answer is None:
        answer = Answer(entry=entry, question=question, updated_by=actor, **fields)
        try:
            with transaction.atomic():
                answer.save()
        except IntegrityError:
            # A colleague saved a first answer at the same moment.
            theirs = (
                Answer.objects.select_related("updated_by")
                .filter(entry=entry, question=question)
                .first()
            ) or Answer(entry=entry, question=question, version=1, updated_at=timezone.now())
            _saved_or_conflict(result, question, theirs, value)
            return
        result.saved.append(answer)
        if audited:
            audit.record(
                answer, action=LogEntry.Action.CREATE, **{_answer_field(fields): (None, value)}
            )
        return
    changes = {"version": seen + 1, "updated_by": actor, "updated_at": timezone.now()}
    updated = Answer.objects.filter(pk=answer.pk, version=seen).update(**changes, **fields)
    if not updated:
        answer.refresh_from_db()
        _saved_or_conflict(result, question, answer, value)
        return
    if audited:
        audit.record(answer, **{_answer_field(fields): (answer.value, value)})
    for name, new_value in {**changes, **fields}.items():
        setattr(answer, name, new_value)
    result.saved.append(answer)


def _saved_or_conflict(result: SaveResult, question, theirs: Answer, value) -> None:
    """Someone saved the answer while this save was on its way. If they saved the very same
    value (the writer's own autosave racing their Save button, usually) nothing is lost and
    the writer's save stands as theirs; otherwise it is a conflict to show."""
    theirs.question = question
    if _same(theirs.value, value):
        result.saved.append(theirs)
    else:
        result.conflicts.append(AnswerConflict(question, theirs, value))


def _answer_field(fields: dict) -> str:
    return "number" if "number" in fields else "text"


def detect_file_type(upload) -> str | None:
    """The file's type from its first bytes, or None if it is none we accept."""
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    extension = kind.extension if kind else None
    return extension if extension in FILE_TYPES else None


@transaction.atomic
def attachment_add(*, entry: Entry, question: Question, upload, actor) -> Attachment:
    """Attach a file to a file question of a draft entry. The size limit is the question's;
    the type is read from the content, so a renamed program is refused whatever its name."""
    entry_check_writable(entry)
    if question.kind != QuestionKind.FILE or question.section.edition_id != entry.edition_id:
        raise ActionRefused(_("That question does not take files."))
    limit = question.max_size_mb * 1024 * 1024
    if upload.size > limit:
        raise ActionRefused(
            _("The file is %(size)s MB; files for this question may be at most %(limit)s MB.")
            % {"size": round(upload.size / 1024 / 1024, 1), "limit": question.max_size_mb}
        )
    allowed = question.allowed_types or list(FILE_TYPES)
    file_type = detect_file_type(upload)
    if file_type not in allowed:
        raise ActionRefused(
            _("This file's content is not one of the allowed types: %(types)s.")
            % {"types": ", ".join(t.upper() for t in allowed)}
        )
    attachment = Attachment(
        entry=entry,
        question=question,
        file_type=file_type,
        content_type=FILE_TYPES[file_type],
        original_name=os.path.basename(upload.name)[:255],
        size=upload.size,
        uploaded_by=actor,
    )
    attachment.file.save(f"upload.{file_type}", upload, save=False)
    attachment.save()
    return attachment


@transaction.atomic
def attachment_remove(*, attachment: Attachment, actor) -> None:
    """Remove a file from a draft entry, from storage too."""
    entry_check_writable(attachment.entry)
    storage, name = attachment.file.storage, attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(name))


def question_is_answered(question: Question) -> bool:
    return question.answers.exists() or question.attachments.exists()


def questionnaire_changed(*, edition_id: int | None = None, section_id: int | None = None):
    """Give the edition's questionnaire a new stamp, so that every process reads it again
    (selectors.questionnaire). Called on every save and delete of a section or question, and
    by the updates that send no signals."""
    editions = (
        Edition.objects.filter(pk=edition_id)
        if edition_id is not None
        else Edition.objects.filter(sections=section_id)
    )
    editions.update(questionnaire_stamp=uuid.uuid4())


@transaction.atomic
def section_add(*, edition: Edition, actor, **fields) -> Section:
    """Add a section at the end of the edition's questionnaire (title, title_en, and for a
    later stage's section its stage and deadline)."""
    last = edition.sections.order_by("-position").first()
    section = Section(edition=edition, position=(last.position + 1) if last else 1, **fields)
    section.full_clean()
    section.save()
    reminders_schedule_section(section=section)
    return section


@transaction.atomic
def section_update(*, section: Section, actor, **fields) -> Section:
    """Change a section's titles, stage or deadline. A section entries have answered keeps
    its stage: moving it would ask, or stop asking, entries that have already answered."""
    if "stage" in fields and fields["stage"] != section.stage and section_is_answered(section):
        raise ActionRefused(_("Entries have answered this section: its stage stays."))
    deadline_before = section.deadline
    for name, value in fields.items():
        setattr(section, name, value)
    section.full_clean()
    section.save()
    if section.deadline != deadline_before:
        reminders_schedule_section(section=section)
    return section


def section_is_answered(section: Section) -> bool:
    return (
        Answer.objects.filter(question__section=section).exists()
        or Attachment.objects.filter(question__section=section).exists()
    )


def reminders_schedule_section(*, section: Section, now=None) -> int:
    """Schedule the reminders of a later stage's section, 7, 3 and 1 days before its
    deadline, for the entries that have reached its stage and not answered it. A reminder
    whose deadline has moved since does nothing."""
    if not section.is_staged:
        return 0
    return _schedule_before(
        send_section_reminders, section.deadline, SECTION_REMINDER_DAYS, now, section.pk
    )


SECTION_REMINDER_DAYS = (7, 3, 1)


@transaction.atomic
def section_delete(*, section: Section, actor) -> None:
    """Remove a section and its questions, unless an entry has answered one of them."""
    if section_is_answered(section):
        raise ActionRefused(
            _("Entries have answered questions in this section, so it cannot be removed.")
        )
    section.delete()


@transaction.atomic
def question_save(*, question: Question, actor) -> Question:
    """Add a question at the end of its section, or save changes to one. Once an entry has
    answered it, its kind can no longer change: the answers would lose their meaning."""
    if question.pk is None:
        last = question.section.questions.order_by("-position").first()
        question.position = (last.position + 1) if last else 1
    else:
        stored = Question.objects.get(pk=question.pk)
        if stored.kind != question.kind and question_is_answered(stored):
            raise ActionRefused(
                _("Entries have answered this question, so its kind cannot change.")
            )
    question.full_clean()
    question.save()
    return question


@transaction.atomic
def question_delete(*, question: Question, actor) -> None:
    if question_is_answered(question):
        raise ActionRefused(
            _(
                "Entries have answered this question, so it cannot be removed. "
                "Make it optional instead."
            )
        )
    question.delete()


@transaction.atomic
def question_move(*, question: Question, up: bool, actor) -> None:
    """Swap a question with its neighbour in the section (positions stay unique)."""
    siblings = question.section.questions.order_by("position")
    neighbour = (
        siblings.filter(position__lt=question.position).last()
        if up
        else siblings.filter(position__gt=question.position).first()
    )
    if neighbour is None:
        return
    mine, theirs = question.position, neighbour.position
    Question.objects.filter(pk=question.pk).update(position=32767)
    Question.objects.filter(pk=neighbour.pk).update(position=mine)
    Question.objects.filter(pk=question.pk).update(position=theirs)
    questionnaire_changed(section_id=question.section_id)


@transaction.atomic
def nomination_submit(*, edition: Edition, **fields) -> Nomination:
    """Anyone may nominate a municipality while the edition takes entries."""
    if edition.phase != EditionPhase.REGISTRATION:
        raise ActionRefused(_("The edition is not taking nominations."))
    return Nomination.objects.create(edition=edition, **fields)


@transaction.atomic
def nomination_handle(*, nomination: Nomination, verified: bool, actor) -> Nomination:
    """An organiser verifies a nomination, which opens a draft entry for the municipality
    (or links the one it already has), or rejects it. Each nomination is handled once."""
    status = NominationStatus.VERIFIED if verified else NominationStatus.REJECTED
    updated = Nomination.objects.filter(pk=nomination.pk, status=NominationStatus.RECEIVED).update(
        status=status, handled_by=actor
    )
    if not updated:
        raise ActionRefused(_("This nomination has already been handled."))
    nomination.status = status
    if verified:
        existing = Entry.objects.filter(
            edition=nomination.edition, municipalities=nomination.municipality
        ).first()
        nomination.entry = existing or entry_create(
            edition=nomination.edition, municipalities=[nomination.municipality], actor=actor
        )
        Nomination.objects.filter(pk=nomination.pk).update(entry=nomination.entry)
        if existing is None:
            entry_id = nomination.entry.pk
            transaction.on_commit(lambda: send_nomination_notice.enqueue(entry_id))
    return nomination


@transaction.atomic
def entry_withdraw(*, entry: Entry, actor, reason: str = "") -> Entry:
    """The municipality declines or withdraws its entry; its answers are kept."""
    return _entry_move(entry=entry, to_state=EntryState.WITHDRAWN, actor=actor, note=reason)


@transaction.atomic
def entry_register(
    *,
    edition: Edition,
    municipalities: list[Municipality],
    title: str = "",
    publication_consent: bool = False,
    competing: bool = True,
    actor,
) -> Entry:
    """A contact registers their municipality, alone or with others, while registration is
    open. The first municipality must be one the person acts for. Municipalities the person
    also acts for join at once; every other partner is invited, and joins only when one of
    its own contacts accepts (partner_invitation_accept)."""
    if edition.phase != EditionPhase.REGISTRATION:
        raise ActionRefused(_("The edition is not taking entries."))
    own = set(
        actor.municipality_contacts.filter(municipality__in=municipalities).values_list(
            "municipality_id", flat=True
        )
    )
    if municipalities[0].pk not in own:
        raise ActionRefused(_("You do not act for %(name)s.") % {"name": municipalities[0]})
    if not competing and not publication_consent:
        raise ActionRefused(
            _("An entry that does not compete takes part in the publication: give consent.")
        )
    invited = [m for m in municipalities if m.pk not in own]
    _refuse_if_entered(edition, invited)
    entry = entry_create(
        edition=edition,
        municipalities=[m for m in municipalities if m.pk in own],
        title=title,
        actor=actor,
    )
    Entry.objects.filter(pk=entry.pk).update(
        publication_consent=publication_consent, competing=competing
    )
    entry.publication_consent, entry.competing = publication_consent, competing
    PartnerInvitation.objects.bulk_create(
        PartnerInvitation(entry=entry, municipality=m, invited_by=actor) for m in invited
    )
    for invitation in PartnerInvitation.objects.filter(entry=entry):
        invitation_id = invitation.pk
        transaction.on_commit(lambda pk=invitation_id: send_partner_invitation.enqueue(pk))
    return entry


def _refuse_if_entered(edition: Edition, municipalities: Iterable[Municipality]) -> None:
    taken = EntryMunicipality.objects.filter(
        edition=edition, municipality__in=list(municipalities)
    ).select_related("municipality")
    if taken:
        names = ", ".join(sorted((row.municipality.name for row in taken), key=swedish_key))
        raise ActionRefused(
            _("Already entered in %(edition)s: %(names)s.") % {"edition": edition, "names": names}
        )


def _partner_invitation_answer(
    *, invitation: PartnerInvitation, status: str, actor
) -> PartnerInvitation:
    if not actor.municipality_contacts.filter(municipality=invitation.municipality_id).exists():
        raise ActionRefused(_("You do not act for %(name)s.") % {"name": invitation.municipality})
    now = timezone.now()
    answered = PartnerInvitation.objects.filter(
        pk=invitation.pk, status=PartnerInvitation.Status.PENDING
    ).update(status=status, answered_by=actor, answered_at=now)
    if not answered:
        raise ActionRefused(_("This invitation has already been answered."))
    invitation.status, invitation.answered_by, invitation.answered_at = status, actor, now
    return invitation


@transaction.atomic
def partner_invitation_accept(*, invitation: PartnerInvitation, actor) -> Entry:
    """A contact of the invited municipality joins it to the joint entry: from then on its
    contacts read and write the entry with the others. Only while the entry can be written,
    and only if the municipality has no entry of its own in the edition. An entry named after
    its municipalities is renamed to include the new partner."""
    entry = Entry.objects.select_for_update().select_related("edition").get(pk=invitation.entry_id)
    entry_check_writable(entry)
    _refuse_if_entered(entry.edition, [invitation.municipality])
    _partner_invitation_answer(
        invitation=invitation, status=PartnerInvitation.Status.ACCEPTED, actor=actor
    )
    members = list(entry.municipalities.order_by("name"))
    automatic = ", ".join(m.name for m in members)
    try:
        with transaction.atomic():
            EntryMunicipality.objects.create(
                entry=entry, municipality=invitation.municipality, edition=entry.edition
            )
    except IntegrityError:
        _refuse_if_entered(entry.edition, [invitation.municipality])
        raise
    forget_answers("entry_contact")
    if entry.title == automatic:
        names = sorted([*(m.name for m in members), invitation.municipality.name], key=swedish_key)
        Entry.objects.filter(pk=entry.pk).update(title=", ".join(names))
        entry.title = ", ".join(names)
    EntryStateChange.objects.create(
        entry=entry,
        actor=actor,
        from_state=entry.state,
        to_state=entry.state,
        note=_("%(name)s joined the entry.") % {"name": invitation.municipality},
    )
    return entry


@transaction.atomic
def partner_invitation_decline(*, invitation: PartnerInvitation, actor) -> PartnerInvitation:
    """A contact of the invited municipality says no; the entry goes on without it."""
    return _partner_invitation_answer(
        invitation=invitation, status=PartnerInvitation.Status.DECLINED, actor=actor
    )


@transaction.atomic
def answer_save(
    *, entry: Entry, question: Question, text: str = "", number=None, actor=None, now=None
) -> Answer:
    """Save one answer whatever its version (for imports and the demo); writers in the
    browser go through answers_save, which guards against stale copies."""
    entry_check_writable(entry, now)
    answer, created = Answer.objects.get_or_create(
        entry=entry,
        question=question,
        defaults={"text": text, "number": number, "updated_by": actor},
    )
    if not created:
        Answer.objects.filter(pk=answer.pk).update(
            text=text,
            number=number,
            updated_by=actor,
            version=F("version") + 1,
            updated_at=timezone.now(),
        )
        answer.refresh_from_db()
    return answer


@dataclass
class ImportResult:
    created: list[Entry] = field(default_factory=list)  # publication-only entries
    changed: list[Entry] = field(default_factory=list)  # entries whose answers changed
    without_contact: list[Entry] = field(default_factory=list)
    withdrawn: list[Entry] = field(default_factory=list)  # left alone


def answers_enter(
    *,
    entry: Entry,
    values: dict,
    actor,
    seen_versions: dict[int, int] | None = None,
    stored: dict[int, Answer] | None = None,
) -> SaveResult:
    """An organiser enters answers on the municipality's behalf. They are marked as entered
    for the municipality, and its contacts are told, to check them and, for the publication,
    approve the text. From a form, `seen_versions` keeps a contact's newer text from being
    overwritten unseen; an import (None) overwrites what is stored, deliberately. `stored`:
    the entry's answers to these questions, if the caller has read them."""
    if stored is None:
        stored = {a.question_id: a for a in entry.answers.filter(question__in=list(values))}
    if seen_versions is None:
        seen_versions = {question_id: a.version for question_id, a in stored.items()}
    result = answers_save(
        entry=entry,
        values=values,
        seen_versions=seen_versions,
        actor=actor,
        stored=stored,
        on_behalf=True,
    )
    if result.saved:
        transaction.on_commit(lambda: send_answers_entered.enqueue(entry.pk))
    return result


@transaction.atomic
def answers_import(*, edition: Edition, rows, actor) -> ImportResult:
    """Enter the answers of a checked spreadsheet (awards.imports), one row per
    municipality. A municipality without an entry gets one that takes part only in the
    publication; it is published only once one of its contacts approves the text. What is
    stored is read once for all rows, not once per row."""
    result = ImportResult()
    municipalities = [row.municipality for row in rows]
    entries = {
        link.municipality_id: link.entry
        for link in EntryMunicipality.objects.filter(
            edition=edition, municipality__in=municipalities
        ).select_related("entry__edition")
    }
    with_contact = set(
        MunicipalityContact.objects.filter(municipality__in=municipalities).values_list(
            "municipality_id", flat=True
        )
    )
    stored: dict[int, dict[int, Answer]] = {}
    for answer in Answer.objects.filter(entry__in=list(entries.values())):
        stored.setdefault(answer.entry_id, {})[answer.question_id] = answer
    for row in rows:
        entry = entries.get(row.municipality.pk)
        if entry is None:
            entry = _entry_entered_by_organisers(
                edition=edition,
                municipalities=[row.municipality],
                actor=actor,
                note=_("Entered by the organisers from a spreadsheet."),
                competing=False,
                publication_consent=True,
            )
            result.created.append(entry)
        if entry.state == EntryState.WITHDRAWN:
            result.withdrawn.append(entry)
            continue
        mine = stored.get(entry.pk, {})
        mine = {q.pk: mine[q.pk] for q in row.values if q.pk in mine}
        if answers_enter(entry=entry, values=row.values, actor=actor, stored=mine).saved:
            result.changed.append(entry)
            if row.municipality.pk not in with_contact:
                result.without_contact.append(entry)
    return result


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
    """Submit an entry to the jury: once, before its deadline, with every required question
    answered. After submission the municipality can no longer change it; a receipt with a
    copy of the answers is mailed to its contacts once the submission is committed."""
    now = now or timezone.now()
    entry_check_writable(entry, now)
    missing = missing_answers(entry)
    if missing:
        raise ActionRefused(
            ngettext(
                "%(count)d required question is not answered yet.",
                "%(count)d required questions are not answered yet.",
                len(missing),
            )
            % {"count": len(missing)}
        )
    entry = _entry_move(
        entry=entry,
        to_state=EntryState.SUBMITTED,
        actor=actor,
        note="",
        submitted_at=now,
        first_submitted_at=entry.first_submitted_at or now,
    )
    actor_id = actor.pk if actor is not None else None
    transaction.on_commit(lambda: send_entry_receipt.enqueue(entry.pk, actor_id))
    return entry


@transaction.atomic
def entry_extend_deadline(*, entry: Entry, until, reason: str, actor) -> Entry:
    """Give one entry more time than the edition's deadline, with the reason on record. An
    extension to a moment already past would change nothing and is refused."""
    if until <= timezone.now():
        raise ActionRefused(_("The extension must end in the future."))
    Entry.objects.filter(pk=entry.pk).update(deadline_extended_to=until)
    entry.deadline_extended_to = until
    EntryStateChange.objects.create(
        entry=entry,
        actor=actor,
        from_state=entry.state,
        to_state=entry.state,
        note=_("Deadline extended to %(until)s: %(reason)s")
        % {
            "until": formats.date_format(timezone.localtime(until), "DATETIME_FORMAT"),
            "reason": reason,
        },
    )
    return entry


@transaction.atomic
def entry_reopen(*, entry: Entry, reason: str, actor) -> Entry:
    """An organiser sends a submitted entry back to draft so its contacts can change it; the
    reason is recorded. The deadline still applies: grant an extension too if it has passed."""
    if not reason.strip():
        raise ActionRefused(_("Say why the entry is reopened."))
    return _entry_move(
        entry=entry, to_state=EntryState.DRAFT, actor=actor, note=reason, submitted_at=None
    )


@transaction.atomic
def entry_rule_eligibility(*, entry: Entry, eligible: bool, reason: str, actor) -> Entry:
    """An organiser rules a submitted entry eligible or not. The reason is shown to the
    municipality; a ruling of not eligible needs one. An ineligible entry leaves the jury's
    reading list."""
    if not eligible and not reason.strip():
        raise ActionRefused(_("Say why the entry is not eligible; the municipality sees it."))
    to_state = EntryState.ELIGIBLE if eligible else EntryState.INELIGIBLE
    return _entry_move(
        entry=entry, to_state=to_state, actor=actor, note=reason, eligibility_reason=reason
    )


@transaction.atomic
def entry_set_standing(*, entry: Entry, standing: str, actor=None) -> Entry:
    """Record how far a submitted entry came (long list, finalist, winner). Whether anyone
    outside the jury may see it is decided by the edition's announcement moments."""
    if standing != EntryStanding.ENTRANT and entry.state not in JURY_STATES:
        raise ActionRefused(_("Only a submitted entry can be shortlisted."))
    Entry.objects.filter(pk=entry.pk).update(standing=standing)
    entry.standing = standing
    return entry


@transaction.atomic
def edition_publish_finalists(*, edition: Edition, at, actor=None) -> Edition:
    """Set the moment the finalists become public (now or later). From then on the public
    page lists them and each finalist's contacts see it; nobody has to press anything then."""
    if not Entry.objects.filter(edition=edition, standing__in=FINALIST_STANDINGS).exists():
        raise ActionRefused(_("The jury has not chosen any finalist yet."))
    if edition.announce_at is not None and at > edition.announce_at:
        raise ActionRefused(_("The finalists must be published before the winner is announced."))
    return edition_update(edition=edition, actor=actor, finalists_announce_at=at)


DECISION_KINDS = OutboxMessage.DECISION_KINDS


def _outbox_kind(entry: Entry, stage: str) -> str:
    if stage == "decision":
        return {
            EntryStanding.WINNER: OutboxMessage.Kind.WINNER,
            EntryStanding.HONOURABLE_MENTION: OutboxMessage.Kind.HONOURABLE_MENTION,
        }.get(entry.standing, OutboxMessage.Kind.NOT_WINNER)
    if entry.standing in FINALIST_STANDINGS:
        return OutboxMessage.Kind.FINALIST
    return OutboxMessage.Kind.NOT_ADVANCING


@transaction.atomic
def outbox_prepare(*, edition: Edition, stage: str = "finalists", actor=None) -> int:
    """Write, from the templates and in each recipient's language, the mail telling every
    competing entry whether it is a finalist (stage "finalists"), or telling each finalist
    the jury's decision (stage "decision", once the edition is decided). Messages already
    prepared are kept as they are (an organiser may have edited them). Returns how many were
    added. Nothing is sent here: sending waits for the matching announcement moment."""
    if not Entry.objects.filter(edition=edition, standing__in=FINALIST_STANDINGS).exists():
        raise ActionRefused(_("The jury has not chosen any finalist yet."))
    entries = Entry.objects.filter(edition=edition, state__in=JURY_STATES, competing=True)
    if stage == "decision":
        if edition.phase != EditionPhase.DECIDED:
            raise ActionRefused(_("The decision mails are prepared once the edition is decided."))
        if edition.announce_at is None:
            raise ActionRefused(_("Set the announcement moment first."))
        entries = entries.filter(standing__in=FINALIST_STANDINGS)
    entries = entries.select_related("edition__award").prefetch_related(
        "municipalities__contacts__user"
    )
    existing = set(
        OutboxMessage.objects.filter(edition=edition).values_list("entry_id", "kind", "email")
    )
    # What the finalists are asked next: the later stages' sections that reach them.
    later = list(edition.sections.exclude(stage=SectionStage.EVERYONE).order_by("position"))
    added = []
    for entry in entries:
        kind = _outbox_kind(entry, stage)
        people = {
            contact.user.pk: contact.user
            for municipality in entry.municipalities.all()
            for contact in municipality.contacts.all()
            if contact.user.is_active and contact.user.email
        }
        for person in sorted(people.values(), key=lambda p: p.email):
            if (entry.pk, kind, person.email) in existing:
                continue
            language = person.preferred_language or settings.LANGUAGE_CODE
            with translation.override(language):
                context = {"entry": entry, "edition": edition, "person": person}
                context["later_sections"] = later
                context["link"] = settings.SITE_URL + entry.get_absolute_url()
                context["public_link"] = settings.SITE_URL + edition.get_absolute_url()
                subject = render_to_string(f"awards/mail/outbox_{kind}_subject.txt", context)
                body = render_to_string(f"awards/mail/outbox_{kind}.txt", context)
            added.append(
                OutboxMessage(
                    edition=edition,
                    entry=entry,
                    kind=kind,
                    recipient=person,
                    email=person.email,
                    language=language,
                    subject=subject.strip()[:200],
                    body=body,
                )
            )
    OutboxMessage.objects.bulk_create(added)
    return len(added)


def outbox_message_update(
    *, message: OutboxMessage, subject: str, body: str, seen_version: int
) -> OutboxMessage:
    """Change a message before it is sent. A colleague's edit in between is not overwritten."""
    updated = OutboxMessage.objects.filter(
        pk=message.pk, status=OutboxMessage.Status.DRAFT, version=seen_version
    ).update(subject=subject, body=body, version=F("version") + 1)
    if not updated:
        raise ActionRefused(
            _("The message was changed or sent by someone else meanwhile. Your text is below.")
        )
    message.refresh_from_db()
    return message


@transaction.atomic
def outbox_discard(*, message: OutboxMessage) -> None:
    if not OutboxMessage.objects.filter(pk=message.pk, status=OutboxMessage.Status.DRAFT).delete()[
        0
    ]:
        raise ActionRefused(_("Only a message that has not been sent can be discarded."))


@transaction.atomic
def outbox_send(*, edition: Edition, message_ids: Iterable[int], actor=None, now=None) -> int:
    """Queue reviewed messages for sending, each as a background task. A message is never
    sent before the moment it is about is public: finalist mails wait for the finalists'
    moment, decision mails for the announcement (on a server whose task backend cannot wait,
    sending is refused until then)."""
    now = now or timezone.now()
    messages = list(
        OutboxMessage.objects.filter(
            edition=edition, pk__in=list(message_ids), status=OutboxMessage.Status.DRAFT
        ).only("pk", "kind")
    )
    by_moment: dict = {}
    for message in messages:
        decision = message.kind in DECISION_KINDS
        moment = edition.announce_at if decision else edition.finalists_announce_at
        if moment is None:
            raise ActionRefused(
                _("Set the announcement moment before sending.")
                if decision
                else _("Set when the finalists are published before sending.")
            )
        by_moment.setdefault((max(now, moment), decision), []).append(message.pk)
    ids = []
    for (send_after, decision), pks in by_moment.items():
        task = send_outbox_message
        if send_after > now:
            if not task.get_backend().supports_defer:
                raise ActionRefused(
                    _("This server sends mail at once: send after the announcement.")
                    if decision
                    else _(
                        "This server sends mail at once: send after the finalists are published."
                    )
                )
            task = task.using(run_after=send_after)
        OutboxMessage.objects.filter(pk__in=pks).update(
            status=OutboxMessage.Status.QUEUED, send_after=send_after, queued_by=actor
        )
        for pk in pks:
            transaction.on_commit(lambda pk=pk, task=task: task.enqueue(pk))
        ids += pks
    return len(ids)


@transaction.atomic
def publication_save(
    *, edition: Edition, title: str, introduction: str, seen_version: int
) -> Publication:
    """The organisers' title and introduction of the edition's publication. Saving it the
    first time opens the proof step for the consenting entries."""
    if not title.strip():
        raise ActionRefused(_("Give the publication a title."))
    publication = Publication.objects.filter(edition=edition).first()
    if publication is None:
        if seen_version != 0:
            raise ActionRefused(_("The publication was changed meanwhile. Check and save again."))
        return Publication.objects.create(
            edition=edition, title=title.strip(), introduction=introduction.strip()
        )
    if not Publication.objects.filter(pk=publication.pk, version=seen_version).update(
        title=title.strip(), introduction=introduction.strip(), version=F("version") + 1
    ):
        raise ActionRefused(_("The publication was changed meanwhile. Check and save again."))
    publication.refresh_from_db()
    return publication


@transaction.atomic
def publication_proof_approve(*, entry: Entry, actor) -> PublicationProof:
    """A contact approves the entry's text for the publication (once the proof step is open
    and the entry consents): this text, as it reads now. If the answers change afterwards,
    the proof waits for a new approval and the publication keeps what was published."""
    if not Publication.objects.filter(edition_id=entry.edition_id).exists():
        raise ActionRefused(_("The publication's proofs are not open yet."))
    if not entry.publication_consent or entry.state not in SUBMITTED_STATES:
        raise ActionRefused(_("Only a submitted entry that consents is published."))
    text = publication_text_of_entry(entry)
    proof, _created = PublicationProof.objects.update_or_create(
        entry=entry,
        defaults={"approved_by": actor, "approved_at": timezone.now(), "digest": text.digest},
    )
    return proof


@transaction.atomic
def publication_publish(*, edition: Edition, at=None, actor=None) -> Publication:
    """Make the publication public at a moment (now by default), with the text of every
    entry as its municipality approved it. What is published is kept as it is (the web pages
    and the PDF are drawn from it) until the organisers publish again."""
    publication = Publication.objects.filter(edition=edition).first()
    if publication is None:
        raise ActionRefused(_("Write the publication's title and introduction first."))
    groups = publication_contents(edition, approved_only=True)
    if not groups:
        raise ActionRefused(_("No municipality has approved its text yet."))
    PublishedText.objects.filter(publication=publication).delete()
    items = [item for _county, items in groups for item in items]
    PublishedText.objects.bulk_create(
        PublishedText(
            publication=publication,
            entry_id=item.pk,
            position=position,
            county=item.county,
            title=item.title,
            answers=[[q.text, q.text_en, text] for q, text in item.answers],
        )
        for position, item in enumerate(items)
    )
    Publication.objects.filter(pk=publication.pk).update(published_at=at or timezone.now())
    publication.refresh_from_db()
    publication_pdf_build(edition=edition, actor=actor)
    return publication


def publication_pdf_build(*, edition: Edition, actor=None) -> DocumentJob:
    """Draw the publication's PDF anew in the background (after publishing, or when the
    organisers ask, e.g. after a late approval)."""
    job = DocumentJob.objects.create(
        edition=edition, kind=DocumentJob.Kind.PUBLICATION, owner=actor
    )
    transaction.on_commit(lambda: build_publication_pdf.enqueue(job.pk))
    return job


def person_anonymise(*, edition: Edition, user, email: str, actor) -> str:
    """Anonymise a contact or nominator at an organiser's request (GDPR art. 17). Never a jury
    member, organiser or staff: their names belong to the jury's record."""
    if user is not None and has_trusted_role(user):
        raise ActionRefused(
            _("This person sits on a jury or organises an award; their name stays on the record.")
        )
    if user is not None and user.pk == actor.pk:
        raise ActionRefused(_("You cannot anonymise yourself."))
    alias = anonymise(user, email)
    # On the edition's trail, under the placeholder: the request itself leaves no name behind.
    audit.record(edition, anonymised=("", alias))
    return alias


def editions_due_for_retention(now=None) -> list[Edition]:
    now = now or timezone.now()
    candidates = Edition.objects.filter(
        retention_years__isnull=False, personal_data_removed_at__isnull=True
    ).select_related("award")
    return [e for e in candidates if (due := e.retention_due_at()) is not None and due <= now]


@transaction.atomic
def edition_remove_personal_data(*, edition: Edition, now=None) -> dict[str, int]:
    """The retention rule for one edition: attachments (files too), nominators' names and
    addresses, the mails and reminders sent and the jury invitations go; entries, answers,
    scores and decisions stay. Returns what was removed, by kind."""
    now = now or timezone.now()
    removed = {}
    attachments = list(Attachment.objects.filter(entry__edition=edition))
    for attachment in attachments:
        attachment.file.delete(save=False)
        attachment.delete()
    removed["attachments"] = len(attachments)
    removed["nominations"] = Nomination.objects.filter(edition=edition).update(
        nominator_name="", nominator_email=f"removed@{ANONYMOUS_DOMAIN}", nominator_organisation=""
    )
    removed["outbox"] = OutboxMessage.objects.filter(edition=edition).delete()[0]
    removed["reminders"] = Reminder.objects.filter(edition=edition).delete()[0]
    removed["invitations"] = Invitation.objects.filter(edition=edition).delete()[0]
    Edition.objects.filter(pk=edition.pk).update(personal_data_removed_at=now)
    edition.personal_data_removed_at = now
    return removed


# Visitors' copies of the public pages (awards.views.public) are made under a generation;
# a new generation makes every older copy stale at once.
PUBLIC_PAGES_GENERATION = "public-pages:generation"


def public_pages_forget() -> None:
    """Drop visitors' copies of every public page. With a shared cache (CACHE_URL) every app
    server sees it at once; without one, this server at once and the others within
    EDITION_PAGE_CACHE_SECONDS."""
    cache.set(PUBLIC_PAGES_GENERATION, uuid.uuid4().hex, None)


def public_pages_forget_with_change() -> None:
    """Drop the public copies for a change being made: at once, so that this request and any
    after it see the change, and again when its transaction commits, so that a copy another
    request made in between, from the data as it was before the commit, does not outlive it.
    Once per transaction however many rows change."""
    public_pages_forget()
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return
    # Django keeps a transaction's callbacks as (savepoints, function, robust).
    if not any(func is public_pages_forget for _sids, func, _robust in connection.run_on_commit):
        transaction.on_commit(public_pages_forget)
