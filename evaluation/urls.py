from django.urls import path

from evaluation import views

app_name = "evaluation"

urlpatterns = [
    path("<slug:slug>/", views.JuryHomeView.as_view(), name="jury-home"),
]
