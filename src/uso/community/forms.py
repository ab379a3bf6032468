from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from uso.accounts.models import User
from uso.network.models import PeerGroup, SubTheme

from .models import Attachment, Mailing, NotificationSetting, Practice, Thread

MARKDOWN_HELP = _(
    "Markdown: **bold**, *italic*, - lists, [link text](https://…); addresses become links."
)


def _attachments_help_now() -> str:
    return gettext(
        "PDF, Word, PowerPoint, Excel (or OpenDocument), PNG or JPEG; at most %(mb)s MB each."
    ) % {"mb": Attachment.MAX_MB}


# Translated when shown, in the reader's language, not once when the module is imported.
_attachments_help = lazy(_attachments_help_now, str)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Any number of files (Django's documented way to take several in one field)."""

    def __init__(self, **kwargs):
        super().__init__(
            label=_("Attachments"),
            required=False,
            widget=MultipleFileInput(),
            help_text=_attachments_help(),
            **kwargs,
        )

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


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
    attachments = AttachmentsField()


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


class PostEditForm(forms.Form):
    """Editing changes the text; attachments stay as they were sent."""

    body = MessageField()


class ReplyForm(forms.Form):
    body = MessageField()
    attachments = AttachmentsField()


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
    attachments = AttachmentsField()

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


class MailingForm(forms.ModelForm):
    class Meta:
        model = Mailing
        fields = [
            "audience",
            "peer_group",
            "event",
            "subject_fi",
            "body_fi",
            "subject_sv",
            "body_sv",
            "subject_en",
            "body_en",
        ]
        widgets = {
            "audience": forms.RadioSelect,
            "body_fi": forms.Textarea(attrs={"rows": 6}),
            "body_sv": forms.Textarea(attrs={"rows": 6}),
            "body_en": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "subject_sv": _("Without a Swedish text, Swedish speakers get the Finnish one."),
            "subject_en": _("Without an English text, English speakers get the Finnish one."),
        }

    def __init__(self, *args, period, **kwargs):
        from uso.events.models import Event

        super().__init__(*args, **kwargs)
        self.fields["peer_group"].queryset = PeerGroup.objects.filter(period=period)
        self.fields["event"].queryset = Event.objects.filter(period=period).order_by("-start")

    def clean(self):
        data = super().clean()
        audience = data.get("audience")
        if audience == Mailing.Audience.PEER_GROUP and not data.get("peer_group"):
            self.add_error("peer_group", _("Choose the peer group."))
        if audience == Mailing.Audience.EVENT and not data.get("event"):
            self.add_error("event", _("Choose the event."))
        return data
