"""Registering, the lists of registrations and participants, clinics' slots, materials and
the personal calendar feed."""

import csv
import io

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.db.models import Case, F, Q, When
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import override
from django.views.generic import FormView, ListView, TemplateView
from openpyxl import Workbook

from uso.core.errors import DomainError
from uso.core.mixins import PermissionMixin

from .. import calendar, services
from ..forms import (
    AttendanceForm,
    MaterialForm,
    RegisterOthersForm,
    RegistrationForm,
    SlotBookingForm,
    SlotSeriesForm,
)
from ..models import CalendarFeed, ClinicSlot, Event, EventMaterial, Registration
from .programme import EventMixin

# --- Registering -------------------------------------------------------------------------------


class RegisterView(EventMixin, PermissionMixin, FormView):
    """A person registers themselves."""

    permission_required = "events.register_self"
    template_name = "events/register.html"

    def get_form(self, form_class=None):
        return RegistrationForm(**self.get_form_kwargs(), event=self.event)

    def form_valid(self, form):
        try:
            registration = services.register(
                event=self.event,
                by=self.request.user,
                person=self.request.user,
                mode=form.cleaned_data.get("mode", ""),
                dietary=form.cleaned_data.get("dietary", ""),
                consent_to_list=form.cleaned_data["consent_to_list"],
            )
        except DomainError as error:
            messages.error(self.request, error.message)
            return redirect(self.event)
        messages.success(self.request, registered_message(registration))
        return redirect(self.event)

    def get_context_data(self, **kwargs):
        return super().get_context_data(event=self.event, **kwargs)


def registered_message(registration) -> str:
    if registration.status == Registration.Status.CONFIRMED:
        return _("%(name)s is registered. A confirmation is on its way by e-mail.") % {
            "name": registration.name
        }
    if services.seats_taken_by_municipality(registration):
        return _(
            "The municipality's seats are taken (%(limit)s a municipality): %(name)s is on the "
            "waitlist and is told by e-mail if a place becomes free."
        ) % {"name": registration.name, "limit": registration.event.per_municipality_limit}
    return _(
        "The event is full: %(name)s is on the waitlist and is told by e-mail if a place "
        "becomes free."
    ) % {"name": registration.name}


class RegisterOthersView(EventMixin, PermissionMixin, FormView):
    """A contact person registers their municipality's people; a coordinator anyone, or a
    guest where the event takes guests."""

    permission_required = "events.register_others"
    template_name = "events/register_others.html"

    def get_form(self, form_class=None):
        return RegisterOthersForm(**self.get_form_kwargs(), event=self.event, by=self.request.user)

    def form_valid(self, form):
        data = form.cleaned_data
        guest = None
        if not data.get("person"):
            guest = services.Guest(
                name=data["guest_name"],
                organisation=data.get("guest_organisation", ""),
                email=data["guest_email"],
                language=self.request.LANGUAGE_CODE,
            )
        try:
            registration = services.register(
                event=self.event,
                by=self.request.user,
                person=data.get("person"),
                guest=guest,
                mode=data.get("mode", ""),
                dietary=data.get("dietary", ""),
                consent_to_list=data["consent_to_list"],
            )
        except DomainError as error:
            form.add_error(error.field, error.message)
            return self.form_invalid(form)
        messages.success(self.request, registered_message(registration))
        return redirect("events:register_others", pk=self.event.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            event=self.event, full=not services.has_free_seat(self.event), **kwargs
        )


class CancelRegistrationView(PermissionMixin, TemplateView):
    permission_required = "events.cancel_registration"
    template_name = "events/registration_cancel.html"

    @cached_property
    def registration(self):
        return get_object_or_404(
            Registration.objects.select_related("event", "person"), pk=self.kwargs["pk"]
        )

    def get_permission_object(self):
        return self.registration

    def get_context_data(self, **kwargs):
        return super().get_context_data(registration=self.registration, **kwargs)

    def post(self, request, *args, **kwargs):
        registration = self.registration
        try:
            services.cancel_registration(registration=registration, by=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("The registration of %(name)s was cancelled.") % {"name": registration.name},
            )
        if registration.person_id == request.user.pk:
            return redirect(registration.event)
        return redirect("events:registrations", pk=registration.event_id)


class MyRegistrationsView(PermissionMixin, ListView):
    permission_required = "events.list_my_registrations"
    template_name = "events/my_registrations.html"
    paginate_by = 50

    def get_queryset(self):
        # The coming events first, the next one at the top; then the past ones, latest first.
        now = timezone.now()
        coming = Q(event__end__gte=now)
        return (
            Registration.objects.with_waitlist_position()
            .filter(person=self.request.user)
            .exclude(status=Registration.Status.CANCELLED)
            .select_related("event")
            .annotate(
                coming_start=Case(When(coming, then=F("event__start"))),
                past_start=Case(When(~coming, then=F("event__start"))),
            )
            .order_by(F("coming_start").asc(nulls_last=True), F("past_start").desc(), "pk")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(now=timezone.now(), **kwargs)


# --- Lists of registrations and participants ---------------------------------------------------


class RegistrationListView(EventMixin, PermissionMixin, ListView):
    """Coordinators: everyone registered, with attendance. A contact person: their own
    municipality's people."""

    permission_required = "events.view_registrations"
    template_name = "events/registration_list.html"
    paginate_by = 100

    def get_queryset(self):
        registrations = (
            self.event.registrations.with_waitlist_position()
            .select_related("person", "municipality")
            .order_by("status", "id")
        )
        if not self.request.user.is_coordinator:
            registrations = registrations.filter(municipality_id=self.request.user.municipality_id)
        status = self.request.GET.get("status")
        if status in Registration.Status.values:
            registrations = registrations.filter(status=status)
        else:
            registrations = registrations.exclude(status=Registration.Status.CANCELLED)
        return registrations

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            event=self.event,
            attendance_choices=Registration.Attendance.choices,
            statuses=Registration.Status.choices,
            chosen_status=self.request.GET.get("status", ""),
            query=self.request.GET.urlencode() if "status" in self.request.GET else "",
            **kwargs,
        )


class AttendanceView(PermissionMixin, TemplateView):
    """POST marks one registration attended or not; htmx swaps the row's status text."""

    permission_required = "events.manage_events"
    template_name = "events/registration_list.html#attendance"

    @cached_property
    def registration(self):
        return get_object_or_404(Registration.objects.select_related("event"), pk=self.kwargs["pk"])

    def get_permission_object(self):
        return self.registration.event

    def get(self, request, *args, **kwargs):
        return redirect("events:registrations", pk=self.registration.event_id)

    def post(self, request, *args, **kwargs):
        form = AttendanceForm(request.POST)
        registration = self.registration
        if not form.is_valid():
            return HttpResponse(_("Choose a value from the list."), status=400)
        try:
            services.set_attendance(
                registration=registration, attendance=form.cleaned_data["attendance"]
            )
        except DomainError as error:
            if request.htmx:
                return HttpResponse(error.message, status=400)
            messages.error(request, error.message)
        if request.htmx:
            return self.render_to_response({"registration": registration, "saved": True})
        return redirect("events:registrations", pk=registration.event_id)


def participants(event):
    """Who is coming and agreed to be listed: the only names anyone else sees."""
    return (
        event.registrations.confirmed()
        .filter(consent_to_list=True)
        .select_related("person", "municipality")
        .order_by("municipality__name_fi", "person__last_name", "guest_name")
    )


def participant_rows(event):
    for registration in participants(event):
        if registration.person_id:
            yield (
                registration.person.get_full_name() or registration.person.email,
                registration.person.position,
                registration.municipality.name if registration.municipality_id else "",
            )
        else:
            yield registration.guest_name, "", registration.guest_organisation


class ParticipantListView(EventMixin, PermissionMixin, TemplateView):
    permission_required = "events.view_participants"
    template_name = "events/participant_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            event=self.event,
            rows=list(participant_rows(self.event)),
            confirmed=self.event.registrations.confirmed().count(),
            **kwargs,
        )


def participant_export_view(request, pk, fmt):
    event = get_object_or_404(Event.objects.visible_to(request.user), pk=pk)
    if not request.user.has_perm("events.view_participants", event):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return HttpResponse(status=403)
    header = [_("Name"), _("Position"), _("Municipality or organisation")]
    rows = participant_rows(event)
    filename = f"participants-{event.pk}"
    if fmt == "csv":
        buffer = io.StringIO()
        buffer.write("\ufeff")  # Excel reads UTF-8 only with the byte-order mark
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow(header)
        writer.writerows(rows)
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        book = Workbook()
        sheet = book.active
        sheet.title = _("Participants")[:31]
        sheet.append(header)
        for row in rows:
            sheet.append(row)
        output = io.BytesIO()
        book.save(output)
        response = HttpResponse(
            output.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


# --- Change clinics ----------------------------------------------------------------------------


class SlotsView(EventMixin, PermissionMixin, TemplateView):
    """A clinic's consultation slots: book one, or (coordinators) add a row of them."""

    permission_required = "events.view_event"
    template_name = "events/slots.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        slots = list(self.event.slots.select_related("municipality"))
        refused = kwargs.pop("refused_slot", None)
        for slot in slots:
            slot.refused = slot.pk == refused
        municipality_id = getattr(user, "municipality_id", None)
        own = [s for s in slots if municipality_id and s.municipality_id == municipality_id]
        can_book = user.has_perm("events.book_slot", self.event)
        booking_form = kwargs.pop("booking_form", None)  # a refused booking, to try again
        if booking_form is None and can_book:
            booking_form = SlotBookingForm(event=self.event, by=user)
        return super().get_context_data(
            event=self.event,
            slots=slots,
            own_slot=own[0] if own else None,
            can_book=can_book,
            booking_form=booking_form,
            series_form=kwargs.pop("series_form", None) or SlotSeriesForm(),
            sees_challenges=user.is_authenticated and (user.is_coordinator or user.is_consultant),
            booking_problem=self.booking_problem(),
            **kwargs,
        )

    def booking_problem(self):
        user = self.request.user
        if not user.is_authenticated or user.is_coordinator:
            return None
        problem = self.event.registration_problem()
        if problem:
            return problem
        if user.municipality_id and not services.clinic_is_open_to(self.event, user.municipality):
            return _(
                "This regional clinic is for the municipalities of its regions; the "
                "coordinator can admit others."
            )
        return None

    def post(self, request, *args, **kwargs):
        """Coordinators add a row of slots."""
        if not request.user.has_perm("events.manage_events", self.event):
            return HttpResponse(status=403)
        form = SlotSeriesForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(series_form=form))
        with transaction.atomic():
            for starts, ends in form.slot_times():
                ClinicSlot.objects.create(
                    event=self.event, starts=starts, ends=ends, expert=form.cleaned_data["expert"]
                )
        messages.success(
            request, _("%(count)s slots were added.") % {"count": form.cleaned_data["count"]}
        )
        return redirect("events:slots", pk=self.event.pk)


class SlotMixin:
    @cached_property
    def slot(self):
        slot = get_object_or_404(ClinicSlot.objects.select_related("event"), pk=self.kwargs["pk"])
        if not Event.objects.visible_to(self.request.user).filter(pk=slot.event_id).exists():
            raise Http404
        return slot

    def get(self, request, *args, **kwargs):
        return redirect("events:slots", pk=self.slot.event_id)


class BookSlotView(SlotMixin, PermissionMixin, TemplateView):
    permission_required = "events.book_slot"
    template_name = "events/slots.html"

    def get_permission_object(self):
        return self.slot.event

    def post(self, request, *args, **kwargs):
        form = SlotBookingForm(request.POST, event=self.slot.event, by=request.user)
        if not form.is_valid():
            return self.refused(form)
        municipality = form.cleaned_data.get("municipality") or request.user.municipality
        try:
            services.book_slot(
                slot=self.slot,
                municipality=municipality,
                challenge=form.cleaned_data["challenge"],
                by=request.user,
            )
        except DomainError as error:
            return self.refused(form, error.message)
        messages.success(
            request, _("The consultation was booked for %(name)s.") % {"name": municipality.name}
        )
        return redirect("events:slots", pk=self.slot.event_id)

    def refused(self, form, reason=""):
        """The slots page again, this slot's form open with what was typed and why not."""
        page = SlotsView()
        page.setup(self.request, pk=self.slot.event_id)
        context = page.get_context_data(
            booking_form=form, refused_slot=self.slot.pk, refusal=reason
        )
        return page.render_to_response(context)


class ReleaseSlotView(SlotMixin, PermissionMixin, TemplateView):
    permission_required = "events.release_slot"
    template_name = "events/slots.html"

    def get_permission_object(self):
        return self.slot

    def post(self, request, *args, **kwargs):
        services.release_slot(slot=self.slot, by=request.user)
        messages.success(request, _("The booking was cancelled; the slot is free again."))
        return redirect("events:slots", pk=self.slot.event_id)


# --- Materials ---------------------------------------------------------------------------------


class MaterialsView(EventMixin, PermissionMixin, FormView):
    """Members read the event's materials; coordinators upload them."""

    permission_required = "events.view_materials"
    template_name = "events/materials.html"
    form_class = MaterialForm

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("events.add_material", self.event):
            return HttpResponse(status=403)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        services.add_material(
            event=self.event,
            title=form.cleaned_data["title"],
            file=form.cleaned_data["file"],
            by=self.request.user,
        )
        messages.success(self.request, _("The material was added."))
        return redirect("events:materials", pk=self.event.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            event=self.event,
            materials=self.event.materials.all(),
            can_add=self.request.user.has_perm("events.add_material", self.event),
            **kwargs,
        )


def material_download_view(request, pk):
    """Files are never served from a public address: each download asks the rules."""
    material = get_object_or_404(EventMaterial.objects.select_related("event"), pk=pk)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.has_perm("events.view_materials", material.event):
        raise Http404
    name = material.file.name.rsplit("/", 1)[-1]
    return FileResponse(material.file.open("rb"), as_attachment=True, filename=name)


# --- Calendar feed -----------------------------------------------------------------------------


class CalendarFeedView(PermissionMixin, TemplateView):
    """The person's secret feed address; renewing it stops the old one from working."""

    permission_required = "events.use_calendar_feed"
    template_name = "events/calendar_feed.html"

    def get_context_data(self, **kwargs):
        feed, _created = CalendarFeed.objects.get_or_create(person=self.request.user)
        url = self.request.build_absolute_uri(reverse("events:feed", kwargs={"token": feed.token}))
        return super().get_context_data(feed=feed, feed_url=url, **kwargs)

    def post(self, request, *args, **kwargs):
        feed, _created = CalendarFeed.objects.get_or_create(person=request.user)
        feed.renew()
        messages.success(
            request, _("Your calendar has a new address; the old one no longer works.")
        )
        return redirect("events:calendar_feed")


def feed_view(request, token):
    """The secret token in the address is the only credential: calendar apps cannot sign in."""
    feed = CalendarFeed.objects.select_related("person").filter(token=token).first()
    if feed is None or not feed.person.is_active:
        raise Http404
    if not request.user.has_perm("events.read_calendar_feed"):
        raise Http404
    with override(feed.person.language):
        content = calendar.feed_ics(feed.person)
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"
    return response
