"""Forms of the feedback survey and of the coordinator's year."""

from django import forms
from django.utils.translation import gettext_lazy as _

from uso.network.models import Period

from . import statistics
from .models import Event, FeedbackQuestion

CANNOT_SAY = ""
SCALE_CHOICES = [
    ("1", "1"),
    ("2", "2"),
    ("3", "3"),
    ("4", "4"),
    ("5", "5"),
    (CANNOT_SAY, _("Cannot say")),
]
OPEN_ANSWER_MAX_LENGTH = 4000


# --- Giving feedback ---------------------------------------------------------------------------


class FeedbackForm(forms.Form):
    """One field per question: a 1–5 scale (or "cannot say") or a free text. Every answer may
    be left empty, but an entirely empty sheet is not sent."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            if question.kind == FeedbackQuestion.Kind.SCALE:
                self.fields[self.name_of(question)] = forms.ChoiceField(
                    label=question.text,
                    choices=SCALE_CHOICES,
                    widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                    required=False,
                )
            else:
                self.fields[self.name_of(question)] = forms.CharField(
                    label=question.text,
                    required=False,
                    max_length=OPEN_ANSWER_MAX_LENGTH,
                    widget=forms.Textarea(attrs={"rows": 4}),
                )

    @staticmethod
    def name_of(question) -> str:
        return f"q{question.pk}"

    def clean(self):
        data = super().clean()
        if not self.errors and not any(data.get(self.name_of(q)) for q in self.questions):
            raise forms.ValidationError(_("Answer at least one question before sending."))
        return data

    def answers(self) -> dict[int, dict]:
        """What services.submit_feedback takes: question id → {"score", "text"}."""
        answers = {}
        for question in self.questions:
            value = self.cleaned_data.get(self.name_of(question)) or ""
            if question.kind == FeedbackQuestion.Kind.SCALE:
                answers[question.pk] = {"score": int(value) if value else None, "text": ""}
            else:
                answers[question.pk] = {"score": None, "text": value.strip()}
        return answers

    def scale_fields(self):
        return [self[self.name_of(q)] for q in self.questions if q.kind == "scale"]


# --- Editing the questions ---------------------------------------------------------------------


class FeedbackQuestionForm(forms.ModelForm):
    class Meta:
        model = FeedbackQuestion
        fields = ["order", "kind", "text_fi", "text_sv", "text_en"]
        labels = {
            "text_fi": _("Question in Finnish"),
            "text_sv": _("Question in Swedish"),
            "text_en": _("Question in English"),
        }
        widgets = {"order": forms.NumberInput(attrs={"min": 0, "max": 999})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text_fi"].required = True
        self.fields["order"].required = False
        if self.instance.pk is None:
            self.initial["order"] = None  # not the model's default 0: empty rows stay empty


class BaseFeedbackQuestionFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [
            form
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and (form.instance.pk or form.has_changed())
        ]
        if not kept:
            raise forms.ValidationError(_("Keep at least one question."))
        # A question without an order number goes after the others.
        numbered = [
            f.cleaned_data["order"] for f in kept if f.cleaned_data.get("order") is not None
        ]
        next_order = max(numbered, default=-1) + 1
        for form in kept:
            if form.cleaned_data.get("order") is None:
                form.instance.order = form.cleaned_data["order"] = next_order
                next_order += 1


FeedbackQuestionFormSet = forms.inlineformset_factory(
    Event,
    FeedbackQuestion,
    form=FeedbackQuestionForm,
    formset=BaseFeedbackQuestionFormSet,
    extra=2,
    can_delete=True,
)


# --- The coordinator's year --------------------------------------------------------------------


class YearForm(forms.Form):
    period = forms.ModelChoiceField(
        label=_("Period"),
        queryset=Period.objects.order_by("-start_date"),
        required=False,
        empty_label=None,
    )
    year = forms.IntegerField(label=_("Year"), required=False)

    def chosen(self):
        """The period and year asked for, or the defaults: the current period, and this year
        if the period runs in it, else its first year. (None, None) when there is no period."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        period = data.get("period") or Period.objects.current()
        if period is None:
            return None, None
        year = data.get("year")
        if year not in period.years:
            year = statistics.default_year(period)
        return period, year
