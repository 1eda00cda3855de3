"""What the awards app does when something happens that it did not cause itself. Each receiver
is connected in AwardsConfig.ready, with the reason there; nothing else here listens."""

from awards.services import public_pages_forget_with_change, questionnaire_changed


def public_pages_forget_on_trail(sender, instance, created=False, **kwargs):
    """A new entry on an edition's audit trail: the change it records may show on a public
    page (the edition's own, the front page, the award's, a municipality's)."""
    if created and (instance.additional_data or {}).get("edition"):
        public_pages_forget_with_change()


def section_changed(sender, instance, **kwargs):
    questionnaire_changed(edition_id=instance.edition_id)


def question_changed(sender, instance, **kwargs):
    questionnaire_changed(section_id=instance.section_id)
