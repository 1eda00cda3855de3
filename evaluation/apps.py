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
        classify_personal_data()


def classify_personal_data() -> None:
    """What of the jury's tables is a person's own (accounts.personal_data). A jury member takes
    away their seat and what they wrote (declarations, scores, marks, notes, rankings, reviews;
    the chair also rulings, decisions, reports and minutes); an entrant's contact takes away the
    interviewees they confirmed and when, never the visit's report, notes or logistics."""
    from accounts.personal_data import NotTheirs, Theirs, classify

    jurys = NotTheirs("the jury's")
    classify("evaluation.JuryMember", Theirs(user="user"))
    classify(
        "evaluation.ConflictDeclaration",
        Theirs(user="member__user"),
        Theirs(user="ruled_by", fields=("member", "entry", "ruling", "ruled_at", "ruling_note")),
    )
    classify("evaluation.ScoringRound", jurys)
    classify("evaluation.Assignment", Theirs(user="member__user"))
    classify("evaluation.Scorecard", Theirs(user="member__user"))
    classify("evaluation.Score", Theirs(user="scorecard__member__user"))
    classify("evaluation.ScorecardRevision", Theirs(user="actor"))
    classify("evaluation.PassageMark", Theirs(user="member__user"))
    classify("evaluation.StandingDecision", Theirs(user="actor"))
    classify("evaluation.InterviewQuestion", jurys)
    classify(
        "evaluation.SiteVisit",
        Theirs(user="report_by", fields=("entry", "report", "report_updated_at")),
        Theirs(
            user="interviewees_confirmed_by",
            fields=("entry", "starts_at", "ends_at", "mode", "interviewees_confirmed_at"),
        ),
    )
    classify("evaluation.VisitParticipant", Theirs(user="member__user"))
    classify(
        "evaluation.Interviewee",
        Theirs(user="visit__interviewees_confirmed_by", fields=("visit", "name", "role", "title")),
    )
    classify("evaluation.VisitNotes", Theirs(user="member__user", fields=("visit", "texts")))
    classify("evaluation.JuryMeeting", Theirs(user="updated_by", fields=("minutes", "updated_at")))
    classify("evaluation.Ballot", Theirs(user="member__user"))
    classify("evaluation.BallotRank", Theirs(user="ballot__member__user"))
    classify("evaluation.Decision", Theirs(user="decided_by"))
    classify("evaluation.Motivation", jurys)
    classify("evaluation.MotivationVersion", Theirs(user="author"))
    classify("evaluation.MotivationReview", Theirs(user="member__user"))
    classify("evaluation.MotivationEvent", Theirs(user="actor"))
    classify("evaluation.Feedback", Theirs(user="updated_by", fields=("entry", "texts", "summary")))
