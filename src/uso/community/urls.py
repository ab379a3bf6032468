from django.urls import path

from . import views

app_name = "community"

urlpatterns = [
    path("community/", views.IndexView.as_view(), name="index"),
    path("community/areas/<int:pk>/", views.AreaView.as_view(), name="area"),
    path("community/areas/<int:pk>/new/", views.ThreadCreateView.as_view(), name="thread_add"),
    path("community/areas/<int:pk>/ask/", views.QuestionCreateView.as_view(), name="question_add"),
    path("community/threads/<int:pk>/", views.ThreadView.as_view(), name="thread"),
    path(
        "community/threads/<int:pk>/summary/",
        views.QuestionSummaryView.as_view(),
        name="question_summary",
    ),
    path("community/posts/<int:pk>/useful/", views.PostUsefulView.as_view(), name="post_useful"),
    path(
        "community/areas/<int:pk>/follow/",
        views.FollowView.as_view(),
        {"kind": "area"},
        name="follow_area",
    ),
    path(
        "community/threads/<int:pk>/follow/",
        views.FollowView.as_view(),
        {"kind": "thread"},
        name="follow_thread",
    ),
    path("community/posts/<int:pk>/edit/", views.PostEditView.as_view(), name="post_edit"),
    path("community/posts/<int:pk>/delete/", views.PostDeleteView.as_view(), name="post_delete"),
    path("community/posts/<int:pk>/report/", views.PostReportView.as_view(), name="post_report"),
    path(
        "community/posts/<int:pk>/moderate/",
        views.PostModerateView.as_view(),
        name="post_moderate",
    ),
    path(
        "community/posts/<int:pk>/history/",
        views.PostHistoryView.as_view(),
        name="post_history",
    ),
    path("community/moderation/", views.ModerationView.as_view(), name="moderation"),
    path("community/attachments/<int:pk>/", views.attachment_view, name="attachment"),
    path("community/peers/", views.PeerFinderView.as_view(), name="peers"),
    path("community/mailings/", views.MailingListView.as_view(), name="mailings"),
    path("community/mailings/new/", views.MailingCreateView.as_view(), name="mailing_add"),
    path("community/mailings/<int:pk>/", views.MailingView.as_view(), name="mailing"),
    path("community/practices/", views.PracticeListView.as_view(), name="practices"),
    path("community/practices/add/", views.PracticeCreateView.as_view(), name="practice_add"),
    path("community/practices/<int:pk>/", views.PracticeView.as_view(), name="practice"),
    path(
        "community/practices/<int:pk>/edit/",
        views.PracticeEditView.as_view(),
        name="practice_edit",
    ),
    path(
        "community/practices/<int:pk>/delete/",
        views.PracticeDeleteView.as_view(),
        name="practice_delete",
    ),
    path(
        "community/practices/<int:pk>/trying/",
        views.PracticeTryingView.as_view(),
        name="practice_trying",
    ),
    path("community/settings/", views.SettingsView.as_view(), name="settings"),
    path(
        "community/unsubscribe/<str:token>/",
        views.UnsubscribeView.as_view(),
        name="unsubscribe",
    ),
]
