"""The library's front page: one search box, facets with counts, ranked results with marked
snippets. With no words it lists the newest materials, with the featured collections."""

from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView

from uso.core.mixins import PermissionMixin

from .. import search, text
from ..forms import SearchForm
from ..models import Collection


class SearchView(PermissionMixin, ListView):
    permission_required = "library.view_library"
    template_name = "library/search.html"
    paginate_by = 20
    context_object_name = "materials"

    def get_form(self):
        if not hasattr(self, "_form"):
            self._form = SearchForm(self.request.GET or None)
            self.library_query = self._form.library_query()
        return self._form

    def get_queryset(self):
        self.get_form()
        # One search gives the facets, the paginator's count and the results.
        found = search.Search(self.request.user, self.library_query)
        self.facet_counts, self.total = found.facets_and_total()
        return found.results()

    def get_paginator(self, *args, **kwargs):
        paginator = super().get_paginator(*args, **kwargs)
        paginator.count = self.total
        return paginator

    def get_template_names(self):
        if self.request.htmx:
            return ["library/search_swap.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["materials"]
        # Browsing without words shows each summary; searching, the passage that matched.
        # A query of no words ("(") browses: it did not search for anything.
        searching = any(text.words(self.library_query.q))
        found_snippets = search.snippets(page, self.library_query.q) if searching else {}
        for material in page:
            material.snippet = found_snippets.get(material.pk, "")
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            form=self.get_form(),
            library_query=self.library_query,
            facets=facet_groups(self.facet_counts, self.request.GET),
            query=query.urlencode(),
            searching=searching,
            collections=[]
            if self.request.htmx
            else Collection.objects.filter(featured=True).order_by("order", "id")[:4],
        )
        return context


FACET_LABELS = {
    "type": _("Type"),
    "theme": _("Sub-theme"),
    "audience": _("Audience"),
    "year": _("Year"),
    "language": _("Language"),
}
# The search's facet names and the query parameters that set them.
FACET_PARAMETERS = {
    "kind": "type",
    "sub_theme": "theme",
    "audience": "audience",
    "year": "year",
    "language": "language",
}


def facet_groups(counted: dict, params) -> list[dict]:
    """Each facet's values with their counts and the link that sets or clears them."""
    groups = []
    for facet, parameter in FACET_PARAMETERS.items():
        options = []
        for value, label, count in counted[facet]:
            query = params.copy()
            query.pop("page", None)
            active = query.get(parameter) == str(value)
            if active:
                query.pop(parameter)
            else:
                query[parameter] = value
            options.append(
                {"label": label, "count": count, "active": active, "query": query.urlencode()}
            )
        if options:
            groups.append({"name": parameter, "label": FACET_LABELS[parameter], "options": options})
    return groups
