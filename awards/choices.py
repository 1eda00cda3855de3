from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class EditionPhase(models.TextChoices):
    """Where an edition stands. Announcement is not a phase: it is a moment in time."""

    SETUP = "setup", _("Set-up")
    REGISTRATION = "registration", _("Registration and self-assessment")
    EVALUATION = "evaluation", _("Jury evaluation")
    SITE_VISITS = "site_visits", _("Site visits")
    DELIBERATION = "deliberation", _("Jury deliberation")
    DECIDED = "decided", _("Decided")


class EntryState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ELIGIBLE = "eligible", _("Eligible")
    INELIGIBLE = "ineligible", _("Not eligible")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# States of an entry that has been submitted (it has a submission time).
SUBMITTED_STATES = (EntryState.SUBMITTED, EntryState.ELIGIBLE, EntryState.INELIGIBLE)
# States in which the jury reads an entry: submitted and not ruled ineligible (and, in the
# rules, only entries that compete).
JURY_STATES = (EntryState.SUBMITTED, EntryState.ELIGIBLE)


class EntryStanding(models.TextChoices):
    """How far an entry came. Public only once the edition's matching moment has passed."""

    ENTRANT = "entrant", _("Entrant")
    LONG_LIST = "long_list", _("Long list")
    FINALIST = "finalist", _("Finalist")
    HONOURABLE_MENTION = "honourable_mention", _("Honourable mention")
    WINNER = "winner", _("Winner")


class SectionStage(models.TextChoices):
    """Who a questionnaire section asks: every entry, or only those that reach a stage (the
    finalists, say, asked one more question after they are announced)."""

    EVERYONE = "everyone", _("Every entry, before submitting")
    LONG_LIST = "long_list", _("Entries on the long list, once it is announced")
    FINALIST = "finalist", _("Finalists, once they are announced")


# The public standings that reach each staged section's stage.
STAGE_REACHED_BY = {
    SectionStage.LONG_LIST: (
        EntryStanding.LONG_LIST,
        EntryStanding.FINALIST,
        EntryStanding.HONOURABLE_MENTION,
        EntryStanding.WINNER,
    ),
    SectionStage.FINALIST: (
        EntryStanding.FINALIST,
        EntryStanding.HONOURABLE_MENTION,
        EntryStanding.WINNER,
    ),
}

# The app's words for several entries at a stage (an award may set its own: Award.stage_name).
STAGE_PLURALS = {
    EntryStanding.LONG_LIST: pgettext_lazy("several entries", "Long list"),
    EntryStanding.FINALIST: _("Finalists"),
    EntryStanding.WINNER: _("Winners"),
    EntryStanding.HONOURABLE_MENTION: _("Honourable mentions"),
}

# What the public record of an edition can say of an entry.
RECORD_STANDINGS = (
    EntryStanding.LONG_LIST,
    EntryStanding.FINALIST,
    EntryStanding.HONOURABLE_MENTION,
    EntryStanding.WINNER,
)

FINALIST_STANDINGS = (
    EntryStanding.FINALIST,
    EntryStanding.HONOURABLE_MENTION,
    EntryStanding.WINNER,
)


class NominationStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    VERIFIED = "verified", _("Verified: entry opened")
    REJECTED = "rejected", _("Rejected")


class QuestionKind(models.TextChoices):
    LONG_TEXT = "long_text", _("Long text")
    SHORT_TEXT = "short_text", _("Short text")
    SCALE = "scale", _("Scale")
    NUMBER = "number", _("Number")
    YES_NO = "yes_no", _("Yes or no")
    FILE = "file", _("File upload")


# File types an attachment may have, found from the file's content (never its name):
# the extension the file is stored with, and the content type it is served as.
FILE_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "png": "image/png",
    "jpg": "image/jpeg",
}
