from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin

from uso.core.admin import CoordinatorAdmin, CoordinatorPermissions

from .models import Collection, CollectionItem, Material


class CollectionItemInline(CoordinatorPermissions, admin.TabularInline):
    model = CollectionItem
    autocomplete_fields = ["material"]
    extra = 1


@admin.register(Collection)
class CollectionAdmin(CoordinatorAdmin, TabbedTranslationAdmin):
    list_display = ["title", "slug", "featured", "order"]
    inlines = [CollectionItemInline]


@admin.register(Material)
class MaterialAdmin(CoordinatorAdmin):
    list_display = ["title", "kind", "language", "visibility", "status", "published_at"]
    list_filter = ["kind", "language", "visibility", "status"]
    search_fields = ["title"]
    readonly_fields = ["file_format", "file_size", "extraction", "download_count", "created_by"]
