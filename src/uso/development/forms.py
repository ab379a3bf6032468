"""Forms of the plan pages: the plan, its status, goals, actions, comments, and the filter of
the shared goals. Model forms check the input; the views hand the result to the services."""

from django import forms
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from uso.accounts.models import User
from uso.network.models import SubTheme

from .models import Action, DevelopmentPlan, Goal
from .services import TRANSITIONS

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def person_label(person) -> str:
    return person.get_full_name() or person.email


def sub_theme_label(sub_theme) -> str:
    return f"{sub_theme.theme_area.name}: {sub_theme.name}"


def sub_themes_of(period_id):
    return (
        SubTheme.objects.filter(theme_area__period_id=period_id)
        .select_related("theme_area")
        .order_by("theme_area__order", "theme_area_id", "order", "id")
    )


class PlanForm(forms.ModelForm):
    class Meta:
        model = DevelopmentPlan
        fields = ["starting_situation", "priorities", "shared"]
        widgets = {
            "starting_situation": forms.Textarea(attrs={"rows": 8}),
            "priorities": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "starting_situation": _("Where the municipality stands now and why it develops."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        priorities = self.fields["priorities"]
        priorities.queryset = sub_themes_of(self.instance.period_id)
        priorities.label_from_instance = sub_theme_label


class PlanStatusForm(forms.Form):
    """The next status, with what it needs: agreeing the date and who agreed, closing the final
    evaluation. The service checks them and its errors land on these fields."""

    status = forms.ChoiceField(label=_("New status"), widget=forms.RadioSelect)
    agreed_on = forms.DateField(
        label=capfirst(DevelopmentPlan._meta.get_field("agreed_on").verbose_name),
        required=False,
        widget=DATE_INPUT,
        help_text=_("Needed when the plan is agreed."),
    )
    agreed_by = forms.CharField(
        label=capfirst(DevelopmentPlan._meta.get_field("agreed_by").verbose_name),
        max_length=200,
        required=False,
        help_text=_("Needed when the plan is agreed, e.g. the municipal executive board."),
    )
    final_evaluation = forms.CharField(
        label=capfirst(DevelopmentPlan._meta.get_field("final_evaluation").verbose_name),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Needed when the plan is closed: what was achieved and what was not."),
    )

    def __init__(self, *args, plan: DevelopmentPlan, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "agreed_on": plan.agreed_on,
                "agreed_by": plan.agreed_by,
                "final_evaluation": plan.final_evaluation,
            },
        )
        super().__init__(*args, **kwargs)
        moves = TRANSITIONS.get(plan.status, [])
        self.fields["status"].choices = [(status.value, status.label) for status in moves]
        if len(moves) == 1:
            self.fields["status"].initial = moves[0].value
        # Only the fields the possible moves need.
        if DevelopmentPlan.Status.AGREED not in moves:
            del self.fields["agreed_on"], self.fields["agreed_by"]
        if DevelopmentPlan.Status.CLOSED not in moves:
            del self.fields["final_evaluation"]


class GoalForm(forms.ModelForm):
    class Meta:
        model = Goal
        fields = [
            "title",
            "description",
            "sub_theme",
            "indicator",
            "baseline",
            "target_value",
            "target_date",
            "order",
            "shared",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "target_date": DATE_INPUT,
        }
        help_texts = {
            "indicator": _(
                "How progress is measured, e.g. the share of pupils who exercise daily."
            ),
            "baseline": _("The indicator's value now."),
            "target_value": _("The value aimed at by the target date."),
            "order": _("Goals are listed in this order; empty puts a new goal last."),
        }

    def __init__(self, *args, plan: DevelopmentPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = plan
        sub_theme = self.fields["sub_theme"]
        sub_theme.queryset = sub_themes_of(plan.period_id)
        sub_theme.label_from_instance = sub_theme_label
        if self.instance.pk is None:
            self.fields["order"].required = False
            self.initial.pop("order", None)

    def clean_order(self):
        return self.cleaned_data.get("order") or 0


class ActionForm(forms.ModelForm):
    """Everything about an action, for the plan's editors."""

    class Meta:
        model = Action
        fields = ["description", "owner", "due_date", "status", "progress_notes"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "due_date": DATE_INPUT,
            "progress_notes": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"owner": _("A person of the municipality who sees the action through.")}

    def __init__(self, *args, goal: Goal, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.goal = goal
        owner = self.fields["owner"]
        people = User.objects.active().filter(municipality_id=goal.plan.municipality_id)
        if self.instance.owner_id:  # a former owner stays until someone else is chosen
            people = User.objects.filter(
                Q(pk__in=people.values("pk")) | Q(pk=self.instance.owner_id)
            )
        owner.queryset = people.order_by("last_name", "first_name", "email")
        owner.label_from_instance = person_label


class ActionProgressForm(forms.ModelForm):
    """What the action's owner may change: its status and progress notes."""

    class Meta:
        model = Action
        fields = ["status", "progress_notes"]
        widgets = {"progress_notes": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, goal: Goal, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.goal = goal


class CommentForm(forms.Form):
    """A comment on one goal or one action of the plan."""

    body = forms.CharField(
        label=_("Comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )
    goal = forms.ModelChoiceField(
        queryset=Goal.objects.none(), required=False, widget=forms.HiddenInput
    )
    action = forms.ModelChoiceField(
        queryset=Action.objects.none(), required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args, plan: DevelopmentPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = Goal.objects.filter(plan=plan)
        self.fields["action"].queryset = Action.objects.filter(goal__plan=plan).select_related(
            "goal"
        )

    def clean(self):
        data = super().clean()
        if bool(data.get("goal")) == bool(data.get("action")):
            raise forms.ValidationError(_("Comment on one goal or one action of the plan."))
        return data


class SharedGoalsFilterForm(forms.Form):
    sub_theme = forms.ModelChoiceField(
        label=_("Sub-theme"),
        queryset=SubTheme.objects.none(),
        required=False,
        empty_label=_("All sub-themes"),
    )

    def __init__(self, *args, period=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["sub_theme"]
        field.queryset = sub_themes_of(period.pk if period else None)
        field.label_from_instance = sub_theme_label

    def chosen_sub_theme(self):
        if self.is_bound and self.is_valid():
            return self.cleaned_data.get("sub_theme")
        return None
