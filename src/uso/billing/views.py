from decimal import Decimal

from django.contrib import messages
from django.db.models import Count
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, ListView, TemplateView

from uso.core.errors import DomainError
from uso.core.mixins import FilteredListMixin, PermissionMixin
from uso.network.forms import MembershipForm
from uso.network.models import Period
from uso.network.views import MembershipDetailView

from . import documents, services
from .forms import (
    AssignPaymentForm,
    CreditNoteForm,
    FeeBandFormSet,
    FeeOverrideForm,
    FeeScheduleForm,
    InvoiceFilterForm,
    InvoiceRunForm,
    ManualPaymentForm,
    PaymentImportForm,
)
from .models import EInvoiceBatch, FeeSchedule, Invoice, Payment


class BillingDashboardView(PermissionMixin, TemplateView):
    permission_required = "billing.manage_billing"
    template_name = "billing/dashboard.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        period = Period.objects.filter(pk=self.request.GET.get("period") or 0).first()
        period = period or Period.objects.current()
        by_year = list(Invoice.objects.filter(membership__period=period).totals_by_year(today))
        for row in by_year:
            row["overdue"] = (row["overdue_gross"] or Decimal("0.00")) - (
                row["overdue_paid"] or Decimal("0.00")
            )
            row["open"] = row["invoiced"] - row["paid"]
        scale = max([row["invoiced"] for row in by_year] or [Decimal(1)]) or Decimal(1)
        for row in by_year:
            row["paid_pct"] = int(min(row["paid"], row["invoiced"]) * 100 / scale)
            row["open_pct"] = int(max(row["open"], Decimal(0)) * 100 / scale)
        return super().get_context_data(
            period=period,
            periods=Period.objects.order_by("-start_date"),
            by_year=by_year,
            unmatched=Payment.objects.filter(invoice__isnull=True).count(),
            unsent=Invoice.objects.filter(sent_in__isnull=True)
            .exclude(buyer_einvoice_address="")
            .count(),
            overdue_count=Invoice.objects.overdue(today).count(),
            **kwargs,
        )


class InvoiceListView(PermissionMixin, FilteredListMixin, ListView):
    """Coordinators: every invoice, with filters and exports. Contact persons: their own."""

    permission_required = "billing.list_invoices"
    template_name = "billing/invoice_list.html"
    filter_form_class = InvoiceFilterForm
    paginate_by = 50

    def get_queryset(self):
        queryset = (
            Invoice.objects.visible_to(self.request.user)
            .select_related("series")
            .order_by("-invoice_date", "-number")
        )
        form = self.get_filter_form()
        if form.is_bound:
            form.is_valid()  # the valid filters apply even when another one is not
            queryset = form.filter(queryset)
        return queryset

    def get(self, request, *args, **kwargs):
        export = request.GET.get("export")
        if export in ("csv", "xlsx") and request.user.has_perm("billing.manage_billing"):
            invoices = self.get_queryset()
            stamp = timezone.localdate().isoformat()
            if export == "csv":
                response = HttpResponse(
                    documents.export_csv(invoices), content_type="text/csv; charset=utf-8"
                )
            else:
                response = HttpResponse(
                    documents.export_xlsx(invoices),
                    content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                )
            response["Content-Disposition"] = f'attachment; filename="invoices-{stamp}.{export}"'
            return response
        return super().get(request, *args, **kwargs)


class InvoiceMixin:
    def get_queryset(self):
        return Invoice.objects.select_related(
            "series",
            "membership__municipality",
            "membership__period__network",
            "credited_invoice__series",
        )

    @cached_property
    def invoice(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def get_permission_object(self):
        return self.invoice


class InvoiceDetailView(InvoiceMixin, PermissionMixin, DetailView):
    permission_required = "billing.view_invoice"
    template_name = "billing/invoice_detail.html"

    def get_object(self, queryset=None):
        return self.invoice

    def get_context_data(self, **kwargs):
        kwargs.setdefault(
            "payment_form", ManualPaymentForm(initial={"payment_date": timezone.localdate()})
        )
        return super().get_context_data(
            lines=self.object.lines.all(),
            vat_breakdown=self.object.vat_breakdown(),
            payments=self.object.payments.all(),
            credit_notes=self.object.credit_notes.select_related("series"),
            reminders=self.object.reminders.all(),
            history=self.object.history.select_related("history_user")[:20],
            credit_form=CreditNoteForm(),
            can_manage=self.request.user.has_perm("billing.manage_billing"),
            today=timezone.localdate(),
            **kwargs,
        )


class InvoicePdfView(InvoiceMixin, PermissionMixin, TemplateView):
    permission_required = "billing.view_invoice"

    def get(self, request, pk):
        data = documents.invoice_pdf(self.invoice)
        response = HttpResponse(data, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{self.invoice.display_number}.pdf"'
        return response


class InvoiceFinvoiceView(InvoiceMixin, PermissionMixin, TemplateView):
    permission_required = "billing.view_invoice"

    def get(self, request, pk):
        try:
            xml = documents.invoice_finvoice(self.invoice)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("billing:invoice", pk=self.invoice.pk)
        response = HttpResponse(xml, content_type="application/xml")
        name = f"{self.invoice.display_number}.xml"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class CreditNoteView(InvoiceMixin, PermissionMixin, FormView):
    permission_required = "billing.manage_billing"
    form_class = CreditNoteForm
    http_method_names = ["post"]

    def form_valid(self, form):
        try:
            credit = services.issue_credit_note(
                invoice=self.invoice, reason=form.cleaned_data["reason"], by=self.request.user
            )
        except DomainError as error:
            messages.error(self.request, error.message)
            return redirect("billing:invoice", pk=self.invoice.pk)
        messages.success(
            self.request,
            _("Credit note %(number)s was issued.") % {"number": credit.display_number},
        )
        return redirect("billing:invoice", pk=credit.pk)

    def form_invalid(self, form):
        messages.error(self.request, _("Give the reason for the credit note."))
        return redirect("billing:invoice", pk=self.invoice.pk)


class ManualPaymentView(InvoiceDetailView):
    """Records a payment; a form with errors comes back on the invoice's page as it was typed,
    each message at its field."""

    permission_required = "billing.manage_billing"
    http_method_names = ["post"]

    def post(self, request, pk):
        form = ManualPaymentForm(request.POST)
        if form.is_valid():
            try:
                services.record_payment(invoice=self.invoice, by=request.user, **form.cleaned_data)
            except DomainError as error:
                form.add_error(error.field, error.message)
            else:
                messages.success(request, _("The payment was recorded."))
                return redirect("billing:invoice", pk=self.invoice.pk)
        self.object = self.invoice
        return self.render_to_response(self.get_context_data(payment_form=form))


class ReminderView(InvoiceMixin, PermissionMixin, TemplateView):
    permission_required = "billing.manage_billing"
    http_method_names = ["post"]

    def post(self, request, pk):
        try:
            services.send_reminder(invoice=self.invoice, by=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("A payment reminder was sent to %(email)s.")
                % {"email": self.invoice.buyer_contact_email},
            )
        return redirect("billing:invoice", pk=self.invoice.pk)


class InvoiceRunView(PermissionMixin, FormView):
    """GET with the form's fields shows the preview; POST creates the invoices."""

    permission_required = "billing.manage_billing"
    form_class = InvoiceRunForm
    template_name = "billing/invoice_run.html"

    def get_initial(self):
        period = Period.objects.filter(pk=self.request.GET.get("period") or 0).first()
        if period is None:
            return {}
        year = timezone.localdate().year
        return {"period": period, "year": year if year in period.years else period.years[0]}

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.request.method == "GET" and {"period", "year"} <= set(self.request.GET):
            kwargs["data"] = self.request.GET
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        if form.is_bound and form.is_valid():
            try:
                context["drafts"] = services.plan_invoice_run(**form.cleaned_data)
            except DomainError as error:
                form.add_error(None, error.message)
        return context

    def form_valid(self, form):
        if self.request.method == "GET":
            return self.render_to_response(self.get_context_data(form=form))
        try:
            invoices = services.run_invoices(by=self.request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        if invoices:
            messages.success(
                self.request, _("%(count)s invoices were issued.") % {"count": len(invoices)}
            )
        else:
            messages.info(self.request, _("Nothing to invoice: every member has its invoice."))
        data = form.cleaned_data
        return redirect(
            f"{reverse('billing:invoices')}?period={data['period'].pk}&year={data['year']}"
        )

    def get(self, request, *args, **kwargs):
        form = self.get_form()
        return self.render_to_response(self.get_context_data(form=form))


class FeeScheduleView(PermissionMixin, TemplateView):
    permission_required = "billing.manage_billing"
    template_name = "billing/fee_schedule.html"

    @cached_property
    def period(self):
        return get_object_or_404(Period, pk=self.kwargs["period"])

    @cached_property
    def schedule(self):
        schedule, _created = FeeSchedule.objects.get_or_create(period=self.period)
        return schedule

    def forms(self, data=None):
        initial = [
            {
                "min_population": b.min_population,
                "max_population": b.max_population,
                "annual_fee": b.annual_fee,
            }
            for b in self.schedule.bands.all()
        ]
        return (
            FeeScheduleForm(data, instance=self.schedule, prefix="schedule"),
            # Posted rows are compared with blanks, not with the saved bands: a saved band sent
            # back unchanged must still count as a row.
            FeeBandFormSet(data, initial=None if data is not None else initial, prefix="bands"),
        )

    def get_context_data(self, **kwargs):
        kwargs.pop("period", None)  # the URL's id; the context gets the Period itself
        schedule_form, band_formset = kwargs.pop("forms", None) or self.forms()
        return super().get_context_data(
            period=self.period, schedule_form=schedule_form, band_formset=band_formset, **kwargs
        )

    def post(self, request, period):
        schedule_form, band_formset = self.forms(request.POST)
        if schedule_form.is_valid() and band_formset.is_valid():
            bands = [
                (
                    f.cleaned_data["min_population"],
                    f.cleaned_data.get("max_population"),
                    f.cleaned_data["annual_fee"],
                )
                for f in band_formset
                if f.cleaned_data and not f.cleaned_data.get("DELETE")
            ]
            try:
                services.save_fee_schedule(schedule_form=schedule_form, bands=bands)
            except DomainError as error:
                return self.render_to_response(
                    self.get_context_data(
                        forms=(schedule_form, band_formset), problem=error.message
                    )
                )
            messages.success(request, _("The fee schedule was saved."))
            return redirect("billing:fee_schedule", period=self.period.pk)
        return self.render_to_response(self.get_context_data(forms=(schedule_form, band_formset)))


class FeeOverrideView(MembershipDetailView):
    """Sets a membership's yearly fee by hand; a form with errors comes back on the
    membership's page as it was typed, each message at its field."""

    permission_required = "billing.manage_billing"
    http_method_names = ["post"]

    def post(self, request, pk):
        self.object = self.get_object()
        form = FeeOverrideForm(request.POST)
        if form.is_valid():
            try:
                services.set_fee_override(
                    membership=self.object, by=request.user, **form.cleaned_data
                )
            except DomainError as error:
                form.add_error(error.field, error.message)
            else:
                messages.success(request, _("The membership's fee was saved."))
                return redirect("network:membership", pk=self.object.pk)
        membership_form = MembershipForm(instance=self.object)
        return self.render_to_response(self.get_context_data(form=membership_form, fee_form=form))


class PaymentImportView(PermissionMixin, FormView):
    permission_required = "billing.manage_billing"
    form_class = PaymentImportForm
    template_name = "billing/payment_import.html"

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            result = services.import_bank_payments(
                filename=upload.name, data=upload.read(), by=self.request.user
            )
        except DomainError as error:
            form.add_error("file", error.message)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _(
                "Matched %(matched)s payments; %(unmatched)s need a person; %(duplicates)s were "
                "imported before."
            )
            % vars(result),
        )
        return redirect("billing:unmatched_payments")


class UnmatchedPaymentListView(PermissionMixin, ListView):
    permission_required = "billing.manage_billing"
    template_name = "billing/unmatched_payments.html"
    paginate_by = 50

    def get_queryset(self):
        return Payment.objects.filter(invoice__isnull=True).order_by("-payment_date", "-pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(assign_form=AssignPaymentForm(), **kwargs)


class AssignPaymentView(UnmatchedPaymentListView):
    """Attaches a payment to an invoice; refused, the list comes back with what was typed
    in that payment's row and the reason beside it."""

    http_method_names = ["post"]

    def post(self, request, pk):
        payment = get_object_or_404(Payment, pk=pk)
        form = AssignPaymentForm(request.POST)
        if form.is_valid():
            try:
                services.assign_payment(
                    payment=payment, invoice=form.cleaned_data["invoice"], by=request.user
                )
            except DomainError as error:
                form.add_error("invoice", error.message)
            else:
                messages.success(request, _("The payment was attached to the invoice."))
                return redirect("billing:unmatched_payments")
        self.object_list = self.get_queryset()
        refused = {
            "payment": payment.pk,
            "typed": request.POST.get("invoice", ""),
            "message": " ".join(form.errors["invoice"]),
        }
        return self.render_to_response(self.get_context_data(refused=refused))


class EInvoiceBatchListView(PermissionMixin, ListView):
    permission_required = "billing.manage_billing"
    template_name = "billing/einvoice_batches.html"
    paginate_by = 50

    def get_queryset(self):
        return (
            EInvoiceBatch.objects.select_related("created_by")
            .annotate(size=Count("invoices"))
            .order_by("-created_at")
        )

    def get_context_data(self, **kwargs):
        waiting = Invoice.objects.filter(sent_in__isnull=True)
        return super().get_context_data(
            unsent=waiting.exclude(buyer_einvoice_address="").count(),
            without_address=waiting.filter(buyer_einvoice_address="").count(),
            **kwargs,
        )

    def post(self, request):
        try:
            batch = documents.send_einvoice_batch(by=request.user)
        except DomainError as error:  # nothing was sent: the whole batch was rolled back
            messages.error(request, error.message)
            return redirect("billing:einvoices")
        if batch is None:
            messages.info(request, _("Every e-invoice has been sent already."))
        else:
            messages.success(
                request,
                _("A batch of %(count)s e-invoices is ready to download.")
                % {"count": batch.invoices.count()},
            )
        return redirect("billing:einvoices")


class EInvoiceBatchDownloadView(PermissionMixin, TemplateView):
    permission_required = "billing.manage_billing"

    def get(self, request, pk):
        batch = get_object_or_404(EInvoiceBatch, pk=pk)
        return FileResponse(
            batch.file.open("rb"), as_attachment=True, filename=batch.file.name.rsplit("/", 1)[-1]
        )


class FeeEstimatesView(PermissionMixin, TemplateView):
    """Send the previous period's members their estimated fee for this period's first year."""

    permission_required = "billing.manage_billing"
    http_method_names = ["post"]

    def post(self, request, period):
        from uso.network.views import previous_period_of

        next_period = get_object_or_404(Period, pk=period)
        current = previous_period_of(next_period) or next_period
        try:
            count = services.send_fee_estimates(
                current=current, next_period=next_period, by=request.user
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("%(count)s fee estimates were sent.") % {"count": count})
        return redirect("network:period", pk=next_period.pk)
