"""Forms for planning workshops, writing their records and logging consultants' hours.

Plain forms: their cleaned data goes to the services in `workshops.py`.
"""

from datetime import datetime, timedelta

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from uso.accounts.models import User
from uso.events.forms import DATETIME_INPUT
from uso.events.models import Event, EventFormat
from uso.network.models import SubTheme

from .models import Action, DevelopmentPlan, HourEntry, Workshop
from .workshops import MAX_HOURS, MIN_HOURS, WorkshopDetails, eligible_facilitators

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _person_label(person) -> str:
    return person.get_full_name() or person.email


class WorkshopForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    sub_theme = forms.ModelChoiceField(
        label=_("Sub-theme"), queryset=SubTheme.objects.none(), required=False
    )
    start = forms.DateTimeField(label=_("Starts"), widget=DATETIME_INPUT)
    end = forms.DateTimeField(label=_("Ends"), widget=DATETIME_INPUT)
    format = forms.ChoiceField(
        label=_("Format"), choices=EventFormat.choices, initial=EventFormat.ON_SITE
    )
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    online_url = forms.URLField(
        label=_("Online meeting link"),
        required=False,
        assume_scheme="https",
        help_text=Event._meta.get_field("online_url").help_text,
    )
    capacity = forms.IntegerField(
        label=_("Capacity"), min_value=1, required=False, help_text=_("Empty for no limit.")
    )
    facilitators = forms.ModelMultipleChoiceField(
        label=_("Facilitators"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The municipality's consultants and the network's coordinators."),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown on the workshop's event page to the people invited."),
    )
    confirm_extra = forms.BooleanField(
        label=_(
            "I understand: this workshop goes beyond the quota, needs a coordinator's "
            "approval and is invoiced as an extra."
        ),
        required=False,
    )

    def __init__(self, *args, plan: DevelopmentPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["sub_theme"].queryset = SubTheme.objects.filter(
            theme_area__period_id=plan.period_id
        ).select_related("theme_area")
        self.fields["facilitators"].queryset = eligible_facilitators(plan)
        self.fields["facilitators"].label_from_instance = _person_label
        # The checkbox appears once the chosen time turns out to be beyond the quota.
        self.fields["confirm_extra"].widget = forms.HiddenInput()
        for name in ("start", "end"):
            self.fields[name].widget.attrs.update(
                {"min": f"{plan.period.start_date}T00:00", "max": f"{plan.period.end_date}T23:59"}
            )

    def ask_to_confirm_extra(self) -> None:
        self.fields["confirm_extra"].widget = forms.CheckboxInput()

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end <= start:
            self.add_error("end", _("The workshop must end after it starts."))
        chosen = data.get("format")
        if chosen in (EventFormat.ONLINE, EventFormat.HYBRID) and not data.get("online_url"):
            self.add_error("online_url", _("Give the link of the online meeting."))
        if chosen in (EventFormat.ON_SITE, EventFormat.HYBRID) and not (
            data.get("venue") or data.get("address")
        ):
            self.add_error("venue", _("Give the venue or its address."))
        return data

    def details(self) -> WorkshopDetails:
        data = self.cleaned_data
        return WorkshopDetails(
            title=data["title"],
            start=data["start"],
            end=data["end"],
            format=data["format"],
            venue=data["venue"],
            address=data["address"],
            online_url=data["online_url"],
            description=data["description"],
            capacity=data["capacity"],
            sub_theme=data["sub_theme"],
            facilitators=list(data["facilitators"]),
        )


def default_workshop_times(plan: DevelopmentPlan):
    """Four weeks from now at 9–12, or the period's first day when the period is elsewhere."""
    day = timezone.localdate() + timedelta(weeks=4)
    if not (plan.period.start_date <= day <= plan.period.end_date):
        day = max(plan.period.start_date, min(day, plan.period.end_date))
    start = timezone.make_aware(datetime(day.year, day.month, day.day, 9, 0))
    return start, start + timedelta(hours=3)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("decline", _("Decline"))], widget=forms.HiddenInput
    )


class RecordForm(forms.Form):
    summary = forms.CharField(
        label=_("Summary"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What was worked on and what came out of it."),
    )
    decisions = forms.CharField(
        label=_("Decisions"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )


class FollowUpActionForm(forms.Form):
    """One follow-up action decided at the workshop; an empty row is skipped."""

    goal = forms.ModelChoiceField(label=_("Goal of the plan"), queryset=None)
    description = forms.CharField(
        label=capfirst(Action._meta.get_field("description").verbose_name),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    owner = forms.ModelChoiceField(
        label=capfirst(Action._meta.get_field("owner").verbose_name), queryset=None, required=False
    )
    due_date = forms.DateField(
        label=capfirst(Action._meta.get_field("due_date").verbose_name),
        required=False,
        widget=DATE_INPUT,
    )

    def __init__(self, *args, goals, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = goals
        self.fields["owner"].queryset = people
        self.fields["owner"].label_from_instance = _person_label


class BaseFollowUpFormSet(forms.BaseFormSet):
    def __init__(self, *args, plan: DevelopmentPlan, **kwargs):
        self.goals = plan.goals.order_by("order", "id")
        self.people = User.objects.active().filter(municipality_id=plan.municipality_id)
        self.people = self.people.order_by("last_name", "first_name")
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {"goals": self.goals, "people": self.people}

    def filled(self):
        return [form.cleaned_data for form in self.forms if form.has_changed()]


FollowUpFormSet = forms.formset_factory(
    FollowUpActionForm, formset=BaseFollowUpFormSet, extra=3, max_num=20, validate_max=True
)


class HoursField(forms.DecimalField):
    """Hours as people type them: “1,5”, “1.5” or “1,5 h”."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 5)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("localize", True)
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = "".join(value.lower().removesuffix("h").split()).replace(",", ".")
        return super().to_python(value)


class HoursForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    kind = forms.ChoiceField(label=_("Kind of work"), choices=HourEntry.Kind.choices)
    hours = HoursField(
        label=_("Hours"),
        min_value=MIN_HOURS,
        max_value=MAX_HOURS,
        help_text=_("For example 1,5 for an hour and a half."),
    )
    workshop = forms.ModelChoiceField(
        label=_("Workshop"),
        queryset=Workshop.objects.none(),
        required=False,
        empty_label=_("The plan in general"),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, plan: DevelopmentPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workshop"].queryset = (
            Workshop.objects.filter(plan=plan)
            .exclude(approval=Workshop.Approval.DECLINED)
            .select_related("event")
            .order_by("event__start")
        )
        self.fields["workshop"].label_from_instance = _workshop_label
        self.fields["date"].initial = timezone.localdate()
        self.fields["date"].widget.attrs["max"] = timezone.localdate().isoformat()


def _workshop_label(workshop) -> str:
    day = timezone.localdate(workshop.event.start)
    return f"{date_format(day, 'SHORT_DATE_FORMAT')} {workshop.event.title}"


class MonthForm(forms.Form):
    """`?month=YYYY-MM`; an empty or unreadable month means this month."""

    month = forms.DateField(
        label=_("Month"),
        input_formats=["%Y-%m"],
        required=False,
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        help_text=_("Year and month, e.g. 2026-03."),
    )

    def chosen_month(self):
        if self.is_valid() and self.cleaned_data.get("month"):
            return self.cleaned_data["month"].replace(day=1)
        return timezone.localdate().replace(day=1)
