from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.LandingView.as_view(), name="landing"),
    path("health/", views.HealthView.as_view(), name="health"),
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("privacy/", views.SitePageView.as_view(slug="privacy"), name="privacy"),
    path("accessibility/", views.SitePageView.as_view(slug="accessibility"), name="accessibility"),
    path("pages/<slug:slug>/edit/", views.SitePageEditView.as_view(), name="page_edit"),
]
