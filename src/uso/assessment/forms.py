from django import forms
from django.utils.translation import gettext_lazy as _

from uso.accounts.models import Language, Leadership
from uso.network.models import SubTheme

from .models import SCALE, Question, Questionnaire, Round

CANNOT_SAY = "x"


class IntroductionForm(forms.ModelForm):
    class Meta:
        model = Questionnaire
        fields = ["introduction_fi", "introduction_sv", "introduction_en"]
        labels = {
            "introduction_fi": _("Introduction in Finnish"),
            "introduction_sv": _("Introduction in Swedish"),
            "introduction_en": _("Introduction in English"),
        }
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in fields}


class QuestionForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = ["kind", "sub_theme", "text_fi", "text_sv", "text_en"]
        labels = {
            "text_fi": _("Text in Finnish"),
            "text_sv": _("Text in Swedish"),
            "text_en": _("Text in English"),
        }
        help_texts = {"sub_theme": _("Statements are scored per sub-theme.")}
        widgets = {
            name: forms.Textarea(attrs={"rows": 2}) for name in ["text_fi", "text_sv", "text_en"]
        }

    def __init__(self, *args, period, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sub_theme"].queryset = (
            SubTheme.objects.filter(theme_area__period=period)
            .select_related("theme_area")
            .order_by("theme_area__order", "order")
        )
        self.fields["sub_theme"].label_from_instance = lambda s: f"{s.theme_area} › {s}"
        self.fields["text_fi"].required = True

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == Question.Kind.STATEMENT and not cleaned.get("sub_theme"):
            self.add_error("sub_theme", _("A statement needs a sub-theme."))
        return cleaned


class RoundForm(forms.ModelForm):
    class Meta:
        model = Round
        fields = ["opens_on", "closes_on"]
        widgets = {
            "opens_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "closes_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", _("The round cannot close before it opens."))
        return cleaned


class InviteForm(forms.Form):
    """Tick the municipality's people, and/or add one more person by name and address."""

    people = forms.ModelMultipleChoiceField(
        label=_("People of the municipality"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    name = forms.CharField(label=_("Someone else: name"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    leadership = forms.ChoiceField(
        label=_("Leadership"), choices=[("", "—"), *Leadership.choices], required=False
    )
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices, initial="fi")

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = people
        self.fields["people"].label_from_instance = lambda person: (
            f"{person.get_full_name()} ({person.get_leadership_display()})"
        )

    def clean(self):
        cleaned = super().clean()
        other = [cleaned.get("name"), cleaned.get("email"), cleaned.get("leadership")]
        if any(other) and not all(other):
            for name, value in zip(("name", "email", "leadership"), other, strict=True):
                if not value:
                    self.add_error(name, _("Give the name, e-mail and leadership of the person."))
        if not cleaned.get("people") and not any(other) and not self.errors:
            raise forms.ValidationError(_("Tick at least one person or add someone."))
        return cleaned


class AnswerForm(forms.Form):
    """One field per question: a 1–5 scale with "cannot say" for statements, text for open
    questions. Field names carry the question's id."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        scale = [(str(score), str(score)) for score in SCALE] + [(CANNOT_SAY, _("Cannot say"))]
        for question in questions:
            if question.is_statement:
                self.fields[f"q{question.pk}"] = forms.ChoiceField(
                    label=question.text,
                    choices=scale,
                    widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                    error_messages={"required": _("Choose a score or “cannot say”.")},
                )
            else:
                self.fields[f"q{question.pk}"] = forms.CharField(
                    label=question.text,
                    required=False,
                    max_length=4000,
                    widget=forms.Textarea(attrs={"rows": 3}),
                )
            self.fields[f"q{question.pk}"].question = question

    def answers(self) -> tuple[dict[int, int | None], dict[int, str]]:
        scores, texts = {}, {}
        for name, field in self.fields.items():
            value = self.cleaned_data[name]
            if field.question.is_statement:
                scores[field.question.pk] = None if value == CANNOT_SAY else int(value)
            else:
                texts[field.question.pk] = value
        return scores, texts

    @staticmethod
    def initial_from(answers) -> dict:
        initial = {}
        for answer in answers:
            if answer.question.is_statement:
                initial[f"q{answer.question_id}"] = (
                    str(answer.score) if answer.score else CANNOT_SAY
                )
            else:
                initial[f"q{answer.question_id}"] = answer.text
        return initial
