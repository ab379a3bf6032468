"""The one permission mixin every view uses: it asks the rules modules."""

from rules.contrib.views import PermissionRequiredMixin


class PermissionMixin(PermissionRequiredMixin):
    """Anonymous visitors are sent to log in; signed-in people without the right get 403."""


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
