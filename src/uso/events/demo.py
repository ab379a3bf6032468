"""The demo's year of events: the current demo period's programme from about six months ago to
six months ahead, with registrations, a full seminar with its waitlist, clinic bookings,
attendance and anonymous feedback.

Dates are counted from today, so the demo stays current whenever it is loaded. Everything goes
through the services, as it would in use; the mail they queue is sent to Django's dummy backend
(the demo's people have no real addresses). Loaded once: a period that already has events gets
nothing more.
"""

import random
import secrets
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import F
from django.test import override_settings
from django.utils import timezone

from uso.accounts.models import Role, User
from uso.network.demo import PEOPLE_FOR
from uso.network.models import Municipality, PeerGroup, Period, Region, SubTheme

from . import services
from .demo_programme import OPEN_ANSWERS, ORGANISERS, Spec, demo_programme
from .models import (
    AgendaItem,
    ClinicSlot,
    Event,
    EventKind,
    FeedbackQuestion,
    ParticipationMode,
    Registration,
)


def load_events_demo(period: Period | None = None) -> list[Event]:
    """Create the demo programme for the current demo period once; return the new events."""
    period = period or Period.objects.filter(network__slug="uso").current()
    if period is None or Event.objects.filter(period=period).exists():
        return []
    # The services queue mail as in real use; the demo's addresses are not real.
    dummy_mail = override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend")
    with dummy_mail, transaction.atomic():
        return _Loader(period).run()


class _Loader:
    def __init__(self, period: Period):
        self.period = period
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.random = random.Random(2017)
        self.coordinator = User.objects.filter(role=Role.COORDINATOR).order_by("pk").first()
        self.municipalities = Municipality.objects.in_bulk(PEOPLE_FOR, field_name="code")
        self.people: dict[str, dict[str, User]] = {code: {} for code in PEOPLE_FOR}
        demo_people = User.objects.active().filter(
            municipality__code__in=PEOPLE_FOR, email__endswith="@kunta.example"
        )
        for person in demo_people.select_related("municipality"):
            kind = person.email.split(".", 1)[0]  # yhdyshenkilo, valtuusto, johtaja
            self.people[person.municipality.code][kind] = person
        self.sub_themes = {
            (sub.theme_area.order, sub.order): sub
            for sub in SubTheme.objects.filter(theme_area__period=period).select_related(
                "theme_area"
            )
        }
        self.groups = {group.name_fi: group for group in PeerGroup.objects.filter(period=period)}
        self.regions = Region.objects.in_bulk(field_name="code")

    def run(self) -> list[Event]:
        specs = demo_programme()
        rounds = self._seminar_rounds(specs)
        events = []
        for spec in specs:
            event = self._create(spec, seminar_round=rounds.get(id(spec)))
            if event.status == Event.Status.DRAFT:
                events.append(event)
                continue
            self._register(event, spec)
            self._book_slots(event, spec)
            if spec.cancelled:
                event = services.cancel_event(event=event, by=self.coordinator)
            elif event.end < self.now:
                self._after_the_event(event)
            events.append(event)
        return events

    # --- The events ----------------------------------------------------------------------------

    def _day(self, offset: int) -> date:
        day = self.today + timedelta(days=offset)
        if day.weekday() == 5:  # Saturday: the Friday before
            day -= timedelta(days=1)
        elif day.weekday() == 6:  # Sunday: the Monday after
            day += timedelta(days=1)
        return day

    def _at(self, day: date, hour: int, minute: int = 0) -> datetime:
        return timezone.make_aware(datetime.combine(day, time(hour, minute)))

    def _seminar_rounds(self, specs: list[Spec]) -> dict[int, int]:
        """Number the seminars within each calendar year; parallel peer seminars share one."""
        seminars = sorted(
            (
                spec
                for spec in specs
                if spec.kind in (EventKind.THEME_SEMINAR, EventKind.PEER_SEMINAR)
            ),
            key=lambda spec: spec.day,
        )
        numbers, keys, per_year = {}, {}, {}
        for spec in seminars:
            year = self._day(spec.day).year
            key = (year, spec.round_key or id(spec))
            if key not in keys:
                per_year[year] = per_year.get(year, 0) + 1
                keys[key] = per_year[year]
            numbers[id(spec)] = keys[key]
        return numbers

    def _create(self, spec: Spec, *, seminar_round: int | None) -> Event:
        day = self._day(spec.day)
        start = self._at(day, *spec.hours[0])
        (fi, sv, en), (dfi, dsv, den) = spec.title, spec.description
        event = Event(
            period=self.period,
            kind=spec.kind,
            title_fi=fi,
            title_sv=sv,
            title_en=en,
            description_fi=dfi,
            description_sv=dsv,
            description_en=den,
            start=start,
            end=self._at(day, *spec.hours[1]),
            format=spec.format,
            venue=spec.venue[0],
            address=spec.venue[1],
            online_url=spec.online,
            audience=spec.audience,
            capacity=spec.capacity,
            per_municipality_limit=spec.per_municipality_limit,
            registration_opens=(
                self._at(self._day(spec.day - spec.opens_before), 9)
                if spec.opens_before is not None
                else None
            ),
            registration_closes=(
                self._at(day - timedelta(days=spec.closes_before), 16)
                if spec.closes_before is not None
                else None
            ),
            guests_allowed=spec.guests_allowed,
            status=spec.status,
            organisers=ORGANISERS,
            speakers=spec.speakers,
            seminar_round=seminar_round,
            municipality=self.municipalities[spec.municipality] if spec.municipality else None,
        )
        event = services.save_event(event=event, changed=set(), by=self.coordinator)
        event.sub_themes.set([self.sub_themes[key] for key in spec.sub_themes])
        if spec.peer_group:
            event.peer_groups.set([self.groups[spec.peer_group]])
        if spec.regions:
            event.regions.set([self.regions[code] for code in spec.regions])
        if spec.admitted:
            event.admitted_municipalities.set(
                [Municipality.objects.get(code=code) for code in spec.admitted]
            )
        AgendaItem.objects.bulk_create(
            AgendaItem(
                event=event,
                starts_at=time.fromisoformat(at),
                title_fi=title_fi,
                title_sv=title_sv,
                title_en=title_en,
                speaker=speaker,
            )
            for at, title_fi, title_sv, title_en, speaker in spec.agenda
        )
        return event

    # --- Registrations -------------------------------------------------------------------------

    def _people_for(self, event: Event, spec: Spec) -> list[User]:
        if spec.attendees == "none":
            return []
        if event.kind == EventKind.WORKSHOP:
            codes = [spec.municipality]
        elif event.kind == EventKind.PEER_SEMINAR:
            members = set(
                event.peer_groups.values_list("members__code", flat=True).filter(
                    members__code__in=PEOPLE_FOR
                )
            )
            codes = [code for code in PEOPLE_FOR if code in members]
        elif event.kind == EventKind.CHANGE_CLINIC:
            codes = [
                code
                for code in PEOPLE_FOR
                if services.clinic_is_open_to(event, self.municipalities[code])
            ]
        else:
            codes = list(PEOPLE_FOR)
        kinds = {
            "all": ["johtaja", "valtuusto", "yhdyshenkilo"],
            "professional": ["johtaja", "yhdyshenkilo"],
            "contacts": ["yhdyshenkilo"],
        }[spec.attendees]
        people = [
            self.people[code][kind] for kind in kinds for code in codes if kind in self.people[code]
        ]
        if spec.full:
            return people[:16]  # for 12 seats
        if event.kind == EventKind.THEME_SEMINAR:
            people = [person for index, person in enumerate(people) if index % 5 != 4]
        return people

    def _register(self, event: Event, spec: Spec) -> None:
        people = self._people_for(event, spec)
        past = event.start < self.now
        recent = event.end > self.now - services.DIETARY_KEPT_FOR
        diets = ["", "", "Kasvisruoka", "", "Laktoositon", "", "", "Gluteeniton"]
        for index, person in enumerate(people):
            if past:  # the coordinator enters them afterwards, past the closing time
                by = self.coordinator
            elif event.kind == EventKind.WORKSHOP:  # the contact person registers the team
                by = self.people[spec.municipality].get("yhdyshenkilo", person)
            else:
                by = person
            services.register(
                event=event,
                by=by,
                person=person,
                mode=ParticipationMode.ONLINE if index % 3 == 2 else ParticipationMode.ON_SITE,
                dietary=diets[index % len(diets)] if recent else "",
                consent_to_list=index % 6 != 5,
            )
        if spec.guests_allowed and people:
            services.register(
                event=event,
                by=self.coordinator,
                guest=services.Guest(
                    name="Maria Virtanen",
                    organisation="Valtiovarainministeriö",
                    email="maria.virtanen@vm.example",
                ),
                consent_to_list=True,
            )
        if past:
            # As if they had registered three weeks before (guests by the coordinator).
            registered = event.start - timedelta(days=21)
            event.registrations.filter(person__isnull=False).update(
                registered_by=F("person"), created_at=registered
            )
            event.registrations.confirmed().update(confirmed_at=registered)
        if spec.full:
            # One cancels: the first on the waitlist gets the seat.
            first = event.registrations.confirmed().filter(person__isnull=False).first()
            services.cancel_registration(registration=first, by=first.person)

    def _book_slots(self, event: Event, spec: Spec) -> None:
        if event.kind != EventKind.CHANGE_CLINIC:
            return
        day = timezone.localdate(event.start)
        starts = [(9, 15), (10, 0), (10, 45), (11, 30), (12, 45), (13, 30)]
        experts = ["Kalle Konsultti", "Aino Asiantuntija"]
        slots = ClinicSlot.objects.bulk_create(
            ClinicSlot(
                event=event,
                starts=self._at(day, hour, minute),
                ends=self._at(day, hour, minute) + timedelta(minutes=45),
                expert=expert,
            )
            for hour, minute in starts
            for expert in experts
        )
        for slot, (code, challenge) in zip(slots[::2], spec.slots, strict=False):
            contact = self.people[code].get("yhdyshenkilo")
            past = event.start < self.now
            services.book_slot(
                slot=slot,
                municipality=self.municipalities[code],
                challenge=challenge,
                by=self.coordinator if past or contact is None else contact,
            )

    # --- After the event -----------------------------------------------------------------------

    def _after_the_event(self, event: Event) -> None:
        """Attendance marked; feedback asked of those who came, and most of them answered."""
        confirmed = list(event.registrations.confirmed().order_by("id"))
        for index, registration in enumerate(confirmed):
            attendance = (
                Registration.Attendance.NO_SHOW
                if index % 7 == 3
                else Registration.Attendance.ATTENDED
            )
            services.set_attendance(registration=registration, attendance=attendance)
        Event.objects.filter(pk=event.pk).update(feedback_requested_at=event.end)
        questions = list(event.feedback_questions.all())
        attended = [r for r in confirmed if r.attendance == Registration.Attendance.ATTENDED]
        for index, registration in enumerate(attended):
            registration.feedback_token = secrets.token_urlsafe(32)
            registration.save(update_fields=["feedback_token"])
            if index % 4 == 3:
                continue  # not everyone answers
            response = services.submit_feedback(
                token=registration.feedback_token, answers=self._answers(questions)
            )
            response.submitted_on = timezone.localdate(event.end) + timedelta(days=index % 4)
            response.save(update_fields=["submitted_on"])

    def _answers(self, questions: list[FeedbackQuestion]) -> dict[int, dict]:
        answers = {}
        for question in questions:
            if question.kind == FeedbackQuestion.Kind.SCALE:
                answers[question.pk] = {"score": self.random.choice([2, 3, 4, 4, 4, 5, 5, 5])}
            elif self.random.random() < 0.5:
                answers[question.pk] = {"text": self.random.choice(OPEN_ANSWERS)}
        return answers
