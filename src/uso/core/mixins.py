"""The one permission mixin every view uses: it asks the rules modules."""

from rules.contrib.views import PermissionRequiredMixin


class PermissionMixin(PermissionRequiredMixin):
    """Anonymous visitors are sent to log in; signed-in people without the right get 403."""
