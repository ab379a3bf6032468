from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default = True
    name = "uso.core"
    verbose_name = _("Core")

    def ready(self):
        from django.forms import ModelChoiceField

        from .form_renderer import ChoicesInOneQuery

        # Django's own iterator uses QuerySet.iterator(), which on PostgreSQL opens a server-side
        # cursor: four round trips for a select of twenty regions, in every filter form.
        ModelChoiceField.iterator = ChoicesInOneQuery


class USOAdminConfig(admin_apps.AdminConfig):
    """The Django admin, with the site that logs in through allauth and asks the rules."""

    default = False
    default_site = "uso.core.admin.USOAdminSite"
