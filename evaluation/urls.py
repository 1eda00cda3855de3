from django.urls import path

from evaluation import views

app_name = "evaluation"

urlpatterns = [
    path("<slug:slug>/", views.JuryHomeView.as_view(), name="jury-home"),
    path("<slug:slug>/declarations/", views.DeclarationsView.as_view(), name="declarations"),
    path("<slug:slug>/conflicts/", views.ConflictsView.as_view(), name="conflicts"),
    path(
        "<slug:slug>/conflicts/<int:pk>/rule/",
        views.ConflictRuleView.as_view(),
        name="conflict-rule",
    ),
    path("<slug:slug>/members/", views.JuryMembersView.as_view(), name="jury-members"),
    path("<slug:slug>/members/<int:pk>/", views.JuryMemberEditView.as_view(), name="jury-member"),
    path("<slug:slug>/rounds/<int:number>/", views.RoundView.as_view(), name="round"),
    path(
        "<slug:slug>/rounds/<int:number>/entries/<int:pk>/",
        views.ScoreView.as_view(),
        name="score",
    ),
    path("<slug:slug>/rounds/<int:number>/results/", views.ResultsView.as_view(), name="results"),
    path(
        "<slug:slug>/rounds/<int:number>/results.<str:format>",
        views.ResultsExportView.as_view(),
        name="results-export",
    ),
    path(
        "<slug:slug>/rounds/<int:number>/settings/",
        views.RoundSettingsView.as_view(),
        name="round-settings",
    ),
    path(
        "<slug:slug>/rounds/<int:number>/assignments/",
        views.AssignmentsView.as_view(),
        name="assignments",
    ),
    path("<slug:slug>/entries/<int:pk>/marks/", views.MarkAddView.as_view(), name="mark-add"),
    path("<slug:slug>/marks/<int:pk>/delete/", views.MarkDeleteView.as_view(), name="mark-delete"),
    path("<slug:slug>/shortlist/", views.ShortlistView.as_view(), name="shortlist"),
    path(
        "<slug:slug>/shortlist/<int:pk>/",
        views.StandingDecideView.as_view(),
        name="standing-decide",
    ),
]
