from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default = True
    name = "uso.core"
    verbose_name = _("Core")

    def ready(self):
        from django.apps import apps
        from django.forms import ModelChoiceField

        from . import choices, middleware  # noqa: F401  (middleware: the sign-in's language)
        from .form_renderer import ChoicesInOneQuery

        choices.install(model for model in apps.get_models() if model.__module__.startswith("uso."))

        # Django's own iterator uses QuerySet.iterator(), which on PostgreSQL opens a server-side
        # cursor: four round trips for a select of twenty regions, in every filter form.
        ModelChoiceField.iterator = ChoicesInOneQuery


class USOAdminConfig(admin_apps.AdminConfig):
    """The Django admin, with the site that logs in through allauth and asks the rules."""

    default = False
    default_site = "uso.core.admin.USOAdminSite"
