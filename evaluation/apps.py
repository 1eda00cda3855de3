from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "evaluation"
    verbose_name = _("Evaluation")

    def ready(self):
        from accounts.audit import track
        from evaluation import models

        track(models.JuryMember, edition="edition_id")
        track(models.ConflictDeclaration, edition="member__edition_id")
        track(models.ScoringRound, edition="edition_id")
        track(models.Scorecard, edition="round__edition_id")
        track(models.SiteVisit, edition="entry__edition_id", exclude=("agenda", "logistics"))
        track(models.JuryMeeting, edition="edition_id")
        track(models.Ballot, edition="member__edition_id")
        track(models.Decision, edition="edition_id")
        track(models.Motivation, edition="edition_id")
        track(models.MotivationVersion, edition="motivation__edition_id")
        track(models.MotivationReview, edition="version__motivation__edition_id")
        track(models.Feedback, edition="entry__edition_id")
