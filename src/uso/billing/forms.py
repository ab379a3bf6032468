from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from uso.core.forms import MoneyField
from uso.network.forms import DATE_INPUT
from uso.network.models import Period

from .models import FeeSchedule, Invoice


def period_choices():
    return Period.objects.order_by("-start_date")


class InvoiceRunForm(forms.Form):
    period = forms.ModelChoiceField(label=_("Period"), queryset=None)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    pro_rata = forms.BooleanField(
        label=_("Members who joined during the year pay whole months only (pro rata)"),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = period_choices()
        self.fields["year"].initial = timezone.localdate().year

    def clean(self):
        data = super().clean()
        period, year = data.get("period"), data.get("year")
        if period and year and year not in period.years:
            self.add_error(
                "year",
                _("Choose a year of the period (%(years)s).")
                % {"years": ", ".join(map(str, period.years))},
            )
        return data


class FeeScheduleForm(forms.ModelForm):
    class Meta:
        model = FeeSchedule
        fields = ["extra_workshop_price", "vat_exempt", "vat_basis_text"]
        localized_fields = ["extra_workshop_price"]
        field_classes = {"extra_workshop_price": MoneyField}

    def clean(self):
        data = super().clean()
        if data.get("vat_exempt") and not data.get("vat_basis_text"):
            self.add_error("vat_basis_text", _("Give the legal basis printed on the invoices."))
        return data


class FeeBandForm(forms.Form):
    min_population = forms.IntegerField(label=_("From (inhabitants)"), min_value=0)
    max_population = forms.IntegerField(label=_("To (inhabitants)"), min_value=0, required=False)
    annual_fee = MoneyField(
        label=_("Yearly fee (excl. VAT)"),
        min_value=Decimal("0"),
        decimal_places=2,
        max_digits=12,
        localize=True,
    )


FeeBandFormSet = forms.formset_factory(FeeBandForm, extra=1, can_delete=True)


class FeeOverrideForm(forms.Form):
    annual_fee = MoneyField(
        label=_("Yearly fee (excl. VAT)"),
        min_value=Decimal("0"),
        decimal_places=2,
        max_digits=12,
        required=False,
        help_text=_("Leave empty to use the fee band."),
    )
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


class InvoiceFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    period = forms.ModelChoiceField(
        label=_("Period"), queryset=None, required=False, empty_label=_("All")
    )
    year = forms.IntegerField(label=_("Year"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All")), *Invoice.Status.choices, ("overdue", _("Overdue"))],
        required=False,
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All")), *Invoice.Kind.choices], required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = period_choices()

    def filter(self, queryset):
        data = self.cleaned_data
        if data.get("q"):
            text = data["q"].strip()
            number = text.lstrip("Hh")
            condition = queryset.filter(buyer_name__icontains=text)
            if number.isdigit():
                condition = condition | queryset.filter(number=int(number))
                condition = condition | queryset.filter(reference=text.replace(" ", ""))
            queryset = condition
        if data.get("period"):
            queryset = queryset.filter(membership__period=data["period"])
        if data.get("year"):
            queryset = queryset.filter(year=data["year"])
        if data.get("status") == "overdue":
            queryset = queryset.overdue(timezone.localdate())
        elif data.get("status"):
            queryset = queryset.filter(status=data["status"])
        if data.get("kind"):
            queryset = queryset.filter(kind=data["kind"])
        return queryset


class CreditNoteForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the credit note"), max_length=300)


class ManualPaymentForm(forms.Form):
    amount = MoneyField(
        label=_("Amount"), min_value=Decimal("0.01"), decimal_places=2, max_digits=12, localize=True
    )
    payment_date = forms.DateField(label=_("Payment date"), widget=DATE_INPUT)
    payer_name = forms.CharField(label=_("Payer"), max_length=200, required=False)


class PaymentImportForm(forms.Form):
    file = forms.FileField(
        label=_("Bank notification (camt.054 XML)"),
        help_text=_("The bank's ISO 20022 camt.054 file of incoming reference payments."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 10 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload


class AssignPaymentForm(forms.Form):
    invoice = forms.CharField(
        label=_("Invoice number or reference"),
        max_length=30,
    )

    def clean_invoice(self):
        text = self.cleaned_data["invoice"].replace(" ", "")
        invoice = Invoice.objects.filter(reference=text).first()
        if invoice is None and text.isdigit():
            invoice = Invoice.objects.filter(kind=Invoice.Kind.INVOICE, number=int(text)).first()
        if invoice is None:
            raise forms.ValidationError(_("No invoice has that number or reference."))
        return invoice
