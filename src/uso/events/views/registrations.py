"""Work in progress: replaced by the real views."""

from django.views import View


class AttendanceView(View):
    pass


class BookSlotView(View):
    pass


class CalendarFeedView(View):
    pass


class CancelRegistrationView(View):
    pass


class MaterialsView(View):
    pass


class MyRegistrationsView(View):
    pass


class ParticipantListView(View):
    pass


class RegisterOthersView(View):
    pass


class RegisterView(View):
    pass


class RegistrationListView(View):
    pass


class ReleaseSlotView(View):
    pass


class SlotsView(View):
    pass


def feed_view(request, **kwargs):
    raise NotImplementedError


def material_download_view(request, **kwargs):
    raise NotImplementedError


def participant_export_view(request, **kwargs):
    raise NotImplementedError
