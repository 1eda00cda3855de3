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
