from django.urls import path

from . import views

app_name = "billing"

urlpatterns = [
    path("billing/", views.BillingDashboardView.as_view(), name="dashboard"),
    path("billing/invoices/", views.InvoiceListView.as_view(), name="invoices"),
    path("billing/invoices/<int:pk>/", views.InvoiceDetailView.as_view(), name="invoice"),
    path("billing/invoices/<int:pk>/pdf/", views.InvoicePdfView.as_view(), name="invoice_pdf"),
    path(
        "billing/invoices/<int:pk>/finvoice/",
        views.InvoiceFinvoiceView.as_view(),
        name="invoice_finvoice",
    ),
    path("billing/invoices/<int:pk>/credit/", views.CreditNoteView.as_view(), name="credit"),
    path(
        "billing/invoices/<int:pk>/payments/",
        views.ManualPaymentView.as_view(),
        name="manual_payment",
    ),
    path("billing/invoices/<int:pk>/remind/", views.ReminderView.as_view(), name="remind"),
    path("billing/runs/", views.InvoiceRunView.as_view(), name="invoice_run"),
    path(
        "billing/periods/<int:period>/fees/", views.FeeScheduleView.as_view(), name="fee_schedule"
    ),
    path("billing/memberships/<int:pk>/fee/", views.FeeOverrideView.as_view(), name="fee_override"),
    path(
        "billing/periods/<int:period>/fee-estimates/",
        views.FeeEstimatesView.as_view(),
        name="fee_estimates",
    ),
    path("billing/payments/import/", views.PaymentImportView.as_view(), name="payment_import"),
    path(
        "billing/payments/unmatched/",
        views.UnmatchedPaymentListView.as_view(),
        name="unmatched_payments",
    ),
    path(
        "billing/payments/<int:pk>/assign/",
        views.AssignPaymentView.as_view(),
        name="assign_payment",
    ),
    path("billing/einvoices/", views.EInvoiceBatchListView.as_view(), name="einvoices"),
    path(
        "billing/einvoices/<int:pk>/download/",
        views.EInvoiceBatchDownloadView.as_view(),
        name="einvoice_download",
    ),
]
