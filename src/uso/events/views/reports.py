"""Work in progress: replaced by the real views."""

from django.views import View


class YearView(View):
    pass


def year_export_view(request, **kwargs):
    raise NotImplementedError
