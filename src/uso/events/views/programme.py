"""The programme: list and month views, an event's page, creating and editing events."""

import calendar as month_calendar
from datetime import date, datetime, timedelta

from django.contrib import messages
from django.db import transaction
from django.db.models import OuterRef, Prefetch, Subquery
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, TemplateView

from uso.core.errors import DomainError
from uso.core.mixins import FilteredListMixin, PermissionMixin
from uso.network.models import Period, SubTheme

from .. import calendar, services
from ..forms import (
    AgendaFormSet,
    EventForm,
    ProgrammeFilterForm,
    RegistrationForm,
    default_event_times,
)
from ..models import Event, Registration


def programme_queryset(user):
    """Events a person may see, with what every row of the programme shows, in fixed queries."""
    queryset = (
        Event.objects.visible_to(user)
        .with_counts()
        .select_related("period", "municipality")
        # A plain list per event: a manager and queryset for each of 25 cards cost more than
        # the regions' one query.
        .prefetch_related(Prefetch("regions", to_attr="region_list"))
    )
    if user.is_authenticated:
        mine = (
            Registration.objects.filter(event=OuterRef("pk"), person=user)
            .exclude(status=Registration.Status.CANCELLED)
            .order_by()
        )
        queryset = queryset.annotate(my_status=Subquery(mine.values("status")[:1]))
    return queryset


class EventMixin:
    """Loads the event of the URL among those the person may see (others answer 404)."""

    @cached_property
    def event(self):
        return get_object_or_404(
            Event.objects.visible_to(self.request.user).select_related("period", "municipality"),
            pk=self.kwargs["pk"],
        )

    def get_permission_object(self):
        return self.event


class ProgrammeView(PermissionMixin, FilteredListMixin, ListView):
    permission_required = "events.view_programme"
    template_name = "events/programme.html"
    paginate_by = 25

    def get_filter_form(self):
        if not hasattr(self, "_filter_form"):
            self._filter_form = ProgrammeFilterForm(self.request.GET or None)
        return self._filter_form

    def get_queryset(self):
        queryset = self.get_filter_form().filter(programme_queryset(self.request.user))
        when = self.request.GET.get("when")
        return queryset.order_by("-start" if when == "past" else "start", "id")

    def get_template_names(self):
        if self.request.htmx:
            return ["events/programme.html#results"]
        return [self.template_name]


class MonthView(PermissionMixin, TemplateView):
    """A month as a calendar table: weeks in rows, each day listing its events."""

    permission_required = "events.view_programme"
    template_name = "events/month.html"

    # Months a calendar can show with its neighbours and time zones: a hand-typed year 1 or
    # 9999 shows this month, as any month that cannot be read does.
    YEARS = range(1900, 3000)

    def month(self) -> date:
        try:
            chosen = datetime.strptime(self.request.GET.get("month", ""), "%Y-%m").date()
        except ValueError:
            chosen = None
        if chosen is None or chosen.year not in self.YEARS:
            chosen = timezone.localdate()
        return chosen.replace(day=1)

    def get_context_data(self, **kwargs):
        first = self.month()
        weeks = month_calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
        start = timezone.make_aware(datetime.combine(weeks[0][0], datetime.min.time()))
        end = timezone.make_aware(datetime.combine(weeks[-1][-1], datetime.min.time()))
        form = ProgrammeFilterForm(self.request.GET or None)
        events = form.filter(programme_queryset(self.request.user), default_when="all")
        events = events.filter(start__lt=end + timedelta(days=1), end__gte=start).order_by("start")
        by_day: dict[date, list] = {}
        for event in events:
            day = timezone.localdate(event.start)
            last = timezone.localdate(event.end)
            while day <= last:
                by_day.setdefault(day, []).append(event)
                day += timedelta(days=1)
        query = self.request.GET.copy()
        query.pop("month", None)
        return super().get_context_data(
            month=first,
            weeks=[[(day, by_day.get(day, [])) for day in week] for week in weeks],
            previous_month=(first - timedelta(days=1)).strftime("%Y-%m"),
            next_month=(first + timedelta(days=32)).replace(day=1).strftime("%Y-%m"),
            today=timezone.localdate(),
            filter_form=form,
            query=query.urlencode(),
            **kwargs,
        )


class EventDetailView(EventMixin, PermissionMixin, DetailView):
    permission_required = "events.view_event"
    template_name = "events/event_detail.html"
    context_object_name = "event"

    def get_object(self, queryset=None):
        return self.event

    def get_context_data(self, **kwargs):
        event = self.event
        user = self.request.user
        mine = None
        if user.is_authenticated:
            mine = (
                event.registrations.with_waitlist_position()
                .filter(person=user)
                .exclude(status=Registration.Status.CANCELLED)
                .first()
            )
        counts = (
            Event.objects.with_counts().values("confirmed_count", "waitlist_count").get(pk=event.pk)
        )
        problem = event.registration_problem()
        if not problem and user.is_authenticated:
            problem = services.who_may_not_attend(event, user)
        return super().get_context_data(
            agenda=event.agenda.all(),
            sub_themes=SubTheme.objects.filter(events=event).select_related("theme_area"),
            regions=event.regions.all(),
            peer_groups=event.peer_groups.all(),
            my_registration=mine,
            counts=counts,
            seats_left=(
                None
                if event.capacity is None
                else max(event.capacity - counts["confirmed_count"], 0)
            ),
            registration_problem=problem,
            registration_form=RegistrationForm(event=event),
            shows_link=shows_online_link(event, user, mine),
            materials=event.materials.all()
            if user.has_perm("events.view_materials", event)
            else [],
            free_slots=event.slots.filter(municipality__isnull=True).count(),
            **kwargs,
        )


def shows_online_link(event, user, registration) -> bool:
    if not event.online_url or event.status == Event.Status.CANCELLED:
        return False
    if user.is_authenticated and user.is_coordinator:
        return True
    return registration is not None and registration.status == Registration.Status.CONFIRMED


class EventFormMixin:
    """Create and edit: the event form with its agenda formset, saved through the service."""

    permission_required = "events.manage_events"
    template_name = "events/event_form.html"

    def forms(self, instance):
        data = self.request.POST if self.request.method == "POST" else None
        return EventForm(data, instance=instance, initial=self.initial()), AgendaFormSet(
            data, instance=instance, prefix="agenda"
        )

    def initial(self):
        return {}

    def render(self, form, agenda):
        return self.render_to_response(
            self.get_context_data(form=form, agenda=agenda, event=form.instance)
        )

    def get(self, request, *args, **kwargs):
        return self.render(*self.forms(self.get_instance()))

    def post(self, request, *args, **kwargs):
        instance = self.get_instance()
        form, agenda = self.forms(instance)
        if not (form.is_valid() and agenda.is_valid()):
            return self.render(form, agenda)
        try:
            with transaction.atomic():
                event = form.save(commit=False)
                services.save_event(event=event, changed=set(form.changed_data), by=request.user)
                form.save_m2m()
                agenda.instance = event
                agenda.save()
        except DomainError as error:
            form.add_error(error.field, error.message)
            return self.render(form, agenda)
        messages.success(request, _("The event was saved."))
        return redirect(event)


class EventCreateView(EventFormMixin, PermissionMixin, TemplateView):
    def get_instance(self):
        return Event(period=Period.objects.current())

    def initial(self):
        start, end = default_event_times()
        return {"start": start, "end": end, "kind": self.request.GET.get("kind", "")}


class EventUpdateView(EventMixin, EventFormMixin, PermissionMixin, TemplateView):
    def get_instance(self):
        return self.event


class EventActionView(EventMixin, PermissionMixin, TemplateView):
    """GET asks to confirm; POST calls the service and returns to the event."""

    permission_required = "events.manage_events"
    template_name = "events/event_confirm.html"
    service = None
    question = ""
    button = ""
    done = ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            event=self.event, question=self.question, button=self.button, **kwargs
        )

    def post(self, request, *args, **kwargs):
        try:
            self.service(event=self.event, by=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, self.done)
        return redirect(reverse("events:event", kwargs={"pk": self.event.pk}))


class PublishEventView(EventActionView):
    service = staticmethod(services.publish_event)

    @property
    def question(self):
        return _("Publish the event? It appears in the programme and registration opens.")

    @property
    def button(self):
        return _("Publish")

    @property
    def done(self):
        return _("The event was published.")


class CancelEventView(EventActionView):
    service = staticmethod(services.cancel_event)

    @property
    def question(self):
        return _("Cancel the event? Everyone registered is told by e-mail at once.")

    @property
    def button(self):
        return _("Cancel the event")

    @property
    def done(self):
        return _("The event was cancelled and the registered people were told.")


def event_ics_view(request, pk):
    """The event as an `.ics` file; the online link only for the confirmed and coordinators."""
    event = get_object_or_404(Event.objects.visible_to(request.user), pk=pk)
    if not request.user.has_perm("events.view_event", event):
        return HttpResponse(status=403)
    registration = None
    if request.user.is_authenticated:
        registration = event.registrations.filter(
            person=request.user, status=Registration.Status.CONFIRMED
        ).first()
    content = calendar.event_ics(
        event, include_link=shows_online_link(event, request.user, registration)
    )
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="uso-event-{event.pk}.ics"'
    return response
