from django.contrib import admin

from .models import Area, Post, Report, Thread


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["__str__", "period", "kind", "order"]
    list_filter = ["period", "kind"]


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    list_display = ["title", "area", "author", "last_post_at", "post_count", "hidden"]
    list_filter = ["hidden"]
    raw_id_fields = ["author", "area"]
    search_fields = ["title"]


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["__str__", "author", "created_at", "hidden", "deleted_at"]
    list_filter = ["hidden"]
    raw_id_fields = ["author", "thread", "hidden_by"]
    readonly_fields = ["html"]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["post", "reporter", "created_at", "handled_at"]
    raw_id_fields = ["post", "reporter", "handled_by"]
