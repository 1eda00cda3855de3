"""Every write of the evaluation app."""

import random
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.choices import JURY_STATES, EditionPhase, EntryStanding
from awards.models import Criterion, Edition, Entry, Question
from awards.services import ActionRefused, person_invite_to_jury
from evaluation.choices import (
    EXCLUDING_RULINGS,
    SCORING_ROLES,
    AssignmentMode,
    JuryRole,
    RoundNumber,
    Ruling,
)
from evaluation.models import (
    Assignment,
    ConflictDeclaration,
    JuryMember,
    PassageMark,
    Score,
    Scorecard,
    ScorecardRevision,
    ScoringRound,
    StandingDecision,
)
from evaluation.selectors import (
    declaration_candidates,
    entries_for_jury_member,
    entries_to_score,
    excluded_pairs,
    round_entries,
)
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
    member.delete()


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
    return scoring_round


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
