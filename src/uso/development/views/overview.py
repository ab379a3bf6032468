"""Work in progress: replaced by the real views."""

from django.views import View


class OverviewView(View):
    pass


def report_view(request, **kwargs):
    raise NotImplementedError
