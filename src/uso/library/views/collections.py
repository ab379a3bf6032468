"""Curated collections: the list, a collection's materials in order, and the coordinators'
editor (title and introduction in three languages, the materials and their order)."""

from django.contrib import messages
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, TemplateView

from uso.core.mixins import PermissionMixin

from ..forms import CollectionForm, CollectionItemFormSet
from ..models import Collection, CollectionItem, Material


def with_visible_items(collections, user):
    """Each collection's items in order, only the materials the person may see."""
    visible = Material.objects.visible_to(user).published()
    return collections.prefetch_related(
        Prefetch(
            "items",
            queryset=CollectionItem.objects.filter(material__in=visible)
            .select_related("material")
            .order_by("order", "id"),
            to_attr="visible_items",
        )
    )


class CollectionListView(PermissionMixin, ListView):
    permission_required = "library.view_library"
    template_name = "library/collections.html"
    context_object_name = "collections"
    paginate_by = 20

    def get_queryset(self):
        return with_visible_items(Collection.objects.order_by("order", "id"), self.request.user)


class CollectionView(PermissionMixin, DetailView):
    permission_required = "library.view_library"
    template_name = "library/collection.html"
    context_object_name = "collection"

    def get_object(self, queryset=None):
        collections = with_visible_items(Collection.objects.all(), self.request.user)
        return get_object_or_404(collections, slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        items = in_the_readers_language(self.object.visible_items, self.request.user)
        # Sub-themes of the page's materials in one query.
        materials = Material.objects.filter(pk__in=[i.material.pk for i in items]).prefetch_related(
            "sub_themes"
        )
        themes = {m.pk: list(m.sub_themes.all()) for m in materials}
        for item in items:
            item.material.theme_list = themes.get(item.material.pk, [])
        return super().get_context_data(items=items, **kwargs)


def in_the_readers_language(items, user):
    """A collection's items, each material replaced by its version in the reader's language
    where one is published and theirs to see (a collection is put together once, usually of
    the Finnish versions; a Swedish reader should get the Swedish one). One query."""
    language = translation.get_language()
    groups = {item.material.language_group for item in items if item.material.language != language}
    if not groups:
        return items
    versions = {
        version.language_group: version
        for version in Material.objects.visible_to(user)
        .published()
        .filter(language_group__in=groups, language=language)
    }
    for item in items:
        if item.material.language != language and item.material.language_group in versions:
            item.material = versions[item.material.language_group]
    return items


class CollectionEditorMixin(PermissionMixin):
    permission_required = "library.manage_collections"
    template_name = "library/collection_form.html"

    collection: Collection | None = None

    def forms(self):
        data = self.request.POST if self.request.method == "POST" else None
        form = CollectionForm(data, instance=self.collection)
        items = CollectionItemFormSet(data, instance=self.collection or Collection())
        return form, items

    def get(self, request, *args, **kwargs):
        form, items = self.forms()
        return self.render_to_response(self.get_context_data(form=form, items=items))

    def post(self, request, *args, **kwargs):
        form, items = self.forms()
        if not (form.is_valid() and items.is_valid()):
            return self.render_to_response(self.get_context_data(form=form, items=items))
        with transaction.atomic():
            collection = form.save()
            items.instance = collection
            items.save()
        messages.success(request, _("The collection was saved."))
        return redirect(collection)


class CollectionCreateView(CollectionEditorMixin, TemplateView):
    pass


class CollectionEditView(CollectionEditorMixin, TemplateView):
    @cached_property
    def collection(self):
        return get_object_or_404(Collection, slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(collection=self.collection, **kwargs)
