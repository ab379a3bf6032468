"""The one permission mixin every view uses: it asks the rules modules."""

from django.http import Http404
from rules.contrib.views import PermissionRequiredMixin

from .rules import belongs_elsewhere


class PermissionMixin(PermissionRequiredMixin):
    """Anonymous visitors are sent to log in; signed-in people without the right get 403, or
    404 when the object is another municipality's (see `core.rules.belongs_elsewhere`)."""

    def handle_no_permission(self):
        if self.request.user.is_authenticated and belongs_elsewhere(
            self.request.user, self.get_permission_object()
        ):
            raise Http404
        return super().handle_no_permission()


class FilteredListMixin:
    """A list with a filter form in the query string; pagination links keep the filters."""

    filter_form_class = None

    def get_filter_form(self):
        if not hasattr(self, "_filter_form"):
            self._filter_form = self.filter_form_class(self.request.GET or None)
        return self._filter_form

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            filter_form=self.get_filter_form(), query=query.urlencode(), **kwargs
        )
