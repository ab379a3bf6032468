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
