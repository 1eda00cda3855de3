from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awards.choices import EntryStanding
from awards.models import Criterion, Edition, Entry, HistoryRecord, Question
from evaluation.choices import (
    AssignmentMode,
    ConflictKind,
    ConflictRuling,
    JuryRole,
    MarkKind,
    Reveal,
    RoundNumber,
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
