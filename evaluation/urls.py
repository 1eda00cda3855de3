from django.urls import path

from evaluation.views import decision, feedback, jury, notes, results, scoring, visits

app_name = "evaluation"

urlpatterns = [
    path("jury/<slug:slug>/", jury.JuryHomeView.as_view(), name="jury-home"),
    path("jury/<slug:slug>/declarations/", jury.DeclarationsView.as_view(), name="declarations"),
    path("jury/<slug:slug>/conflicts/", jury.ConflictsView.as_view(), name="conflicts"),
    path(
        "<slug:slug>/conflicts/<int:pk>/rule/",
        jury.ConflictRuleView.as_view(),
        name="conflict-rule",
    ),
    path("jury/<slug:slug>/members/", jury.JuryMembersView.as_view(), name="jury-members"),
    path(
        "jury/<slug:slug>/members/<int:pk>/", jury.JuryMemberEditView.as_view(), name="jury-member"
    ),
    path(
        "jury/<slug:slug>/members/<int:pk>/remove/",
        jury.JuryMemberRemoveView.as_view(),
        name="jury-member-remove",
    ),
    path("jury/<slug:slug>/rounds/<int:number>/", scoring.RoundView.as_view(), name="round"),
    path(
        "<slug:slug>/rounds/<int:number>/entries/<int:pk>/",
        scoring.ScoreView.as_view(),
        name="score",
    ),
    path(
        "jury/<slug:slug>/rounds/<int:number>/results/",
        results.ResultsView.as_view(),
        name="results",
    ),
    path(
        "<slug:slug>/rounds/<int:number>/results.<str:format>",
        results.ResultsExportView.as_view(),
        name="results-export",
    ),
    path(
        "<slug:slug>/rounds/<int:number>/settings/",
        results.RoundSettingsView.as_view(),
        name="round-settings",
    ),
    path(
        "<slug:slug>/rounds/<int:number>/assignments/auto/",
        results.AssignmentsAutoView.as_view(),
        name="assignments-auto",
    ),
    path(
        "<slug:slug>/rounds/<int:number>/assignments/<int:member>/<int:entry>/add/",
        results.AssignmentSetView.as_view(assigned=True),
        name="assignment-add",
    ),
    path(
        "<slug:slug>/rounds/<int:number>/assignments/<int:member>/<int:entry>/remove/",
        results.AssignmentSetView.as_view(assigned=False),
        name="assignment-remove",
    ),
    path("jury/<slug:slug>/reading-pack/", scoring.ReadingPackView.as_view(), name="reading-pack"),
    path(
        "jury/<slug:slug>/reading-pack/<int:pk>/",
        scoring.ReadingPackDownloadView.as_view(),
        name="reading-pack-download",
    ),
    path(
        "jury/<slug:slug>/exports/<str:kind>.<str:format>",
        results.JuryExportView.as_view(),
        name="jury-export",
    ),
    path(
        "jury/<slug:slug>/entries/<int:pk>/marks/", scoring.MarkAddView.as_view(), name="mark-add"
    ),
    path(
        "jury/<slug:slug>/marks/<int:pk>/delete/",
        scoring.MarkDeleteView.as_view(),
        name="mark-delete",
    ),
    path("jury/<slug:slug>/shortlist/", results.ShortlistView.as_view(), name="shortlist"),
    path(
        "<slug:slug>/shortlist/<int:pk>/",
        results.StandingDecideView.as_view(),
        name="standing-decide",
    ),
    # Site visits
    path("jury/<slug:slug>/visits/", visits.VisitsView.as_view(), name="visits"),
    path(
        "jury/<slug:slug>/visits/plan/<int:pk>/",
        visits.VisitPlanView.as_view(),
        name="visit-plan",
    ),
    path("jury/<slug:slug>/visits/<int:pk>/", visits.VisitView.as_view(), name="visit"),
    path(
        "jury/<slug:slug>/visits/<int:visit>/edit/",
        visits.VisitPlanView.as_view(),
        name="visit-edit",
    ),
    path(
        "jury/<slug:slug>/visits/<int:visit>/cancel/",
        visits.VisitCancelView.as_view(),
        name="visit-cancel",
    ),
    path(
        "jury/<slug:slug>/visits/<int:pk>/notes/",
        notes.NotesView.as_view(),
        name="visit-notes",
    ),
    path(
        "jury/<slug:slug>/visits/<int:pk>/report/",
        notes.ReportView.as_view(),
        name="visit-report",
    ),
    path(
        "jury/<slug:slug>/visits/<int:pk>/guide/",
        notes.GuideView.as_view(),
        name="visit-guide",
    ),
    path(
        "jury/<slug:slug>/visits/<int:pk>/guide.<str:format>",
        notes.GuideView.as_view(),
        name="visit-guide-pdf",
    ),
    path(
        "jury/<slug:slug>/questions/",
        visits.QuestionBankView.as_view(),
        name="question-bank",
    ),
    path(
        "jury/<slug:slug>/questions/<int:question>/delete/",
        visits.InterviewQuestionDeleteView.as_view(),
        name="interview-question-delete",
    ),
    path("visits/<int:pk>/", visits.EntrantVisitView.as_view(), name="visit-entrant"),
    path("visits/<int:pk>/visit.ics", visits.VisitCalendarView.as_view(), name="visit-ics"),
    # Deliberation, decision and motivation
    path(
        "jury/<slug:slug>/deliberation/",
        decision.DeliberationView.as_view(),
        name="deliberation",
    ),
    path(
        "jury/<slug:slug>/deliberation/meeting/",
        decision.MeetingView.as_view(),
        name="meeting",
    ),
    path("jury/<slug:slug>/ranking/", decision.BallotView.as_view(), name="ballot"),
    path("jury/<slug:slug>/decision/", decision.DecisionView.as_view(), name="decision"),
    path("jury/<slug:slug>/motivation/", decision.MotivationView.as_view(), name="motivation"),
    path(
        "jury/<slug:slug>/motivation/draft/",
        decision.MotivationDraftView.as_view(),
        name="motivation-draft",
    ),
    path(
        "jury/<slug:slug>/motivation/review/",
        decision.MotivationReviewView.as_view(),
        name="motivation-review",
    ),
    path(
        "jury/<slug:slug>/motivation/finalise/",
        decision.MotivationFinaliseView.as_view(),
        name="motivation-finalise",
    ),
    path(
        "jury/<slug:slug>/motivation/reopen/",
        decision.MotivationReopenView.as_view(),
        name="motivation-reopen",
    ),
    # Feedback to entrants
    path("jury/<slug:slug>/feedback/", feedback.FeedbackListView.as_view(), name="feedback-list"),
    path(
        "jury/<slug:slug>/feedback/<int:pk>/",
        feedback.FeedbackEditView.as_view(),
        name="feedback-edit",
    ),
    path("entries/<int:pk>/feedback.pdf", feedback.FeedbackPdfView.as_view(), name="feedback-pdf"),
]
