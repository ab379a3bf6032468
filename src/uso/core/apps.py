from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default = True
    name = "uso.core"
    verbose_name = _("Core")


class USOAdminConfig(admin_apps.AdminConfig):
    """The Django admin, with the site that logs in through allauth and asks the rules."""

    default = False
    default_site = "uso.core.admin.USOAdminSite"
