from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("network-dashboard/", views.NetworkDashboardView.as_view(), name="index"),
    path(
        "network-dashboard/export/<slug:section>.xlsx",
        views.SectionExportView.as_view(),
        name="export",
    ),
    path(
        "network-dashboard/annual-report.pdf",
        views.AnnualReportView.as_view(),
        name="annual_report",
    ),
]
