"""Background work of the awards app, run by django-tasks-db's worker (manage.py db_worker)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import translation

from awards.models import Entry
from awards.selectors import entry_recipients, questionnaire_with_answers


@task()
def send_entry_receipt(entry_id: int, submitted_by_id: int | None) -> int:
    """Mail every contact of a submitted entry a receipt with a copy of its answers, each in
    their own language. Returns the number of mails sent."""
    entry = Entry.objects.select_related("edition", "edition__award").get(pk=entry_id)
    sent = 0
    for person in entry_recipients(entry):
        with translation.override(person.preferred_language or settings.LANGUAGE_CODE):
            context = {
                "entry": entry,
                "person": person,
                "submitted_by_you": person.pk == submitted_by_id,
                "questionnaire": questionnaire_with_answers(entry),
            }
            subject = render_to_string("awards/mail/entry_receipt_subject.txt", context).strip()
            body = render_to_string("awards/mail/entry_receipt.txt", context)
        EmailMultiAlternatives(subject, body, to=[person.email]).send()
        sent += 1
    return sent
