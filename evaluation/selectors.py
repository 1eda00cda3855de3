"""Reads for the jury. Each selector applies the same rules as evaluation/rules.py, in SQL."""

import hashlib
import re
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Value

from awards.choices import FINALIST_STANDINGS, JURY_STATES, EditionPhase
from awards.collation import swedish_key
from awards.models import Criterion, Edition, Entry, Municipality
from evaluation.choices import (
    EXCLUDING_RULINGS,
    SCORING_ROLES,
    AssignmentMode,
    MarkKind,
    Reveal,
    RoundNumber,
    Theme,
)
from evaluation.models import (
    Assignment,
    BallotRank,
    ConflictDeclaration,
    Decision,
    InterviewQuestion,
    JuryMeeting,
    JuryMember,
    Motivation,
    MotivationReview,
    MotivationVersion,
    PassageMark,
    Score,
    Scorecard,
    ScoringRound,
    SiteVisit,
    StandingDecision,
    VisitNotes,
)
from evaluation.rules import seat_on
from evaluation.schulze import SchulzeResult, schulze
from evaluation.tally import CriterionSpec, EntryResult, tally


def _municipalities():
    return Prefetch("municipalities", queryset=Municipality.objects.order_by("name"))


def declaration_candidates(member: JuryMember) -> QuerySet[Entry]:
    """The entries a member must declare on before reading any: every competing submitted
    entry of the edition (for a site-visit expert, the finalists')."""
    entries = Entry.objects.filter(
        edition_id=member.edition_id, state__in=JURY_STATES, competing=True
    )
    if member.role not in SCORING_ROLES:
        entries = entries.filter(standing__in=FINALIST_STANDINGS)
    return entries


def _conflicted(user, edition):
    return ConflictDeclaration.objects.filter(
        entry=OuterRef("pk"),
        member__user=user,
        member__edition=edition,
        has_conflict=True,
        ruling__in=EXCLUDING_RULINGS,
    )


def entries_for_jury_member(user, edition) -> QuerySet[Entry]:
    """The entries a jury member may read (see entries_for_member); none without a seat."""
    member = seat_on(user, edition)
    return Entry.objects.none() if member is None else entries_for_member(member)


def entries_for_member(member: JuryMember) -> QuerySet[Entry]:
    """The entries a jury member may read: submitted ones (finalists only for experts), none
    before every declaration is made, never one they have a standing conflict with."""
    entries = declaration_candidates(member)
    undeclared = entries.exclude(conflict_declarations__member=member)
    if undeclared.exists():
        return Entry.objects.none()
    conflicted = _conflicted(member.user_id, member.edition_id)
    return entries.filter(~Exists(conflicted)).prefetch_related(_municipalities())


def entries_shuffled_for_user(user, entries) -> list[Entry]:
    """A stable order of its own for each juror, so that no entry is always read first."""

    def key(entry):
        return hashlib.sha256(f"{user.pk}:{entry.pk}".encode()).hexdigest()

    return sorted(entries, key=key)


def jury_for_edition(edition) -> QuerySet[JuryMember]:
    return JuryMember.objects.filter(edition=edition).select_related("user").order_by("role")


def declarations_for_chair(edition) -> QuerySet[ConflictDeclaration]:
    """Every declared conflict in the edition, for the chair and organisers to rule on."""
    return (
        ConflictDeclaration.objects.filter(member__edition=edition, has_conflict=True)
        .select_related("member__user", "entry", "ruled_by")
        .order_by("entry__title", "member__user__username")
    )


def declarations_of_member(user, edition) -> QuerySet[ConflictDeclaration]:
    return (
        ConflictDeclaration.objects.filter(member__edition=edition, member__user=user)
        .select_related("entry")
        .order_by("entry__title")
    )


def jury_editions_for_user(user) -> QuerySet[Edition]:
    return Edition.objects.filter(jury__user=user).select_related("award").order_by("-year")


def editions_with_roles(user) -> QuerySet[Edition]:
    """The editions a person organises (a platform admin: every one) or sits on the jury of,
    newest first, each with `organises`, `on_jury` and whether the person is a contact of
    any municipality (`is_contact`): what the navigation needs, in one query. Only the
    editions' slug, name and year are read."""
    organises = (
        Value(True)
        if user.is_superuser
        else Exists(user.organiser_roles.filter(edition_id=OuterRef("pk")))
    )
    editions = Edition.objects.annotate(
        organises=organises,
        on_jury=Exists(user.jury_seats.filter(edition_id=OuterRef("pk"))),
        is_contact=Exists(user.municipality_contacts.all()),
    )
    if not user.is_superuser:
        editions = editions.filter(Q(organises=True) | Q(on_jury=True))
    # What a link names: on every signed-in page, so none of the long texts.
    return editions.only("slug", "name", "year").order_by("-year", "pk")


@dataclass
class DeclarationRow:
    entry: Entry
    declaration: ConflictDeclaration | None
    suggested: bool  # the member's organisation is one of the entry's municipalities


def _names_in(text: str, names: list[str]) -> bool:
    text = text.casefold()
    return any(re.search(rf"(?<!\w){re.escape(name.casefold())}(?!\w)", text) for name in names)


def declaration_rows_for_member(member: JuryMember) -> list[DeclarationRow]:
    """Every entry the member must declare on, with their declaration so far and whether the
    system suggests a conflict (their organisation names one of the entry's municipalities)."""
    entries = declaration_candidates(member).prefetch_related(_municipalities()).order_by("title")
    declarations = {d.entry_id: d for d in member.declarations.all()}
    return [
        DeclarationRow(
            entry=entry,
            declaration=declarations.get(entry.pk),
            suggested=bool(member.affiliation)
            and _names_in(member.affiliation, [m.name for m in entry.municipalities.all()]),
        )
        for entry in entries
    ]


def round_of_edition(edition, number: int) -> ScoringRound:
    """The edition's scoring round, or its defaults (unsaved) before anyone has changed it."""
    found = ScoringRound.objects.filter(edition=edition, number=number).order_by().first()
    if found is None:
        return ScoringRound(edition=edition, number=number)
    found.edition = edition
    return found


def entries_to_score(member: JuryMember, scoring_round: ScoringRound) -> QuerySet[Entry]:
    """What a juror scores in a round: the entries they may read (round 2: finalists), and
    when jurors are assigned per entry, only their assigned ones."""
    if member.role not in SCORING_ROLES:
        return Entry.objects.none()
    entries = entries_for_member(member)
    if scoring_round.standings is not None:
        entries = entries.filter(standing__in=scoring_round.standings)
    if scoring_round.assignment == AssignmentMode.PER_ENTRY:
        entries = entries.filter(
            Exists(
                Assignment.objects.filter(
                    round_id=scoring_round.pk, member=member, entry=OuterRef("pk")
                )
            )
        )
    return entries


def dossier_entries_for_member(member: JuryMember) -> QuerySet[Entry]:
    """The entries whose dossiers a member takes home: what they score in the current round
    (round 2 from the site visits on), or for an expert the finalists they may read. Never an
    entry they are conflicted with."""
    edition = member.edition
    if member.role not in SCORING_ROLES:
        return entries_for_jury_member(member.user, edition)
    later = edition.phase in (
        EditionPhase.SITE_VISITS,
        EditionPhase.DELIBERATION,
        EditionPhase.DECIDED,
    )
    return entries_to_score(
        member, round_of_edition(edition, RoundNumber.FINAL if later else RoundNumber.LONG_LIST)
    )


@dataclass
class ScoringRow:
    entry: Entry
    scorecard: Scorecard | None


def scoring_rows_for_member(member: JuryMember, scoring_round: ScoringRound) -> list[ScoringRow]:
    """The juror's list for a round, in their own order, with where each scorecard stands."""
    # The list names each entry by its title: its municipalities are not read.
    entries = entries_to_score(member, scoring_round).prefetch_related(None)
    entries = entries_shuffled_for_user(member.user, entries)
    cards = {
        card.entry_id: card
        for card in Scorecard.objects.filter(round_id=scoring_round.pk, member=member).order_by()
    }
    return [ScoringRow(entry, cards.get(entry.pk)) for entry in entries]


def criteria_of_edition(edition) -> list[Criterion]:
    return list(Criterion.objects.filter(edition=edition).order_by("position"))


def scorecard_of_member(member, scoring_round, entry) -> Scorecard | None:
    if scoring_round.pk is None:
        return None
    return (
        Scorecard.objects.filter(round=scoring_round, member=member, entry=entry)
        .prefetch_related("scores")
        .first()
    )


def may_see_others(scoring_round: ScoringRound, own: Scorecard | None) -> bool:
    """Independence: a juror sees others' scores on an entry only as the round allows."""
    if scoring_round.reveal == Reveal.ALWAYS:
        return True
    if scoring_round.reveal == Reveal.AFTER_OWN:
        return own is not None and own.submitted_at is not None
    return False


def others_scorecards(scoring_round, entry, member) -> list[Scorecard]:
    """The other jurors' submitted scorecards on an entry (the caller checks may_see_others)."""
    if scoring_round.pk is None:
        return []
    return list(
        Scorecard.objects.filter(round=scoring_round, entry=entry, submitted_at__isnull=False)
        .exclude(member=member)
        .select_related("member__user")
        .prefetch_related(
            Prefetch(
                "scores",
                queryset=Score.objects.select_related("criterion").order_by("criterion__position"),
            )
        )
    )


def marks_for_entry(entry) -> QuerySet[PassageMark]:
    return PassageMark.objects.filter(entry=entry).select_related("member__user", "question")


@dataclass
class ResultRow:
    entry: Entry
    result: EntryResult | None  # None: hidden from this viewer until they have scored it
    assigned: int


@dataclass
class JurorProgress:
    member: JuryMember
    assigned: int
    drafts: int
    submitted: int

    @property
    def percent(self) -> int:
        return round(100 * self.submitted / self.assigned) if self.assigned else 0


@dataclass
class RoundResults:
    criteria: list[Criterion]
    rows: list[ResultRow]
    progress: list[JurorProgress]


def excluded_pairs(edition_id) -> set[tuple[int, int]]:
    """(member id, entry id) of every declared conflict that still excludes, in one query."""
    return set(
        ConflictDeclaration.objects.filter(
            member__edition_id=edition_id, has_conflict=True, ruling__in=EXCLUDING_RULINGS
        ).values_list("member_id", "entry_id")
    )


def round_entries(scoring_round) -> QuerySet[Entry]:
    """Every entry a round scores: competing, submitted, and in round 2 the finalists."""
    entries = Entry.objects.filter(
        edition_id=scoring_round.edition_id, state__in=JURY_STATES, competing=True
    )
    if scoring_round.standings is not None:
        entries = entries.filter(standing__in=scoring_round.standings)
    return entries


def conflicted_entry_ids(user, edition) -> set[int]:
    """The entries of the edition the person may not see because of a declared conflict."""
    return set(
        Entry.objects.filter(edition=edition)
        .filter(Exists(_conflicted(user, edition)))
        .values_list("pk", flat=True)
    )


def results_for_viewer(user, scoring_round: ScoringRound, *, organiser: bool) -> RoundResults:
    """A round's results as the viewer may see them. The numbers are the jury's, computed
    once over every entry and every scorecard (a juror's normalised scores depend on all they
    scored); each viewer is then shown the rows they may see. Organisers see every entry. The
    chair never sees an entry they are conflicted with, and while the round is open sees no
    other juror's scores on an entry they have yet to score (unless the round reveals
    always)."""
    edition = scoring_round.edition
    entries = list(
        round_entries(scoring_round).prefetch_related(_municipalities()).order_by("title")
    )
    invisible = set() if organiser else conflicted_entry_ids(user, edition)
    criteria = criteria_of_edition(edition)
    members = list(
        JuryMember.objects.filter(edition=edition, role__in=SCORING_ROLES).select_related("user")
    )
    excluded = excluded_pairs(edition.pk)
    entry_ids = [entry.pk for entry in entries]
    if scoring_round.assignment == AssignmentMode.PER_ENTRY:
        pairs = set(
            Assignment.objects.filter(round_id=scoring_round.pk).values_list(
                "member_id", "entry_id"
            )
        )
    else:
        pairs = {(m.pk, e) for m in members for e in entry_ids}
    pairs = {pair for pair in pairs if pair not in excluded}
    cards = list(
        Scorecard.objects.filter(
            round_id=scoring_round.pk, entry_id__in=entry_ids
        ).prefetch_related("scores")
    )
    cards = [card for card in cards if (card.member_id, card.entry_id) not in excluded]
    submitted = [card for card in cards if card.submitted_at is not None]
    specs = [
        CriterionSpec(c.pk, float(c.weight), max(len(c.scale_labels) - 1, 0), c.localised_name)
        for c in criteria
    ]
    values = [
        (
            card.entry_id,
            card.member_id,
            {s.criterion_id: s.value for s in card.scores.all() if s.value is not None},
        )
        for card in submitted
    ]
    tallied = tally(specs, entry_ids, values)
    own_seat = next((m for m in members if m.user_id == user.pk), None)
    hidden: set[int] = set()
    if (
        not organiser
        and own_seat is not None
        and scoring_round.is_open
        and scoring_round.reveal != Reveal.ALWAYS
    ):
        own_done = {c.entry_id for c in submitted if c.member_id == own_seat.pk}
        hidden = {e for m, e in pairs if m == own_seat.pk and e not in own_done}
    assigned_count: dict[int, int] = {}
    for _member, entry_id in pairs:
        assigned_count[entry_id] = assigned_count.get(entry_id, 0) + 1
    rows = [
        ResultRow(
            entry,
            None if entry.pk in hidden else tallied[entry.pk],
            assigned_count.get(entry.pk, 0),
        )
        for entry in entries
        if entry.pk not in invisible
    ]
    visible = set(entry_ids) - invisible
    progress = []
    for member in members:
        own_pairs = {e for m, e in pairs if m == member.pk and e in visible}
        own_cards = [c for c in cards if c.member_id == member.pk and c.entry_id in own_pairs]
        done = sum(c.submitted_at is not None for c in own_cards)
        progress.append(JurorProgress(member, len(own_pairs), len(own_cards) - done, done))
    return RoundResults(criteria, rows, progress)


def assignment_load(scoring_round) -> list[tuple[JuryMember, int]]:
    """Each scoring member with how many entries they are assigned in the round."""
    return [
        (member, member.load)
        for member in JuryMember.objects.filter(
            edition_id=scoring_round.edition_id, role__in=SCORING_ROLES
        )
        .select_related("user")
        .annotate(load=Count("assignments", filter=Q(assignments__round_id=scoring_round.pk)))
        .order_by("user__username")
    ]


def assignment_grid(scoring_round) -> tuple[list[JuryMember], list[tuple[Entry, list]]]:
    """For the organiser's assignment page: per entry, for each scoring member, whether they
    are assigned (True/False) or excluded by a conflict (None)."""
    members = [member for member, _load in assignment_load(scoring_round)]
    entries = list(
        round_entries(scoring_round).prefetch_related(_municipalities()).order_by("title")
    )
    assigned = set(
        Assignment.objects.filter(round_id=scoring_round.pk).values_list("member_id", "entry_id")
    )
    excluded = excluded_pairs(scoring_round.edition_id)
    grid = [
        (
            entry,
            [
                (m, None if (m.pk, entry.pk) in excluded else (m.pk, entry.pk) in assigned)
                for m in members
            ],
        )
        for entry in entries
    ]
    return members, grid


def shortlist_for_viewer(user, edition, *, organiser: bool) -> QuerySet[Entry]:
    """Every entry the jury reads in round 1, with its standing and the decisions on it; the
    chair does not see the entries they are conflicted with."""
    entries = Entry.objects.filter(edition=edition, state__in=JURY_STATES, competing=True)
    if not organiser:
        entries = entries.filter(~Exists(_conflicted(user, edition)))
    return entries.prefetch_related(
        _municipalities(),
        Prefetch(
            "standing_decisions",
            queryset=StandingDecision.objects.select_related("actor").order_by("created_at"),
        ),
    ).order_by("title")


# Site visits


def finalists_of_edition(edition) -> QuerySet[Entry]:
    """The competing entries the jury visits and decides between."""
    return (
        Entry.objects.filter(
            edition=edition,
            state__in=JURY_STATES,
            competing=True,
            standing__in=FINALIST_STANDINGS,
        )
        .prefetch_related(_municipalities())
        .order_by("title")
    )


def visits_with_people() -> QuerySet[SiteVisit]:
    return SiteVisit.objects.select_related("entry__edition__award").prefetch_related(
        Prefetch(
            "participants",
            queryset=JuryMember.objects.select_related("user").order_by("role", "user__username"),
        ),
        "interviewees",
    )


def visits_for_viewer(user, edition, *, organiser: bool) -> QuerySet[SiteVisit]:
    """The edition's visits a jury member may know of (never one to an entry they are
    conflicted with, none before they have declared); organisers see every visit."""
    visits = visits_with_people().filter(entry__edition=edition).order_by("starts_at", "pk")
    if organiser:
        return visits
    readable = entries_for_jury_member(user, edition).filter(standing__in=FINALIST_STANDINGS)
    return visits.filter(entry__in=readable.values("pk"))


def visit_reports_of_entry(entry) -> list[SiteVisit]:
    """The shared reports of an entry's visits, for the jury scoring round 2."""
    return list(
        SiteVisit.objects.filter(entry=entry, report_shared_at__isnull=False).order_by("starts_at")
    )


def visits_for_entrant(entry) -> QuerySet[SiteVisit]:
    return visits_with_people().filter(entry=entry).order_by("starts_at", "pk")


def _excluding(**where) -> QuerySet[ConflictDeclaration]:
    """Declared conflicts that still exclude, as one subquery: an exclude() across the
    declarations relation would match a member's conflict on one entry together with their
    no-conflict declaration on another."""
    return ConflictDeclaration.objects.filter(
        has_conflict=True, ruling__in=EXCLUDING_RULINGS, **where
    )


def members_free_of(edition, entry) -> QuerySet[JuryMember]:
    """The jury members who may visit an entry: everyone without a standing conflict."""
    return (
        JuryMember.objects.filter(edition=edition)
        .exclude(pk__in=_excluding(entry=entry).values("member_id"))
        .select_related("user")
        .order_by("role", "user__username")
    )


def question_bank(edition) -> list[tuple[str, list[InterviewQuestion]]]:
    """The edition's interview questions grouped by theme, in the themes' order."""
    questions = list(InterviewQuestion.objects.filter(edition=edition))
    return [
        (label, [q for q in questions if q.theme == value])
        for value, label in Theme.choices
        if any(q.theme == value for q in questions)
    ]


@dataclass
class InterviewGuide:
    visit: SiteVisit
    themes: list[tuple[str, list[InterviewQuestion]]]
    to_verify: list[PassageMark]


def interview_guide(visit: SiteVisit) -> InterviewGuide:
    """What the visiting jury asks: the bank's questions by theme and every passage a juror
    marked to verify at the visit, quoted."""
    marks = list(
        PassageMark.objects.filter(entry_id=visit.entry_id, kind=MarkKind.VERIFY)
        .select_related("question__section", "member__user")
        .order_by("question__section__position", "question__position", "created_at")
    )
    return InterviewGuide(visit, question_bank(visit.entry.edition), marks)


def notes_of_member(visit: SiteVisit, member: JuryMember | None) -> VisitNotes | None:
    if member is None:
        return None
    return VisitNotes.objects.filter(visit=visit, member=member).first()


def shared_notes(visit: SiteVisit) -> QuerySet[VisitNotes]:
    """The notes their writers have shared with the jury."""
    return (
        VisitNotes.objects.filter(visit=visit, shared_at__isnull=False)
        .select_related("member__user")
        .order_by("member__user__username")
    )


# Deliberation


@dataclass
class FinalistRow:
    entry: Entry
    round_one: EntryResult | None
    round_two: EntryResult | None
    reports: list[SiteVisit]
    marks: dict[str, int]
    absent: list[JuryMember]  # members excluded from this entry by a conflict
    schulze_place: int | None = None
    score_place: int | None = None


@dataclass
class Deliberation:
    rows: list[FinalistRow]
    members: list[JuryMember]
    ballots_in: int  # how many members have ranked the finalists
    ballots: dict[int, dict[int, int]]  # member id -> {entry id: rank}, of what the viewer sees
    schulze: SchulzeResult
    order: list[list[Entry]]  # the Schulze order, best first, ties together
    score_order: list[Entry]
    meeting: JuryMeeting | None
    decision: Decision | None

    def pairwise_table(self) -> list[tuple[Entry, list[tuple[Entry, int | None, bool]]]]:
        """Rows of (entry, [(opponent, ballots preferring entry, entry wins)])."""
        entries = [row.entry for row in self.rows]
        return [
            (
                a,
                [
                    (
                        b,
                        None if a.pk == b.pk else self.schulze.pairwise[(a.pk, b.pk)],
                        a.pk != b.pk and self.schulze.beats(a.pk, b.pk),
                    )
                    for b in entries
                ],
            )
            for a in entries
        ]


def deliberation_for_viewer(user, edition, *, organiser: bool) -> Deliberation:
    """Everything the jury weighs at its meeting, for one viewer: the finalists they may
    discuss, round 1 and 2 results, visit reports and marks, the rankings with the Schulze
    order, the meeting record and the decision. The order and the numbers are the jury's,
    computed once over every finalist; a conflicted member is shown them with the entries
    they are conflicted with taken out (neither the entry nor its place), never an order
    recomputed over what they may see."""
    finalists = list(finalists_of_edition(edition))
    invisible = set() if organiser else conflicted_entry_ids(user, edition)
    entries = [e for e in finalists if e.pk not in invisible]
    ids = [e.pk for e in entries]
    results = {}
    for number in (RoundNumber.LONG_LIST, RoundNumber.FINAL):
        scoring_round = ScoringRound.objects.filter(edition=edition, number=number).first()
        if scoring_round is None:
            results[number] = {}
            continue
        scoring_round.edition = edition
        rows = results_for_viewer(user, scoring_round, organiser=organiser).rows
        results[number] = {row.entry.pk: row.result for row in rows if row.entry.pk in ids}
    members = list(
        JuryMember.objects.filter(edition=edition, role__in=SCORING_ROLES)
        .select_related("user")
        .order_by("role", "user__username")
    )
    excluded = excluded_pairs(edition.pk)
    reports: dict[int, list[SiteVisit]] = {pk: [] for pk in ids}
    for visit in SiteVisit.objects.filter(
        entry_id__in=ids, report_shared_at__isnull=False
    ).order_by("starts_at"):
        reports[visit.entry_id].append(visit)
    marks: dict[int, dict[str, int]] = {pk: {} for pk in ids}
    for entry_id, kind, count in (
        PassageMark.objects.filter(entry_id__in=ids)
        .values_list("entry_id", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        marks[entry_id][kind] = count
    ballots: dict[int, dict[int, int]] = {}
    for member_id, entry_id, rank in BallotRank.objects.filter(
        ballot__member__edition=edition, entry_id__in=[e.pk for e in finalists]
    ).values_list("ballot__member_id", "entry_id", "rank"):
        if (member_id, entry_id) not in excluded:
            ballots.setdefault(member_id, {})[entry_id] = rank
    result = schulze([e.pk for e in finalists], ballots.values())
    by_id = {e.pk: e for e in entries}
    tiers = [[pk for pk in tier if pk in by_id] for tier in result.order]
    order = [[by_id[pk] for pk in tier] for tier in tiers if tier]
    final_or_first = results[RoundNumber.FINAL] or results[RoundNumber.LONG_LIST]

    def score_key(entry):
        found = final_or_first.get(entry.pk)
        return (found is None or found.total is None, -(found.total or 0) if found else 0)

    score_order = sorted(entries, key=score_key)
    rows = []
    for entry in entries:
        row = FinalistRow(
            entry=entry,
            round_one=results[RoundNumber.LONG_LIST].get(entry.pk),
            round_two=results[RoundNumber.FINAL].get(entry.pk),
            reports=reports[entry.pk],
            marks=marks[entry.pk],
            absent=[m for m in members if (m.pk, entry.pk) in excluded],
        )
        row.schulze_place = next(
            (place for place, tier in enumerate(order, start=1) if entry in tier), None
        )
        found = final_or_first.get(entry.pk)
        if found is not None and found.total is not None:
            row.score_place = score_order.index(entry) + 1
        rows.append(row)
    # The strongest by the jury's rankings first, then by score, then by name.
    rows.sort(
        key=lambda r: (r.schulze_place or 99, r.score_place or 99, swedish_key(r.entry.title))
    )
    return Deliberation(
        rows=rows,
        members=members,
        ballots_in=len(ballots),
        ballots={
            member: {pk: rank for pk, rank in ranks.items() if pk in by_id}
            for member, ranks in ballots.items()
        },
        schulze=result,
        order=order,
        score_order=score_order,
        meeting=JuryMeeting.objects.filter(edition=edition)
        .prefetch_related("attendees__user")
        .first(),
        decision=Decision.objects.filter(edition=edition).select_related("decided_by").first(),
    )


def rankable_finalists_for_member(member: JuryMember) -> list[Entry]:
    """The finalists a member ranks: all but those they are conflicted with."""
    excluded = {entry for m, entry in excluded_pairs(member.edition_id) if m == member.pk}
    return [e for e in finalists_of_edition(member.edition_id) if e.pk not in excluded]


def ballot_of_member(member: JuryMember | None) -> tuple[int, dict[int, int]]:
    """A member's ballot version and ranks by entry id (version 0: none yet)."""
    if member is None:
        return 0, {}
    ranks = dict(BallotRank.objects.filter(ballot__member=member).values_list("entry_id", "rank"))
    version = (
        type(member).objects.filter(pk=member.pk).values_list("ballot__version", flat=True).first()
    )
    return version or 0, ranks


# Motivation


def motivation_approvers(edition) -> list[JuryMember]:
    """Who must approve the motivation: every juror and the chair, except members conflicted
    with a finalist (kept out of the decision whoever wins, see rules)."""
    return list(
        JuryMember.objects.filter(edition=edition, role__in=SCORING_ROLES)
        .exclude(pk__in=_excluding(entry__standing__in=FINALIST_STANDINGS).values("member_id"))
        .select_related("user")
        .order_by("role", "user__username")
    )


@dataclass
class MotivationState:
    motivation: Motivation | None
    current: MotivationVersion | None
    versions: list[MotivationVersion]
    approvers: list[JuryMember]
    reviews: dict[int, MotivationReview]  # member id -> review of the current version

    @property
    def approved_by_all(self) -> bool:
        return bool(self.approvers) and all(
            self.reviews.get(m.pk) is not None and self.reviews[m.pk].approved
            for m in self.approvers
        )

    @property
    def approver_rows(self) -> list[tuple[JuryMember, MotivationReview | None]]:
        return [(m, self.reviews.get(m.pk)) for m in self.approvers]

    @property
    def approvals(self) -> int:
        return sum(
            1 for m in self.approvers if m.pk in self.reviews and self.reviews[m.pk].approved
        )


def motivation_state(edition) -> MotivationState:
    motivation = (
        Motivation.objects.filter(edition=edition)
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=MotivationVersion.objects.select_related("author").prefetch_related(
                    Prefetch(
                        "reviews",
                        queryset=MotivationReview.objects.select_related("member__user"),
                    )
                ),
            ),
            "events__actor",
        )
        .first()
    )
    versions = list(motivation.versions.all()) if motivation else []
    current = versions[0] if versions else None
    reviews = {r.member_id: r for r in current.reviews.all()} if current else {}
    return MotivationState(motivation, current, versions, motivation_approvers(edition), reviews)


# Exports


def score_rows_for_viewer(user, edition, *, organiser: bool) -> list[list]:
    """Every score per juror and criterion the viewer may see, as rows: organisers see all;
    the chair never an entry they are conflicted with, and in an open round only the entries
    they have submitted their own scores for (unless the round reveals always), as on the
    results page."""
    excluded = excluded_pairs(edition.pk)
    cards = (
        Scorecard.objects.filter(round__edition=edition)
        .select_related("round", "member__user", "entry")
        .prefetch_related(
            Prefetch(
                "scores",
                queryset=Score.objects.select_related("criterion").order_by("criterion__position"),
            )
        )
        .order_by("round__number", "entry__title", "member__user__username")
    )
    cards = [c for c in cards if (c.member_id, c.entry_id) not in excluded]
    if not organiser:
        own = seat_on(user, edition)
        conflicted = {e for m, e in excluded if own is not None and m == own.pk}
        submitted = {
            (c.round_id, c.entry_id)
            for c in cards
            if own is not None and c.member_id == own.pk and c.submitted_at
        }
        cards = [
            c
            for c in cards
            if c.entry_id not in conflicted
            and (
                not c.round.is_open
                or c.round.reveal == Reveal.ALWAYS
                or (own is not None and c.member_id == own.pk)
                or (c.round_id, c.entry_id) in submitted
            )
        ]
    rows = []
    for card in cards:
        for score in card.scores.all():
            labels = score.criterion.localised_scale
            rows.append(
                [
                    card.round.number,
                    card.entry.title,
                    str(card.member.user),
                    score.criterion.localised_name,
                    score.value,
                    labels[score.value]
                    if score.value is not None and score.value < len(labels)
                    else "",
                    score.comment,
                    "submitted" if card.submitted_at else "draft",
                ]
            )
    return rows


def score_reminder_people(scoring_round) -> list[tuple]:
    """(person, how many entries they have yet to submit) for every scoring member of the
    round with something left; conflicted entries are not theirs to score."""
    members = JuryMember.objects.filter(
        edition_id=scoring_round.edition_id, role__in=SCORING_ROLES
    ).select_related("user", "edition")
    submitted = set(
        Scorecard.objects.filter(round_id=scoring_round.pk, submitted_at__isnull=False).values_list(
            "member_id", "entry_id"
        )
    )
    people = []
    for member in members:
        todo = entries_to_score(member, scoring_round).values_list("pk", flat=True)
        missing = sum(1 for pk in todo if (member.pk, pk) not in submitted)
        if missing:
            people.append((member.user, missing))
    return people


# Feedback to entrants


def feedback_entries_for_viewer(user, edition, *, organiser: bool) -> list[Entry]:
    """Every competing submitted entry, with its feedback if any; the chair never sees one
    they are conflicted with."""
    entries = Entry.objects.filter(edition=edition, state__in=JURY_STATES, competing=True)
    if not organiser:
        entries = entries.filter(~Exists(_conflicted(user, edition)))
    entries = list(entries.select_related("feedback").order_by("title"))
    return entries


@dataclass
class FeedbackSource:
    criterion: Criterion
    comments: list[str]


def feedback_sources(entry) -> tuple[list[FeedbackSource], list[str]]:
    """The jurors' comments on an entry from submitted scorecards of both rounds, per criterion
    and overall, without names or scores: what the chair writes the feedback from."""
    criteria = criteria_of_edition(entry.edition)
    cards = list(
        Scorecard.objects.filter(entry=entry, submitted_at__isnull=False)
        .exclude(
            member_id__in=_excluding(entry=entry).values("member_id"),
        )
        .prefetch_related("scores")
        .order_by("round__number", "pk")
    )
    by_criterion: dict[int, list[str]] = {c.pk: [] for c in criteria}
    overall = []
    for card in cards:
        for score in card.scores.all():
            if score.comment.strip() and score.criterion_id in by_criterion:
                by_criterion[score.criterion_id].append(score.comment.strip())
        if card.overall_comment.strip():
            overall.append(card.overall_comment.strip())
    return [FeedbackSource(c, by_criterion[c.pk]) for c in criteria], overall
