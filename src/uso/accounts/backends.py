"""Authentication backends: Django's and allauth's, without the per-page model-permission
queries for people who are not staff, and loading the person with their municipality."""

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class RulesDecideMixin:
    """Rights come from the rules (`*/rules.py`); Django's model permissions matter only to
    the admin's staff. For everyone else they are always none, and asking the database for
    them cost two queries on every page whose navigation checks a permission."""

    def get_all_permissions(self, user_obj, obj=None):
        if not (user_obj.is_staff or user_obj.is_superuser):
            return set()
        return super().get_all_permissions(user_obj, obj)

    def get_user(self, user_id):
        # The navigation names the person's municipality on every page: load it with them.
        users = get_user_model()._default_manager.select_related("municipality")
        try:
            user = users.get(pk=user_id)  # not .first(): its ORDER BY costs on every request
        except users.model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


class PasswordBackend(RulesDecideMixin, ModelBackend):
    """Signing in with an e-mail address and a password (Django's own forms and the API)."""


class AccountBackend(RulesDecideMixin, AuthenticationBackend):
    """allauth's sign-in (e-mail, password, then the second factor)."""
