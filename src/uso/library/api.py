"""The library API: searching materials, one material, adding materials, and collections.

Who may do what is asked from the rules in `rules.py` through `RulesPermission`. Materials load
only through `Material.objects.visible_to`, and the search is the web page's own
(`search.results`), so a material the caller may not open is never listed and answers 404.
Messages come in the caller's language.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.response import Response

from uso.api.mixins import ApiConventionsMixin

from . import search, services
from .models import Collection, CollectionItem, Material
from .serializers import (
    CollectionSerializer,
    MaterialCreateSerializer,
    MaterialDetailSerializer,
    MaterialFilterSerializer,
    MaterialSerializer,
)

# Model fields whose errors the API reports under its own field names.
API_FIELD_NAMES = {"kind": "type", "__all__": "non_field_errors"}


class MaterialViewSet(ApiConventionsMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The library's materials the caller may open: public ones for everyone, members' ones for
    the member municipalities' people and the staff, a municipality's own for its people, its
    consultants and the coordinators. Coordinators and consultants add materials."""

    serializer_class = MaterialDetailSerializer
    filter_backends: list = []
    rules_permissions = {"list": "library.view_library", "create": "library.add_material"}
    rules_object_permissions = {"retrieve": "library.view_material"}

    def get_queryset(self):
        return (
            Material.objects.visible_to(self.request.user)
            .select_related("municipality")
            .prefetch_related("sub_themes", "checklist_items")
        )

    def get_serializer_class(self):
        if self.action == "list":
            return MaterialSerializer
        if self.action == "create":
            return MaterialCreateSerializer
        return MaterialDetailSerializer

    @extend_schema(parameters=[MaterialFilterSerializer], responses=MaterialSerializer(many=True))
    def list(self, request, *args, **kwargs):
        """Search the library as on its web page: with `q` the best matches first (or the
        newest with `sort=date`), without it the newest. An invalid filter answers 400 under
        its name."""
        query = MaterialFilterSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        library_query = query.library_query()
        page = self.paginate_queryset(search.results(request.user, library_query))
        context = {
            **self.get_serializer_context(),
            "snippets": search.snippets(page, library_query.q),
        }
        return self.get_paginated_response(
            MaterialSerializer(page, many=True, context=context).data
        )

    @extend_schema(
        request=MaterialCreateSerializer,
        responses={201: MaterialDetailSerializer},
        description="Coordinators and consultants add a material (a draft unless `status` says "
        "otherwise): JSON, or multipart/form-data for a `file` material. A file's text is read "
        "for the search after the material is saved. Bad input answers 400 with the errors "
        "per field, and nothing is saved.",
    )
    def create(self, request, *args, **kwargs):
        body = MaterialCreateSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        kind = data.pop("type")
        sub_themes = data.pop("sub_themes", [])
        checklist = data.pop("checklist", None)
        upload = data.pop("file", None)
        material = Material(kind=kind, **data)
        try:
            services.save_material(
                material=material,
                by=request.user,
                sub_themes=sub_themes,
                checklist=checklist if kind == Material.Kind.CHECKLIST else None,
                upload=upload,
            )
        except DjangoValidationError as error:
            raise exceptions.ValidationError(_field_errors(error)) from None
        material = self.get_queryset().get(pk=material.pk)
        return Response(
            MaterialDetailSerializer(material, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )


class CollectionViewSet(ApiConventionsMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """The curated collections in their order, each with the materials the caller may open."""

    serializer_class = CollectionSerializer
    filter_backends: list = []
    rules_permissions = {"list": "library.view_library"}

    def get_queryset(self):
        visible = Material.objects.visible_to(self.request.user).published()
        return Collection.objects.order_by("order", "id").prefetch_related(
            Prefetch(
                "items",
                queryset=CollectionItem.objects.filter(material__in=visible)
                .select_related("material")
                .order_by("order", "id"),
                to_attr="visible_items",
            )
        )


def _field_errors(error: DjangoValidationError) -> dict:
    if not hasattr(error, "error_dict"):
        return {"non_field_errors": error.messages}
    return {
        API_FIELD_NAMES.get(name, name): messages for name, messages in error.message_dict.items()
    }
