from django import forms
from django.utils.translation import gettext_lazy as _

from .models import NotificationSetting

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
