from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Awards")

    def ready(self):
        from auditlog.models import LogEntry
        from django.db.models.signals import post_save

        from accounts.audit import track
        from awards import models
        from awards.services import public_page_forget_on_change

        post_save.connect(
            public_page_forget_on_change, sender=LogEntry, dispatch_uid="awards.public_page"
        )

        # Who changed what on the trail, with the edition each row belongs to.
        track(models.Edition, edition="pk")
        track(models.Criterion, edition="edition_id")
        track(models.Question, edition="section__edition_id")
        track(models.Organiser, edition="edition_id")
        track(models.Invitation, edition="edition_id")
        track(models.MunicipalityContact)
        track(models.Entry, edition="edition_id")
        track(models.Nomination, edition="edition_id")
        track(models.Attachment, edition="entry__edition_id")
        track(models.OutboxMessage, edition="edition_id", exclude=("body",))
        track(models.Publication, edition="edition_id")
