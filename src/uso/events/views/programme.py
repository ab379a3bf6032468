"""Work in progress: replaced by the real views."""

from django.views import View


class CancelEventView(View):
    pass


class EventCreateView(View):
    pass


class EventDetailView(View):
    pass


class EventUpdateView(View):
    pass


class MonthView(View):
    pass


class ProgrammeView(View):
    pass


class PublishEventView(View):
    pass


def event_ics_view(request, **kwargs):
    raise NotImplementedError
