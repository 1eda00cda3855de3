import itertools
import uuid
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from accounts.audit import AuditedQuerySet
from awards.choices import (
    FINALIST_STANDINGS,
    STAGE_PLURALS,
    STAGE_REACHED_BY,
    SUBMITTED_STATES,
    EditionPhase,
    EntryStanding,
    EntryState,
    NominationStatus,
    QuestionKind,
    SectionStage,
)
from awards.collation import SWEDISH

# The largest file a question may take, in MB (awards/uploads.py stops reading beyond it).
LARGEST_FILE_MB = 50


class County(models.Model):
    """A Swedish county (län), keyed by SCB's two-digit code."""

    code = models.CharField(_("code"), max_length=2, primary_key=True)
    name = models.CharField(_("name"), max_length=100, unique=True, db_collation=SWEDISH)

    class Meta:
        ordering = ["code"]
        verbose_name = _("county")
        verbose_name_plural = _("counties")

    def __str__(self):
        return self.name


class Municipality(models.Model):
    """A Swedish municipality (kommun), keyed by SCB's four-digit code with its leading zero."""

    code = models.CharField(_("code"), max_length=4, primary_key=True)
    name = models.CharField(_("name"), max_length=100, db_collation=SWEDISH)
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("county")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[0-9]{4}$"), name="awards_municipality_code_4_digits"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("awards:municipality", kwargs={"code": self.code})


class MunicipalityContact(models.Model):
    """A person who may write and submit entries on behalf of a municipality."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="municipality_contacts",
        verbose_name=_("user"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="contacts",
        verbose_name=_("municipality"),
    )
    title = models.CharField(_("title"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("municipality contact")
        verbose_name_plural = _("municipality contacts")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "municipality"], name="awards_contact_unique_per_municipality"
            ),
        ]

    def __str__(self):
        return f"{self.user} ({self.municipality})"


class Invitation(models.Model):
    """An organiser's invitation to act for a municipality. The mailed link is signed and
    expires; it works once."""

    email = models.EmailField(_("email address"))
    name = models.CharField(_("name"), max_length=150, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("municipality"),
    )
    # An invitation to sit on an edition's jury names the edition instead of a municipality.
    edition = models.ForeignKey(
        "Edition",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="jury_invitations",
        verbose_name=_("jury of edition"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("user"),
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("invited"), default=timezone.now)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.CheckConstraint(
                condition=Q(municipality__isnull=False, edition__isnull=True)
                | Q(municipality__isnull=True, edition__isnull=False),
                name="awards_invitation_to_municipality_or_jury",
            ),
        ]

    SALT = "juryrum.awards.invitation"

    def __str__(self):
        return f"{self.email} → {self.municipality or self.edition}"

    @property
    def token(self) -> str:
        """The signed part of the mailed link; its age is checked when it is used."""
        return signing.dumps(self.pk, salt=self.SALT)


class Award(models.Model):
    """A jury prize that runs in editions, such as Sveriges DigitaliseringsKommun."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), unique=True)
    description = models.TextField(_("description"), blank=True)
    organiser_name = models.CharField(_("organised by"), max_length=200, blank=True)
    # The award's own words for the stages an entry reaches; empty: the app's words.
    long_list_name = models.CharField(
        _("long list, one entry"), max_length=60, blank=True, help_text=_("E.g. Nominerad.")
    )
    long_list_name_en = models.CharField(
        _("long list, one entry (English)"), max_length=60, blank=True
    )
    long_list_plural = models.CharField(
        _("long list, several entries"), max_length=60, blank=True, help_text=_("E.g. Nominerade.")
    )
    long_list_plural_en = models.CharField(
        _("long list, several entries (English)"), max_length=60, blank=True
    )
    finalist_name = models.CharField(
        _("finalist, one entry"), max_length=60, blank=True, help_text=_("E.g. Slutnominerad.")
    )
    finalist_name_en = models.CharField(
        _("finalist, one entry (English)"), max_length=60, blank=True
    )
    finalist_plural = models.CharField(
        _("finalists, several entries"),
        max_length=60,
        blank=True,
        help_text=_("E.g. Slutnominerade."),
    )
    finalist_plural_en = models.CharField(
        _("finalists, several entries (English)"), max_length=60, blank=True
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("award")
        verbose_name_plural = _("awards")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("awards:award", kwargs={"slug": self.slug})

    def stage_name(self, standing: str, plural: bool = False) -> str:
        """What this award calls a standing, in the current language: its own name for the
        long list and the finalists where it set one, the app's word otherwise."""
        prefix = {EntryStanding.LONG_LIST: "long_list", EntryStanding.FINALIST: "finalist"}.get(
            standing
        )
        if prefix:
            field = f"{prefix}_{'plural' if plural else 'name'}"
            own = getattr(self, f"{field}_en" if get_language() == "en" else field)
            if own:
                return own
        if plural:
            return str(STAGE_PLURALS.get(standing, EntryStanding(standing).label))
        return str(EntryStanding(standing).label)


class Edition(models.Model):
    """One round of an award. Its display name belongs to it: awards get renamed."""

    award = models.ForeignKey(
        Award, on_delete=models.PROTECT, related_name="editions", verbose_name=_("award")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    name = models.CharField(_("display name"), max_length=200)
    slug = models.SlugField(_("slug"), unique=True)
    phase = models.CharField(
        _("phase"),
        max_length=20,
        choices=EditionPhase.choices,
        default=EditionPhase.SETUP,
        editable=False,
    )
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    submission_deadline = models.DateTimeField(_("self-assessment deadline"), null=True, blank=True)
    grace_minutes = models.PositiveSmallIntegerField(
        _("grace minutes"),
        default=0,
        help_text=_("Submissions are still accepted this many minutes after the deadline."),
    )
    contact_email = models.EmailField(
        _("organisers' email address"),
        blank=True,
        help_text=_("Where entrants turn with questions, e.g. about an extension."),
    )
    long_list_at = models.DateTimeField(_("long list decided"), null=True, blank=True)
    finalists_announce_at = models.DateTimeField(
        _("finalists announced"),
        null=True,
        blank=True,
        help_text=_("Finalists become public at this moment, not before."),
    )
    site_visits_from = models.DateField(_("site visits from"), null=True, blank=True)
    site_visits_until = models.DateField(_("site visits until"), null=True, blank=True)
    jury_meeting_at = models.DateTimeField(_("jury meeting"), null=True, blank=True)
    announce_at = models.DateTimeField(
        _("winner announced"),
        null=True,
        blank=True,
        help_text=_("The gala: the decision and motivation become public at this moment."),
    )
    remind_drafts = models.BooleanField(
        _("remind contacts of unsubmitted drafts"),
        default=True,
        help_text=_("14, 3 and 1 days before the deadline."),
    )
    remind_scores = models.BooleanField(
        _("remind jurors of unsubmitted scores"),
        default=True,
        help_text=_("3 days and 1 day before a round closes."),
    )
    remind_visits = models.BooleanField(
        _("remind the visiting jury of a visit"), default=True, help_text=_("The day before.")
    )
    retention_years = models.PositiveSmallIntegerField(
        _("keep personal data for (years)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(50)],
        help_text=_(
            "Attachments, nominators' and interviewees' names and the mails sent are removed "
            "this many years after the gala. Empty: kept until removed by hand."
        ),
    )
    personal_data_removed_at = models.DateTimeField(
        _("personal data removed"), null=True, blank=True, editable=False
    )
    motivation = models.TextField(_("jury's motivation"), blank=True)
    motivation_en = models.TextField(_("jury's motivation (English)"), blank=True)
    citation = models.CharField(_("citation"), max_length=300, blank=True)
    citation_en = models.CharField(_("citation (English)"), max_length=300, blank=True)
    # The public record of an edition, above all of one held before it ran in Juryrum: what
    # is not known stays empty, and the public pages say that it is not known.
    recorded_afterwards = models.BooleanField(
        _("entered into the archive afterwards"),
        default=False,
        help_text=_(
            "The edition did not run in Juryrum: its pages show only what is on record, and "
            "the gala's date without a time."
        ),
    )
    finalists_known = models.BooleanField(
        _("the finalists are on record"),
        default=True,
        help_text=_("If not, the public pages say that the finalists are not known."),
    )
    motivation_source = models.CharField(
        _("source of the motivation"),
        max_length=300,
        blank=True,
        help_text=_("Where the motivation and citation were published, e.g. a press release."),
    )
    venue = models.CharField(_("gala venue"), max_length=200, blank=True)
    partners = models.CharField(
        _("organised by"),
        max_length=300,
        blank=True,
        help_text=_("Who organised this edition. Empty: the award's organisers."),
    )
    benefits = models.TextField(
        _("what the prize brings"),
        max_length=2000,
        blank=True,
        help_text=_("E.g. the right to use the award's logo, a seat in an advisory body."),
    )
    benefits_en = models.TextField(
        _("what the prize brings (English)"), max_length=2000, blank=True
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # A new value with every change to the questionnaire's sections and questions: a process
    # keeps the questionnaire in memory under it (awards.selectors.questionnaire), and reads
    # it with the edition, so every app server sees a change at once.
    questionnaire_stamp = models.UUIDField(default=uuid.uuid4, editable=False)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "award__name"]
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        constraints = [
            models.UniqueConstraint(fields=["award", "year"], name="awards_edition_one_per_year"),
            models.CheckConstraint(
                condition=Q(phase__in=EditionPhase.values), name="awards_edition_phase_valid"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("awards:edition-detail", kwargs={"slug": self.slug})

    def clean(self):
        def moment(day, end=False):
            if day is None:
                return None
            clock = time.max if end else time.min
            return timezone.make_aware(datetime.combine(day, clock))

        order = [
            ("registration_opens_at", self.registration_opens_at),
            ("submission_deadline", self.submission_deadline),
            ("long_list_at", self.long_list_at),
            ("finalists_announce_at", self.finalists_announce_at),
            ("site_visits_from", moment(self.site_visits_from)),
            ("site_visits_until", moment(self.site_visits_until, end=True)),
            ("jury_meeting_at", self.jury_meeting_at),
            ("announce_at", self.announce_at),
        ]
        known = [(name, moment) for name, moment in order if moment is not None]
        for (_earlier, first), (later, second) in itertools.pairwise(known):
            if second <= first:
                raise ValidationError(
                    {later: _("This moment must come after the one before it in the timeline.")}
                )

    def finalists_are_public(self, now=None) -> bool:
        """Finalists may be shown to the public once their announcement moment has passed."""
        now = now or timezone.now()
        moment = self.finalists_announce_at or self.announce_at
        if moment is None:
            return self.recorded_afterwards
        return moment <= now

    def decision_is_public(self, now=None) -> bool:
        """The embargo: the decision is public from announce_at on, without anyone pressing a
        button. Before that no public page, list, export or mail may reveal it."""
        now = now or timezone.now()
        if self.announce_at is None:
            # An edition entered into the archive afterwards was announced before it was
            # entered, on a day the record may not know.
            return self.recorded_afterwards
        return self.announce_at <= now

    @property
    def localised_motivation(self) -> str:
        if get_language() == "en" and self.motivation_en:
            return self.motivation_en
        return self.motivation

    def retention_due_at(self):
        """When the retention rule removes the edition's personal data, or None."""
        moment = self.announce_at or self.submission_deadline
        if self.retention_years is None or moment is None:
            return None
        try:
            return moment.replace(year=moment.year + self.retention_years)
        except ValueError:  # 29 February
            return moment.replace(year=moment.year + self.retention_years, day=28)

    @property
    def localised_citation(self) -> str:
        if get_language() == "en" and self.citation_en:
            return self.citation_en
        return self.citation

    @property
    def localised_benefits(self) -> str:
        if get_language() == "en" and self.benefits_en:
            return self.benefits_en
        return self.benefits

    @property
    def organised_by(self) -> str:
        """Who organised the edition: as recorded for it, else the award's organisers, except
        for an edition entered afterwards (organisers change; the record says only what it
        knows)."""
        if self.partners or self.recorded_afterwards:
            return self.partners
        return self.award.organiser_name


class JurorOnRecord(models.Model):
    """A member of an edition's jury as the public record names them (name, affiliation).
    Kept apart from the jury's seats in Juryrum: a past jury has no accounts, and the record
    names only those who agreed to be named."""

    edition = models.ForeignKey(
        Edition,
        on_delete=models.CASCADE,
        related_name="jurors_on_record",
        verbose_name=_("edition"),
    )
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("name"), max_length=150)
    affiliation = models.CharField(_("affiliation"), max_length=200, blank=True)
    chair = models.BooleanField(_("chair"), default=False)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["edition", "position", "pk"]
        verbose_name = _("juror on record")
        verbose_name_plural = _("jurors on record")

    def __str__(self):
        return self.name


class HistoryRecord(models.Model):
    """One move of a workflow: who made it, when and why. Rows are only ever added."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]


class Criterion(models.Model):
    """What the jury judges an edition's entries by, with its weight and a scale whose every
    step has a label (e.g. 0 Saknas … 4 Föredömligt)."""

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("edition")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True, max_length=3000)
    description_en = models.TextField(_("description (English)"), blank=True, max_length=3000)
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=2,
        default=1,
        help_text=_("How much the criterion counts in the weighted total, e.g. 1 or 2.5."),
    )
    scale_labels = models.JSONField(
        _("scale steps"),
        default=list,
        help_text=_("One label per step, lowest first."),
    )
    scale_labels_en = models.JSONField(_("scale steps (English)"), default=list, blank=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["edition", "position"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "position"], name="awards_criterion_position_unique"
            ),
            models.CheckConstraint(
                condition=Q(weight__gt=0), name="awards_criterion_weight_positive"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def localised_name(self) -> str:
        return self.name_en if get_language() == "en" and self.name_en else self.name

    @property
    def localised_description(self) -> str:
        if get_language() == "en" and self.description_en:
            return self.description_en
        return self.description

    @property
    def localised_scale(self) -> list[str]:
        return (get_language() == "en" and self.scale_labels_en) or self.scale_labels


class EditionPhaseChange(HistoryRecord):
    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="phase_changes", verbose_name=_("edition")
    )
    from_phase = models.CharField(_("from"), max_length=20, choices=EditionPhase.choices)
    to_phase = models.CharField(_("to"), max_length=20, choices=EditionPhase.choices)

    class Meta(HistoryRecord.Meta):
        verbose_name = _("edition phase change")
        verbose_name_plural = _("edition phase changes")

    def __str__(self):
        return f"{self.edition}: {self.from_phase} → {self.to_phase}"


class Organiser(models.Model):
    """A person who runs one edition: sets it up, invites, follows progress, announces."""

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="organisers", verbose_name=_("edition")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="organiser_roles",
        verbose_name=_("user"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("organiser")
        verbose_name_plural = _("organisers")
        constraints = [
            models.UniqueConstraint(fields=["edition", "user"], name="awards_organiser_unique"),
        ]

    def __str__(self):
        return f"{self.user} ({self.edition})"


class Entry(models.Model):
    """One candidacy in one edition. It may cover several municipalities (a joint entry)."""

    edition = models.ForeignKey(
        Edition, on_delete=models.PROTECT, related_name="entries", verbose_name=_("edition")
    )
    municipalities = models.ManyToManyField(
        Municipality,
        through="EntryMunicipality",
        related_name="entries",
        verbose_name=_("municipalities"),
    )
    title = models.CharField(
        _("name"),
        max_length=300,
        db_collation=SWEDISH,
        help_text=_("How the entry is named, e.g. 'Mora, Orsa och Älvdalen' for a joint entry."),
    )
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=EntryState.choices,
        default=EntryState.DRAFT,
        editable=False,
    )
    standing = models.CharField(
        _("standing"),
        max_length=24,
        choices=EntryStanding.choices,
        default=EntryStanding.ENTRANT,
        editable=False,
    )
    competing = models.BooleanField(
        _("competes for the award"),
        default=True,
        help_text=_("An entry may take part in the publication only, without competing."),
    )
    publication_consent = models.BooleanField(
        _("may be published"),
        default=False,
        help_text=_("The answers may appear in the edition's publication."),
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, editable=False)
    first_submitted_at = models.DateTimeField(
        _("first submitted"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Kept when the entry is reopened: changes after it are on the audit trail."),
    )
    eligibility_reason = models.TextField(
        _("reason for the eligibility ruling"),
        blank=True,
        editable=False,
        help_text=_("Shown to the municipality."),
    )
    deadline_extended_to = models.DateTimeField(
        _("deadline extended to"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("An extension granted to this entry by an organiser."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=EntryState.values), name="awards_entry_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(standing__in=EntryStanding.values), name="awards_entry_standing_valid"
            ),
            models.CheckConstraint(
                condition=Q(state__in=SUBMITTED_STATES, submitted_at__isnull=False)
                | ~Q(state__in=SUBMITTED_STATES),
                name="awards_entry_submitted_has_time",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("awards:entry-detail", kwargs={"pk": self.pk})

    @property
    def deadline(self):
        """The deadline the entry's contacts are told: the edition's, or the entry's own
        extension if that is later. It is the same moment the public page shows."""
        candidates = [d for d in (self.edition.submission_deadline, self.deadline_extended_to) if d]
        return max(candidates) if candidates else None

    @property
    def closes_at(self):
        """The moment after which the entry can no longer be submitted: the edition's deadline
        plus its grace minutes (never shown: they absorb a slow upload at 23.59), or the
        entry's own extension if that is later."""
        edition_deadline = self.edition.submission_deadline
        if edition_deadline is not None:
            edition_deadline += timedelta(minutes=self.edition.grace_minutes)
        candidates = [d for d in (edition_deadline, self.deadline_extended_to) if d is not None]
        return max(candidates) if candidates else None

    def is_past_deadline(self, now=None) -> bool:
        closes_at = self.closes_at
        return closes_at is not None and (now or timezone.now()) > closes_at

    def public_standing(self, now=None) -> str:
        """The standing the entrant and the public may know now: shortlists from the finalists'
        moment, the winner only from the gala. Before that every entry is just an entrant."""
        if self.edition.decision_is_public(now):
            return self.standing
        if self.edition.finalists_are_public(now) and self.standing != EntryStanding.ENTRANT:
            return (
                EntryStanding.FINALIST
                if self.standing in FINALIST_STANDINGS
                else EntryStanding.LONG_LIST
            )
        return EntryStanding.ENTRANT

    @property
    def public_standing_label(self) -> str:
        return self.edition.award.stage_name(self.public_standing())


class EntryMunicipality(models.Model):
    """A municipality taking part in an entry; the edition is repeated here so that the
    database itself refuses a second entry for the same municipality in one edition."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="memberships")
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="entry_memberships"
    )
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("entry municipality")
        verbose_name_plural = _("entry municipalities")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "municipality"],
                name="awards_one_entry_per_municipality_and_edition",
                violation_error_message=_("This municipality already has an entry in the edition."),
            ),
        ]

    def __str__(self):
        return f"{self.municipality} in {self.entry}"


class PartnerInvitation(models.Model):
    """A municipality asked to join a joint entry. It becomes a partner only when one of its
    own contacts accepts; until then the entry neither shows it nor keeps it from entering
    alone."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    entry = models.ForeignKey(
        Entry,
        on_delete=models.CASCADE,
        related_name="partner_invitations",
        verbose_name=_("entry"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="partner_invitations",
        verbose_name=_("municipality"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    created_at = models.DateTimeField(_("invited"), default=timezone.now)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("partner invitation")
        verbose_name_plural = _("partner invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "municipality"], name="awards_one_partner_invitation_per_entry"
            ),
        ]

    def __str__(self):
        return f"{self.municipality} → {self.entry}"

    def get_absolute_url(self):
        return reverse("awards:partner-invitation", kwargs={"pk": self.pk})


class Nomination(models.Model):
    """Anyone's proposal that a municipality should take part. An organiser verifies it; a
    verified nomination opens a draft entry that the municipality's contacts complete or
    decline."""

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="nominations", verbose_name=_("edition")
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="nominations",
        verbose_name=_("municipality"),
    )
    nominator_name = models.CharField(_("your name"), max_length=150)
    nominator_email = models.EmailField(_("your email address"))
    nominator_organisation = models.CharField(
        _("your organisation or company"), max_length=200, blank=True
    )
    reason = models.TextField(_("why this municipality?"), max_length=3000)
    status = models.CharField(
        max_length=10,
        choices=NominationStatus.choices,
        default=NominationStatus.RECEIVED,
        editable=False,
    )
    entry = models.ForeignKey(
        Entry, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")

    def __str__(self):
        return f"{self.municipality} ({self.nominator_name})"


class EntryStateChange(HistoryRecord):
    entry = models.ForeignKey(
        Entry, on_delete=models.CASCADE, related_name="state_changes", verbose_name=_("entry")
    )
    from_state = models.CharField(_("from"), max_length=20, choices=EntryState.choices)
    to_state = models.CharField(_("to"), max_length=20, choices=EntryState.choices)

    class Meta(HistoryRecord.Meta):
        verbose_name = _("entry state change")
        verbose_name_plural = _("entry state changes")

    def __str__(self):
        return f"{self.entry}: {self.from_state} → {self.to_state}"


class Section(models.Model):
    """A part of an edition's questionnaire."""

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="sections", verbose_name=_("edition")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    stage = models.CharField(
        _("asked of"),
        max_length=20,
        choices=SectionStage.choices,
        default=SectionStage.EVERYONE,
        help_text=_(
            "A later stage's section is asked of the entries that reach it, after they have "
            "submitted, with its own deadline."
        ),
    )
    deadline = models.DateTimeField(
        _("answer by"),
        null=True,
        blank=True,
        help_text=_("For a later stage's section. Swedish time."),
    )

    class Meta:
        ordering = ["edition", "position"]
        verbose_name = _("questionnaire section")
        verbose_name_plural = _("questionnaire sections")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "position"], name="awards_section_position_unique"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def localised_title(self) -> str:
        return self.title_en if get_language() == "en" and self.title_en else self.title

    def clean(self):
        if self.stage != SectionStage.EVERYONE and self.deadline is None:
            raise ValidationError({"deadline": _("A later stage's section needs a deadline.")})
        if self.stage == SectionStage.EVERYONE and self.deadline is not None:
            raise ValidationError(
                {"deadline": _("Every entry answers by the edition's deadline: leave this empty.")}
            )

    @property
    def is_staged(self) -> bool:
        return self.stage != SectionStage.EVERYONE

    def is_closed(self, edition, now=None) -> bool:
        """A later stage's section takes answers until its deadline and the edition's grace
        minutes after it."""
        deadline = self.deadline + timedelta(minutes=edition.grace_minutes)
        return (now or timezone.now()) > deadline

    def is_reached_by(self, entry, now=None) -> bool:
        """Whether the section asks this entry now: every entry for the first stage, those
        whose standing (as they may know it now) reaches a later stage for the others."""
        if not self.is_staged:
            return True
        return entry.public_standing(now) in STAGE_REACHED_BY[self.stage]


class Question(models.Model):
    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, related_name="questions", verbose_name=_("section")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=20, choices=QuestionKind.choices)
    text = models.TextField(_("question"))
    text_en = models.TextField(_("question (English)"), blank=True)
    help_text = models.TextField(_("help text"), blank=True)
    help_text_en = models.TextField(_("help text (English)"), blank=True)
    required = models.BooleanField(_("required"), default=True)
    word_limit = models.PositiveIntegerField(_("word limit"), null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=30, blank=True, help_text=_("E.g. per cent."))
    min_value = models.DecimalField(
        _("lowest value"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("highest value"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    scale_labels = models.JSONField(
        _("scale steps"),
        default=list,
        blank=True,
        help_text=_("One label per step, lowest first, e.g. not at all / partly / fully."),
    )
    scale_labels_en = models.JSONField(_("scale steps (English)"), default=list, blank=True)
    allowed_types = models.JSONField(
        _("allowed file types"),
        default=list,
        blank=True,
        help_text=_("For file questions: any of pdf, docx, xlsx, pptx, odt, png, jpg."),
    )
    max_size_mb = models.PositiveSmallIntegerField(
        _("largest file, in MB"),
        default=10,
        validators=[MaxValueValidator(LARGEST_FILE_MB)],
    )

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["section__position", "position"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(
                fields=["section", "position"], name="awards_question_position_unique"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=QuestionKind.values), name="awards_question_kind_valid"
            ),
        ]

    def __str__(self):
        return self.text

    @property
    def localised_text(self) -> str:
        return self.text_en if get_language() == "en" and self.text_en else self.text

    @property
    def localised_help_text(self) -> str:
        return self.help_text_en if get_language() == "en" and self.help_text_en else self.help_text

    @property
    def is_answerable_in_form(self) -> bool:
        return self.kind != QuestionKind.FILE


def attachment_path(attachment, filename: str) -> str:
    """Private storage path: not guessable, not derived from what the uploader called it."""
    return f"attachments/{attachment.entry_id}/{uuid.uuid4().hex}.{attachment.file_type}"


class Attachment(models.Model):
    """A file an entry attached to a file question. Stored privately and served only through
    a view that checks who may see the entry."""

    entry = models.ForeignKey(
        Entry, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("entry")
    )
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="attachments", verbose_name=_("question")
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
    file_type = models.CharField(_("file type"), max_length=10)
    content_type = models.CharField(_("content type"), max_length=100)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("awards:attachment-download", kwargs={"pk": self.pk})


class Answer(models.Model):
    """An entry's answer to one question. `version` grows with every save so that two
    colleagues editing the same answer from stale copies are told, not overwritten."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    text = models.TextField(blank=True)
    number = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    # Entered by an organiser on the municipality's behalf (e.g. imported for a publication),
    # until one of its contacts saves the answer themselves.
    on_behalf = models.BooleanField(default=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "question"], name="awards_answer_one_per_question"
            ),
        ]

    def __str__(self):
        return f"{self.entry}: {self.question}"

    @property
    def value(self):
        """The answer in the form the question's field takes: a number or a text."""
        return self.number if self.question.kind == QuestionKind.NUMBER else self.text

    @property
    def is_empty(self) -> bool:
        value = self.value
        return value is None or (isinstance(value, str) and not value.strip())

    @property
    def display(self) -> str:
        """The answer as a reader sees it: step labels and yes/no in words."""
        question = self.question
        if question.kind == QuestionKind.NUMBER:
            if self.number is None:
                return ""
            return f"{self.number.normalize():f} {question.unit}".strip()
        if question.kind == QuestionKind.YES_NO:
            return {"yes": gettext("Yes"), "no": gettext("No")}.get(self.text, "")
        if question.kind == QuestionKind.SCALE and self.text.isdigit():
            labels = (get_language() == "en" and question.scale_labels_en) or question.scale_labels
            index = int(self.text)
            return labels[index] if index < len(labels) else self.text
        return self.text


class OutboxMessage(models.Model):
    """A mail to an entrant prepared from a template, which an organiser reviews (and may edit)
    before it is sent. Sending runs as a background task; the row records what was sent."""

    class Kind(models.TextChoices):
        FINALIST = "finalist", _("Finalist")
        NOT_ADVANCING = "not_advancing", _("Not advancing")
        WINNER = "winner", _("Winner")
        HONOURABLE_MENTION = "honourable_mention", _("Honourable mention")
        NOT_WINNER = "not_winner", _("Finalist, not winning")

    # Which announcement each kind of message is about: it never leaves before that moment.
    FINALIST_KINDS = (Kind.FINALIST, Kind.NOT_ADVANCING)
    DECISION_KINDS = (Kind.WINNER, Kind.HONOURABLE_MENTION, Kind.NOT_WINNER)

    class Status(models.TextChoices):
        DRAFT = "draft", _("To review")
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="outbox", verbose_name=_("edition")
    )
    entry = models.ForeignKey(
        "Entry", on_delete=models.CASCADE, related_name="messages", verbose_name=_("entry")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("recipient"),
    )
    email = models.EmailField(_("email address"))
    language = models.CharField(_("language"), max_length=10)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"), max_length=10000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    created_at = models.DateTimeField(_("prepared"), default=timezone.now)
    send_after = models.DateTimeField(_("send from"), null=True, blank=True)
    queued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["edition", "kind", "entry__title", "email"]
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "kind", "email"], name="awards_outbox_one_per_recipient"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.email}"

    def moment(self):
        """When the announcement this message is about becomes public, as the edition says
        now (None while it is not set)."""
        if self.kind in self.DECISION_KINDS:
            return self.edition.announce_at
        return self.edition.finalists_announce_at


class Reminder(models.Model):
    """A reminder mail as sent: to whom, about what and when. One per recipient and occasion,
    so a task run twice never sends twice."""

    class Kind(models.TextChoices):
        DRAFT = "draft", _("Unsubmitted draft")
        SCORES = "scores", _("Unsubmitted scores")
        VISIT = "visit", _("Site visit tomorrow")
        SECTION = "section", _("Unanswered later question")

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("edition")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    occasion = models.CharField(_("occasion"), max_length=100)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("recipient"),
    )
    email = models.EmailField(_("email address"))
    language = models.CharField(_("language"), max_length=10)
    subject = models.CharField(_("subject"), max_length=200)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "occasion", "email"], name="awards_reminder_once"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.email}"


class Publication(models.Model):
    """The edition's publication: every consenting entry's answers, grouped by county, with an
    introduction the organisers write. Public from `published_at` on."""

    edition = models.OneToOneField(
        Edition, on_delete=models.CASCADE, related_name="publication", verbose_name=_("edition")
    )
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(_("introduction"), max_length=20000, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")

    def __str__(self):
        return self.title

    def is_public(self, now=None) -> bool:
        return self.published_at is not None and self.published_at <= (now or timezone.now())


class PublicationProof(models.Model):
    """A municipality's approval of its own text for the publication: nothing of an entry is
    published before one of its contacts has read the proof and approved it."""

    entry = models.OneToOneField(
        Entry, on_delete=models.CASCADE, related_name="proof", verbose_name=_("entry")
    )
    approved_at = models.DateTimeField(_("approved"), default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Which text was approved (awards.selectors.text_digest): a later change to the answers
    # leaves the proof waiting for a new approval.
    digest = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("publication proof")
        verbose_name_plural = _("publication proofs")

    def __str__(self):
        return f"{self.entry}"


class PublishedText(models.Model):
    """One entry's text as the publication was last published: the public pages and the PDF
    are drawn from these rows, which change only when the organisers publish again."""

    publication = models.ForeignKey(
        Publication, on_delete=models.CASCADE, related_name="texts", verbose_name=_("publication")
    )
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField()
    county = models.CharField(max_length=300)
    title = models.CharField(max_length=300)
    # [[question text, question text in English, answer as published], ...]
    answers = models.JSONField(default=list)

    class Meta:
        ordering = ["position"]
        verbose_name = _("published text")
        verbose_name_plural = _("published texts")

    def __str__(self):
        return self.title


def document_path(job, filename: str) -> str:
    return f"documents/{job.edition_id}/{job.kind}-{job.pk}-{filename}"


class DocumentJob(models.Model):
    """A document built in the background because it takes long (a reading pack, the
    publication's PDF): who asked, how far it has come, and the file once done. Files are
    private: they are served only through views that check who may have them."""

    class Kind(models.TextChoices):
        READING_PACK = "reading_pack", _("Reading pack")
        PUBLICATION = "publication", _("Publication PDF")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Being built")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="document_jobs", verbose_name=_("edition")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        related_name="+",
        verbose_name=_("for"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("of"), default=0)
    file = models.FileField(upload_to=document_path, max_length=300, blank=True)
    # What went in (entry ids): a download checks the reader may still see every one of them.
    contents = models.JSONField(_("contents"), default=list, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("asked for"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self):
        return f"{self.get_kind_display()} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return round(100 * self.done / self.total) if self.total else 0
