"""Every write of the evaluation app."""

import random
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import audit
from awards.choices import FINALIST_STANDINGS, JURY_STATES, EditionPhase, EntryStanding
from awards.errors import ActionRefused
from awards.models import Criterion, Edition, Entry, Question
from awards.services import person_invite_to_jury
from evaluation.choices import (
    EXCLUDING_RULINGS,
    SCORING_ROLES,
    AssignmentMode,
    IntervieweeRole,
    JuryRole,
    MotivationEventKind,
    MotivationStatus,
    Outcome,
    RoundNumber,
    Ruling,
    Theme,
    VisitMode,
)
from evaluation.models import (
    Assignment,
    Ballot,
    BallotRank,
    ConflictDeclaration,
    Decision,
    Feedback,
    Interviewee,
    InterviewQuestion,
    JuryMeeting,
    JuryMember,
    Motivation,
    MotivationEvent,
    MotivationReview,
    MotivationVersion,
    PassageMark,
    Score,
    Scorecard,
    ScorecardRevision,
    ScoringRound,
    SiteVisit,
    StandingDecision,
    VisitNotes,
    VisitParticipant,
)
from evaluation.rules import forget_seats
from evaluation.selectors import (
    declaration_candidates,
    entries_for_jury_member,
    entries_to_score,
    excluded_pairs,
    finalists_of_edition,
    motivation_approvers,
    rankable_finalists_for_member,
    round_entries,
)
from evaluation.tasks import send_score_reminders, send_visit_reminders
from evaluation.transitions import STANDING_TRANSITIONS


@transaction.atomic
def jury_member_add(
    *, edition: Edition, user, role: str, affiliation: str = "", capacity: int | None = None
) -> JuryMember:
    """Seat a person on one edition's jury. The database allows one chair per edition."""
    if (
        role == JuryRole.CHAIR
        and JuryMember.objects.filter(edition=edition, role=JuryRole.CHAIR)
        .exclude(user=user)
        .exists()
    ):
        raise ActionRefused(_("This edition already has a jury chair."))
    member, created = JuryMember.objects.get_or_create(
        edition=edition,
        user=user,
        defaults={"role": role, "affiliation": affiliation, "capacity": capacity},
    )
    if not created and (member.role, member.affiliation, member.capacity) != (
        role,
        affiliation,
        capacity,
    ):
        member.role, member.affiliation, member.capacity = role, affiliation, capacity
        member.save(update_fields=["role", "affiliation", "capacity"])
    forget_seats()
    return member


@transaction.atomic
def jury_invite(
    *,
    edition: Edition,
    email: str,
    name: str = "",
    role: str,
    affiliation: str = "",
    capacity: int | None = None,
    invited_by=None,
) -> JuryMember:
    """Invite a person to sit on an edition's jury: they get a seat at once and a mail with a
    signed link (to choose a password if they are new to Juryrum)."""
    if JuryMember.objects.filter(edition=edition, user__email__iexact=email.strip()).exists():
        raise ActionRefused(_("This person already sits on the jury."))
    user, _invitation = person_invite_to_jury(
        edition=edition, email=email, name=name, invited_by=invited_by
    )
    return jury_member_add(
        edition=edition, user=user, role=role, affiliation=affiliation, capacity=capacity
    )


@transaction.atomic
def jury_member_remove(*, member: JuryMember) -> None:
    """Take a person off the jury. Someone who has scored stays, so the record holds."""
    if member.scorecards.exists():
        raise ActionRefused(
            _("%(name)s has scored entries and stays on the jury record.") % {"name": member.user}
        )
    # The declarations go with the seat, each written to the trail with the member's name and
    # the entry's: read them with those, rather than once per row as the cascade would.
    for declaration in member.declarations.select_related("member__user", "entry"):
        declaration.delete()
    member.delete()
    forget_seats()


@transaction.atomic
def conflict_declare(
    *, member: JuryMember, entry: Entry, has_conflict: bool, kind: str = "", note: str = ""
) -> ConflictDeclaration:
    """Record a member's declaration about an entry. A declared conflict excludes the member
    from the entry at once; only a ruling can lift it, so the member cannot withdraw it."""
    if entry.edition_id != member.edition_id:
        raise ActionRefused(_("The entry belongs to another edition."))
    if has_conflict and not kind:
        raise ActionRefused(_("Say what kind of conflict of interest it is."))
    existing = ConflictDeclaration.objects.filter(member=member, entry=entry).first()
    if existing is not None and existing.has_conflict and not has_conflict:
        raise ActionRefused(
            _("A declared conflict of interest can only be lifted by the chair's ruling.")
        )
    declaration, _created = ConflictDeclaration.objects.update_or_create(
        member=member,
        entry=entry,
        defaults={
            "has_conflict": has_conflict,
            "kind": kind if has_conflict else "",
            "note": note,
            "declared_at": timezone.now(),
        },
    )
    return declaration


@dataclass(frozen=True)
class Declaration:
    entry: Entry
    has_conflict: bool
    kind: str = ""
    note: str = ""


@transaction.atomic
def conflicts_declare(*, member: JuryMember, declarations: list[Declaration]) -> int:
    """Record a member's declarations on several entries at once (all or none), by the same
    rules as conflict_declare. Unchanged declarations are left as they are, so their time and
    ruling stay. Returns how many were added or changed."""
    candidates = set(declaration_candidates(member).values_list("pk", flat=True))
    current = {d.entry_id: d for d in member.declarations.all()}
    now = timezone.now()
    new, changed = [], 0
    for item in declarations:
        if item.entry.pk not in candidates:
            raise ActionRefused(_("You cannot declare on that entry."))
        if item.has_conflict and not item.kind:
            raise ActionRefused(_("Say what kind of conflict of interest it is."))
        fields = {
            "has_conflict": item.has_conflict,
            "kind": item.kind if item.has_conflict else "",
            "note": item.note,
        }
        before = current.get(item.entry.pk)
        if before is None:
            new.append(
                ConflictDeclaration(member=member, entry=item.entry, declared_at=now, **fields)
            )
            continue
        if all(getattr(before, name) == value for name, value in fields.items()):
            continue
        if before.has_conflict and not item.has_conflict:
            raise ActionRefused(
                _("A declared conflict of interest can only be lifted by the chair's ruling.")
            )
        for name, value in fields.items():
            setattr(before, name, value)
        before.declared_at = now
        before.save(update_fields=[*fields, "declared_at"])
        changed += 1
    ConflictDeclaration.objects.bulk_create(new)
    return len(new) + changed


@transaction.atomic
def conflict_rule(
    *, declaration: ConflictDeclaration, ruling: str, note: str, actor
) -> ConflictDeclaration:
    """The chair's (or, for the chair's own, an organiser's) ruling on a declared conflict.
    Dismissing and allowing need a reason or a mitigation on record."""
    if not declaration.has_conflict:
        raise ActionRefused(_("Only a declared conflict of interest is ruled on."))
    if ruling not in Ruling.values:
        raise ActionRefused(_("Choose a ruling."))
    if ruling in (Ruling.DISMISSED, Ruling.ALLOWED) and not note.strip():
        raise ActionRefused(
            _("Write the reason for dismissing, or the mitigation that allows the member.")
        )
    declaration.ruling = ruling
    declaration.ruling_note = note.strip()
    declaration.ruled_by = actor
    declaration.ruled_at = timezone.now()
    declaration.save(update_fields=["ruling", "ruling_note", "ruled_by", "ruled_at"])
    return declaration


def round_ensure(*, edition: Edition, number: int) -> ScoringRound:
    """The edition's round, made with its defaults the first time anyone writes to it."""
    if number not in RoundNumber.values:
        raise ActionRefused(_("There is no such round."))
    scoring_round, _created = ScoringRound.objects.get_or_create(edition=edition, number=number)
    return scoring_round


@transaction.atomic
def round_update(*, scoring_round: ScoringRound, seen_version: int, **fields) -> ScoringRound:
    """Change a round's settings. Two organisers saving at once do not overwrite each other."""
    if scoring_round.pk is None:
        scoring_round = round_ensure(edition=scoring_round.edition, number=scoring_round.number)
    for name, value in fields.items():
        setattr(scoring_round, name, value)
    scoring_round.full_clean()
    updated = ScoringRound.objects.filter(pk=scoring_round.pk, version=seen_version).update(
        version=F("version") + 1, **fields
    )
    if not updated:
        raise ActionRefused(_("Someone else changed the round meanwhile. Check and save again."))
    scoring_round.refresh_from_db()
    if "closes_at" in fields:
        reminders_schedule_scores(scoring_round=scoring_round)
    return scoring_round


SCORE_REMINDER_DAYS = (3, 1)


def _schedule(task, at, *args) -> bool:
    """Enqueue a task for a moment, after the transaction commits; False when the moment has
    passed or this server's task backend cannot wait."""
    if at <= timezone.now() or not task.get_backend().supports_defer:
        return False
    transaction.on_commit(lambda: task.using(run_after=at).enqueue(*args))
    return True


def reminders_schedule_scores(*, scoring_round: ScoringRound) -> int:
    """Schedule reminders to jurors with scores left 3 days and 1 day before the round
    closes; reminders of an earlier closing moment find it moved and do nothing."""
    closes = scoring_round.closes_at
    if closes is None:
        return 0
    return sum(
        _schedule(
            send_score_reminders,
            closes - timedelta(days=days),
            scoring_round.pk,
            closes.isoformat(),
            days,
        )
        for days in SCORE_REMINDER_DAYS
    )


def reminders_schedule_visit(*, visit: SiteVisit) -> int:
    """Schedule the reminder to the visiting jury the day before the visit."""
    return int(
        _schedule(
            send_visit_reminders,
            visit.starts_at - timedelta(days=1),
            visit.pk,
            visit.starts_at.isoformat(),
        )
    )


@transaction.atomic
def assignments_make(*, scoring_round: ScoringRound, seed: int | None = None) -> int:
    """Give each entry of the round up to `jurors_per_entry` jurors. Existing assignments are
    kept; conflicts (declared and not lifted) are respected; each entry goes to the jurors
    with the lightest load who still have capacity, ties broken at random (seeded, so a test
    or a repeat gives the same answer). Returns how many assignments were added."""
    scoring_round = ScoringRound.objects.select_for_update().get(pk=scoring_round.pk)
    if scoring_round.assignment != AssignmentMode.PER_ENTRY:
        raise ActionRefused(_("In this round every juror scores every entry."))
    edition = scoring_round.edition
    members = list(JuryMember.objects.filter(edition=edition, role__in=SCORING_ROLES))
    if not members:
        raise ActionRefused(_("The jury has no juror yet."))
    excluded = excluded_pairs(edition.pk)
    entries = list(round_entries(scoring_round).order_by("pk"))
    existing = set(
        Assignment.objects.filter(round=scoring_round).values_list("member_id", "entry_id")
    )
    unavailable = excluded | existing
    load = {m.pk: sum(1 for mid, _ in existing if mid == m.pk) for m in members}
    rng = random.Random(seed if seed is not None else scoring_round.pk)  # noqa: S311
    have = {e.pk: sum(1 for _, eid in existing if eid == e.pk) for e in entries}
    # The entries with fewest jurors so far are served first.
    entries.sort(key=lambda e: (have[e.pk], rng.random()))
    new = []
    for entry in entries:
        wanted = scoring_round.jurors_per_entry - have[entry.pk]
        candidates = [
            m
            for m in members
            if (m.pk, entry.pk) not in unavailable
            and (m.capacity is None or load[m.pk] < m.capacity)
        ]
        rng.shuffle(candidates)
        candidates.sort(key=lambda m: load[m.pk])
        for member in candidates[: max(wanted, 0)]:
            new.append(Assignment(round=scoring_round, member=member, entry=entry, automatic=True))
            load[member.pk] += 1
    Assignment.objects.bulk_create(new)
    return len(new)


@transaction.atomic
def assignment_set(
    *, scoring_round: ScoringRound, member: JuryMember, entry: Entry, assigned: bool
) -> None:
    """The organiser's adjustment by hand: assign or unassign one juror to one entry. A
    conflicted juror is never assigned; a juror who has begun scoring is not unassigned."""
    if member.edition_id != scoring_round.edition_id or entry.edition_id != member.edition_id:
        raise ActionRefused(_("The juror or the entry belongs to another edition."))
    if member.role not in SCORING_ROLES:
        raise ActionRefused(_("Only jurors and the chair score."))
    if assigned:
        if ConflictDeclaration.objects.filter(
            member=member, entry=entry, has_conflict=True, ruling__in=EXCLUDING_RULINGS
        ).exists():
            raise ActionRefused(_("The juror has a conflict of interest with this entry."))
        Assignment.objects.get_or_create(round=scoring_round, member=member, entry=entry)
        return
    if Scorecard.objects.filter(round=scoring_round, member=member, entry=entry).exists():
        raise ActionRefused(_("The juror has begun scoring this entry and stays assigned."))
    Assignment.objects.filter(round=scoring_round, member=member, entry=entry).delete()


@dataclass
class ScoreInput:
    value: int | None
    comment: str = ""


def _check_scores(criteria: list[Criterion], scores: dict[int, ScoreInput], submit: bool):
    for criterion in criteria:
        item = scores.get(criterion.pk)
        top = len(criterion.scale_labels) - 1
        if item is not None and item.value is not None and not 0 <= item.value <= top:
            raise ActionRefused(_("A score is outside the criterion's scale."))
        if submit and (item is None or item.value is None):
            raise ActionRefused(
                _("Score every criterion before submitting (%(name)s is missing).")
                % {"name": criterion.localised_name}
            )


@transaction.atomic
def scorecard_save(
    *,
    member: JuryMember,
    scoring_round: ScoringRound,
    entry: Entry,
    scores: dict[int, ScoreInput],
    overall_comment: str,
    seen_version: int,
    submit: bool,
    actor=None,
) -> Scorecard:
    """Save a juror's scores for an entry, as a draft or submitted.

    Only while the round is open, only on an entry the juror may score in it, and only if
    nobody saved the scorecard since the juror loaded it (compare-and-set on `version`, so a
    second tab or a second click never overwrites unseen). Every save is kept as a revision.
    """
    if member.role not in SCORING_ROLES:
        raise ActionRefused(_("Only jurors and the chair score."))
    if scoring_round.pk is None:
        scoring_round = round_ensure(edition=member.edition, number=scoring_round.number)
    if not scoring_round.is_open:
        raise ActionRefused(_("The round is closed: scores can no longer be changed."))
    if not entries_to_score(member, scoring_round).filter(pk=entry.pk).exists():
        raise ActionRefused(_("You do not score this entry in this round."))
    criteria = list(Criterion.objects.filter(edition_id=entry.edition_id))
    _check_scores(criteria, scores, submit)
    card = Scorecard.objects.filter(round=scoring_round, member=member, entry=entry).first()
    now = timezone.now()
    if card is None:
        if seen_version != 0:
            raise ActionRefused(_("Your scorecard was changed meanwhile. Check and save again."))
        try:
            with transaction.atomic():
                card = Scorecard.objects.create(
                    round=scoring_round, member=member, entry=entry, version=0
                )
        except IntegrityError:
            raise ActionRefused(
                _("Your scorecard was saved in another window meanwhile. Check and save again.")
            ) from None
    submitted_at = card.submitted_at or (now if submit else None)
    updated = Scorecard.objects.filter(pk=card.pk, version=seen_version).update(
        version=seen_version + 1,
        overall_comment=overall_comment,
        submitted_at=submitted_at,
        updated_at=now,
    )
    if not updated:
        raise ActionRefused(
            _("Your scorecard was saved in another window meanwhile. Check and save again.")
        )
    stored = {score.criterion_id: score for score in card.scores.all()}
    before = {str(k): [s.value, s.comment] for k, s in stored.items()}
    new, changed = [], []
    for criterion in criteria:
        item = scores.get(criterion.pk) or ScoreInput(None)
        score = stored.get(criterion.pk)
        if score is None:
            new.append(
                Score(scorecard=card, criterion=criterion, value=item.value, comment=item.comment)
            )
        elif (score.value, score.comment) != (item.value, item.comment):
            score.value, score.comment = item.value, item.comment
            changed.append(score)
    Score.objects.bulk_create(new)
    Score.objects.bulk_update(changed, ["value", "comment"])
    after = {**before, **{str(s.criterion_id): [s.value, s.comment] for s in [*new, *changed]}}
    if after != before:
        audit.record(card, scores=(before, after))
    ScorecardRevision.objects.create(
        scorecard=card,
        version=seen_version + 1,
        actor=actor,
        submitted=submitted_at is not None,
        scores={str(k): [v.value, v.comment] for k, v in scores.items()},
        overall_comment=overall_comment,
    )
    card.refresh_from_db()
    return card


@transaction.atomic
def mark_add(
    *, member: JuryMember, entry: Entry, question: Question, passage: str, kind: str, note: str
) -> PassageMark:
    """Mark a passage of an entry's answer for the site visit. The passage must be quoted as
    it stands in the answer, so the interview guide can show it in its place."""
    if not entries_for_jury_member(member.user, member.edition).filter(pk=entry.pk).exists():
        raise ActionRefused(_("You cannot mark this entry."))
    if question.section.edition_id != entry.edition_id:
        raise ActionRefused(_("The question belongs to another edition."))
    answer = entry.answers.filter(question=question).first()
    passage = " ".join(passage.split())
    if not passage:
        raise ActionRefused(_("Quote the passage you mark."))
    if answer is None or passage not in " ".join(answer.text.split()):
        raise ActionRefused(
            _("The passage is not in this answer. Copy it exactly as it stands in the text.")
        )
    return PassageMark.objects.create(
        member=member, entry=entry, question=question, passage=passage, kind=kind, note=note
    )


@transaction.atomic
def mark_delete(*, mark: PassageMark, member: JuryMember) -> None:
    if mark.member_id != member.pk:
        raise ActionRefused(_("You can only remove your own marks."))
    mark.delete()


@transaction.atomic
def standing_decide(*, entry: Entry, to_standing: str, rationale: str, actor) -> Entry:
    """The chair's shortlisting move: onto the long list, to the finalists, or back, while the
    jury evaluates. The move is checked against the table, made compare-and-set (a colleague's
    move in between is not undone unseen) and recorded with its rationale."""
    if not Edition.objects.filter(pk=entry.edition_id, phase=EditionPhase.EVALUATION).exists():
        raise ActionRefused(
            _("The long list and the finalists are chosen while the jury evaluates.")
        )
    if not rationale.strip():
        raise ActionRefused(_("Write the rationale for the decision."))
    from_standing = entry.standing
    if to_standing not in STANDING_TRANSITIONS.get(from_standing, ()):
        raise ActionRefused(
            _("%(entry)s cannot move from %(from)s to %(to)s.")
            % {
                "entry": entry.title,
                "from": EntryStanding(from_standing).label,
                "to": EntryStanding(to_standing).label
                if to_standing in EntryStanding.values
                else to_standing,
            }
        )
    if entry.state not in JURY_STATES or not entry.competing:
        raise ActionRefused(_("Only a competing, submitted entry can be shortlisted."))
    if not Entry.objects.filter(pk=entry.pk, standing=from_standing).update(standing=to_standing):
        raise ActionRefused(_("Someone else moved the entry meanwhile. Check and try again."))
    entry.standing = to_standing
    StandingDecision.objects.create(
        entry=entry,
        from_standing=from_standing,
        to_standing=to_standing,
        note=rationale.strip(),
        actor=actor,
    )
    return entry


# Site visits


def _stale(what: str) -> ActionRefused:
    return ActionRefused(
        _(
            "%(what)s was changed by someone else meanwhile. Your text is below: check and save "
            "again."
        )
        % {"what": what}
    )


@transaction.atomic
def interview_question_add(*, edition: Edition, theme: str, text: str) -> InterviewQuestion:
    """Add a question to the edition's bank for the site-visit interviews."""
    if theme not in Theme.values:
        raise ActionRefused(_("Choose one of the themes."))
    if not text.strip():
        raise ActionRefused(_("Write the question."))
    last = InterviewQuestion.objects.filter(edition=edition).order_by("-position").first()
    return InterviewQuestion.objects.create(
        edition=edition,
        theme=theme,
        text=text.strip(),
        position=(last.position + 1) if last else 0,
    )


@transaction.atomic
def interview_question_delete(*, question: InterviewQuestion) -> None:
    question.delete()


@dataclass(frozen=True)
class VisitDetails:
    starts_at: object
    ends_at: object
    mode: str
    address: str = ""
    meeting_url: str = ""
    agenda: str = ""
    logistics: str = ""


def _check_visit(entry: Entry, details: VisitDetails, participants: list[JuryMember]):
    if entry.standing not in FINALIST_STANDINGS or not entry.competing:
        raise ActionRefused(_("Only finalists are visited."))
    if details.ends_at <= details.starts_at:
        raise ActionRefused(_("The visit must end after it starts."))
    if details.mode == VisitMode.ON_SITE and not details.address.strip():
        raise ActionRefused(_("Give the address of a visit on site."))
    if details.mode == VisitMode.DIGITAL and not details.meeting_url.strip():
        raise ActionRefused(_("Give the meeting link of a digital visit."))
    if not participants:
        raise ActionRefused(_("Choose at least one visiting member of the jury."))
    excluded = excluded_pairs(entry.edition_id)
    for member in participants:
        if member.edition_id != entry.edition_id:
            raise ActionRefused(_("Visitors must sit on this edition's jury."))
        if (member.pk, entry.pk) in excluded:
            raise ActionRefused(
                _("%(name)s has a conflict of interest with %(entry)s and cannot visit.")
                % {"name": member.user, "entry": entry.title}
            )


@transaction.atomic
def visit_save(
    *,
    entry: Entry,
    details: VisitDetails,
    participants: list[JuryMember],
    visit: SiteVisit | None = None,
    seen_version: int = 0,
) -> SiteVisit:
    """Plan a visit to a finalist, or change one. A member conflicted with the entry is never
    on it. Changes are compare-and-set, so two organisers do not overwrite each other."""
    _check_visit(entry, details, participants)
    fields = {
        "starts_at": details.starts_at,
        "ends_at": details.ends_at,
        "mode": details.mode,
        "address": details.address.strip() if details.mode == VisitMode.ON_SITE else "",
        "meeting_url": details.meeting_url.strip() if details.mode == VisitMode.DIGITAL else "",
        "agenda": details.agenda.strip(),
        "logistics": details.logistics.strip(),
    }
    if visit is None:
        visit = SiteVisit.objects.create(entry=entry, **fields)
    else:
        updated = SiteVisit.objects.filter(pk=visit.pk, version=seen_version).update(
            version=F("version") + 1, **fields
        )
        if not updated:
            raise _stale(_("The visit"))
        visit.refresh_from_db()
    VisitParticipant.objects.filter(visit=visit).exclude(member__in=participants).delete()
    present = set(VisitParticipant.objects.filter(visit=visit).values_list("member_id", flat=True))
    VisitParticipant.objects.bulk_create(
        [VisitParticipant(visit=visit, member=m) for m in participants if m.pk not in present]
    )
    reminders_schedule_visit(visit=visit)
    return visit


@transaction.atomic
def visit_delete(*, visit: SiteVisit) -> None:
    """Cancel a visit. One with notes or a report is kept: the jury's record must hold."""
    if visit.report or VisitNotes.objects.filter(visit=visit).exists():
        raise ActionRefused(_("The visit has notes or a report and is kept on record."))
    visit.delete()


@dataclass(frozen=True)
class Person:
    name: str
    role: str
    title: str = ""


@transaction.atomic
def interviewees_confirm(
    *, visit: SiteVisit, people: list[Person], seen_version: int, actor
) -> SiteVisit:
    """The municipality names and confirms who the jury will interview."""
    if not people:
        raise ActionRefused(_("Name at least one person for the interviews."))
    if any(p.role not in IntervieweeRole.values or not p.name.strip() for p in people):
        raise ActionRefused(_("Give every interviewee a name and a role."))
    updated = SiteVisit.objects.filter(pk=visit.pk, version=seen_version).update(
        version=F("version") + 1,
        interviewees_confirmed_at=timezone.now(),
        interviewees_confirmed_by=actor,
    )
    if not updated:
        raise _stale(_("The visit"))
    Interviewee.objects.filter(visit=visit).delete()
    Interviewee.objects.bulk_create(
        [
            Interviewee(
                visit=visit, name=p.name.strip(), role=p.role, title=p.title.strip(), position=i
            )
            for i, p in enumerate(people)
        ]
    )
    visit.refresh_from_db()
    return visit


@transaction.atomic
def notes_save(
    *,
    visit: SiteVisit,
    member: JuryMember,
    texts: dict[str, str],
    seen_version: int,
    share: bool = False,
    page: str = "",
) -> VisitNotes:
    """A visiting member's notes per theme: private until they share them with the jury (from
    then on every later save is shared too). Compare-and-set, so a phone and a laptop open at
    the same visit do not overwrite each other unseen; `page` names the open form, whose own
    earlier saves (an autosave still on its way when Save is pressed) are no conflict."""
    if not VisitParticipant.objects.filter(visit=visit, member=member).exists():
        raise ActionRefused(_("Only the visiting members write notes for this visit."))
    texts = {k: v.strip() for k, v in texts.items() if k in Theme.values and v.strip()}
    notes = VisitNotes.objects.filter(visit=visit, member=member).first()
    if notes is None:
        if seen_version != 0:
            raise _stale(_("Your notes"))
        try:
            with transaction.atomic():
                notes = VisitNotes.objects.create(visit=visit, member=member, version=0)
        except IntegrityError:
            raise _stale(_("Your notes")) from None
    now = timezone.now()
    same_page = Q(last_page=page) & ~Q(last_page="")
    # Sharing is set in the database, never copied from what this save read: an autosave
    # read before the Share button's save and written after it must not unshare the notes.
    shared = {"shared_at": Coalesce(F("shared_at"), Value(now))} if share else {}
    updated = (
        VisitNotes.objects.filter(pk=notes.pk)
        .filter(Q(version=seen_version) | same_page)
        .update(version=F("version") + 1, texts=texts, updated_at=now, last_page=page, **shared)
    )
    if not updated:
        raise _stale(_("Your notes"))
    notes.refresh_from_db()
    return notes


@transaction.atomic
def report_save(*, visit: SiteVisit, text: str, seen_version: int, share: bool, actor) -> SiteVisit:
    """The chair's report of a visit, written from the shared notes; the jury reads it once
    shared (before round 2 and the meeting)."""
    if share and not text.strip():
        raise ActionRefused(_("Write the report before sharing it."))
    now = timezone.now()
    updated = SiteVisit.objects.filter(pk=visit.pk, report_version=seen_version).update(
        report=text.strip(),
        report_by=actor,
        report_updated_at=now,
        report_version=F("report_version") + 1,
        report_shared_at=visit.report_shared_at or (now if share else None),
    )
    if not updated:
        raise _stale(_("The report"))
    visit.refresh_from_db()
    return visit


# Deliberation and decision

DELIBERATING = (EditionPhase.SITE_VISITS, EditionPhase.DELIBERATION)


@transaction.atomic
def meeting_save(
    *,
    edition: Edition,
    held_at,
    attendees: list[JuryMember],
    minutes: str,
    seen_version: int,
    actor,
) -> JuryMeeting:
    """The record of the jury meeting: when, who attended, the minutes."""
    if any(m.edition_id != edition.pk for m in attendees):
        raise ActionRefused(_("Attendees must sit on this edition's jury."))
    fields = {
        "held_at": held_at,
        "minutes": minutes.strip(),
        "updated_at": timezone.now(),
        "updated_by": actor,
    }
    meeting = JuryMeeting.objects.filter(edition=edition).first()
    if meeting is None:
        if seen_version != 0:
            raise _stale(_("The meeting record"))
        try:
            with transaction.atomic():
                meeting = JuryMeeting.objects.create(edition=edition, **fields)
        except IntegrityError:
            raise _stale(_("The meeting record")) from None
    elif not JuryMeeting.objects.filter(pk=meeting.pk, version=seen_version).update(
        version=F("version") + 1, **fields
    ):
        raise _stale(_("The meeting record"))
    meeting.attendees.set(attendees)
    meeting.refresh_from_db()
    return meeting


@transaction.atomic
def ballot_save(*, member: JuryMember, ranks: dict[int, int], seen_version: int) -> Ballot:
    """A juror's ranking of the finalists they may rank (1 is best, ties allowed), from the
    site visits until the decision. Compare-and-set on the ballot's version."""
    if member.role not in SCORING_ROLES:
        raise ActionRefused(_("Only jurors and the chair rank the finalists."))
    if not Edition.objects.filter(pk=member.edition_id, phase__in=DELIBERATING).exists():
        raise ActionRefused(
            _("The finalists are ranked after the site visits, until the decision.")
        )
    rankable = {e.pk for e in rankable_finalists_for_member(member)}
    if set(ranks) != rankable:
        raise ActionRefused(_("Rank every finalist on your list, and only those."))
    if any(not 1 <= rank <= len(rankable) for rank in ranks.values()):
        raise ActionRefused(_("Ranks run from 1 to the number of finalists."))
    ballot, _created = Ballot.objects.get_or_create(member=member)
    if not Ballot.objects.filter(pk=ballot.pk, version=seen_version).update(
        version=seen_version + 1, updated_at=timezone.now()
    ):
        raise _stale(_("Your ranking"))
    BallotRank.objects.filter(ballot=ballot).delete()
    BallotRank.objects.bulk_create(
        [BallotRank(ballot=ballot, entry_id=pk, rank=rank) for pk, rank in ranks.items()]
    )
    ballot.refresh_from_db()
    return ballot


@transaction.atomic
def decision_record(
    *,
    edition: Edition,
    outcome: str,
    winners: list[Entry],
    mentions: list[Entry],
    reason: str,
    seen_version: int,
    actor,
) -> Decision:
    """The chair records the jury's decision while it deliberates: one or more winners and
    possibly honourable mentions among the finalists, or no winner with the reason. The
    standings change with a history row each; nothing is public before the announcement."""
    if not Edition.objects.filter(pk=edition.pk, phase=EditionPhase.DELIBERATION).exists():
        raise ActionRefused(_("The decision is recorded while the jury deliberates."))
    finalists = {e.pk: e for e in finalists_of_edition(edition)}
    chosen = [*winners, *mentions]
    if any(e.pk not in finalists for e in chosen):
        raise ActionRefused(_("Only finalists can win or be mentioned."))
    if {e.pk for e in winners} & {e.pk for e in mentions}:
        raise ActionRefused(_("An entry cannot both win and get an honourable mention."))
    if outcome == Outcome.WINNER and not winners:
        raise ActionRefused(_("Choose the winner."))
    if outcome == Outcome.NO_WINNER and winners:
        raise ActionRefused(_("With no winner, choose no winning entry."))
    if outcome == Outcome.NO_WINNER and not reason.strip():
        raise ActionRefused(_("Give the reason for naming no winner."))
    if outcome not in Outcome.values:
        raise ActionRefused(_("Choose an outcome."))
    decision = Decision.objects.filter(edition=edition).first()
    fields = {
        "outcome": outcome,
        "reason": reason.strip(),
        "decided_by": actor,
        "decided_at": timezone.now(),
    }
    if decision is None:
        if seen_version != 0:
            raise _stale(_("The decision"))
        try:
            with transaction.atomic():
                decision = Decision.objects.create(edition=edition, **fields)
        except IntegrityError:
            raise _stale(_("The decision")) from None
    elif not Decision.objects.filter(pk=decision.pk, version=seen_version).update(
        version=F("version") + 1, **fields
    ):
        raise _stale(_("The decision"))
    target = {e.pk: EntryStanding.FINALIST for e in finalists.values()}
    target.update({e.pk: EntryStanding.WINNER for e in winners})
    target.update({e.pk: EntryStanding.HONOURABLE_MENTION for e in mentions})
    note = reason.strip() or _("The jury's decision.")
    history = []
    for pk, standing in target.items():
        entry = finalists[pk]
        if entry.standing != standing:
            Entry.objects.filter(pk=pk).update(standing=standing)
            history.append(
                StandingDecision(
                    entry=entry,
                    from_standing=entry.standing,
                    to_standing=standing,
                    note=note,
                    actor=actor,
                )
            )
    StandingDecision.objects.bulk_create(history)
    decision.refresh_from_db()
    return decision


# The jury's motivation


def _motivation_event(motivation, kind, actor, note=""):
    MotivationEvent.objects.create(motivation=motivation, kind=kind, actor=actor, note=note)


def _publish_motivation(motivation: Motivation, version: MotivationVersion | None):
    """The final text goes to the edition, where public pages show it from the announcement
    moment on; a reopened motivation is taken back until it is final again."""
    Edition.objects.filter(pk=motivation.edition_id).update(
        motivation=version.text if version else "",
        citation=version.citation if version else "",
        motivation_en=version.text_en if version else "",
        citation_en=version.citation_en if version else "",
    )


@transaction.atomic
def motivation_draft(
    *,
    edition: Edition,
    text: str,
    citation: str,
    text_en: str = "",
    citation_en: str = "",
    seen_version: int,
    actor,
) -> MotivationVersion:
    """The chair saves a new version of the motivation (each is kept, with its author). Only a
    draft changes; approvals given to an earlier version do not carry over."""
    if not Decision.objects.filter(edition=edition).exists():
        raise ActionRefused(_("Record the jury's decision before drafting the motivation."))
    if not text.strip() or not citation.strip():
        raise ActionRefused(_("Write both the motivation and the citation."))
    motivation, _created = Motivation.objects.get_or_create(edition=edition)
    if motivation.status == MotivationStatus.FINAL:
        raise ActionRefused(_("The motivation is final. Reopen it to change it."))
    if not Motivation.objects.filter(
        pk=motivation.pk, version=seen_version, status=MotivationStatus.DRAFT
    ).update(version=seen_version + 1):
        raise _stale(_("The motivation"))
    version = MotivationVersion.objects.create(
        motivation=motivation,
        number=seen_version + 1,
        text=text.strip(),
        citation=citation.strip(),
        text_en=text_en.strip(),
        citation_en=citation_en.strip(),
        author=actor,
    )
    _motivation_event(motivation, MotivationEventKind.DRAFTED, actor, f"v{version.number}")
    return version


def _finalise(motivation: Motivation, version: MotivationVersion, actor, note: str):
    if not Motivation.objects.filter(
        pk=motivation.pk, status=MotivationStatus.DRAFT, version=version.number
    ).update(status=MotivationStatus.FINAL):
        raise _stale(_("The motivation"))
    _publish_motivation(motivation, version)
    _motivation_event(motivation, MotivationEventKind.FINALISED, actor, note)


@transaction.atomic
def motivation_review(
    *, edition: Edition, member: JuryMember, approved: bool, comment: str, seen_version: int
) -> MotivationReview:
    """A juror approves the current version or comments on it. When every juror who must
    approve has approved, the motivation is final."""
    motivation = Motivation.objects.filter(edition=edition).first()
    if motivation is None or motivation.version == 0:
        raise ActionRefused(_("There is no draft to review yet."))
    if motivation.status != MotivationStatus.DRAFT:
        raise ActionRefused(_("The motivation is already final."))
    if seen_version != motivation.version:
        raise ActionRefused(_("The chair saved a new version meanwhile. Read it and review again."))
    approvers = motivation_approvers(edition)
    if member.pk not in {m.pk for m in approvers}:
        raise ActionRefused(_("You are not among the jurors who approve the motivation."))
    if not approved and not comment.strip():
        raise ActionRefused(_("Write your comment."))
    version = motivation.versions.get(number=motivation.version)
    review, _created = MotivationReview.objects.update_or_create(
        version=version,
        member=member,
        defaults={"approved": approved, "comment": comment.strip()},
    )
    kind = MotivationEventKind.APPROVED if approved else MotivationEventKind.COMMENTED
    _motivation_event(motivation, kind, member.user, comment.strip())
    approving = set(version.reviews.filter(approved=True).values_list("member_id", flat=True))
    if approved and all(m.pk in approving for m in approvers):
        _finalise(motivation, version, member.user, _("Approved by every juror."))
    return review


@transaction.atomic
def motivation_finalise(*, edition: Edition, reason: str, seen_version: int, actor) -> Motivation:
    """The chair makes the current version final. Without every juror's approval the reason
    is required and recorded."""
    motivation = Motivation.objects.filter(edition=edition).first()
    if motivation is None or motivation.version == 0:
        raise ActionRefused(_("There is no draft to finalise yet."))
    if motivation.status == MotivationStatus.FINAL:
        raise ActionRefused(_("The motivation is already final."))
    if seen_version != motivation.version:
        raise _stale(_("The motivation"))
    version = motivation.versions.get(number=motivation.version)
    approving = set(version.reviews.filter(approved=True).values_list("member_id", flat=True))
    everyone = all(m.pk in approving for m in motivation_approvers(edition))
    if not everyone and not reason.strip():
        raise ActionRefused(
            _("Not every juror has approved this version: give the reason to finalise it now.")
        )
    _finalise(motivation, version, actor, reason.strip())
    motivation.refresh_from_db()
    return motivation


@transaction.atomic
def motivation_reopen(*, edition: Edition, reason: str, actor) -> Motivation:
    """Reopen a final motivation for changes, with the reason on record. Until it is final
    again, no public page shows it."""
    motivation = Motivation.objects.filter(edition=edition).first()
    if motivation is None or motivation.status != MotivationStatus.FINAL:
        raise ActionRefused(_("Only a final motivation can be reopened."))
    if not reason.strip():
        raise ActionRefused(_("Give the reason for reopening the motivation."))
    Motivation.objects.filter(pk=motivation.pk).update(status=MotivationStatus.DRAFT)
    _publish_motivation(motivation, None)
    _motivation_event(motivation, MotivationEventKind.REOPENED, actor, reason.strip())
    motivation.refresh_from_db()
    return motivation


# Feedback to entrants


@transaction.atomic
def feedback_save(
    *, entry: Entry, texts: dict, summary: str, seen_version: int, actor
) -> "Feedback":
    """The chair writes an entrant's feedback: strengths and areas to develop per criterion
    and a summary. Compare-and-set; released feedback no longer changes."""
    feedback, _created = Feedback.objects.get_or_create(entry=entry)
    if feedback.released_at is not None:
        raise ActionRefused(_("This feedback has been released and can no longer change."))
    cleaned = {
        str(key): {part: value.get(part, "").strip() for part in ("strengths", "develop")}
        for key, value in texts.items()
    }
    if not Feedback.objects.filter(pk=feedback.pk, version=seen_version).update(
        texts=cleaned,
        summary=summary.strip(),
        version=seen_version + 1,
        updated_at=timezone.now(),
        updated_by=actor,
    ):
        raise _stale(_("The feedback"))
    feedback.refresh_from_db()
    return feedback


@transaction.atomic
def feedback_release(*, edition: Edition, actor=None, now=None) -> int:
    """Release every written feedback of the edition to its entrant. Only after the
    announcement: before it, feedback would tell who did not win."""
    if not edition.decision_is_public(now):
        raise ActionRefused(_("Feedback is released after the winner is announced."))
    written = Feedback.objects.filter(entry__edition=edition, released_at__isnull=True).exclude(
        texts={}, summary=""
    )
    return written.update(released_at=now or timezone.now())
