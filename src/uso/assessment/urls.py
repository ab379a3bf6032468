from django.urls import path

from . import views

app_name = "assessment"

urlpatterns = [
    path("assessment/", views.IndexView.as_view(), name="index"),
    path(
        "assessment/periods/<int:period>/", views.QuestionnaireView.as_view(), name="questionnaire"
    ),
    path(
        "assessment/periods/<int:period>/questions/new/",
        views.QuestionEditView.as_view(),
        name="question_add",
    ),
    path(
        "assessment/periods/<int:period>/rounds/<str:kind>/",
        views.RoundEditView.as_view(),
        name="round_edit",
    ),
    path("assessment/questions/<int:pk>/", views.QuestionEditView.as_view(), name="question_edit"),
    path(
        "assessment/questions/<int:pk>/<str:action>/",
        views.QuestionActionView.as_view(),
        name="question_action",
    ),
    path("assessment/rounds/<int:pk>/", views.RoundProgressView.as_view(), name="progress"),
    path("assessment/rounds/<int:pk>/remind/", views.RemindView.as_view(), name="remind"),
    path(
        "assessment/respondents/<int:pk>/withdraw/",
        views.RespondentRemoveView.as_view(),
        name="respondent_remove",
    ),
    path("assessment/answer/<str:token>/", views.AnswerView.as_view(), name="answer"),
    path(
        "assessment/municipalities/<str:code>/",
        views.MunicipalityView.as_view(),
        name="municipality",
    ),
    path(
        "assessment/municipalities/<str:code>/rounds/<int:pk>/invite/",
        views.InviteView.as_view(),
        name="invite",
    ),
    path(
        "assessment/municipalities/<str:code>/results/",
        views.ResultsView.as_view(),
        name="results",
    ),
    path(
        "assessment/municipalities/<str:code>/report.pdf",
        views.ReportView.as_view(),
        name="report",
    ),
]
