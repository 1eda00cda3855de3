from django.apps import AppConfig
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Awards")

    def ready(self):
        from auditlog.models import LogEntry
        from django.db.backends.signals import connection_created

        from awards.collation import register_on_sqlite

        connection_created.connect(register_on_sqlite, dispatch_uid="awards.swedish_collation")
        from django.db.models.signals import post_delete, post_save

        from accounts.audit import track
        from awards import models, receivers

        # Every change worth recording is on the audit trail, whether a save, a service's
        # compare-and-set update or a record written by hand: listening there is the one
        # place that hears them all, so a public page never shows what has changed since.
        post_save.connect(
            receivers.public_pages_forget_on_trail,
            sender=LogEntry,
            dispatch_uid="awards.public_pages",
        )
        # Processes keep the questionnaire in memory under a stamp that every change renews,
        # including changes made in the admin, which calls no service.
        for signal in (post_save, post_delete):
            signal.connect(
                receivers.section_changed, sender=models.Section, dispatch_uid="awards.section"
            )
            signal.connect(
                receivers.question_changed, sender=models.Question, dispatch_uid="awards.question"
            )

        # Who changed what on the trail, with the edition each row belongs to.
        track(models.Edition, edition="pk")
        track(models.JurorOnRecord, edition="edition_id")
        track(models.Criterion, edition="edition_id")
        track(models.Question, edition="section__edition_id")
        track(models.Organiser, edition="edition_id")
        track(models.Invitation, edition="edition_id")
        track(models.MunicipalityContact)
        track(models.Entry, edition="edition_id")
        track(models.Nomination, edition="edition_id")
        track(models.PartnerInvitation, edition="entry__edition_id")
        track(models.Attachment, edition="entry__edition_id")
        track(models.OutboxMessage, edition="edition_id", exclude=("body",))
        track(models.Publication, edition="edition_id")
        classify_personal_data()


def classify_personal_data() -> None:
    """What of the award's tables is a person's own, for the export they download
    (accounts.personal_data): what they wrote, what is about them and what was sent to them,
    never the standing of an entry or anything the jury keeps."""
    from accounts.personal_data import NotTheirs, Theirs, classify
    from awards.models import OutboxMessage

    def sent_and_public(rows, now):
        # A decision mail is theirs once it has gone out, which is never before its moment.
        return rows.filter(status=OutboxMessage.Status.SENT, sent_at__isnull=False).filter(
            Q(kind__in=OutboxMessage.FINALIST_KINDS, edition__finalists_announce_at__lte=now)
            | Q(kind__in=OutboxMessage.DECISION_KINDS, edition__announce_at__lte=now)
        )

    edition_setup = NotTheirs("the edition's set-up, public or the organisers'")
    classify("awards.MunicipalityContact", Theirs(user="user"))
    classify(
        "awards.Invitation",
        Theirs(user="user", fields=("email", "name", "municipality", "edition", "created_at")),
        Theirs(email="email", fields=("email", "name", "municipality", "edition", "created_at")),
    )
    classify("awards.Edition", NotTheirs("its contact address is the award office's"))
    classify(
        "awards.JurorOnRecord",
        NotTheirs("a name on the public record, typed by organisers: no account is linked"),
    )
    classify("awards.EditionPhaseChange", Theirs(user="actor"))
    classify("awards.Organiser", Theirs(user="user"))
    classify(
        "awards.Nomination",
        Theirs(
            email="nominator_email",
            fields=(
                "edition",
                "municipality",
                "nominator_name",
                "nominator_email",
                "nominator_organisation",
                "reason",
                "created_at",
            ),
        ),
    )
    classify("awards.EntryStateChange", Theirs(user="actor"))
    invitation = ("entry", "municipality", "status", "created_at", "answered_at")
    classify(
        "awards.PartnerInvitation",
        Theirs(user="invited_by", fields=invitation),
        Theirs(user="answered_by", fields=invitation),
    )
    classify(
        "awards.Attachment",
        Theirs(
            user="uploaded_by",
            fields=("entry", "question", "original_name", "file_type", "size", "uploaded_at"),
        ),
    )
    classify(
        "awards.Answer",
        Theirs(user="updated_by", fields=("entry", "question", "text", "number", "updated_at")),
    )
    message = ("edition", "entry", "kind", "email", "language", "subject", "body", "sent_at")
    classify(
        "awards.OutboxMessage",
        Theirs(user="recipient", fields=message, once=sent_and_public),
        Theirs(email="email", fields=message, once=sent_and_public),
    )
    reminder = ("edition", "kind", "email", "language", "subject", "sent_at")
    classify(
        "awards.Reminder",
        Theirs(user="recipient", fields=reminder),
        Theirs(email="email", fields=reminder),
    )
    classify("awards.PublicationProof", Theirs(user="approved_by"))
    classify(
        "awards.DocumentJob",
        Theirs(user="owner", fields=("edition", "kind", "status", "created_at", "finished_at")),
    )
    classify("awards.Entry", NotTheirs("the municipality's entry; its standing is embargoed"))
    classify("awards.EntryMunicipality", NotTheirs("which municipalities an entry covers"))
    classify("awards.PublishedText", NotTheirs("the publication as published, public"))
    for label in ("Criterion", "Section", "Question", "Publication"):
        classify(f"awards.{label}", edition_setup)
