from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Awards")

    def ready(self):
        from auditlog.models import LogEntry
        from django.db.models.signals import post_delete, post_save

        from accounts.audit import track
        from awards import models
        from awards.services import public_page_forget_on_change, question_changed, section_changed

        post_save.connect(
            public_page_forget_on_change, sender=LogEntry, dispatch_uid="awards.public_page"
        )
        # Processes keep the questionnaire in memory under a stamp that every change renews.
        for signal in (post_save, post_delete):
            signal.connect(section_changed, sender=models.Section, dispatch_uid="awards.section")
            signal.connect(question_changed, sender=models.Question, dispatch_uid="awards.question")

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
