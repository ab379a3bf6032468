from django import forms
from django.db.models import Q
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from uso.core.uploads import document_format
from uso.network.models import Municipality, SubTheme

from .models import Collection, CollectionItem, Material
from .search import LibraryQuery


class SearchForm(forms.Form):
    """The search box and its facets. An invalid value is dropped, the rest still apply."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("All"))] + Material.Kind.choices
    )
    theme = forms.IntegerField(label=_("Sub-theme"), required=False, min_value=1)
    audience = forms.ChoiceField(
        label=_("Audience"), required=False, choices=[("", _("All"))] + Material.Audience.choices
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2999)
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("All"))] + Material.Language.choices
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[("relevance", _("Relevance")), ("date", _("Newest first"))],
    )

    def library_query(self) -> LibraryQuery:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return LibraryQuery(
            q=data.get("q") or "",
            kind=data.get("type") or "",
            sub_theme=data.get("theme"),
            audience=data.get("audience") or "",
            year=data.get("year"),
            language=data.get("language") or "",
            sort=data.get("sort") or "relevance",
        )


class MaterialForm(forms.ModelForm):
    """One form for every kind; the fields a kind does not use are left out."""

    KIND_FIELDS = {
        Material.Kind.FILE: ["upload"],
        Material.Kind.VIDEO: ["url", "transcript"],
        Material.Kind.LINK: ["url"],
        Material.Kind.ARTICLE: ["body"],
        Material.Kind.CHECKLIST: ["checklist"],
    }
    url = forms.URLField(label=_("Address"), max_length=500, required=False, assume_scheme="https")
    upload = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_(
            "PDF, Word, PowerPoint or Excel (or their OpenDocument versions), up to 50 MB."
        ),
    )
    checklist = forms.CharField(
        label=_("Checklist items"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("One item per line, in order."),
    )
    version_of = forms.ModelChoiceField(
        label=_("Language version of"),
        queryset=Material.objects.none(),
        required=False,
        help_text=_("Link this material to the same material in another language."),
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.none(),
        required=False,
        help_text=_("Required when only one municipality may see the material."),
    )

    class Meta:
        model = Material
        fields = [
            "title",
            "summary",
            "language",
            "version_of",
            "audience",
            "sub_themes",
            "period",
            "authors",
            "visibility",
            "municipality",
            "status",
            "published_at",
            "url",
            "transcript",
            "body",
            "upload",
            "checklist",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "transcript": forms.Textarea(attrs={"rows": 8}),
            "body": forms.Textarea(attrs={"rows": 16}),
            "sub_themes": forms.CheckboxSelectMultiple,
            "published_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
        }
        help_texts = {
            "body": _(
                "HTML: headings (h2–h4), paragraphs, lists, links, tables and images "
                "(<img src=… alt=…>). Anything else is removed."
            ),
        }

    def __init__(self, *args, kind, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        unused = {name for k, names in self.KIND_FIELDS.items() if k != kind for name in names}
        unused -= set(self.KIND_FIELDS[kind])
        for name in unused:
            self.fields.pop(name, None)
        self.fields["sub_themes"].queryset = SubTheme.objects.select_related(
            "theme_area__period"
        ).order_by("-theme_area__period__start_date", "theme_area__order", "order")
        self.fields["sub_themes"].label_from_instance = lambda theme: (
            f"{theme.name} ({theme.theme_area.period.name})"
        )
        self.fields["municipality"].queryset = Municipality.objects.in_name_order()
        self.fields["municipality"].to_field_name = "code"
        others = Material.objects.visible_to(user).exclude(pk=self.instance.pk)
        self.fields["version_of"].queryset = others.order_by("title")
        self.fields["published_at"].input_formats = ["%Y-%m-%dT%H:%M", "%d.%m.%Y %H:%M"]
        if kind in (Material.Kind.VIDEO, Material.Kind.LINK):
            self.fields["url"].required = True
        if kind == Material.Kind.FILE and not self.instance.file:
            self.fields["upload"].required = True
        if kind == Material.Kind.CHECKLIST and self.instance.pk:
            self.initial["checklist"] = "\n".join(
                item.text for item in self.instance.checklist_items.all()
            )

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload:
            document_format(upload)
        return upload

    def clean_checklist(self):
        lines = [line.strip() for line in self.cleaned_data["checklist"].splitlines()]
        lines = [line for line in lines if line]
        if self.kind == Material.Kind.CHECKLIST and not lines:
            raise forms.ValidationError(_("Write at least one item."))
        too_long = [n for n, line in enumerate(lines, start=1) if len(line) > 500]
        if too_long:
            raise forms.ValidationError(
                _("Line %(line)s is longer than 500 characters.") % {"line": too_long[0]}
            )
        return lines

    def clean(self):
        data = super().clean()
        visibility = data.get("visibility")
        if visibility == Material.Visibility.MUNICIPALITY and not data.get("municipality"):
            self.add_error("municipality", _("Choose the municipality that may see this."))
        if self.kind == Material.Kind.ARTICLE and not (data.get("body") or "").strip():
            self.add_error("body", _("Write the article."))
        return data

    def save(self, commit=True):
        material = super().save(commit=False)
        material.kind = self.kind
        version_of = self.cleaned_data.get("version_of")
        if version_of is not None:
            material.language_group = version_of.language_group
        return material


class CollectionForm(forms.ModelForm):
    class Meta:
        model = Collection
        fields = [
            "title_fi",
            "title_sv",
            "title_en",
            "slug",
            "introduction_fi",
            "introduction_sv",
            "introduction_en",
            "featured",
            "order",
        ]
        widgets = {
            "introduction_fi": forms.Textarea(attrs={"rows": 4}),
            "introduction_sv": forms.Textarea(attrs={"rows": 4}),
            "introduction_en": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title_fi"].required = True


class CollectionItemForm(forms.ModelForm):
    class Meta:
        model = CollectionItem
        fields = ["material", "order"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Collections are curated for everyone: drafts may wait in them, private ones may not.
        self.fields["material"].queryset = Material.objects.filter(
            ~Q(visibility=Material.Visibility.MUNICIPALITY)
        ).order_by("title")


CollectionItemFormSet = inlineformset_factory(
    Collection, CollectionItem, form=CollectionItemForm, extra=3, can_delete=True
)


class SubscriptionForm(forms.Form):
    sub_themes = forms.ModelMultipleChoiceField(
        label=_("Sub-themes"),
        queryset=SubTheme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, period, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sub_themes"].queryset = SubTheme.objects.filter(
            theme_area__period=period
        ).order_by("theme_area__order", "order")
