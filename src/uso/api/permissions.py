"""The API's one permission class: it asks the same rules as the web pages."""

from rest_framework.exceptions import NotFound
from rest_framework.permissions import BasePermission

from uso.core.rules import belongs_elsewhere


class RulesPermission(BasePermission):
    """Each view names the rule for each action in `rules_permissions` (checked without an
    object) and `rules_object_permissions` (checked with the object). An action that is not
    named is denied, so a new action cannot slip through unguarded."""

    def has_permission(self, request, view):
        if not _handles(request, view):
            return True  # DRF answers 405 Method Not Allowed
        action = _action_of(request, view)
        if action in getattr(view, "rules_object_permissions", {}) and action not in getattr(
            view, "rules_permissions", {}
        ):
            return True  # decided per object
        permission = getattr(view, "rules_permissions", {}).get(action)
        return bool(permission) and request.user.has_perm(permission)

    def has_object_permission(self, request, view, obj):
        permission = getattr(view, "rules_object_permissions", {}).get(_action_of(request, view))
        if permission is None:
            return True  # the view-level rule already decided
        if request.user.has_perm(permission, obj):
            return True
        if belongs_elsewhere(request.user, obj):
            raise NotFound  # another municipality's object: as if it did not exist
        return False


def _action_of(request, view) -> str:
    return getattr(view, "action", None) or request.method.lower()


def _handles(request, view) -> bool:
    """Whether the view has a handler for the request's method at all."""
    if hasattr(view, "action"):  # a viewset: routed methods get an action
        return view.action is not None
    return hasattr(view, request.method.lower())
