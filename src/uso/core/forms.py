from django import forms

from .models import SitePage


class SitePageForm(forms.ModelForm):
    class Meta:
        model = SitePage
        fields = ["title_fi", "body_fi", "title_sv", "body_sv", "title_en", "body_en"]
        widgets = {
            "body_fi": forms.Textarea(attrs={"rows": 12}),
            "body_sv": forms.Textarea(attrs={"rows": 12}),
            "body_en": forms.Textarea(attrs={"rows": 12}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title_fi"].required = True
        self.fields["body_fi"].required = True


class MoneyField(forms.DecimalField):
    """A sum of money as people type it: “1 234,50”, “1234.50 €” or “1 234,50 €”.

    Spaces of any kind (thousand separators) and the euro sign are dropped before the
    language's own decimal parsing.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("localize", True)
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = "".join(value.replace("€", "").split())
            value = value.replace("\u202f", "")
        return super().to_python(value)
