from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from uso.core.validators import validate_phone

from .models import Membership, Municipality, MunicipalityLanguage, PeerGroup, Region
from .sizes import SizeClass

# A browser's date picker takes ISO dates only, whatever the interface language.
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MunicipalityFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.all(), required=False, empty_label=_("All")
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=[("", _("All")), *MunicipalityLanguage.choices],
        required=False,
    )
    size = forms.ChoiceField(
        label=_("Size"), choices=[("", _("All")), *SizeClass.choices], required=False
    )
    member = forms.ChoiceField(
        label=_("Member of the current period"),
        choices=[("", _("All")), ("yes", _("Members")), ("no", _("Not members"))],
        required=False,
    )

    def filter(self, queryset, current_period):
        data = self.cleaned_data
        if data.get("q"):
            queryset = queryset.search(data["q"])
        if data.get("region"):
            queryset = queryset.filter(region=data["region"])
        if data.get("language"):
            queryset = queryset.filter(language=data["language"])
        if data.get("size"):
            queryset = queryset.in_size_class(data["size"])
        if data.get("member") and current_period is not None:
            members = Municipality.objects.members_of(current_period).values("pk")
            if data["member"] == "yes":
                queryset = queryset.filter(pk__in=members)
            else:
                queryset = queryset.exclude(pk__in=members)
        return queryset


class PopulationForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2100)
    inhabitants = forms.IntegerField(label=_("Inhabitants"), min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year - 1


class PopulationImportForm(forms.Form):
    file = forms.FileField(
        label=_("Statistics Finland CSV export"),
        help_text=_("PxWeb's semicolon-separated CSV: area as “KU091 Helsinki”, “091” or a name."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        if not upload.name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError(_("Choose a .csv file."))
        return upload


class JoinForm(forms.Form):
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.order_by("name_fi"),
        widget=forms.Select(attrs={"data-searchable": "true"}),
    )
    contact_name = forms.CharField(label=_("Contact person's name"), max_length=200)
    contact_title = forms.CharField(
        label=_("Job title"), max_length=200, help_text=_("For example “kunnanjohtaja”.")
    )
    contact_email = forms.EmailField(label=_("E-mail"))
    contact_phone = forms.CharField(
        label=_("Phone"), max_length=40, required=False, validators=[validate_phone]
    )
    message = forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.in_name_order()


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = Membership.EDITABLE_FIELDS
        widgets = {
            "joined_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ended_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "population_reference_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "billing_address": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }


class ConsultantsForm(forms.Form):
    consultants = forms.ModelMultipleChoiceField(
        label=_("Consultants"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        from uso.accounts.models import Role, User

        super().__init__(*args, **kwargs)
        self.fields["consultants"].queryset = User.objects.active().filter(role=Role.CONSULTANT)


class PeerGroupForm(forms.ModelForm):
    class Meta:
        model = PeerGroup
        fields = [
            "name_fi",
            "name_sv",
            "name_en",
            "description_fi",
            "description_sv",
            "description_en",
            "rule_size_class",
            "rule_region",
            "rule_language",
            "members",
        ]
        widgets = {
            "members": forms.CheckboxSelectMultiple,
            "description_fi": forms.Textarea(attrs={"rows": 2}),
            "description_sv": forms.Textarea(attrs={"rows": 2}),
            "description_en": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "members": _("Ignored when a rule is set: the rule picks the members."),
        }

    def __init__(self, *args, period, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name_fi"].required = True
        self.fields["members"].queryset = Municipality.objects.members_of(period).order_by(
            "name_fi"
        )


class NextPeriodForm(forms.Form):
    name_fi = forms.CharField(label=_("Name in Finnish"), max_length=200)
    name_sv = forms.CharField(label=_("Name in Swedish"), max_length=200, required=False)
    name_en = forms.CharField(label=_("Name in English"), max_length=200, required=False)
    start_date = forms.DateField(label=_("Starts"), widget=DATE_INPUT)
    end_date = forms.DateField(label=_("Ends"), widget=DATE_INPUT)
