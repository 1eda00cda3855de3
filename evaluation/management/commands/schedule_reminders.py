"""Schedule every reminder still ahead: drafts before each open edition's deadline, jurors
before each open round closes, the visiting jury before each visit. Reminders are scheduled
as they are set; run this after switching task backends or restoring a database. Running it
twice sends nothing twice (each reminder is recorded per recipient and occasion)."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from awards.choices import EditionPhase
from awards.models import Edition
from awards.services import reminders_schedule_drafts
from evaluation.models import ScoringRound, SiteVisit
from evaluation.services import reminders_schedule_scores, reminders_schedule_visit


class Command(BaseCommand):
    help = "Schedule the reminders still ahead (drafts, scores, site visits) as background tasks."

    def handle(self, *args, **options):
        now = timezone.now()
        with transaction.atomic():
            drafts = sum(
                reminders_schedule_drafts(edition=edition)
                for edition in Edition.objects.filter(
                    phase=EditionPhase.REGISTRATION, submission_deadline__gt=now
                )
            )
            scores = sum(
                reminders_schedule_scores(scoring_round=scoring_round)
                for scoring_round in ScoringRound.objects.filter(is_open=True, closes_at__gt=now)
            )
            visits = sum(
                reminders_schedule_visit(visit=visit)
                for visit in SiteVisit.objects.filter(starts_at__gt=now)
            )
        self.stdout.write(f"Scheduled {drafts} draft, {scores} score and {visits} visit reminders.")
