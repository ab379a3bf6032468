"""The demo's development plans: the eight demo municipalities with people get a plan of the
current demo period, one or more in each status (draft, agreed, in follow-up, closed), with
goals, actions and their owners, comments, workshops held (with records and the actions decided
in them) and planned, one extra workshop waiting for the coordinator, and the consultants' hours
over the past months.

The events demo's workshops become workshops of their municipalities' plans. Dates count from
today, as in the events demo. Everything goes through the services; the mail they queue goes to
Django's dummy backend. Loaded once: a period that already has plans gets nothing more.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from uso.accounts.models import Role, User
from uso.events import services as events
from uso.events.demo_programme import WORKSHOP_AGENDA
from uso.events.models import AgendaItem, Event, EventKind, Registration
from uso.network.demo import PEOPLE_FOR
from uso.network.models import ConsultantAssignment, Municipality, Period, SubTheme

from . import services
from .demo_plans import (
    CONSULTANT,
    CONTACT,
    COUNCIL,
    HOLIDAYS,
    LEADER,
    PLANS,
    ActionSpec,
    GoalSpec,
    PlanSpec,
    Status,
    Todo,
    WorkshopSpec,
)
from .models import Action, DevelopmentPlan, Goal, HourEntry, Workshop
from .quota import would_exceed_quota
from .workshops import WorkshopDetails, log_hours, plan_workshop, write_record


def load_development_demo(period: Period | None = None) -> list[DevelopmentPlan]:
    """Create the demo plans for the current demo period once; return the new plans."""
    period = period or Period.objects.filter(network__slug="uso").current()
    if period is None or DevelopmentPlan.objects.filter(period=period).exists():
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
        self.coordinator = User.objects.filter(role=Role.COORDINATOR).order_by("pk").first()
        self.municipalities = Municipality.objects.in_bulk(PEOPLE_FOR, field_name="code")
        self.people: dict[str, dict[str, User]] = {code: {} for code in PEOPLE_FOR}
        demo_people = User.objects.active().filter(
            municipality__code__in=PEOPLE_FOR, email__endswith="@kunta.example"
        )
        for person in demo_people.select_related("municipality"):
            kind = person.email.split(".", 1)[0]  # yhdyshenkilo, valtuusto, johtaja
            self.people[person.municipality.code][kind] = person
        self.consultants = {
            assignment.membership.municipality.code: assignment.consultant
            for assignment in ConsultantAssignment.objects.filter(
                membership__period=period, membership__municipality__code__in=PEOPLE_FOR
            ).select_related("membership__municipality", "consultant")
        }
        self.sub_themes = {
            (sub.theme_area.order, sub.order): sub
            for sub in SubTheme.objects.filter(theme_area__period=period).select_related(
                "theme_area"
            )
        }
        self.demo_workshops = {
            event.municipality.code: event
            for event in Event.objects.filter(
                period=period,
                kind=EventKind.WORKSHOP,
                municipality__code__in=PEOPLE_FOR,
                development_workshop__isnull=True,
            ).select_related("municipality")
        }

    def run(self) -> list[DevelopmentPlan]:
        plans = []
        for spec in PLANS:
            municipality = self.municipalities.get(spec.code)
            people = self.people.get(spec.code, {})
            if municipality is None or CONTACT not in people:
                continue
            plans.append(self._plan(spec, municipality, people))
        return plans

    # --- Dates ---------------------------------------------------------------------------------

    def _day(self, offset: int) -> date:
        """A working day: a Saturday moves to the Friday before, a Sunday or a holiday on."""
        day = self.today + timedelta(days=offset)
        if day.weekday() == 5:
            day -= timedelta(days=1)
        while day.weekday() > 4 or (day.month, day.day) in HOLIDAYS:
            day += timedelta(days=1)
        return day

    def _within(self, day: date) -> date:
        return min(max(day, self.period.start_date), self.period.end_date)

    def _at(self, day: date, hour: int) -> datetime:
        return timezone.make_aware(datetime.combine(day, time(hour)))

    # --- The plan ------------------------------------------------------------------------------

    def _plan(self, spec: PlanSpec, municipality, people) -> DevelopmentPlan:
        contact = people[CONTACT]
        consultant = self.consultants.get(spec.code, self.coordinator)
        plan = services.start_plan(municipality=municipality, period=self.period, by=contact)
        plan.starting_situation = spec.starting_situation
        plan.shared = spec.shared
        services.save_plan(
            plan=plan, priorities=[self.sub_themes[key] for key in spec.priorities], by=contact
        )
        goals = [self._goal(plan, order, goal, people) for order, goal in enumerate(spec.goals, 1)]
        for workshop_spec in spec.workshops:
            self._workshop(plan, workshop_spec, goals, people, consultant)
        if spec.extra_workshop:
            self._extra_workshop(plan, spec.extra_workshop, spec, people, consultant)
        self._comments(plan, spec, goals, contact, consultant)
        self._move_status(plan, spec, contact)
        self._hours(plan, consultant)
        return plan

    def _goal(self, plan, order: int, spec: GoalSpec, people) -> tuple[Goal, list[Action]]:
        goal = Goal(
            plan=plan,
            order=order,
            title=spec.title,
            description=spec.description,
            sub_theme=self.sub_themes[spec.sub_theme],
            indicator=spec.indicator,
            baseline=spec.baseline,
            target_value=spec.target,
            target_date=self._within(self._day(spec.target_in)),
            shared=spec.shared,
        )
        services.save_goal(goal=goal, by=people[CONTACT])
        actions = [self._action(goal, action, people) for action in spec.actions]
        return goal, actions

    def _action(self, goal: Goal, spec: ActionSpec, people, record=None) -> Action:
        owner = people.get(spec.owner) or people[CONTACT]
        due = self._within(self._day(spec.due))
        if record is not None:
            action = services.add_action_from_record(
                record=record, goal=goal, description=spec.description, owner=owner, due_date=due
            )
        else:
            action = services.save_action(
                action=Action(goal=goal, description=spec.description, owner=owner, due_date=due),
                by=people[CONTACT],
            )
        if spec.status != Todo or spec.notes:
            action.status, action.progress_notes = spec.status, spec.notes
            services.save_action(action=action, by=owner)
        return action

    def _move_status(self, plan: DevelopmentPlan, spec: PlanSpec, contact) -> None:
        steps = {
            Status.DRAFT: [],
            Status.AGREED: [Status.AGREED],
            Status.FOLLOW_UP: [Status.AGREED, Status.FOLLOW_UP],
            Status.CLOSED: [Status.AGREED, Status.FOLLOW_UP, Status.CLOSED],
        }[spec.status]
        agreed_on = min(self._within(self.today - timedelta(days=spec.agreed_ago)), self.today)
        for status in steps:
            services.change_status(
                plan=plan,
                status=status,
                by=contact,
                agreed_on=agreed_on,
                agreed_by=spec.agreed_by,
                final_evaluation=spec.final_evaluation,
            )

    def _comments(self, plan, spec: PlanSpec, goals, contact, consultant) -> None:
        for who, goal_index, action_index, body in spec.comments:
            goal, actions = goals[goal_index]
            services.add_comment(
                plan=plan,
                author=consultant if who == CONSULTANT else contact,
                body=body,
                goal=goal if action_index is None else None,
                action=None if action_index is None else actions[action_index],
            )

    # --- Workshops -----------------------------------------------------------------------------

    def _workshop(self, plan, spec: WorkshopSpec, goals, people, consultant) -> None:
        event = self.demo_workshops.get(plan.municipality.code) if spec.from_events_demo else None
        if event is not None:
            workshop = Workshop.objects.create(
                event=event,
                plan=plan,
                sub_theme=self.sub_themes[spec.sub_theme],
                approval=Workshop.Approval.WITHIN_QUOTA,
            )
            workshop.facilitators.set([consultant])
        else:
            start = self._at(self._day(spec.day), 12)
            if not self._fits(plan, start):
                return
            workshop = self._plan_workshop(plan, spec.title, spec.sub_theme, start, consultant)
            self._register(workshop.event, people)
        if workshop.event.end < self.now and spec.summary:
            record = write_record(
                workshop=workshop, summary=spec.summary, decisions=spec.decisions, by=consultant
            )
            for goal_index, action in spec.follow_up:
                self._action(goals[goal_index][0], action, people, record=record)

    def _fits(self, plan, start: datetime) -> bool:
        """Within the period and the quota (the demo's extra is planned on purpose)."""
        day = timezone.localdate(start)
        if not (self.period.start_date <= day <= self.period.end_date):
            return False
        return not would_exceed_quota(plan, start=start)

    def _plan_workshop(self, plan, title, sub_theme, start, consultant) -> Workshop:
        fi, sv, en = title
        workshop = plan_workshop(
            plan=plan,
            details=WorkshopDetails(
                title=fi,
                start=start,
                end=start + timedelta(hours=4),
                venue=PLAN_VENUES[plan.municipality.code][0],
                address=PLAN_VENUES[plan.municipality.code][1],
                description=f"<p>{fi}</p>",
                capacity=25,
                sub_theme=self.sub_themes[sub_theme],
                facilitators=[consultant],
            ),
            by=consultant,
        )
        event = workshop.event
        Event.objects.filter(pk=event.pk).update(
            title_sv=sv,
            title_en=en,
            description_sv=f"<p>{sv}</p>",
            description_en=f"<p>{en}</p>",
            speakers=str(consultant),
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
            for at, title_fi, title_sv, title_en, speaker in WORKSHOP_AGENDA
        )
        return workshop

    def _extra_workshop(self, plan, title, spec: PlanSpec, people, consultant) -> None:
        """A workshop beyond the year's quota, waiting for the coordinator's approval. When
        the demo's dates leave room in the quota, the room is filled first."""
        last = max(
            (w.event.start for w in plan.workshops.select_related("event")),
            default=self._at(self._day(20), 12),
        )
        day = timezone.localdate(last)
        for _attempt in range(self.period.workshop_quota + 1):
            day = self._day((day - self.today).days + 7)
            start = self._at(day, 12)
            if timezone.localdate(start) > self.period.end_date:
                return
            beyond = would_exceed_quota(plan, start=start)
            workshop = self._plan_workshop(plan, title, spec.priorities[0], start, consultant)
            if beyond:
                return
            self._register(workshop.event, people)

    def _register(self, event: Event, people) -> None:
        if event.status != Event.Status.PUBLISHED:
            return
        held = event.end < self.now
        for index, kind in enumerate((CONTACT, LEADER, COUNCIL)):
            person = people.get(kind)
            if person is None:
                continue
            registration = events.register(
                event=event,
                by=self.coordinator if held else people[CONTACT],
                person=person,
                consent_to_list=True,
            )
            if held:
                attendance = (
                    Registration.Attendance.NO_SHOW
                    if index == 2
                    else Registration.Attendance.ATTENDED
                )
                events.set_attendance(registration=registration, attendance=attendance)

    # --- Consultants' hours --------------------------------------------------------------------

    def _hours(self, plan, consultant) -> None:
        """Preparation, facilitation and reporting for each workshop as far as they are done,
        and some work on the plan itself in each of the past four months."""
        for workshop in plan.workshops.select_related("event").order_by("event__start"):
            day = timezone.localdate(workshop.event.start)
            work = [
                (self._day((day - self.today).days - 5), HourEntry.Kind.PREPARATION, "3.5"),
                (day, HourEntry.Kind.FACILITATION, "4"),
                (self._day((day - self.today).days + 2), HourEntry.Kind.REPORTING, "2.5"),
            ]
            for when, kind, hours in work:
                if kind != HourEntry.Kind.PREPARATION and workshop.event.end >= self.now:
                    continue
                self._log(consultant, plan, when, kind, hours, workshop=workshop)
        for months_ago in range(1, 5):
            when = self._day(-30 * months_ago + plan.pk % 7)
            self._log(
                consultant,
                plan,
                when,
                HourEntry.Kind.PREPARATION,
                "1.5",
                note="Suunnitelman kommentointi ja yhteydenpito",
            )

    def _log(self, consultant, plan, when: date, kind, hours: str, **extra) -> None:
        if not (self.period.start_date <= when <= self.today):
            return
        log_hours(
            consultant=consultant,
            plan=plan,
            date=when,
            kind=kind,
            hours=Decimal(hours),
            **extra,
        )


PLAN_VENUES = {spec.code: spec.venue for spec in PLANS}
