from datetime import datetime, timedelta

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from uso.accounts.models import User
from uso.core.uploads import document_format
from uso.network.models import Municipality, PeerGroup, Period, Region, SubTheme, ThemeArea

from .models import AgendaItem, Event, EventFormat, EventKind, ParticipationMode, Registration
from .services import schedule_problems

# A browser's date-and-time picker takes ISO values only, whatever the interface language.
DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class ThemeAreaChoiceField(forms.ModelChoiceField):
    """Theme areas of every period, newest period first, each named with its period: the
    periods reuse the areas' names."""

    def label_from_instance(self, theme):
        return f"{theme.name} ({theme.period.name})"


class ProgrammeFilterForm(forms.Form):
    WHEN_CHOICES = [("upcoming", _("Upcoming")), ("past", _("Past")), ("all", _("All"))]

    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All")), *EventKind.choices], required=False
    )
    theme = ThemeAreaChoiceField(
        label=_("Theme area"),
        queryset=ThemeArea.objects.none(),
        required=False,
        empty_label=_("All"),
    )
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.all(), required=False, empty_label=_("All")
    )
    when = forms.ChoiceField(label=_("When"), choices=WHEN_CHOICES, required=False)

    def __init__(self, *args, period=None, **kwargs):
        super().__init__(*args, **kwargs)
        themes = ThemeArea.objects.select_related("period")
        if period is not None:
            themes = themes.filter(period=period)
        self.fields["theme"].queryset = themes.order_by("-period__start_date", "order", "pk")

    def filter(self, queryset, *, default_when="upcoming"):
        data = {}
        if self.is_bound:
            self.is_valid()  # the valid filters apply even when another one is not
            data = self.cleaned_data
        if data.get("kind"):
            queryset = queryset.filter(kind=data["kind"])
        if data.get("theme"):
            queryset = queryset.filter(
                pk__in=Event.sub_themes.through.objects.filter(
                    subtheme__theme_area=data["theme"]
                ).values("event")
            )
        if data.get("region"):
            in_region = Event.regions.through.objects.filter(region=data["region"]).values("event")
            has_regions = Event.regions.through.objects.values("event")
            # A region's events: its regional clinics and everything not tied to a region.
            queryset = queryset.filter(Q(pk__in=in_region) | ~Q(pk__in=has_regions))
        when = data.get("when") or default_when
        if when == "upcoming":
            queryset = queryset.upcoming()
        elif when == "past":
            queryset = queryset.past()
        return queryset


class EventForm(forms.ModelForm):
    online_url = forms.URLField(
        label=capfirst(Event._meta.get_field("online_url").verbose_name),
        help_text=Event._meta.get_field("online_url").help_text,
        required=False,
        assume_scheme="https",
    )

    class Meta:
        model = Event
        fields = [
            "period",
            "kind",
            "title_fi",
            "title_sv",
            "title_en",
            "description_fi",
            "description_sv",
            "description_en",
            "start",
            "end",
            "format",
            "venue",
            "address",
            "online_url",
            "audience",
            "capacity",
            "per_municipality_limit",
            "registration_opens",
            "registration_closes",
            "guests_allowed",
            "organisers",
            "speakers",
            "seminar_round",
            "sub_themes",
            "peer_groups",
            "regions",
            "admitted_municipalities",
            "municipality",
        ]
        widgets = {
            "start": DATETIME_INPUT,
            "end": DATETIME_INPUT,
            "registration_opens": DATETIME_INPUT,
            "registration_closes": DATETIME_INPUT,
            "description_fi": forms.Textarea(attrs={"rows": 6}),
            "description_sv": forms.Textarea(attrs={"rows": 4}),
            "description_en": forms.Textarea(attrs={"rows": 4}),
            "sub_themes": forms.CheckboxSelectMultiple,
            "peer_groups": forms.CheckboxSelectMultiple,
        }
        labels = {
            "title_fi": _("Title in Finnish"),
            "title_sv": _("Title in Swedish"),
            "title_en": _("Title in English"),
            "description_fi": _("Description in Finnish"),
            "description_sv": _("Description in Swedish"),
            "description_en": _("Description in English"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        period = self._chosen_period()
        self.fields["period"].queryset = Period.objects.order_by("-start_date")
        self.fields["title_fi"].required = True
        self.fields["sub_themes"].queryset = SubTheme.objects.filter(
            theme_area__period=period
        ).select_related("theme_area")
        self.fields["peer_groups"].queryset = PeerGroup.objects.filter(period=period)
        members = Municipality.objects.members_of(period) if period else Municipality.objects
        self.fields["municipality"].queryset = members.order_by("name_fi")
        self.fields["admitted_municipalities"].queryset = members.order_by("name_fi")
        self.fields["admitted_municipalities"].widget.attrs["data-searchable"] = ""
        self.fields["regions"].widget.attrs["data-searchable"] = ""

    def _chosen_period(self):
        if self.is_bound and self.data.get("period"):
            return Period.objects.filter(pk=self.data["period"]).first()
        if self.instance.period_id:
            return self.instance.period
        return self.initial.get("period") or Period.objects.current()

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == EventKind.PEER_SEMINAR and not data.get("peer_groups"):
            self.add_error("peer_groups", _("A peer seminar is for one or more peer groups."))
        if kind == EventKind.WORKSHOP and not data.get("municipality"):
            self.add_error("municipality", _("A development workshop belongs to a municipality."))
        if kind != EventKind.WORKSHOP:
            data["municipality"] = None
        if kind != EventKind.CHANGE_CLINIC:
            data["regions"] = Region.objects.none()
            data["admitted_municipalities"] = Municipality.objects.none()
        if kind != EventKind.PEER_SEMINAR:
            data["peer_groups"] = PeerGroup.objects.none()
        times = schedule_problems(
            start=data.get("start"),
            end=data.get("end"),
            opens=data.get("registration_opens"),
            closes=data.get("registration_closes"),
        )
        for field, problem in times.items():
            self.add_error(field, problem)
        if data.get("format") in (EventFormat.ONLINE, EventFormat.HYBRID) and not data.get(
            "online_url"
        ):
            self.add_error("online_url", _("Give the link of the online meeting."))
        if data.get("format") in (EventFormat.ON_SITE, EventFormat.HYBRID) and not (
            data.get("venue") or data.get("address")
        ):
            self.add_error("venue", _("Give the venue or its address."))
        return data


AgendaFormSet = forms.inlineformset_factory(
    Event,
    AgendaItem,
    fields=["starts_at", "title_fi", "title_sv", "title_en", "speaker"],
    widgets={"starts_at": TIME_INPUT},
    labels={
        "title_fi": _("Title in Finnish"),
        "title_sv": _("Title in Swedish"),
        "title_en": _("Title in English"),
    },
    extra=3,
    can_delete=True,
)


class RegistrationForm(forms.Form):
    mode = forms.ChoiceField(
        label=_("I take part"),
        choices=ParticipationMode.choices,
        widget=forms.RadioSelect,
        initial=ParticipationMode.ON_SITE,
        required=False,
    )
    dietary = forms.CharField(
        label=_("Dietary requirements"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=Registration._meta.get_field("dietary").help_text,
    )
    consent_to_list = forms.BooleanField(
        label=_("My name may appear on the participant list"), required=False
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        if event.format != EventFormat.HYBRID:
            del self.fields["mode"]
        if event.format == EventFormat.ONLINE:
            del self.fields["dietary"]


class RegisterOthersForm(RegistrationForm):
    person = forms.ModelChoiceField(label=_("Person"), queryset=User.objects.none(), required=False)
    guest_name = forms.CharField(label=_("Guest's name"), max_length=200, required=False)
    guest_organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    guest_email = forms.EmailField(label=_("Guest's e-mail"), required=False)

    field_order = ["person", "guest_name", "guest_organisation", "guest_email"]

    def __init__(self, *args, event, by, **kwargs):
        super().__init__(*args, event=event, **kwargs)
        # Those already registered (or waiting) are not offered again.
        registered = Registration.objects.filter(event=event, person__isnull=False).exclude(
            status=Registration.Status.CANCELLED
        )
        people = (
            User.objects.active()
            .exclude(pk__in=registered.values("person"))
            .select_related("municipality")
        )
        if not by.is_coordinator:
            people = people.filter(municipality_id=by.municipality_id)
        self.fields["person"].queryset = people.order_by("last_name", "first_name")
        self.fields["person"].label_from_instance = _person_label
        self.fields["person"].widget.attrs["data-searchable"] = ""
        self.fields["consent_to_list"].label = _("The name may appear on the participant list")
        if not (by.is_coordinator and event.guests_allowed):
            for name in ("guest_name", "guest_organisation", "guest_email"):
                del self.fields[name]

    def clean(self):
        data = super().clean()
        is_guest = bool(data.get("guest_name") or data.get("guest_email"))
        if data.get("person") and is_guest:
            raise forms.ValidationError(_("Choose a person or give a guest's details, not both."))
        if not data.get("person") and not is_guest:
            self.add_error("person", _("Choose the person to register."))
        if is_guest and not (data.get("guest_name") and data.get("guest_email")):
            self.add_error("guest_email", _("A guest needs a name and an e-mail address."))
        return data


def _person_label(person) -> str:
    where = person.municipality.name if person.municipality_id else _("network staff")
    return f"{person} ({where})"


class SlotBookingForm(forms.Form):
    challenge = forms.CharField(
        label=_("The change challenge we bring"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=3000,
        help_text=_("A few sentences: what you are changing and where you are stuck."),
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Municipality.objects.none()
    )

    def __init__(self, *args, event, by, **kwargs):
        super().__init__(*args, **kwargs)
        if by.is_coordinator:
            self.fields["municipality"].queryset = Municipality.objects.members_of(
                event.period
            ).order_by("name_fi")
        else:
            del self.fields["municipality"]


class SlotSeriesForm(forms.Form):
    """A row of consultation slots back to back with one expert."""

    expert = forms.CharField(label=_("Expert"), max_length=200)
    first_starts = forms.DateTimeField(label=_("First slot starts"), widget=DATETIME_INPUT)
    minutes = forms.IntegerField(
        label=_("Length (minutes)"), min_value=10, max_value=240, initial=45
    )
    count = forms.IntegerField(label=_("Number of slots"), min_value=1, max_value=20, initial=4)
    break_minutes = forms.IntegerField(
        label=_("Break between slots (minutes)"), min_value=0, max_value=120, initial=15
    )

    def slot_times(self):
        data = self.cleaned_data
        start = data["first_starts"]
        for _index in range(data["count"]):
            end = start + timedelta(minutes=data["minutes"])
            yield start, end
            start = end + timedelta(minutes=data["break_minutes"])


class MaterialForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "PDF, Word, PowerPoint or Excel (or their OpenDocument versions), up to 50 MB."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        document_format(upload)
        return upload


class AttendanceForm(forms.Form):
    attendance = forms.ChoiceField(
        label=_("Attendance"), choices=Registration.Attendance.choices, required=False
    )


def default_event_times():
    """A new event starts at 9 o'clock four weeks from now and lasts until 16."""
    day = timezone.localdate() + timedelta(weeks=4)
    start = timezone.make_aware(datetime(day.year, day.month, day.day, 9, 0))
    return start, start + timedelta(hours=7)
