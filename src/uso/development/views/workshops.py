"""Work in progress: replaced by the real views."""

from django.views import View


class DecideExtraView(View):
    pass


class PendingExtrasView(View):
    pass


class RecordView(View):
    pass


class WorkshopCreateView(View):
    pass


class WorkshopListView(View):
    pass
