"""Reads that more than one view needs, each returning exactly what its reader may see."""

import functools
import hashlib
import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, timedelta

from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import (
    BooleanField,
    Count,
    DateTimeField,
    Exists,
    ForeignKey,
    ForeignObjectRel,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
)
from django.db.models.functions import Lower, TruncDate
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from accounts import audit
from awards.choices import (
    FINALIST_STANDINGS,
    JURY_STATES,
    SUBMITTED_STATES,
    EditionPhase,
    EntryStanding,
    EntryState,
    QuestionKind,
    SectionStage,
)
from awards.collation import swedish_key
from awards.models import (
    Answer,
    Attachment,
    County,
    Edition,
    Entry,
    EntryMunicipality,
    Invitation,
    Municipality,
    MunicipalityContact,
    Nomination,
    PartnerInvitation,
    Publication,
    PublishedText,
    Question,
    Section,
)


@functools.lru_cache(maxsize=128)
def _questionnaire(edition_id: int, stamp: uuid.UUID) -> tuple:
    sections = Section.objects.filter(edition_id=edition_id).prefetch_related("questions")
    return tuple((section, tuple(section.questions.all())) for section in sections)


def questionnaire(edition: Edition) -> tuple[tuple[Section, tuple[Question, ...]], ...]:
    """The edition's sections in order, each with its questions in order.

    A process reads them once for each version of the questionnaire: the edition's
    `questionnaire_stamp` changes with every change to a section or question (see
    services.questionnaire_changed), and the edition in hand was read with it, so a page or an
    autosave that has its edition asks the database nothing more, and no app server shows an
    old question. What it returns is shared between requests: read it, never change it."""
    return _questionnaire(edition.pk, edition.questionnaire_stamp)


@dataclass
class PublicResults:
    """What the public may know of an edition at a given moment: the finalists once they are
    announced, the winners and motivation only once the gala has begun."""

    edition: Edition
    decision_public: bool
    finalists: list[Entry] = field(default_factory=list)
    winners: list[Entry] = field(default_factory=list)
    mentions: list[Entry] = field(default_factory=list)
    preview: bool = False


def finalists_public_q(now, edition: str = "edition") -> Q:
    """Edition.finalists_are_public as a filter, through the path `edition` to the edition."""
    return (
        Q(**{f"{edition}__finalists_announce_at__lte": now})
        | Q(
            **{
                f"{edition}__finalists_announce_at__isnull": True,
                f"{edition}__announce_at__lte": now,
            }
        )
        | Q(
            **{
                f"{edition}__finalists_announce_at__isnull": True,
                f"{edition}__announce_at__isnull": True,
                f"{edition}__recorded_afterwards": True,
            }
        )
    )


def _public_finalist_entries(now) -> QuerySet[Entry]:
    return (
        Entry.objects.filter(finalists_public_q(now), standing__in=FINALIST_STANDINGS)
        .exclude(state=EntryState.WITHDRAWN)
        .prefetch_related(
            Prefetch("municipalities", queryset=Municipality.objects.order_by("name"))
        )
        .order_by("title")
    )


def public_results_for_editions(editions, now=None) -> list[PublicResults]:
    """The public record of each edition, honouring both announcement moments."""
    now = now or timezone.now()
    editions = list(editions)
    by_edition: dict[int, list[Entry]] = {edition.pk: [] for edition in editions}
    for entry in _public_finalist_entries(now).filter(edition__in=editions):
        by_edition[entry.edition_id].append(entry)
    results = []
    for edition in editions:
        entries = by_edition[edition.pk]
        decision_public = edition.decision_is_public(now)
        result = PublicResults(edition=edition, decision_public=decision_public, finalists=entries)
        if decision_public:
            result.winners = [e for e in entries if e.standing == EntryStanding.WINNER]
            result.mentions = [e for e in entries if e.standing == EntryStanding.HONOURABLE_MENTION]
        results.append(result)
    return results


def announcement_moments(edition) -> list:
    """Every moment at which the edition's public page changes by itself: entries closing,
    the finalists, the winner and the publication going public."""
    moments = [edition.submission_deadline, edition.finalists_announce_at, edition.announce_at]
    moments += Publication.objects.filter(edition=edition, published_at__isnull=False).values_list(
        "published_at", flat=True
    )
    return [m for m in moments if m is not None]


def next_announcement_moment(now=None):
    """The next moment at which any public page changes by itself: an edition's entries
    closing, its finalists or winner becoming public, or a publication. None if nothing is set
    ahead. One query."""
    now = now or timezone.now()
    deadlines = Edition.objects.filter(submission_deadline__gt=now).order_by()
    deadlines = deadlines.values_list("submission_deadline", flat=True)
    finalists = Edition.objects.filter(finalists_announce_at__gt=now).order_by()
    winners = Edition.objects.filter(announce_at__gt=now).order_by()
    publications = Publication.objects.filter(published_at__gt=now).order_by()
    finalists = finalists.values_list("finalists_announce_at", flat=True)
    winners = winners.values_list("announce_at", flat=True)
    publications = publications.values_list("published_at", flat=True)
    return min(deadlines.union(finalists, winners, publications).order_by(), default=None)


def editions_for_public() -> QuerySet[Edition]:
    """Every edition past its set-up, newest first."""
    return (
        Edition.objects.exclude(phase=EditionPhase.SETUP)
        .select_related("award")
        .order_by("-year", "award__name")
    )


def entries_for_contact(user) -> QuerySet[Entry]:
    """The entries of every municipality the person is a contact of, across editions."""
    return (
        Entry.objects.filter(municipalities__contacts__user=user)
        .distinct()
        .select_related("edition", "edition__award")
        .prefetch_related(
            Prefetch("municipalities", queryset=Municipality.objects.order_by("name"))
        )
        .order_by("-edition__year", "title")
    )


def entries_for_organiser(edition) -> list[Entry]:
    """All entries of an edition with what the organiser's overview shows of each, including
    `missing`: how many required questions are still unanswered."""
    required = Question.objects.filter(section__edition=edition, required=True)
    required_total = required.count()
    answered = Q(answers__question__in=required.exclude(kind=QuestionKind.FILE)) & (
        ~Q(answers__text="") | Q(answers__number__isnull=False)
    )
    attached = Q(attachments__question__in=required.filter(kind=QuestionKind.FILE))
    entries = list(
        Entry.objects.filter(edition=edition)
        .select_related("edition__award")
        .prefetch_related(
            Prefetch(
                "municipalities",
                queryset=Municipality.objects.select_related("county").order_by("name"),
            ),
            Prefetch(
                "municipalities__contacts",
                queryset=MunicipalityContact.objects.select_related("user").order_by("user__email"),
            ),
        )
        .annotate(
            answered_required=Count("answers", filter=answered, distinct=True),
            attached_required=Count("attachments__question", filter=attached, distinct=True),
        )
        .order_by("title")
    )
    for entry in entries:
        entry.missing = required_total - entry.answered_required - entry.attached_required
        entry.counties = sorted(
            {m.county.name for m in entry.municipalities.all()}, key=swedish_key
        )
    return entries


@dataclass
class CountyParticipation:
    county: County
    municipalities: int
    taking_part: int


def participation_by_county(edition) -> list[CountyParticipation]:
    """For each county: its number of municipalities and how many of them take part."""
    taking_part = dict(
        EntryMunicipality.objects.filter(edition=edition)
        .values_list("municipality__county")
        .annotate(n=Count("municipality", distinct=True))
    )
    return [
        CountyParticipation(county, county.n, taking_part.get(county.pk, 0))
        for county in County.objects.annotate(n=Count("municipalities")).order_by("name")
    ]


def municipalities_without_entry(edition) -> QuerySet[Municipality]:
    return (
        Municipality.objects.exclude(entry_memberships__edition=edition)
        .select_related("county")
        .order_by("name")
    )


def entry_state_counts(edition) -> dict[str, int]:
    rows = Entry.objects.filter(edition=edition).values("state").annotate(n=Count("pk"))
    counts = {state: 0 for state in EntryState.values}
    counts.update({row["state"]: row["n"] for row in rows})
    return counts


def questionnaire_with_answers(entry) -> list[tuple[Section, list[tuple]]]:
    """The questionnaire as asked of the entry, in order: (section, [(question, answer,
    attachments)]). A later stage's section only once the entry has reached it."""
    sections = Section.objects.filter(edition_id=entry.edition_id).prefetch_related("questions")
    answers = {answer.question_id: answer for answer in entry.answers.all()}
    files: dict[int, list] = {}
    for attachment in entry.attachments.all():
        files.setdefault(attachment.question_id, []).append(attachment)
    result = []
    for section in sections:
        if not section.is_reached_by(entry):
            continue  # a later stage's section the entry has not reached is not asked of it
        rows = []
        for question in section.questions.all():
            answer = answers.get(question.pk)
            if answer is not None:
                answer.question = question
            rows.append((question, answer, files.get(question.pk, [])))
        result.append((section, rows))
    return result


@dataclass
class SectionProgress:
    """One section of an entry's questionnaire as a task: its questions with their answers
    and files, and how far the entry has come with it."""

    section: Section
    rows: list  # (question, answer or None, [attachments])
    required: int
    missing_questions: list  # required questions without an answer, in order
    answered: int

    @property
    def missing(self) -> int:
        return len(self.missing_questions)

    @property
    def status(self) -> str:
        """done, in_progress, not_started or optional (nothing required, nothing written)."""
        if self.missing == 0:
            return "done" if self.answered or self.required else "optional"
        return "in_progress" if self.answered else "not_started"

    @property
    def status_label(self) -> str:
        if self.status == "in_progress":
            return ngettext("%(n)d question left", "%(n)d questions left", self.missing) % {
                "n": self.missing
            }
        return {
            "done": _("Done"),
            "optional": _("Optional"),
            "not_started": _("Not started"),
        }[self.status]


def _is_answered(question, answer, files) -> bool:
    if question.kind == QuestionKind.FILE:
        return bool(files)
    return bool(files) or (answer is not None and not answer.is_empty)


def entry_progress(entry, answered_questionnaire=None) -> list[SectionProgress]:
    """The sections every entry answers before submitting, each as a task with its state:
    the entry page's task list, the section tabs and the check-answers page read it. A page
    that has read questionnaire_with_answers(entry) already passes it on."""
    progress = []
    if answered_questionnaire is None:
        answered_questionnaire = questionnaire_with_answers(entry)
    for section, rows in answered_questionnaire:
        if section.is_staged:
            continue
        answered = [_is_answered(*row) for row in rows]
        progress.append(
            SectionProgress(
                section,
                rows,
                required=sum(1 for question, *_rest in rows if question.required),
                missing_questions=[
                    q
                    for (q, *_rest), done in zip(rows, answered, strict=True)
                    if q.required and not done
                ],
                answered=sum(answered),
            )
        )
    return progress


def missing_in(progress: list[SectionProgress]) -> list[Question]:
    """What missing_answers(entry) says, from the progress a page has already read."""
    return [question for part in progress for question in part.missing_questions]


# The organiser's stages of an edition, in order: the edition page groups its tools by them.
ORGANISER_STAGES = ("prepare", "registration", "evaluation", "visits", "decision", "after")


@dataclass
class NowNext:
    """Where an edition stands for its organisers: the stage it is in, what is happening now,
    the next step and when."""

    stage: str  # one of ORGANISER_STAGES
    now: str
    next: str
    next_at: object = None  # when, if the edition has the date


def edition_now_next(edition, submitted=None, total=None, now=None) -> NowNext:
    """The edition's "Nu … · Nästa steg …" from its phase and dates (no query); during
    registration with how many entries are submitted, where the counts are given."""
    now = now or timezone.now()
    phase, finalists = edition.phase, edition.award.stage_name("finalist", plural=True)
    if phase == EditionPhase.SETUP:
        return NowNext(
            "prepare",
            _("Setting up: criteria, questionnaire, jury and dates."),
            _("Open for entries"),
            edition.registration_opens_at,
        )
    if phase == EditionPhase.REGISTRATION:
        counted = ""
        if total is not None:
            counted = " " + _("%(submitted)d of %(total)d entries submitted.") % {
                "submitted": submitted,
                "total": total,
            }
        deadline = edition.submission_deadline
        if deadline is None or deadline > now:
            return NowNext(
                "registration", _("Entries are open.") + counted, _("Deadline"), deadline
            )
        return NowNext(
            "registration",
            _("Entries have closed.") + counted,
            _("Check eligibility and open the jury's evaluation"),
        )
    if phase == EditionPhase.EVALUATION:
        return NowNext(
            "evaluation",
            _("The jury scores round 1."),
            _("%(finalists)s announced") % {"finalists": finalists},
            edition.finalists_announce_at,
        )
    if phase == EditionPhase.SITE_VISITS:
        return NowNext("visits", _("Site visits."), _("Jury meeting"), edition.jury_meeting_at)
    if phase == EditionPhase.DELIBERATION or not edition.decision_is_public(now):
        return NowNext(
            "decision",
            _("The jury decides and writes its motivation."),
            _("The winner is announced"),
            edition.announce_at,
        )
    return NowNext(
        "after",
        _("The winner is announced."),
        _("Feedback, the publication and the public record"),
    )


def editions_organised_by(user) -> QuerySet[Edition]:
    if user.is_superuser:
        return Edition.objects.select_related("award").order_by("-year")
    return Edition.objects.filter(organisers__user=user).select_related("award").order_by("-year")


def people_of_editions_organised_by(user) -> QuerySet:
    """Who takes part in an edition the person organises: its organisers, its jury, the
    contacts of municipalities entered or nominated, and the people they invited.
    An organiser may lift their paused sign-in (a contact who phoned on deadline day), nobody
    else's; the platform administrator may lift anyone's."""
    editions = editions_organised_by(user).values("pk")
    municipalities = Municipality.objects.filter(
        Q(entries__edition__in=editions) | Q(nominations__edition__in=editions)
    ).values("pk")
    return get_user_model().objects.filter(
        Q(organiser_roles__edition__in=editions)
        # The jury's seats, through the person's own relation: awards does not import evaluation.
        | Q(jury_seats__edition__in=editions)
        | Q(municipality_contacts__municipality__in=municipalities)
        | Q(invitations__edition__in=editions)
        | Q(invitations__invited_by=user)
    )


def sign_ins_an_organiser_may_unlock(user) -> QuerySet:
    """The paused sign-ins the person may lift: every one for the platform administrator,
    those of the people of their editions for an organiser."""
    from accounts.security import locked_out_names

    paused = locked_out_names()
    if user.is_superuser:
        return paused
    names = people_of_editions_organised_by(user).annotate(name=Lower("username")).values("name")
    return paused.filter(username__in=names)


def missing_answers(entry) -> list[Question]:
    """The required questions of the entry's questionnaire (the part every entry answers
    before submitting) that have no answer yet, in order: an empty answer counts as none, and
    a file question needs at least one file."""
    answers = {a.question_id: a for a in entry.answers.select_related("question")}
    with_files = set(entry.attachments.values_list("question_id", flat=True))
    questions = Question.objects.filter(
        section__edition_id=entry.edition_id, section__stage=SectionStage.EVERYONE, required=True
    )
    return [
        q
        for q in questions.select_related("section")
        if (q.pk not in with_files)
        and (q.kind == QuestionKind.FILE or q.pk not in answers or answers[q.pk].is_empty)
    ]


@dataclass
class LaterPart:
    """A later stage's section as an entry that reached it sees it."""

    section: Section
    questions: tuple
    missing: int  # required questions without an answer
    open: bool  # may still be written

    @property
    def deadline(self):
        return self.section.deadline


def entry_parts(entry, now=None) -> list[tuple[Section, tuple]]:
    """The questionnaire as the entry sees it: every first-stage section, and a later stage's
    only once the entry has reached that stage."""
    return [
        (section, questions)
        for section, questions in questionnaire(entry.edition)
        if section.is_reached_by(entry, now)
    ]


def later_parts_of_entry(entry, now=None) -> list[LaterPart]:
    """The later stages' sections the entry has reached, each with how many required
    questions are unanswered and whether it may still be written."""
    now = now or timezone.now()
    staged = [(s, qs) for s, qs in entry_parts(entry, now) if s.is_staged]
    if not staged:
        return []
    answered = {
        a.question_id
        for a in entry.answers.filter(
            question__section__in=[s for s, _qs in staged]
        ).select_related("question")
        if not a.is_empty
    } | set(entry.attachments.values_list("question_id", flat=True))
    grace = timedelta(minutes=entry.edition.grace_minutes)
    return [
        LaterPart(
            section,
            questions,
            missing=sum(1 for q in questions if q.required and q.pk not in answered),
            open=entry.state in JURY_STATES and now <= section.deadline + grace,
        )
        for section, questions in staged
    ]


@dataclass
class Unreachable:
    """Entries the outbox cannot write to: no active contact with an email address."""

    entries: list  # competing entries in the jury's hands without anyone to write to
    finalists: list  # those of them that are finalists
    finalist_total: int


def entries_without_recipients(edition) -> Unreachable:
    """Which of the edition's competing entries no mail reaches (two queries)."""
    entries = Entry.objects.filter(edition=edition, state__in=JURY_STATES, competing=True).order_by(
        "title"
    )
    reachable = set(
        entries.filter(
            municipalities__contacts__user__is_active=True,
            municipalities__contacts__user__email__gt="",
        ).values_list("pk", flat=True)
    )
    rows = list(entries.only("pk", "title", "standing"))
    missing = [entry for entry in rows if entry.pk not in reachable]
    return Unreachable(
        entries=missing,
        finalists=[e for e in missing if e.standing in FINALIST_STANDINGS],
        finalist_total=sum(1 for e in rows if e.standing in FINALIST_STANDINGS),
    )


def entry_recipients(entry) -> list:
    """Everyone who acts for the entry: the contacts of each of its municipalities."""
    User = get_user_model()
    return list(
        User.objects.filter(
            municipality_contacts__municipality__entries=entry, is_active=True
        ).distinct()
    )


def registrable_municipalities_for_contact(user, edition) -> QuerySet[Municipality]:
    """The municipalities a contact acts for that have no entry in the edition yet."""
    return (
        Municipality.objects.filter(contacts__user=user)
        .exclude(entry_memberships__edition=edition)
        .order_by("name")
    )


def contacts_for_edition(edition) -> QuerySet[MunicipalityContact]:
    """Contacts of every municipality with an entry in the edition."""
    return (
        MunicipalityContact.objects.filter(municipality__entry_memberships__edition=edition)
        .select_related("user", "municipality")
        .order_by("municipality__name", "user__email")
        .distinct()
    )


def invitations_recent(limit=50) -> QuerySet[Invitation]:
    return (
        Invitation.objects.filter(municipality__isnull=False)
        .select_related("municipality", "invited_by")
        .order_by("-created_at")[:limit]
    )


def partner_invitations_for_contact(user) -> QuerySet[PartnerInvitation]:
    """Unanswered invitations into joint entries for the municipalities the person acts for,
    to drafts of editions still taking entries (a submitted or withdrawn entry takes no one)."""
    return (
        PartnerInvitation.objects.filter(
            municipality__contacts__user=user,
            status=PartnerInvitation.Status.PENDING,
            entry__state=EntryState.DRAFT,
            entry__edition__phase=EditionPhase.REGISTRATION,
        )
        .select_related("municipality", "entry__edition")
        .distinct()
        .order_by("created_at", "pk")
    )


def editions_open_to(user) -> QuerySet[Edition]:
    """Editions taking entries in which one of the person's municipalities has none yet."""
    unregistered = Municipality.objects.filter(contacts__user=user).filter(
        ~Exists(
            EntryMunicipality.objects.filter(
                edition=OuterRef(OuterRef("pk")), municipality=OuterRef("pk")
            )
        )
    )
    return (
        Edition.objects.filter(phase=EditionPhase.REGISTRATION)
        .filter(Exists(unregistered))
        .select_related("award")
        .order_by("-year")
    )


def editions_of_award_for_public(award) -> QuerySet[Edition]:
    return editions_for_public().filter(award=award)


@dataclass
class Participation:
    edition: Edition
    entry: Entry
    standing: str  # what the public may know now
    text: object = None  # the entry's PublishedText, once its publication is public

    @property
    def standing_label(self) -> str:
        return self.edition.award.stage_name(self.standing)

    @property
    def published_answers(self) -> list:
        """The published text's answers as (question in the reader's language, answer)."""
        if self.text is None:
            return []
        english = get_language() == "en"
        return [((q_en if english and q_en else q), a) for q, q_en, a in self.text.answers]


def public_participation_of_municipality(municipality, now=None) -> list[Participation]:
    """A municipality's public record across editions: every entry the public may know of
    (on the long list or further, once that is announced, or in a publication that is
    public, with its published text), newest edition first. The winner shows as a finalist
    until the gala."""
    now = now or timezone.now()
    texts = {
        text.entry_id: text
        for text in PublishedText.objects.filter(
            entry__municipalities=municipality, publication__published_at__lte=now
        )
    }
    entries = (
        Entry.objects.filter(municipalities=municipality)
        .exclude(edition__phase=EditionPhase.SETUP)
        .exclude(state=EntryState.WITHDRAWN)
        .select_related("edition__award")
        .prefetch_related("municipalities")
        .order_by("-edition__year", "edition__award__name")
    )
    rows = [
        Participation(entry.edition, entry, entry.public_standing(now), texts.get(entry.pk))
        for entry in entries
    ]
    return [row for row in rows if row.standing != EntryStanding.ENTRANT or row.text]


def municipalities_with_public_record(now=None) -> list[Municipality]:
    """Municipalities the public archive mentions (long list or further, announced)."""
    now = now or timezone.now()
    ids = (
        EntryMunicipality.objects.filter(finalists_public_q(now, "entry__edition"))
        .exclude(entry__edition__phase=EditionPhase.SETUP)
        .exclude(entry__state=EntryState.WITHDRAWN)
        .exclude(entry__standing=EntryStanding.ENTRANT)
        .values("municipality_id")
    )
    published = EntryMunicipality.objects.filter(
        entry__in=PublishedText.objects.filter(publication__published_at__lte=now).values(
            "entry_id"
        )
    ).values("municipality_id")
    return list(
        Municipality.objects.filter(Q(pk__in=ids) | Q(pk__in=published))
        .select_related("county")
        .order_by("name")
    )


@dataclass
class DayCount:
    day: date
    registered: int  # entries created up to and including the day
    submitted: int  # entries submitted up to and including the day


@dataclass
class DailyChart:
    """Entries registered and submitted per day against the deadline, with the numbers for a
    table and the points of an SVG chart (x and y in a 0..100 by 0..40 box)."""

    days: list[DayCount]
    deadline: date | None
    top: int
    registered_points: str = ""
    submitted_points: str = ""
    deadline_x: float | None = None
    today_x: float | None = None
    axis_end: date | None = None  # the last day on the axis: today or the deadline


def entries_per_day(edition) -> DailyChart:
    """Cumulative registrations and submissions per day, from the first entry to today or the
    deadline, whichever is later. Two queries whatever the number of entries."""
    created = dict(
        Entry.objects.filter(edition=edition)
        .annotate(day=TruncDate("created_at", tzinfo=timezone.get_current_timezone()))
        .values_list("day")
        .annotate(n=Count("pk"))
        .values_list("day", "n")
    )
    submitted = dict(
        Entry.objects.filter(edition=edition, submitted_at__isnull=False)
        .annotate(day=TruncDate("submitted_at", tzinfo=timezone.get_current_timezone()))
        .values_list("day")
        .annotate(n=Count("pk"))
        .values_list("day", "n")
    )
    deadline = (
        timezone.localdate(edition.submission_deadline) if edition.submission_deadline else None
    )
    known = [*created, *submitted]
    if not known:
        return DailyChart(days=[], deadline=deadline, top=0)
    first, today = min(known), timezone.localdate()
    # The lines end today (the future has no figures); the axis runs on to the deadline.
    last = max([*known, today])
    axis_end = max([last, *([deadline] if deadline else [])])
    days, registered_total, submitted_total = [], 0, 0
    day = first
    while day <= last:
        registered_total += created.get(day, 0)
        submitted_total += submitted.get(day, 0)
        days.append(DayCount(day, registered_total, submitted_total))
        day += timedelta(days=1)
    top = max(registered_total, 1)
    span = max((axis_end - first).days, 1)

    def points(attribute):
        return " ".join(
            f"{100 * i / span:.2f},{40 - 38 * getattr(d, attribute) / top:.2f}"
            for i, d in enumerate(days)
        )

    chart = DailyChart(days=days, deadline=deadline, top=top)
    chart.registered_points = points("registered")
    chart.submitted_points = points("submitted")
    if deadline and first <= deadline <= axis_end:
        chart.deadline_x = round(100 * (deadline - first).days / span, 2)
    chart.today_x = round(100 * (today - first).days / span, 2)
    chart.axis_end = axis_end
    return chart


def draft_reminder_people(edition) -> list[tuple]:
    """(person, [entries]) for every active contact of a draft entry that has the edition's
    deadline (an entry with its own extension is reminded of nothing here)."""
    entries = (
        Entry.objects.filter(
            edition=edition, state=EntryState.DRAFT, deadline_extended_to__isnull=True
        )
        .prefetch_related("municipalities__contacts__user")
        .order_by("title")
    )
    people: dict[int, tuple] = {}
    for entry in entries:
        for municipality in entry.municipalities.all():
            for contact in municipality.contacts.all():
                user = contact.user
                if user.is_active and user.email:
                    people.setdefault(user.pk, (user, []))[1].append(entry)
    return [(user, found) for user, found in people.values()]


def section_reminder_people(section, now=None) -> list[tuple]:
    """(person, [entries]) for every active contact of a submitted entry that has reached a
    later stage's section and left one of its required questions unanswered."""
    now = now or timezone.now()
    required = list(section.questions.filter(required=True).values_list("pk", flat=True))
    entries = (
        Entry.objects.filter(edition=section.edition_id, state__in=JURY_STATES)
        .select_related("edition")
        .prefetch_related("municipalities__contacts__user")
        .order_by("title")
    )
    answered: dict[int, set] = {}
    for answer in Answer.objects.filter(question__in=required, entry__in=entries).select_related(
        "question"
    ):
        if not answer.is_empty:
            answered.setdefault(answer.entry_id, set()).add(answer.question_id)
    for entry_id, question_id in Attachment.objects.filter(
        question__in=required, entry__in=entries
    ).values_list("entry_id", "question_id"):
        answered.setdefault(entry_id, set()).add(question_id)
    people: dict[int, tuple] = {}
    for entry in entries:
        if not section.is_reached_by(entry, now) or set(required) <= answered.get(entry.pk, set()):
            continue
        for municipality in entry.municipalities.all():
            for contact in municipality.contacts.all():
                user = contact.user
                if user.is_active and user.email:
                    people.setdefault(user.pk, (user, []))[1].append(entry)
    return list(people.values())


PUBLISHED_KINDS = (
    QuestionKind.LONG_TEXT,
    QuestionKind.SHORT_TEXT,
    QuestionKind.SCALE,
    QuestionKind.NUMBER,
    QuestionKind.YES_NO,
)


def publication_candidates(edition) -> QuerySet[Entry]:
    """Entries that may appear in the publication: submitted (competing or not) and
    consenting. Only those whose proof is approved are published."""
    return (
        Entry.objects.filter(edition=edition, publication_consent=True, state__in=SUBMITTED_STATES)
        .select_related("proof__approved_by")
        .prefetch_related(
            Prefetch(
                "municipalities",
                queryset=Municipality.objects.select_related("county").order_by("name"),
            )
        )
        .order_by("title")
    )


@dataclass(frozen=True)
class PublishedQuestion:
    text: str
    text_en: str

    @property
    def localised_text(self) -> str:
        return self.text_en if get_language() == "en" and self.text_en else self.text


@dataclass
class PublishedEntry:
    pk: int  # the entry's
    title: str
    county: str
    answers: list[tuple]  # (question, display text), questionnaire order, answered only
    proof: object = None  # the entry's PublicationProof, if any (live contents only)

    @property
    def digest(self) -> str:
        return text_digest(self.title, self.answers)

    @property
    def approved(self) -> bool:
        """Approved, and the text is still the one approved."""
        return self.proof is not None and self.proof.digest == self.digest


def text_digest(title: str, answers) -> str:
    """A fingerprint of an entry's text as the publication prints it."""
    printed = [title, *([q.text, q.text_en, text] for q, text in answers)]
    return hashlib.sha256(json.dumps(printed, ensure_ascii=False).encode()).hexdigest()


def publication_contents(edition, *, approved_only: bool = True) -> list[tuple[str, list]]:
    """[(county, [PublishedEntry])] in county order then title: the consenting entries' text
    as it stands now (approved_only: only those whose approved text it still is). Few
    queries whatever the number of entries (the answers come in one)."""
    entries = list(publication_candidates(edition))
    questions = list(
        Question.objects.filter(section__edition=edition, kind__in=PUBLISHED_KINDS).order_by(
            "section__position", "position"
        )
    )
    answers: dict[int, dict[int, object]] = {e.pk: {} for e in entries}
    for answer in Answer.objects.filter(entry__in=entries, question__in=questions):
        answers[answer.entry_id][answer.question_id] = answer
    groups: dict[str, list[PublishedEntry]] = {}
    for entry in entries:
        rows = []
        for question in questions:
            answer = answers[entry.pk].get(question.pk)
            if answer is None:
                continue
            answer.question = question
            if not answer.is_empty:
                rows.append((PublishedQuestion(question.text, question.text_en), answer.display))
        county = ", ".join(
            sorted({m.county.name for m in entry.municipalities.all()}, key=swedish_key)
        )
        item = PublishedEntry(entry.pk, entry.title, county, rows, getattr(entry, "proof", None))
        if item.approved or not approved_only:
            groups.setdefault(county, []).append(item)
    return sorted(groups.items(), key=lambda group: swedish_key(group[0]))


def publication_text_of_entry(entry) -> PublishedEntry | None:
    """The entry's text as the publication would print it now, with its proof (None if the
    entry is not a consenting, submitted one)."""
    groups = publication_contents(entry.edition, approved_only=False)
    return next((item for _county, items in groups for item in items if item.pk == entry.pk), None)


def publication_groups(publication) -> list[tuple[str, list]]:
    """What the public pages and the PDF show: the published snapshot once the publication
    has been published, before that (the organisers' preview) what publishing now would
    publish."""
    if publication.published_at is None:
        return publication_contents(publication.edition)
    return published_contents(publication)


def published_contents(publication) -> list[tuple[str, list]]:
    """What the publication holds as last published (nothing before its first publishing):
    the same shape as publication_contents, from the published snapshot."""
    groups: dict[str, list[PublishedEntry]] = {}
    for text in publication.texts.all():
        answers = [(PublishedQuestion(q, q_en), answer) for q, q_en, answer in text.answers]
        groups.setdefault(text.county, []).append(
            PublishedEntry(text.entry_id, text.title, text.county, answers)
        )
    return list(groups.items())


AUDIT_ACTIONS = {
    LogEntry.Action.CREATE: _("Created"),
    LogEntry.Action.UPDATE: _("Changed"),
    LogEntry.Action.DELETE: _("Deleted"),
    LogEntry.Action.ACCESS: _("Read"),
}


@dataclass
class AuditRow:
    entry: LogEntry
    kind: str
    changes: list[tuple[str, str, str]]  # (field, before, after)

    @property
    def action(self) -> str:
        return str(AUDIT_ACTIONS.get(self.entry.action, self.entry.action))

    @property
    def sentence(self) -> str:
        """The change in words: "Cecilia Ordförande ändrade ställning för Växjö till
        Slutnominerad"."""
        entry = self.entry
        who = str(entry.actor) if entry.actor else str(_("The system"))
        names = {"who": who, "kind": self.kind, "record": entry.object_repr}
        if entry.action == LogEntry.Action.CREATE:
            return _("%(who)s created %(kind)s %(record)s") % names
        if entry.action == LogEntry.Action.DELETE:
            return _("%(who)s deleted %(kind)s %(record)s") % names
        if entry.action == LogEntry.Action.ACCESS:
            return _("%(who)s read %(kind)s %(record)s") % names
        if len(self.changes) == 1:
            field, _before, after = self.changes[0]
            if after and len(after) <= 60:
                return _("%(who)s changed %(field)s of %(record)s to %(after)s") % {
                    **names,
                    "field": field,
                    "after": after,
                }
            return _("%(who)s changed %(field)s of %(record)s") % {**names, "field": field}
        return _("%(who)s changed %(kind)s %(record)s") % names


def _field(model, name: str):
    try:
        return model._meta.get_field(name) if model else None
    except FieldDoesNotExist:
        return None


def _shown(field, value, limit=200) -> str:
    """A stored value as people read it: choices by their label, yes and no, cut if long."""
    text = "" if value in (None, "None") else str(value)
    if text and isinstance(field, DateTimeField):
        # Stored in UTC to the microsecond; read in Swedish time, as everywhere else.
        moment = parse_datetime(text)
        if moment is not None:
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment, UTC)
            return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")
    if field is not None and getattr(field, "flatchoices", None):
        text = str(dict((str(k), v) for k, v in field.flatchoices).get(text, text))
    elif isinstance(field, BooleanField) and text in ("True", "False"):
        text = str(_("yes") if text == "True" else _("no"))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def audit_trail(edition, *, kind=None, actor=None, action=None, since=None, until=None):
    """The edition's audit trail, newest first, filtered: a query for the page to slice."""
    entries = (
        audit.for_edition(edition.pk)
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")
    )
    if kind is not None:
        entries = entries.filter(content_type=kind)
    if actor is not None:
        entries = entries.filter(actor=actor)
    if action is not None:
        entries = entries.filter(action=action)
    if since is not None:
        entries = entries.filter(timestamp__date__gte=since)
    if until is not None:
        entries = entries.filter(timestamp__date__lte=until)
    return entries


def audit_rows(entries) -> list[AuditRow]:
    rows = []
    for entry in entries:
        model = entry.content_type.model_class() if entry.content_type_id else None
        kind = str(model._meta.verbose_name) if model else entry.content_type.model
        changes = []
        for name, pair in sorted((entry.changes or {}).items()):
            if not (isinstance(pair, list) and len(pair) == 2):
                continue
            field = _field(model, name)
            if isinstance(field, ForeignObjectRel) or getattr(field, "primary_key", False):
                continue  # a reverse relation ("awards.Entry.None") or the row's own number
            if isinstance(field, ForeignKey) and entry.action == LogEntry.Action.CREATE:
                continue  # a bare number; the record's name says what it belongs to
            label = str(getattr(field, "verbose_name", name))
            before, after = _shown(field, pair[0]), _shown(field, pair[1])
            if before or after:  # a new record's empty fields say nothing
                changes.append((label, before, after))
        rows.append(AuditRow(entry, kind, changes))
    return rows


def audit_kinds(edition) -> QuerySet:
    """The kinds of record on the edition's trail, for the filter."""
    return ContentType.objects.filter(
        pk__in=audit.for_edition(edition.pk).values("content_type")
    ).order_by("model")


def audit_actors(edition) -> QuerySet:
    return (
        get_user_model()
        .objects.filter(pk__in=audit.for_edition(edition.pk).values("actor"))
        .order_by("username")
    )


def person_in_edition(edition, email: str):
    """(user or None, known) for an email address: known if it is a contact of one of the
    edition's municipalities, one of its nominators or someone it invited."""
    User = get_user_model()
    user = User.objects.filter(email__iexact=email).first()
    known = (
        (user is not None and contacts_for_edition(edition).filter(user=user).exists())
        or Nomination.objects.filter(edition=edition, nominator_email__iexact=email).exists()
        or Invitation.objects.filter(edition=edition, email__iexact=email).exists()
    )
    return user, known
