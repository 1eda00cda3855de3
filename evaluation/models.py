from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.audit import AuditedQuerySet
from awards.choices import EntryStanding
from awards.models import Criterion, Edition, Entry, HistoryRecord, Question
from evaluation.choices import (
    AssignmentMode,
    ConflictKind,
    ConflictRuling,
    IntervieweeRole,
    JuryRole,
    MarkKind,
    MotivationEventKind,
    MotivationStatus,
    Outcome,
    Reveal,
    RoundNumber,
    Theme,
    VisitMode,
)


class JuryMember(models.Model):
    """A person's seat on one edition's jury: juror, chair or site-visit expert."""

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="jury", verbose_name=_("edition")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="jury_seats",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=10, choices=JuryRole.choices)
    affiliation = models.CharField(
        _("organisation"),
        max_length=200,
        blank=True,
        help_text=_("Where the member works, e.g. SKR, DIGG, Vinnova or a university."),
    )
    capacity = models.PositiveSmallIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        help_text=_("The most entries this member scores in a round. Empty: no limit."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["edition", "role", "user__username"]
        verbose_name = _("jury member")
        verbose_name_plural = _("jury members")
        constraints = [
            models.UniqueConstraint(fields=["edition", "user"], name="evaluation_one_seat_each"),
            models.UniqueConstraint(
                fields=["edition"],
                condition=Q(role=JuryRole.CHAIR),
                name="evaluation_one_chair_per_edition",
                violation_error_message=_("This edition already has a jury chair."),
            ),
            models.CheckConstraint(
                condition=Q(role__in=JuryRole.values), name="evaluation_jury_role_valid"
            ),
        ]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()}, {self.edition})"

    @property
    def scores(self) -> bool:
        return self.role in (JuryRole.JUROR, JuryRole.CHAIR)


class ConflictDeclaration(models.Model):
    """A jury member's declaration about one entry: a conflict of interest (jäv) or none.

    A declared conflict keeps the member away from the entry everywhere until the chair
    dismisses it or allows it with a recorded mitigation.
    """

    member = models.ForeignKey(
        JuryMember, on_delete=models.CASCADE, related_name="declarations", verbose_name=_("member")
    )
    entry = models.ForeignKey(
        Entry,
        on_delete=models.CASCADE,
        related_name="conflict_declarations",
        verbose_name=_("entry"),
    )
    has_conflict = models.BooleanField(_("conflict of interest"))
    kind = models.CharField(_("kind"), max_length=20, choices=ConflictKind.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    declared_at = models.DateTimeField(_("declared"), default=timezone.now)
    ruling = models.CharField(
        _("ruling"),
        max_length=10,
        choices=ConflictRuling.choices,
        default=ConflictRuling.PENDING,
        editable=False,
    )
    ruled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    ruled_at = models.DateTimeField(null=True, blank=True, editable=False)
    ruling_note = models.TextField(_("ruling note"), blank=True, editable=False)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["declared_at", "pk"]
        verbose_name = _("conflict declaration")
        verbose_name_plural = _("conflict declarations")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "entry"], name="evaluation_one_declaration_per_entry"
            ),
            models.CheckConstraint(
                condition=Q(has_conflict=False, kind="") | Q(has_conflict=True) & ~Q(kind=""),
                name="evaluation_conflict_has_kind",
            ),
        ]

    def __str__(self):
        return f"{self.member.user} / {self.entry}"


class ScoringRound(models.Model):
    """A round of scoring in one edition: round 1 reads every eligible entry, round 2 the
    finalists after the site visits. Its settings say who scores what and who sees whose
    scores."""

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="rounds", verbose_name=_("edition")
    )
    number = models.PositiveSmallIntegerField(_("round"), choices=RoundNumber.choices)
    is_open = models.BooleanField(
        _("open for scoring"),
        default=True,
        help_text=_("Jurors can save and change their scores only while the round is open."),
    )
    reveal = models.CharField(
        _("other jurors' scores"),
        max_length=10,
        choices=Reveal.choices,
        default=Reveal.AFTER_OWN,
        help_text=_("When a juror may see the other jurors' scores and comments on an entry."),
    )
    assignment = models.CharField(
        _("assignment"), max_length=10, choices=AssignmentMode.choices, default=AssignmentMode.ALL
    )
    jurors_per_entry = models.PositiveSmallIntegerField(
        _("jurors per entry"),
        default=3,
        help_text=_("Used when a number of jurors per entry is chosen automatically."),
    )
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["edition", "number"]
        verbose_name = _("scoring round")
        verbose_name_plural = _("scoring rounds")
        constraints = [
            models.UniqueConstraint(fields=["edition", "number"], name="evaluation_round_unique"),
            models.CheckConstraint(
                condition=Q(jurors_per_entry__gte=1), name="evaluation_round_k_positive"
            ),
        ]

    def __str__(self):
        return f"{self.edition} · {self.get_number_display()}"

    @property
    def standings(self) -> tuple[str, ...] | None:
        """The standings an entry must have to be scored in this round (None: any)."""
        if self.number == RoundNumber.FINAL:
            return (
                EntryStanding.FINALIST,
                EntryStanding.HONOURABLE_MENTION,
                EntryStanding.WINNER,
            )
        return None


class Assignment(models.Model):
    """A juror asked to score an entry in a round (used when not every juror scores every
    entry)."""

    round = models.ForeignKey(
        ScoringRound, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("round")
    )
    member = models.ForeignKey(
        JuryMember, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("member")
    )
    entry = models.ForeignKey(
        Entry, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("entry")
    )
    automatic = models.BooleanField(_("chosen automatically"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["round", "entry", "member"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "member", "entry"], name="evaluation_assignment_unique"
            ),
        ]

    def __str__(self):
        return f"{self.member.user} → {self.entry}"


class Scorecard(models.Model):
    """One juror's scores for one entry in one round: a draft until submitted. `version` grows
    with every save, so two tabs cannot overwrite each other unseen."""

    round = models.ForeignKey(
        ScoringRound, on_delete=models.CASCADE, related_name="scorecards", verbose_name=_("round")
    )
    member = models.ForeignKey(
        JuryMember, on_delete=models.CASCADE, related_name="scorecards", verbose_name=_("member")
    )
    entry = models.ForeignKey(
        Entry, on_delete=models.CASCADE, related_name="scorecards", verbose_name=_("entry")
    )
    overall_comment = models.TextField(_("overall comment"), blank=True, max_length=5000)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=0)
    updated_at = models.DateTimeField(_("saved"), default=timezone.now)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["round", "entry", "member"]
        verbose_name = _("scorecard")
        verbose_name_plural = _("scorecards")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "member", "entry"], name="evaluation_one_scorecard_each"
            ),
        ]

    def __str__(self):
        return f"{self.member.user} / {self.entry} / {self.round.number}"


class Score(models.Model):
    """A juror's score on one criterion: the index of a step on the criterion's scale."""

    scorecard = models.ForeignKey(
        Scorecard, on_delete=models.CASCADE, related_name="scores", verbose_name=_("scorecard")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.CASCADE, related_name="scores", verbose_name=_("criterion")
    )
    value = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True, max_length=3000)

    class Meta:
        ordering = ["scorecard", "criterion__position"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["scorecard", "criterion"], name="evaluation_one_score_per_criterion"
            ),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.value}"


class ScorecardRevision(models.Model):
    """What a scorecard held after each save, so that every change stays on record."""

    scorecard = models.ForeignKey(
        Scorecard, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("scorecard")
    )
    version = models.PositiveIntegerField(_("version"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    submitted = models.BooleanField(_("submitted"))
    scores = models.JSONField(_("scores"), default=dict)
    overall_comment = models.TextField(_("overall comment"), blank=True)

    class Meta:
        ordering = ["scorecard", "version"]
        verbose_name = _("scorecard revision")
        verbose_name_plural = _("scorecard revisions")
        constraints = [
            models.UniqueConstraint(
                fields=["scorecard", "version"], name="evaluation_revision_unique"
            ),
        ]

    def __str__(self):
        return f"{self.scorecard} v{self.version}"


class PassageMark(models.Model):
    """A juror's mark on a passage of an entry's answer: to verify at the site visit, verified
    or contradicted. Marks feed the visit's interview guide."""

    member = models.ForeignKey(
        JuryMember, on_delete=models.CASCADE, related_name="marks", verbose_name=_("member")
    )
    entry = models.ForeignKey(
        Entry, on_delete=models.CASCADE, related_name="passage_marks", verbose_name=_("entry")
    )
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="+", verbose_name=_("question")
    )
    passage = models.TextField(_("passage"), max_length=2000)
    kind = models.CharField(_("mark"), max_length=15, choices=MarkKind.choices)
    note = models.TextField(_("note"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["entry", "question__section__position", "question__position", "created_at"]
        verbose_name = _("passage mark")
        verbose_name_plural = _("passage marks")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.passage[:40]}"


class StandingDecision(HistoryRecord):
    """The chair's move of an entry onto or off the long list or the finalists, with why."""

    entry = models.ForeignKey(
        Entry, on_delete=models.CASCADE, related_name="standing_decisions", verbose_name=_("entry")
    )
    from_standing = models.CharField(_("from"), max_length=20, choices=EntryStanding.choices)
    to_standing = models.CharField(_("to"), max_length=20, choices=EntryStanding.choices)

    class Meta(HistoryRecord.Meta):
        verbose_name = _("standing decision")
        verbose_name_plural = _("standing decisions")

    def __str__(self):
        return f"{self.entry}: {self.from_standing} → {self.to_standing}"


class InterviewQuestion(models.Model):
    """A question of the edition's bank for the site-visit interviews, under one theme. The
    questions are not shared with the municipalities beforehand."""

    edition = models.ForeignKey(
        Edition,
        on_delete=models.CASCADE,
        related_name="interview_questions",
        verbose_name=_("edition"),
    )
    theme = models.CharField(_("theme"), max_length=20, choices=Theme.choices)
    text = models.TextField(_("question"), max_length=1000)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["edition", "position", "pk"]
        verbose_name = _("interview question")
        verbose_name_plural = _("interview questions")
        constraints = [
            models.CheckConstraint(
                condition=Q(theme__in=Theme.values), name="evaluation_question_theme_valid"
            ),
        ]

    def __str__(self):
        return self.text[:60]


class SiteVisit(models.Model):
    """The jury's visit to a finalist, on site or as a digital meeting. The municipality sees
    when, where, who and the agenda; the guide, notes and report stay with the jury."""

    entry = models.ForeignKey(
        Entry, on_delete=models.CASCADE, related_name="site_visits", verbose_name=_("entry")
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    mode = models.CharField(_("form"), max_length=10, choices=VisitMode.choices)
    address = models.CharField(_("address"), max_length=300, blank=True)
    meeting_url = models.URLField(_("meeting link"), max_length=500, blank=True)
    agenda = models.TextField(_("agenda"), max_length=5000, blank=True)
    logistics = models.TextField(
        _("logistics notes"),
        max_length=5000,
        blank=True,
        help_text=_(
            "Travel, rooms and practical notes for the visiting jury; not shown to the "
            "municipality."
        ),
    )
    participants = models.ManyToManyField(
        JuryMember,
        through="VisitParticipant",
        related_name="site_visits",
        verbose_name=_("visiting jury"),
    )
    interviewees_confirmed_at = models.DateTimeField(
        _("interviewees confirmed"), null=True, blank=True, editable=False
    )
    interviewees_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    report = models.TextField(_("visit report"), max_length=20000, blank=True, editable=False)
    report_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    report_updated_at = models.DateTimeField(null=True, blank=True, editable=False)
    report_shared_at = models.DateTimeField(
        _("report shared with the jury"), null=True, blank=True, editable=False
    )
    report_version = models.PositiveIntegerField(default=1, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("site visit")
        verbose_name_plural = _("site visits")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="evaluation_visit_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(mode=VisitMode.ON_SITE) & ~Q(address="")
                | Q(mode=VisitMode.DIGITAL) & ~Q(meeting_url=""),
                name="evaluation_visit_has_place",
            ),
        ]

    def __str__(self):
        return f"{self.entry} · {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"


class VisitParticipant(models.Model):
    """A juror, the chair or an expert on a visit. Never one with a conflict for the entry."""

    visit = models.ForeignKey(
        SiteVisit, on_delete=models.CASCADE, related_name="+", verbose_name=_("visit")
    )
    member = models.ForeignKey(
        JuryMember, on_delete=models.CASCADE, related_name="+", verbose_name=_("member")
    )

    class Meta:
        verbose_name = _("visit participant")
        verbose_name_plural = _("visit participants")
        constraints = [
            models.UniqueConstraint(fields=["visit", "member"], name="evaluation_visit_once_each"),
        ]

    def __str__(self):
        return f"{self.member.user} @ {self.visit}"


class Interviewee(models.Model):
    """A person the municipality puts forward for the visit's interviews."""

    visit = models.ForeignKey(
        SiteVisit, on_delete=models.CASCADE, related_name="interviewees", verbose_name=_("visit")
    )
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=20, choices=IntervieweeRole.choices)
    title = models.CharField(_("title or unit"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["visit", "position", "pk"]
        verbose_name = _("interviewee")
        verbose_name_plural = _("interviewees")
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=IntervieweeRole.values),
                name="evaluation_interviewee_role_valid",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_role_display()})"


class VisitNotes(models.Model):
    """One visiting member's notes from a visit, per theme. Private to the member until they
    share them with the jury; `version` guards against two tabs overwriting each other."""

    visit = models.ForeignKey(
        SiteVisit, on_delete=models.CASCADE, related_name="notes", verbose_name=_("visit")
    )
    member = models.ForeignKey(
        JuryMember, on_delete=models.CASCADE, related_name="visit_notes", verbose_name=_("member")
    )
    texts = models.JSONField(_("notes per theme"), default=dict)
    shared_at = models.DateTimeField(_("shared with the jury"), null=True, blank=True)
    version = models.PositiveIntegerField(default=0)
    # The page (one open form) that saved last: its own autosaves never conflict with it.
    last_page = models.CharField(max_length=32, blank=True, editable=False)
    updated_at = models.DateTimeField(_("saved"), default=timezone.now)

    class Meta:
        ordering = ["visit", "member"]
        verbose_name = _("visit notes")
        verbose_name_plural = _("visit notes")
        constraints = [
            models.UniqueConstraint(fields=["visit", "member"], name="evaluation_notes_one_each"),
        ]

    def __str__(self):
        return f"{self.member.user} / {self.visit}"

    def themed(self) -> list[tuple[str, str]]:
        """(theme label, text) for every theme with a note, in the themes' order."""
        return [
            (label, self.texts[value]) for value, label in Theme.choices if self.texts.get(value)
        ]


class JuryMeeting(models.Model):
    """The record of the jury's meeting: when, who attended and the minutes."""

    edition = models.OneToOneField(
        Edition, on_delete=models.CASCADE, related_name="jury_meeting", verbose_name=_("edition")
    )
    held_at = models.DateTimeField(_("held"), null=True, blank=True)
    attendees = models.ManyToManyField(
        JuryMember, blank=True, related_name="meetings_attended", verbose_name=_("attended")
    )
    minutes = models.TextField(_("minutes"), max_length=30000, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(_("saved"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("jury meeting")
        verbose_name_plural = _("jury meetings")

    def __str__(self):
        return f"{self.edition}"


class Ballot(models.Model):
    """A juror's ranking of the finalists for the deliberation. Ranks may tie; an entry the
    juror is conflicted with is not on their ballot."""

    member = models.OneToOneField(
        JuryMember, on_delete=models.CASCADE, related_name="ballot", verbose_name=_("member")
    )
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(_("saved"), default=timezone.now)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("ranking")
        verbose_name_plural = _("rankings")

    def __str__(self):
        return f"{self.member.user}"


class BallotRank(models.Model):
    ballot = models.ForeignKey(
        Ballot, on_delete=models.CASCADE, related_name="ranks", verbose_name=_("ranking")
    )
    entry = models.ForeignKey(
        Entry, on_delete=models.CASCADE, related_name="ballot_ranks", verbose_name=_("entry")
    )
    rank = models.PositiveSmallIntegerField(_("rank"))

    class Meta:
        ordering = ["ballot", "rank", "entry__title"]
        verbose_name = _("rank")
        verbose_name_plural = _("ranks")
        constraints = [
            models.UniqueConstraint(fields=["ballot", "entry"], name="evaluation_rank_once"),
            models.CheckConstraint(condition=Q(rank__gte=1), name="evaluation_rank_positive"),
        ]

    def __str__(self):
        return f"{self.rank}. {self.entry}"


class Decision(models.Model):
    """The jury's decision: a winner (with possibly honourable mentions, both kept as the
    entries' standings) or no winner with the reason. Public only from the edition's
    announcement moment."""

    edition = models.OneToOneField(
        Edition, on_delete=models.CASCADE, related_name="decision", verbose_name=_("edition")
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    reason = models.TextField(_("reason"), max_length=5000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), default=timezone.now)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome=Outcome.WINNER) | ~Q(reason=""),
                name="evaluation_no_winner_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.edition}: {self.get_outcome_display()}"


class Motivation(models.Model):
    """The jury's motivation for an edition: drafted by the chair in versions, approved by the
    jury, then final. A final motivation changes only after it is reopened (recorded)."""

    edition = models.OneToOneField(
        Edition,
        on_delete=models.CASCADE,
        related_name="motivation_record",
        verbose_name=_("edition"),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=MotivationStatus.choices,
        default=MotivationStatus.DRAFT,
        editable=False,
    )
    version = models.PositiveIntegerField(default=0, editable=False)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("motivation")
        verbose_name_plural = _("motivations")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=MotivationStatus.values),
                name="evaluation_motivation_status_valid",
            ),
        ]

    def __str__(self):
        return f"{self.edition}"


class MotivationVersion(models.Model):
    """One saved version of the motivation and citation, in Swedish and optionally English."""

    motivation = models.ForeignKey(
        Motivation, on_delete=models.CASCADE, related_name="versions", verbose_name=_("motivation")
    )
    number = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("motivation"), max_length=5000)
    citation = models.CharField(_("citation"), max_length=300)
    text_en = models.TextField(_("motivation (English)"), max_length=5000, blank=True)
    citation_en = models.CharField(_("citation (English)"), max_length=300, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("saved"), default=timezone.now)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["motivation", "-number"]
        verbose_name = _("motivation version")
        verbose_name_plural = _("motivation versions")
        constraints = [
            models.UniqueConstraint(
                fields=["motivation", "number"], name="evaluation_motivation_version_unique"
            ),
        ]

    def __str__(self):
        return f"{self.motivation} v{self.number}"


class MotivationReview(models.Model):
    """A juror's approval of, or comment on, one version of the motivation."""

    version = models.ForeignKey(
        MotivationVersion,
        on_delete=models.CASCADE,
        related_name="reviews",
        verbose_name=_("version"),
    )
    member = models.ForeignKey(
        JuryMember,
        on_delete=models.CASCADE,
        related_name="motivation_reviews",
        verbose_name=_("member"),
    )
    approved = models.BooleanField(_("approved"))
    comment = models.TextField(_("comment"), max_length=3000, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["version", "created_at"]
        verbose_name = _("motivation review")
        verbose_name_plural = _("motivation reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "member"], name="evaluation_one_review_per_version"
            ),
        ]

    def __str__(self):
        return f"{self.member.user} / {self.version}"


class MotivationEvent(HistoryRecord):
    """What happened to the motivation: versions, approvals, comments, finalising, reopening."""

    motivation = models.ForeignKey(
        Motivation, on_delete=models.CASCADE, related_name="events", verbose_name=_("motivation")
    )
    kind = models.CharField(_("what"), max_length=10, choices=MotivationEventKind.choices)

    class Meta(HistoryRecord.Meta):
        verbose_name = _("motivation event")
        verbose_name_plural = _("motivation events")

    def __str__(self):
        return f"{self.motivation}: {self.get_kind_display()}"


class Feedback(models.Model):
    """The jury's feedback to one entrant, written by the chair from the jurors' comments:
    strengths and areas to develop per criterion, and a summary. Never a score or a juror's
    name. The entrant sees it once an organiser has released it and the decision is public."""

    entry = models.OneToOneField(
        Entry, on_delete=models.CASCADE, related_name="feedback", verbose_name=_("entry")
    )
    # {criterion id: {"strengths": text, "develop": text}}
    texts = models.JSONField(_("per criterion"), default=dict)
    summary = models.TextField(_("summary"), max_length=5000, blank=True)
    version = models.PositiveIntegerField(default=0, editable=False)
    updated_at = models.DateTimeField(_("saved"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    released_at = models.DateTimeField(_("released"), null=True, blank=True, editable=False)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")

    def __str__(self):
        return f"{self.entry}"

    def is_public_to_entrant(self, now=None) -> bool:
        """Released by an organiser, and the decision public: before the gala, feedback would
        tell who did not win."""
        return self.released_at is not None and self.entry.edition.decision_is_public(now)

    def criterion_rows(self, criteria) -> list[tuple]:
        """(criterion, strengths, areas to develop) in the criteria's order, written ones only."""
        rows = []
        for criterion in criteria:
            text = self.texts.get(str(criterion.pk), {})
            if text.get("strengths") or text.get("develop"):
                rows.append((criterion, text.get("strengths", ""), text.get("develop", "")))
        return rows
