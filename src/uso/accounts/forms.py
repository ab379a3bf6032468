from django import forms
from django.utils.translation import gettext_lazy as _

from uso.core.validators import validate_phone

from .models import Language, Leadership, Role, User


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    position = forms.CharField(
        label=_("Position"),
        max_length=200,
        required=False,
        help_text=_("For example “kunnanjohtaja” or “valtuuston puheenjohtaja”."),
    )
    leadership = forms.ChoiceField(
        label=_("Leadership type"), choices=[("", "—"), *Leadership.choices], required=False
    )
    phone = forms.CharField(
        label=_("Phone"), max_length=40, required=False, validators=[validate_phone]
    )
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    role = forms.ChoiceField(label=_("Role"), choices=[])

    def __init__(self, *args, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(r, Role(r).label) for r in roles]
        if len(roles) == 1:
            self.fields["role"].initial = roles[0]
            self.fields["role"].widget = forms.HiddenInput()


class StaffInviteForm(InviteForm):
    """Coordinators invite people of any municipality, or network staff without one."""

    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=None,
        required=False,
        help_text=_("Leave empty for the network's own staff (coordinators and consultants)."),
        widget=forms.Select(attrs={"data-searchable": "true"}),
    )

    def __init__(self, *args, **kwargs):
        from uso.network.models import Municipality

        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.in_name_order()


class PersonForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "phone", "position", "leadership", "language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Others know a person by name (participant lists, discussions), as the invitation asks.
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True

    def clean_email(self):
        """One person an address, whatever the case of its letters (stored in lower case)."""
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.address_taken(email, but=self.instance):
            raise forms.ValidationError(_("Another person already has this e-mail address."))
        return email


class PeopleImportForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet (CSV or XLSX)"),
        help_text=_(
            "Columns: email, first_name, last_name, municipality (code or name), role "
            "(coordinator, consultant, contact, participant), leadership (political, "
            "professional), position, phone, language (fi, sv, en)."
        ),
    )
    send_invitations = forms.BooleanField(
        label=_("Send each person an invitation e-mail"), required=False, initial=True
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        if not upload.name.lower().endswith((".csv", ".xlsx", ".txt")):
            raise forms.ValidationError(_("Choose a .csv or .xlsx file."))
        return upload


class PeopleFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    role = forms.ChoiceField(
        label=_("Role"), choices=[("", _("All")), *Role.choices], required=False
    )
    active = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All")), ("yes", _("Active")), ("no", _("Deactivated"))],
        required=False,
    )


class HandOverForm(forms.Form):
    person = forms.ModelChoiceField(label=_("New contact person"), queryset=None)

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = User.objects.active().filter(municipality=municipality)


class AcceptInvitationForm(forms.Form):
    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters, not only digits, not a common password."),
    )
    password_again = forms.CharField(
        label=_("Password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("The passwords differ."))
        return data


class DeleteAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that my account is removed and cannot be restored."),
    )
