from django.db import models
from django.utils.translation import gettext_lazy as _


class JuryRole(models.TextChoices):
    JUROR = "juror", _("Juror")
    CHAIR = "chair", _("Jury chair")
    EXPERT = "expert", _("Site-visit expert")


class ConflictKind(models.TextChoices):
    EMPLOYMENT = "employment", _("Employed by or works for")
    ELECTED_OFFICE = "elected_office", _("Elected office")
    BOARD = "board", _("Board or advisory role")
    SUPPLIER = "supplier", _("Supplier or contract")
    FAMILY = "family", _("Family or close ties")
    RESIDENCE = "residence", _("Lives there")
    OTHER = "other", _("Other")


class ConflictRuling(models.TextChoices):
    """The chair's ruling on a declared conflict. Until ruled, a declared conflict excludes."""

    PENDING = "pending", _("Awaiting ruling")
    CONFIRMED = "confirmed", _("Confirmed: excluded")
    DISMISSED = "dismissed", _("Dismissed")
    ALLOWED = "allowed", _("Allowed with mitigation")


EXCLUDING_RULINGS = (ConflictRuling.PENDING, ConflictRuling.CONFIRMED)


SCORING_ROLES = (JuryRole.JUROR, JuryRole.CHAIR)


class RoundNumber(models.IntegerChoices):
    LONG_LIST = 1, _("Round 1: every eligible entry")
    FINAL = 2, _("Round 2: finalists after the site visits")


class Reveal(models.TextChoices):
    """When a juror may see the other jurors' scores and comments on an entry."""

    NEVER = "never", _("Never: only the chair and organisers see them")
    AFTER_OWN = "after_own", _("After submitting their own for the entry")
    ALWAYS = "always", _("Always")


class AssignmentMode(models.TextChoices):
    ALL = "all", _("Every juror scores every entry")
    PER_ENTRY = "per_entry", _("A number of jurors per entry, chosen automatically")


class MarkKind(models.TextChoices):
    VERIFY = "verify", _("Verify at visit")
    VERIFIED = "verified", _("Verified")
    CONTRADICTED = "contradicted", _("Contradicted")


class Ruling(models.TextChoices):
    """The moves a ruling may make (pending is where every declared conflict starts)."""

    CONFIRMED = "confirmed", _("Confirm: the member is excluded")
    DISMISSED = "dismissed", _("Dismiss: there is no conflict")
    ALLOWED = "allowed", _("Allow with a recorded mitigation")


class VisitMode(models.TextChoices):
    ON_SITE = "on_site", _("On site")
    DIGITAL = "digital", _("Digital meeting")


class Theme(models.TextChoices):
    """The themes of the site-visit interviews: the question bank and the notes follow them."""

    LEADERSHIP = "leadership", _("Leadership and governance")
    ORGANISATION = "organisation", _("Organisation of digital work")
    RESULTS = "results", _("Results and effects for residents")
    COLLABORATION = "collaboration", _("Collaboration and sharing")
    CULTURE = "culture", _("Culture and skills")
    CHALLENGES = "challenges", _("Challenges")


class IntervieweeRole(models.TextChoices):
    MUNICIPAL_DIRECTOR = "director", _("Municipal director")
    EXECUTIVE_CHAIR = "executive_chair", _("Chair of the executive board")
    CIO = "cio", _("CIO / CDO")
    SERVICE_UNIT = "service_unit", _("Service unit")
    OTHER = "other", _("Other")


class Outcome(models.TextChoices):
    WINNER = "winner", _("The jury names a winner")
    NO_WINNER = "no_winner", _("No winner this edition")


class MotivationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft: with the jury")
    FINAL = "final", _("Final")


class MotivationEventKind(models.TextChoices):
    DRAFTED = "drafted", _("New version")
    APPROVED = "approved", _("Approved")
    COMMENTED = "commented", _("Commented")
    FINALISED = "finalised", _("Finalised")
    REOPENED = "reopened", _("Reopened")
