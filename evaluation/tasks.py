"""Background work of the jury: reminders before a round closes and before a site visit."""

from datetime import timedelta

from django.conf import settings
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from awards.models import Reminder
from awards.tasks import deliver_reminders
from evaluation.models import ScoringRound, SiteVisit
from evaluation.selectors import score_reminder_people


@task()
def send_score_reminders(round_id: int, closes_at: str, days: int) -> int:
    """Remind every juror with entries still to submit that the round closes in `days`. Does
    nothing if the closing moment has moved, the round is closed, the organisers turned these
    reminders off, or the task runs early or late."""
    scoring_round = ScoringRound.objects.select_related("edition__award").get(pk=round_id)
    edition = scoring_round.edition
    moment = scoring_round.closes_at
    now = timezone.now()
    if (
        not edition.remind_scores
        or not scoring_round.is_open
        or moment is None
        or moment.isoformat() != closes_at
        or not moment - timedelta(days=days) <= now < moment
    ):
        return 0
    link = settings.SITE_URL + reverse(
        "evaluation:round", args=[edition.slug, scoring_round.number]
    )
    return deliver_reminders(
        edition=edition,
        kind=Reminder.Kind.SCORES,
        occasion=f"round-{round_id}/{closes_at}/{days}",
        people=[(person, {"missing": n}) for person, n in score_reminder_people(scoring_round)],
        context={"scoring_round": scoring_round, "closes_at": moment, "link": link},
    )


@task()
def send_visit_reminders(visit_id: int, starts_at: str) -> int:
    """Remind the visiting jury the day before a visit. Nothing if the visit has moved or was
    cancelled, or the organisers turned these reminders off."""
    visit = (
        SiteVisit.objects.select_related("entry__edition__award")
        .prefetch_related("participants__user")
        .filter(pk=visit_id)
        .first()
    )
    if visit is None:
        return 0
    edition = visit.entry.edition
    now = timezone.now()
    if (
        not edition.remind_visits
        or visit.starts_at.isoformat() != starts_at
        or not visit.starts_at - timedelta(days=1) <= now < visit.starts_at
    ):
        return 0
    link = settings.SITE_URL + reverse("evaluation:visit", args=[edition.slug, visit.pk])
    return deliver_reminders(
        edition=edition,
        kind=Reminder.Kind.VISIT,
        occasion=f"visit-{visit_id}/{starts_at}",
        people=[(member.user, {}) for member in visit.participants.all()],
        context={"visit": visit, "link": link},
    )
