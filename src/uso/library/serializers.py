"""The library API's shapes: the search's query parameters, materials found, one material, a new
material, and collections.

Writes go through `api.py` to `services.save_material`; these classes check the shape of the
input and what each type of material needs, and answer 400 per field. A file is checked by its
content (`uso.core.uploads.document_format`), not only by its name.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from uso.core.uploads import document_format
from uso.events.serializers import CodeField, DateTimeField, sensible_time
from uso.network.models import Municipality, Period, SubTheme

from .models import Collection, Material
from .search import LibraryQuery

FIRST_YEAR, LAST_YEAR = 1900, 2999
MAX_FILE_NAME = 200
MAX_CHECKLIST_ITEM = 500

# What only some types of material have; the others leave these out.
TYPE_FIELDS = {
    Material.Kind.FILE: {"file"},
    Material.Kind.VIDEO: {"url", "transcript"},
    Material.Kind.LINK: {"url"},
    Material.Kind.ARTICLE: {"body"},
    Material.Kind.CHECKLIST: {"checklist"},
}
REQUIRED_BY_TYPE = {
    Material.Kind.FILE: "file",
    Material.Kind.VIDEO: "url",
    Material.Kind.LINK: "url",
    Material.Kind.ARTICLE: "body",
    Material.Kind.CHECKLIST: "checklist",
}


def absolute(serializer, path: str) -> str:
    request = serializer.context.get("request")
    return request.build_absolute_uri(path) if request else path


# --- Enums with names of their own in the schema ------------------------------------------------


class MaterialTypeField(serializers.ChoiceField):
    def __init__(self, choices=Material.Kind.choices, **kwargs):
        super().__init__(choices=choices, **kwargs)


class MaterialVisibilityField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=Material.Visibility.choices, **kwargs)


class MaterialAudienceField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=Material.Audience.choices, **kwargs)


class MaterialLanguageField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=Material.Language.choices, **kwargs)


class MaterialStatusField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=Material.Status.choices, **kwargs)


class _NamedEnum(OpenApiSerializerFieldExtension):
    enum_name = ""

    def get_name(self):
        return self.enum_name

    def map_serializer_field(self, auto_schema, direction):
        return auto_schema._map_serializer_field(self.target, direction, bypass_extensions=True)


class MaterialTypeSchema(_NamedEnum):
    target_class = MaterialTypeField
    enum_name = "MaterialTypeEnum"


class MaterialVisibilitySchema(_NamedEnum):
    target_class = MaterialVisibilityField
    enum_name = "MaterialVisibilityEnum"


class MaterialAudienceSchema(_NamedEnum):
    target_class = MaterialAudienceField
    enum_name = "MaterialAudienceEnum"


class MaterialLanguageSchema(_NamedEnum):
    target_class = MaterialLanguageField
    enum_name = "MaterialLanguageEnum"


class MaterialStatusSchema(_NamedEnum):
    target_class = MaterialStatusField
    enum_name = "MaterialStatusEnum"


# --- Searching -----------------------------------------------------------------------------------


class MaterialFilterSerializer(serializers.Serializer):
    """The search's query parameters, all optional; an empty one is the same as none. The
    same search as the library's web page: only materials the caller may open, published."""

    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text="Words to find in the title, summary, text, transcript and file; each word "
        "also finds its inflected forms.",
    )
    theme = serializers.PrimaryKeyRelatedField(
        queryset=SubTheme.objects.all(),
        required=False,
        help_text="A sub-theme's id: materials on that sub-theme.",
    )
    audience = MaterialAudienceField(required=False, help_text="Only materials for this audience.")
    language = MaterialLanguageField(required=False, help_text="Only materials in this language.")
    year = serializers.IntegerField(
        required=False,
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        help_text="Only materials published in this year.",
    )
    sort = serializers.ChoiceField(
        choices=[("relevance", "relevance"), ("date", "date")],
        required=False,
        help_text="`relevance` (the default; with `q` the best matches first) or `date` "
        "(the newest first).",
    )

    def get_fields(self):
        fields = super().get_fields()
        # A Python builtin, so not a class attribute.
        fields["type"] = MaterialTypeField(required=False, help_text="Only materials of this type.")
        return fields

    def library_query(self) -> LibraryQuery:
        data = self.validated_data
        theme = data.get("theme")
        return LibraryQuery(
            q=data.get("q") or "",
            kind=data.get("type") or "",
            sub_theme=theme.pk if theme else None,
            audience=data.get("audience") or "",
            year=data.get("year"),
            language=data.get("language") or "",
            sort=data.get("sort") or "relevance",
        )


# --- Materials -----------------------------------------------------------------------------------


class MaterialSerializer(serializers.ModelSerializer):
    """A material found by the search. `url` is its web page; `download_url` its file's
    download address (null without a file); `snippet` a short passage of its text as HTML,
    with the words the search found in `<mark>` elements and everything else escaped."""

    url = serializers.SerializerMethodField(help_text="The material's web page.")
    type = MaterialTypeField(source="kind", read_only=True)
    visibility = MaterialVisibilityField(read_only=True)
    municipality = serializers.SlugRelatedField(
        slug_field="code",
        read_only=True,
        help_text="The code of the one municipality that may see the material, else null.",
    )
    language = MaterialLanguageField(read_only=True)
    audience = MaterialAudienceField(read_only=True)
    sub_themes = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True, help_text="The ids of the material's sub-themes."
    )
    download_url = serializers.SerializerMethodField(
        help_text="Where the file is downloaded, when the material has one."
    )
    snippet = serializers.SerializerMethodField(
        help_text="HTML: a passage of the material's text, the words found marked with "
        "`<mark>`, the rest escaped. Without `q`, the beginning of the text."
    )

    class Meta:
        model = Material
        fields = [
            "id",
            "url",
            "title",
            "type",
            "visibility",
            "municipality",
            "summary",
            "language",
            "audience",
            "sub_themes",
            "published_at",
            "download_url",
            "snippet",
        ]
        read_only_fields = fields

    def get_url(self, material) -> str:
        return absolute(self, material.get_absolute_url())

    @extend_schema_field(OpenApiTypes.URI)
    def get_download_url(self, material) -> str | None:
        if not material.file:
            return None
        return absolute(self, reverse("library:download", kwargs={"pk": material.pk}))

    def get_snippet(self, material) -> str:
        return self.context.get("snippets", {}).get(material.pk, "")


class MaterialDetailSerializer(MaterialSerializer):
    """One material. `body` is an article's text as sanitised HTML; `checklist` a checklist's
    items in order; `address` a video's or web link's address (given as `url` when the
    material is added); `language_versions` the ids of the same material in other languages
    that the caller may open."""

    status = MaterialStatusField(read_only=True)
    period = serializers.PrimaryKeyRelatedField(read_only=True)
    address = serializers.URLField(source="url", read_only=True)
    checklist = serializers.SerializerMethodField(help_text="A checklist's items, in order.")
    file_name = serializers.CharField(read_only=True)
    file_format = serializers.CharField(read_only=True)
    file_size = serializers.IntegerField(read_only=True, help_text="In bytes.")
    language_versions = serializers.SerializerMethodField(
        help_text="The ids of the material's other language versions the caller may open."
    )

    class Meta(MaterialSerializer.Meta):
        fields = [name for name in MaterialSerializer.Meta.fields if name != "snippet"] + [
            "status",
            "period",
            "authors",
            "address",
            "transcript",
            "body",
            "checklist",
            "file_name",
            "file_format",
            "file_size",
            "language_versions",
        ]
        read_only_fields = fields

    def get_checklist(self, material) -> list[str]:
        return [item.text for item in material.checklist_items.all()]

    def get_language_versions(self, material) -> list[int]:
        request = self.context.get("request")
        user = request.user if request else None
        return list(
            Material.objects.visible_to(user)
            .filter(language_group=material.language_group)
            .exclude(pk=material.pk)
            .order_by("language", "id")
            .values_list("pk", flat=True)
        )


class MaterialCreateSerializer(serializers.Serializer):
    """A new material: JSON, or multipart with the `file` of a `file` material. What a type
    needs: `file` a PDF, Word, PowerPoint or Excel file (or OpenDocument); `video` and `link`
    the `url`; `article` the `body` (HTML; what is not allowed is removed); `checklist` the
    items in `checklist`. Fields of another type answer 400."""

    title = serializers.CharField(max_length=200)
    summary = serializers.CharField(required=False, allow_blank=True)
    language = MaterialLanguageField(default=Material.Language.FI)
    audience = MaterialAudienceField(default=Material.Audience.EVERYONE)
    sub_themes = serializers.PrimaryKeyRelatedField(
        many=True,
        queryset=SubTheme.objects.all(),
        required=False,
        help_text="The ids of the material's sub-themes.",
    )
    period = serializers.PrimaryKeyRelatedField(
        queryset=Period.objects.all(), required=False, allow_null=True
    )
    visibility = MaterialVisibilityField(
        default=Material.Visibility.MEMBERS,
        help_text="`public`: everyone; `members`: the member municipalities' people and the "
        "network's staff; `municipality`: one municipality's people, its consultants and the "
        "coordinators.",
    )
    municipality = CodeField(
        slug_field="code",
        queryset=Municipality.objects.all(),
        required=False,
        allow_null=True,
        help_text="The municipality's code; required with the visibility `municipality` only.",
    )
    status = MaterialStatusField(
        default=Material.Status.DRAFT,
        help_text="`published` without `published_at` publishes now.",
    )
    published_at = DateTimeField(
        required=False,
        allow_null=True,
        validators=[sensible_time],
        help_text="A time in the future schedules the publication.",
    )
    authors = serializers.CharField(max_length=300, required=False, allow_blank=True)
    url = serializers.URLField(
        max_length=500,
        required=False,
        allow_blank=True,
        help_text="A video's or web link's address (read back as `address`).",
    )
    transcript = serializers.CharField(
        required=False, allow_blank=True, help_text="A video's description or transcript."
    )
    body = serializers.CharField(
        required=False, allow_blank=True, help_text="An article's text in HTML."
    )
    checklist = serializers.ListField(
        child=serializers.CharField(allow_blank=True),
        required=False,
        help_text="A checklist's items in order; empty lines are left out.",
    )
    file = serializers.FileField(
        required=False,
        max_length=MAX_FILE_NAME,
        help_text="A file material's document (multipart).",
    )

    def get_fields(self):
        fields = super().get_fields()
        # A Python builtin, so not a class attribute.
        fields["type"] = MaterialTypeField(
            choices=[c for c in Material.Kind.choices if c[0] in Material.ADDED_HERE]
        )
        return {"type": fields.pop("type"), **fields}

    def validate_checklist(self, lines):
        lines = [line.strip() for line in lines if line.strip()]
        too_long = [n for n, line in enumerate(lines, start=1) if len(line) > MAX_CHECKLIST_ITEM]
        if too_long:
            raise serializers.ValidationError(
                _("Line %(line)s is longer than 500 characters.") % {"line": too_long[0]}
            )
        return lines

    def validate_file(self, upload):
        try:
            document_format(upload)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None
        return upload

    def validate(self, data):
        kind, errors = data["type"], {}
        own = TYPE_FIELDS[kind]
        for name in set().union(*TYPE_FIELDS.values()) - own:
            if data.get(name):
                errors[name] = [
                    _("A material of the type “%(type)s” does not have this field.")
                    % {"type": Material.Kind(kind).label}
                ]
        needed = REQUIRED_BY_TYPE[kind]
        if not self._given(data.get(needed)):
            errors[needed] = [self._needed_message(needed)]
        visibility = data["visibility"]
        if visibility == Material.Visibility.MUNICIPALITY and not data.get("municipality"):
            errors["municipality"] = [_("Choose the municipality that may see this.")]
        elif visibility != Material.Visibility.MUNICIPALITY and data.get("municipality"):
            errors["municipality"] = [
                _("Only a material that one municipality may see names a municipality.")
            ]
        if errors:
            raise serializers.ValidationError(errors)
        return data

    @staticmethod
    def _given(value) -> bool:
        return bool(value.strip() if isinstance(value, str) else value)

    def _needed_message(self, name: str) -> str:
        if name == "body":
            return _("Write the article.")
        if name == "checklist":
            return _("Write at least one item.")
        return str(self.fields[name].error_messages["required"])


# --- Collections ---------------------------------------------------------------------------------


class CollectionMaterialSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    type = MaterialTypeField(source="kind")
    url = serializers.SerializerMethodField(help_text="The material's web page.")

    def get_url(self, material) -> str:
        return absolute(self, material.get_absolute_url())


class CollectionSerializer(serializers.ModelSerializer):
    """A curated collection. `title` and `introduction` read in the request's language
    (falling back to Finnish); `materials` are those the caller may open, in the collection's
    order."""

    url = serializers.SerializerMethodField(help_text="The collection's web page.")
    title = serializers.CharField(read_only=True)
    introduction = serializers.CharField(read_only=True)
    materials = serializers.SerializerMethodField()

    class Meta:
        model = Collection
        fields = ["id", "slug", "url", "title", "introduction", "featured", "materials"]
        read_only_fields = fields

    def get_url(self, collection) -> str:
        return absolute(self, collection.get_absolute_url())

    @extend_schema_field(CollectionMaterialSerializer(many=True))
    def get_materials(self, collection):
        return CollectionMaterialSerializer(
            [item.material for item in collection.visible_items], many=True, context=self.context
        ).data
