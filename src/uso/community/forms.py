from django import forms
from django.utils.translation import gettext_lazy as _

from uso.accounts.models import User
from uso.network.models import PeerGroup, SubTheme

from .models import NotificationSetting, Practice, Thread

MARKDOWN_HELP = _(
    "Markdown: **bold**, *italic*, - lists, [link text](https://…); addresses become links."
)


class MessageField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(
            label=_("Message"),
            widget=forms.Textarea(attrs={"rows": 6}),
            help_text=MARKDOWN_HELP,
            max_length=20_000,
            **kwargs,
        )


class ThreadForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = MessageField()


class QuestionForm(ThreadForm):
    """A question to the network: whom it asks and by when answers are wanted."""

    deadline = forms.DateField(
        label=_("Answers by"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    audience = forms.ChoiceField(
        label=_("Ask"), choices=Thread.Audience.choices, widget=forms.RadioSelect
    )
    audience_group = forms.ModelChoiceField(
        label=_("Peer group"),
        queryset=PeerGroup.objects.none(),
        required=False,
        help_text=_("When you ask a peer group."),
    )

    def __init__(self, *args, area, **kwargs):
        super().__init__(*args, **kwargs)
        if area.kind == area.Kind.PEER_GROUP:
            # The group's own area: asking "a peer group" asks this one.
            del self.fields["audience_group"]
        else:
            self.fields["audience_group"].queryset = PeerGroup.objects.filter(period=area.period)


class ReplyForm(forms.Form):
    body = MessageField()


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong with this message?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class SettingsForm(forms.Form):
    frequency = forms.ChoiceField(
        label=_("E-mail about the discussions I follow"),
        choices=NotificationSetting.Frequency.choices,
        widget=forms.RadioSelect,
    )


class PracticeForm(forms.ModelForm):
    sub_themes = forms.ModelMultipleChoiceField(
        label=_("Sub-themes"),
        queryset=SubTheme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Practice
        fields = ["title", "problem", "what_was_done", "results", "lessons", "contact_person"]
        widgets = {
            name: forms.Textarea(attrs={"rows": 4})
            for name in ("problem", "what_was_done", "results", "lessons")
        }

    def __init__(self, *args, municipality, period, **kwargs):
        super().__init__(*args, **kwargs)
        people = User.objects.filter(municipality=municipality, is_active=True)
        self.fields["contact_person"].queryset = people.order_by("last_name", "first_name")
        self.fields["contact_person"].label_from_instance = lambda p: p.get_full_name()
        self.fields["sub_themes"].queryset = SubTheme.objects.filter(theme_area__period=period)
        if self.instance.pk:
            self.initial["sub_themes"] = list(self.instance.sub_themes.values_list("pk", flat=True))


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=MARKDOWN_HELP,
        max_length=20_000,
    )
