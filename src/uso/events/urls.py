from django.urls import path

from .views import feedback, programme, registrations, reports

app_name = "events"

urlpatterns = [
    # The programme
    path("events/", programme.ProgrammeView.as_view(), name="programme"),
    path("events/month/", programme.MonthView.as_view(), name="month"),
    path("events/new/", programme.EventCreateView.as_view(), name="event_add"),
    path("events/<int:pk>/", programme.EventDetailView.as_view(), name="event"),
    path("events/<int:pk>/edit/", programme.EventUpdateView.as_view(), name="event_edit"),
    path("events/<int:pk>/publish/", programme.PublishEventView.as_view(), name="event_publish"),
    path("events/<int:pk>/cancel/", programme.CancelEventView.as_view(), name="event_cancel"),
    path("events/<int:pk>/event.ics", programme.event_ics_view, name="event_ics"),
    # Registration
    path("events/<int:pk>/register/", registrations.RegisterView.as_view(), name="register"),
    path(
        "events/<int:pk>/register-others/",
        registrations.RegisterOthersView.as_view(),
        name="register_others",
    ),
    path(
        "events/<int:pk>/registrations/",
        registrations.RegistrationListView.as_view(),
        name="registrations",
    ),
    path(
        "events/<int:pk>/participants/",
        registrations.ParticipantListView.as_view(),
        name="participants",
    ),
    path(
        "events/<int:pk>/participants.<str:fmt>",
        registrations.participant_export_view,
        name="participants_export",
    ),
    path(
        "registrations/<int:pk>/cancel/",
        registrations.CancelRegistrationView.as_view(),
        name="registration_cancel",
    ),
    path(
        "registrations/<int:pk>/attendance/",
        registrations.AttendanceView.as_view(),
        name="attendance",
    ),
    path("my/events/", registrations.MyRegistrationsView.as_view(), name="my_registrations"),
    # Change clinics
    path("events/<int:pk>/slots/", registrations.SlotsView.as_view(), name="slots"),
    path("slots/<int:pk>/book/", registrations.BookSlotView.as_view(), name="slot_book"),
    path("slots/<int:pk>/release/", registrations.ReleaseSlotView.as_view(), name="slot_release"),
    # Materials
    path("events/<int:pk>/materials/", registrations.MaterialsView.as_view(), name="materials"),
    path(
        "event-materials/<int:pk>/",
        registrations.material_download_view,
        name="material_download",
    ),
    # Calendars
    path("my/calendar/", registrations.CalendarFeedView.as_view(), name="calendar_feed"),
    path("calendar/<str:token>.ics", registrations.feed_view, name="feed"),
    # Feedback
    path("feedback/<str:token>/", feedback.GiveFeedbackView.as_view(), name="give_feedback"),
    path("events/<int:pk>/feedback/", feedback.FeedbackResultsView.as_view(), name="feedback"),
    path(
        "events/<int:pk>/feedback/questions/",
        feedback.FeedbackQuestionsView.as_view(),
        name="feedback_questions",
    ),
    # The coordinator's year
    path("events/year/", reports.YearView.as_view(), name="year"),
    path("events/year/export.<str:fmt>", reports.year_export_view, name="year_export"),
]
