"""The development API: plans with their filters, starting a plan, editing it and moving its
status, goals, actions (their owners may update them), a municipality's workshops against the
quota, the 404s across municipalities, query counts and bad input."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from uso.development.models import Action, DevelopmentPlan, Goal, Workshop, WorkshopRecord
from uso.events.models import EventKind
from uso.network.models import Period, SubTheme, ThemeArea

from .events_factories import EventFactory
from .factories import MembershipFactory, MunicipalityFactory, PeriodFactory, UserFactory

pytestmark = pytest.mark.django_db

PLANS = "/api/v1/plans/"
NOW = timezone.make_aware(datetime(2017, 6, 15, 12))


@pytest.fixture(autouse=True)
def midsummer_2017():
    """The world's period is 2017–2018: some workshops are held, some still planned."""
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def api():
    return APIClient()


def as_user(api, user):
    api.force_authenticate(user)
    return api


def at(*args) -> datetime:
    return timezone.make_aware(datetime(*args))


def sub_theme(period, name="Strateginen johtaminen") -> SubTheme:
    area = ThemeArea.objects.create(period=period, order=1, name_fi="Strategia")
    return SubTheme.objects.create(theme_area=area, order=1, name_fi=name)


@pytest.fixture
def plans(world):
    plan_a = DevelopmentPlan.objects.create(municipality=world.municipality_a, period=world.period)
    plan_b = DevelopmentPlan.objects.create(municipality=world.municipality_b, period=world.period)
    return plan_a, plan_b


@pytest.fixture
def goal_b(plans):
    return Goal.objects.create(plan=plans[1], title="Konserniohjeen uudistus")


@pytest.fixture
def action_b(goal_b):
    return Action.objects.create(goal=goal_b, description="Luonnos hallitukselle")


def workshop(plan, start, *, approval=Workshop.Approval.WITHIN_QUOTA, **event) -> Workshop:
    event = EventFactory(
        period=plan.period,
        kind=EventKind.WORKSHOP,
        municipality=plan.municipality,
        title_fi=event.pop("title_fi", "Kehittämistyöpaja"),
        start=start,
        end=start + timedelta(hours=4),
        **event,
    )
    return Workshop.objects.create(event=event, plan=plan, approval=approval)


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


# --- Listing and reading plans -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("participant_a", "a"),
        ("contact_a", "a"),
        ("consultant_a", "a"),
        ("consultant_other", ""),
        ("coordinator", "ab"),
    ],
)
def test_the_plan_list_shows_each_caller_the_plans_they_may_see(api, world, plans, role, sees):
    expected = {plan.pk for plan, name in zip(plans, "ab", strict=True) if name in sees}
    assert set(ids(as_user(api, world.user(role)).get(PLANS))) == expected


def test_anonymous_callers_get_no_plans(api, plans):
    assert api.get(PLANS).status_code in (401, 403)


def test_a_shared_plan_is_listed_to_the_other_members(api, world, plans):
    plan_a, plan_b = plans
    plan_b.shared = True
    plan_b.save()
    assert set(ids(as_user(api, world.participant_a).get(PLANS))) == {plan_a.pk, plan_b.pk}
    assert ids(as_user(api, world.consultant_other).get(PLANS)) == []


def test_a_plan_reads_with_its_fields(api, world, plans):
    plan_a, _plan_b = plans
    priority = sub_theme(world.period)
    plan_a.priorities.add(priority)
    data = as_user(api, world.contact_a).get(f"{PLANS}{plan_a.pk}/").json()
    assert data["municipality"] == world.municipality_a.code
    assert data["period"] == world.period.pk
    assert data["status"] == "draft"
    assert data["shared"] is False
    assert data["priorities"] == [priority.pk]
    assert data["url"].endswith(reverse("development:plan", kwargs={"pk": plan_a.pk}))
    for name in ("starting_situation", "agreed_on", "agreed_by", "final_evaluation", "closed_on"):
        assert name in data


def test_the_plan_list_filters_by_municipality_period_and_status(api, world, plans):
    plan_a, plan_b = plans
    later = PeriodFactory(
        name_fi="USO 2019–2020", start_date=date(2019, 1, 1), end_date=date(2020, 12, 31)
    )
    plan_a_later = DevelopmentPlan.objects.create(
        municipality=world.municipality_a, period=later, status=DevelopmentPlan.Status.AGREED
    )
    api = as_user(api, world.coordinator)
    code = world.municipality_a.code
    assert set(ids(api.get(PLANS, {"municipality": code}))) == {plan_a.pk, plan_a_later.pk}
    assert set(ids(api.get(PLANS, {"period": world.period.pk}))) == {plan_a.pk, plan_b.pk}
    assert ids(api.get(PLANS, {"municipality": code, "period": later.pk})) == [plan_a_later.pk]
    assert ids(api.get(PLANS, {"status": "agreed"})) == [plan_a_later.pk]
    assert ids(api.get(PLANS, {"municipality": "nothing"})) == []


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"period": "abc"}, "period"),
        ({"period": "99999999999999999999"}, "period"),
        ({"status": "ready"}, "status"),
        ({"municipality": "x" * 50}, "municipality"),
    ],
)
def test_a_bad_filter_answers_400_with_its_field(api, world, plans, params, field):
    response = as_user(api, world.coordinator).get(PLANS, params)
    assert response.status_code == 400
    assert field in response.json()["errors"]


# --- Starting a plan -----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["contact_a", "consultant_a", "coordinator"])
def test_the_contact_person_consultants_and_coordinators_start_a_plan(api, world, role):
    api = as_user(api, world.user(role))
    body = {"municipality": world.municipality_a.code, "period": world.period.pk}
    first = api.post(PLANS, body, format="json")
    assert first.status_code == 201, first.content
    plan = DevelopmentPlan.objects.get()
    assert first.json()["id"] == plan.pk
    assert (plan.municipality, plan.period, plan.status) == (
        world.municipality_a,
        world.period,
        "draft",
    )
    again = api.post(PLANS, body, format="json")
    assert again.status_code == 200
    assert again.json()["id"] == plan.pk
    assert DevelopmentPlan.objects.count() == 1


@pytest.mark.parametrize(
    ("role", "municipality"),
    [
        ("participant_a", "a"),
        ("contact_a", "b"),
        ("consultant_a", "b"),
        ("consultant_other", "a"),
    ],
)
def test_others_may_not_start_a_plan(api, world, role, municipality):
    target = world.municipality_a if municipality == "a" else world.municipality_b
    body = {"municipality": target.code, "period": world.period.pk}
    response = as_user(api, world.user(role)).post(PLANS, body, format="json")
    # Another municipality (or one the consultant does not work with) is as if not there.
    assert response.status_code == (403 if role == "participant_a" else 404)
    assert not DevelopmentPlan.objects.exists()


def test_anonymous_callers_start_no_plan(api, world):
    body = {"municipality": world.municipality_a.code, "period": world.period.pk}
    assert api.post(PLANS, body, format="json").status_code in (401, 403)


def test_only_a_member_gets_a_plan(api, world):
    outsider = MunicipalityFactory()
    body = {"municipality": outsider.code, "period": world.period.pk}
    # The message comes in the caller's own language (the browser's Accept-Language is not
    # consulted, see FinnishFirstLocaleMiddleware).
    world.coordinator.language = "en"
    world.coordinator.save()
    response = as_user(api, world.coordinator).post(PLANS, body, format="json")
    assert response.status_code == 400
    assert response.json()["message"] == (
        "Only a member municipality has a development plan for the period."
    )
    world.coordinator.language = "fi"
    world.coordinator.save()
    response = as_user(api, world.coordinator).post(PLANS, body, format="json")
    assert response.json()["message"] == "Kehittämissuunnitelma kaudelle on vain jäsenkunnilla."
    assert not DevelopmentPlan.objects.exists()


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({}, {"municipality", "period"}),
        ({"municipality": "ZZZ", "period": 1}, {"municipality"}),
        ({"municipality": "A\x00", "period": "x"}, {"municipality", "period"}),
        ({"municipality": ["a"], "period": {"id": 1}}, {"municipality", "period"}),
        ({"municipality": None, "period": 10**30}, {"municipality", "period"}),
    ],
)
def test_a_bad_plan_to_start_answers_400_per_field(api, world, body, fields):
    response = as_user(api, world.coordinator).post(PLANS, body, format="json")
    assert response.status_code == 400
    assert fields <= set(response.json()["errors"])


# --- Editing a plan and moving its status --------------------------------------------------------


def test_the_contact_person_edits_the_plan_and_the_change_is_recorded(api, world, plans):
    plan_a, _plan_b = plans
    priority = sub_theme(world.period)
    response = as_user(api, world.contact_a).patch(
        f"{PLANS}{plan_a.pk}/",
        {
            "starting_situation": "Strategia uusitaan 2017.",
            "priorities": [priority.pk],
            "shared": True,
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    plan_a.refresh_from_db()
    assert plan_a.starting_situation == "Strategia uusitaan 2017."
    assert plan_a.shared is True
    assert list(plan_a.priorities.all()) == [priority]
    assert plan_a.history.latest().history_user == world.contact_a


def test_priorities_come_from_the_plans_own_period(api, world, plans):
    plan_a, _plan_b = plans
    elsewhere = sub_theme(PeriodFactory(name_fi="Toinen kausi"))
    response = as_user(api, world.contact_a).patch(
        f"{PLANS}{plan_a.pk}/", {"priorities": [elsewhere.pk]}, format="json"
    )
    assert response.status_code == 400
    assert "priorities" in response.json()["errors"]


def test_the_plan_is_agreed_followed_up_and_closed(api, world, plans):
    plan_a, _plan_b = plans
    api = as_user(api, world.consultant_a)
    url = f"{PLANS}{plan_a.pk}/"
    agreed = api.patch(
        url,
        {"status": "agreed", "agreed_on": "2017-05-02", "agreed_by": "Kunnanhallitus"},
        format="json",
    )
    assert agreed.status_code == 200, agreed.content
    assert agreed.json()["agreed_on"] == "2017-05-02"
    assert agreed.json()["agreed_by"] == "Kunnanhallitus"
    assert api.patch(url, {"status": "follow_up"}, format="json").json()["status"] == "follow_up"
    closed = api.patch(
        url, {"status": "closed", "final_evaluation": "Tavoitteet saavutettiin."}, format="json"
    )
    assert closed.status_code == 200
    assert closed.json()["closed_on"] == "2017-06-15"
    plan_a.refresh_from_db()
    assert plan_a.status == DevelopmentPlan.Status.CLOSED
    assert plan_a.final_evaluation == "Tavoitteet saavutettiin."


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"status": "agreed"}, "agreed_on"),  # without the date and who agreed
        ({"status": "agreed", "agreed_on": "2017-05-02"}, "agreed_on"),
        ({"status": "closed", "final_evaluation": "Valmis"}, "status"),  # draft cannot close
        ({"status": "ready"}, "status"),
        ({"agreed_by": "Valtuusto"}, "agreed_by"),  # only with a change of status
        ({"agreed_on": "2017-13-45", "status": "agreed"}, "agreed_on"),
        ({"priorities": "1"}, "priorities"),
        ({"priorities": [10**12]}, "priorities"),
        ({"shared": "maybe"}, "shared"),
        ({"starting_situation": "A\x00B"}, "starting_situation"),
    ],
)
def test_a_bad_edit_answers_400_with_its_field_and_changes_nothing(api, world, plans, body, field):
    plan_a, _plan_b = plans
    response = as_user(api, world.contact_a).patch(f"{PLANS}{plan_a.pk}/", body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    plan_a.refresh_from_db()
    assert (plan_a.status, plan_a.agreed_by) == ("draft", "")


def test_a_failed_status_change_keeps_the_other_edits_out_too(api, world, plans):
    plan_a, _plan_b = plans
    response = as_user(api, world.contact_a).patch(
        f"{PLANS}{plan_a.pk}/",
        {"starting_situation": "Uusi", "status": "agreed"},
        format="json",
    )
    assert response.status_code == 400
    plan_a.refresh_from_db()
    assert plan_a.starting_situation == ""


def test_resending_the_agreement_unchanged_is_no_change(api, world, plans):
    plan_a, _plan_b = plans
    plan_a.status, plan_a.agreed_on, plan_a.agreed_by = "agreed", date(2017, 5, 2), "Valtuusto"
    plan_a.save()
    body = {"status": "agreed", "agreed_on": "2017-05-02", "agreed_by": "Valtuusto", "shared": True}
    response = as_user(api, world.contact_a).patch(f"{PLANS}{plan_a.pk}/", body, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["shared"] is True


@pytest.mark.parametrize("role", ["participant_a", "consultant_other"])
def test_those_who_do_not_edit_the_plan_may_not_patch_it(api, world, plans, role):
    plan_a, _plan_b = plans
    response = as_user(api, world.user(role)).patch(
        f"{PLANS}{plan_a.pk}/", {"shared": True}, format="json"
    )
    assert response.status_code in (403, 404)
    plan_a.refresh_from_db()
    assert plan_a.shared is False


def test_put_is_not_offered(api, world, plans):
    response = as_user(api, world.coordinator).put(f"{PLANS}{plans[0].pk}/", {}, format="json")
    assert response.status_code == 405


# --- Goals ---------------------------------------------------------------------------------------


def test_goals_are_listed_in_order_and_added_after_the_others(api, world, plans):
    plan_a, _plan_b = plans
    theme = sub_theme(world.period)
    second = Goal.objects.create(plan=plan_a, order=2, title="Toinen")
    first = Goal.objects.create(plan=plan_a, order=1, title="Ensimmäinen")
    api = as_user(api, world.contact_a)
    url = f"{PLANS}{plan_a.pk}/goals/"
    assert ids(api.get(url)) == [first.pk, second.pk]
    response = api.post(
        url,
        {
            "title": "Omistajaohjauksen vuosikello käyttöön",
            "sub_theme": theme.pk,
            "indicator": "Konserniyhtiöiden raportointi",
            "baseline": "2 / 6 yhtiötä",
            "target_value": "6 / 6 yhtiötä",
            "target_date": "2018-06-30",
            "shared": True,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    created = Goal.objects.get(pk=response.json()["id"])
    assert (created.plan, created.order, created.sub_theme, created.shared) == (
        plan_a,
        3,
        theme,
        True,
    )
    assert created.target_date == date(2018, 6, 30)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "title"),
        ({"title": ""}, "title"),
        ({"title": "x" * 301}, "title"),
        ({"title": "Tavoite", "sub_theme": "abc"}, "sub_theme"),
        ({"title": "Tavoite", "target_date": "huomenna"}, "target_date"),
        ({"title": "Tavoite", "order": 10**9}, "order"),
        ({"title": "Tavoite", "order": -1}, "order"),
    ],
)
def test_a_bad_goal_answers_400_with_its_field(api, world, plans, body, field):
    response = as_user(api, world.contact_a).post(
        f"{PLANS}{plans[0].pk}/goals/", body, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Goal.objects.exists()


def test_a_goals_sub_theme_is_of_the_plans_period(api, world, plans):
    elsewhere = sub_theme(PeriodFactory(name_fi="Toinen kausi"))
    response = as_user(api, world.contact_a).post(
        f"{PLANS}{plans[0].pk}/goals/", {"title": "T", "sub_theme": elsewhere.pk}, format="json"
    )
    assert response.status_code == 400
    assert "sub_theme" in response.json()["errors"]


def test_a_participant_reads_the_goals_but_adds_none(api, world, plans):
    url = f"{PLANS}{plans[0].pk}/goals/"
    api = as_user(api, world.participant_a)
    assert api.get(url).status_code == 200
    assert api.post(url, {"title": "Oma tavoite"}, format="json").status_code == 403


# --- Actions -------------------------------------------------------------------------------------


@pytest.fixture
def goal_a(plans):
    return Goal.objects.create(plan=plans[0], title="Strategian jalkautus")


def test_actions_are_added_with_an_owner_of_the_municipality(api, world, goal_a):
    api = as_user(api, world.contact_a)
    url = f"/api/v1/goals/{goal_a.pk}/actions/"
    response = api.post(
        url,
        {
            "description": "Strategiakortit jokaiselle toimialalle",
            "owner": world.participant_a.pk,
            "due_date": "2017-09-30",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["goal"], data["owner"], data["status"]) == (
        goal_a.pk,
        world.participant_a.pk,
        "not_started",
    )
    assert ids(api.get(url)) == [data["id"]]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "description"),
        ({"description": "Tehtävä", "owner": "participant_b"}, "owner"),
        ({"description": "Tehtävä", "owner": 10**12}, "owner"),
        ({"description": "Tehtävä", "status": "finished"}, "status"),
        ({"description": "Tehtävä", "due_date": "31.12.2017"}, "due_date"),
    ],
)
def test_a_bad_action_answers_400_with_its_field(api, world, goal_a, body, field):
    if body.get("owner") == "participant_b":
        body["owner"] = world.participant_b.pk
    response = as_user(api, world.contact_a).post(
        f"/api/v1/goals/{goal_a.pk}/actions/", body, format="json"
    )
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert not Action.objects.exists()


def test_the_owner_updates_status_and_progress_notes_only(api, world, goal_a):
    item = Action.objects.create(goal=goal_a, description="Kortit", owner=world.participant_a)
    api = as_user(api, world.participant_a)
    url = f"/api/v1/actions/{item.pk}/"
    response = api.patch(
        url, {"status": "in_progress", "progress_notes": "Kolme korttia valmiina."}, format="json"
    )
    assert response.status_code == 200, response.content
    item.refresh_from_db()
    assert (item.status, item.progress_notes) == ("in_progress", "Kolme korttia valmiina.")
    assert item.history.latest().history_user == world.participant_a
    unchanged = {"description": "Kortit", "owner": world.participant_a.pk, "status": "done"}
    assert api.patch(url, unchanged, format="json").status_code == 200  # sent back as it was
    refused = api.patch(url, {"description": "Jotain muuta", "status": "done"}, format="json")
    assert refused.status_code == 403
    assert "description" in refused.json()["message"]
    item.refresh_from_db()
    assert (item.description, item.status) == ("Kortit", "done")


def test_a_participant_who_does_not_own_the_action_may_not_update_it(api, world, goal_a):
    item = Action.objects.create(goal=goal_a, description="Kortit", owner=world.contact_a)
    response = as_user(api, world.participant_a).patch(
        f"/api/v1/actions/{item.pk}/", {"status": "done"}, format="json"
    )
    assert response.status_code == 403


def test_the_plans_editors_change_every_field_of_an_action(api, world, goal_a):
    item = Action.objects.create(goal=goal_a, description="Kortit", owner=world.participant_a)
    response = as_user(api, world.consultant_a).patch(
        f"/api/v1/actions/{item.pk}/",
        {"description": "Kortit ja video", "owner": world.contact_a.pk, "due_date": None},
        format="json",
    )
    assert response.status_code == 200, response.content
    item.refresh_from_db()
    assert (item.description, item.owner) == ("Kortit ja video", world.contact_a)
    moved_away = as_user(api, world.consultant_a).patch(
        f"/api/v1/actions/{item.pk}/", {"owner": world.participant_b.pk}, format="json"
    )
    assert moved_away.status_code == 400
    assert "owner" in moved_away.json()["errors"]


# --- A municipality's workshops ------------------------------------------------------------------


def workshops_url(municipality) -> str:
    return reverse("municipality-workshops", kwargs={"code": municipality.code})


def test_the_workshops_answer_the_years_quota_held_planned_and_remaining(api, world, plans):
    plan_a, _plan_b = plans
    held = workshop(plan_a, at(2017, 3, 1, 12), title_fi="Strategiatyöpaja")
    WorkshopRecord.objects.create(workshop=held, summary="Visio kirjattiin.")
    planned = workshop(plan_a, at(2017, 9, 1, 12))
    extra = workshop(plan_a, at(2017, 11, 1, 12), approval=Workshop.Approval.PENDING)
    workshop(plan_a, at(2018, 2, 1, 12))  # next year's quota
    data = as_user(api, world.contact_a).get(workshops_url(world.municipality_a)).json()
    assert {key: data[key] for key in ("quota", "quota_unit", "year", "held", "planned")} == {
        "quota": 3,
        "quota_unit": "year",
        "year": 2017,
        "held": 1,
        "planned": 1,
    }
    assert (data["remaining"], data["extras"], data["plan"]) == (1, 1, plan_a.pk)
    rows = data["workshops"]
    assert [row["id"] for row in rows] == [held.pk, planned.pk, extra.pk]
    assert rows[0] == {
        "id": held.pk,
        "event": held.event_id,
        "title": "Strategiatyöpaja",
        "start": rows[0]["start"],
        "end": rows[0]["end"],
        "held": True,
        "sub_theme": None,
        "approval": "within_quota",
        "has_record": True,
    }
    assert datetime.fromisoformat(rows[0]["start"]) == held.event.start
    assert (rows[1]["held"], rows[1]["has_record"]) == (False, False)
    assert rows[2]["approval"] == "pending"


def test_the_year_and_the_period_choose_the_quota(api, world, plans):
    plan_a, _plan_b = plans
    workshop(plan_a, at(2017, 3, 1, 12))
    workshop(plan_a, at(2018, 2, 1, 12))
    workshop(plan_a, at(2018, 4, 1, 12))
    api = as_user(api, world.consultant_a)
    url = workshops_url(world.municipality_a)
    next_year = api.get(url, {"year": 2018}).json()
    assert (next_year["year"], next_year["held"], next_year["planned"]) == (2018, 0, 2)
    with_period = api.get(url, {"period": world.period.pk, "year": 2018}).json()
    assert with_period["planned"] == 2
    Period.objects.filter(pk=world.period.pk).update(workshop_quota=5, workshop_quota_unit="period")
    whole = api.get(url, {"period": world.period.pk}).json()
    assert (whole["quota"], whole["quota_unit"], whole["year"]) == (5, "period", None)
    assert (whole["held"], whole["planned"], whole["remaining"]) == (1, 2, 2)


def test_without_a_plan_the_municipalitys_people_see_an_empty_summary(api, world):
    data = as_user(api, world.participant_a).get(workshops_url(world.municipality_a)).json()
    assert data["plan"] is None
    assert (data["quota"], data["held"], data["planned"], data["remaining"]) == (3, 0, 0, 3)
    assert data["workshops"] == []


@pytest.mark.parametrize("role", ["participant_a", "contact_a", "consultant_other"])
def test_another_municipalitys_workshops_answer_404_with_or_without_a_plan(api, world, role):
    url = workshops_url(world.municipality_b)
    api = as_user(api, world.user(role))
    assert api.get(url).status_code == 404
    plan_b = DevelopmentPlan.objects.create(municipality=world.municipality_b, period=world.period)
    workshop(plan_b, at(2017, 3, 1, 12))
    assert api.get(url).status_code == 404


def test_an_unknown_municipality_answers_404(api, world):
    response = as_user(api, world.coordinator).get("/api/v1/municipalities/NOPE/workshops/")
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"year": "next"}, "year"),
        ({"year": 1066}, "year"),
        ({"year": 10**20}, "year"),
        ({"period": "x"}, "period"),
        ({"period": 10**20}, "period"),
        ({"period": "PERIOD", "year": 2019}, "year"),  # a year outside the period
        ({"year": 2031}, "year"),  # no period covers it
    ],
)
def test_bad_workshop_parameters_answer_400_with_their_field(api, world, plans, params, field):
    if params.get("period") == "PERIOD":
        params["period"] = world.period.pk
    response = as_user(api, world.coordinator).get(workshops_url(world.municipality_a), params)
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]


def test_anonymous_callers_see_no_workshops(api, world, plans):
    assert api.get(workshops_url(world.municipality_a)).status_code in (401, 403)


# --- Another municipality's plan answers 404 -----------------------------------------------------


@pytest.mark.parametrize("role", ["participant_a", "contact_a", "consultant_a", "consultant_other"])
@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("get", "plans/{plan}/", None),
        ("patch", "plans/{plan}/", {"shared": True}),
        ("get", "plans/{plan}/goals/", None),
        ("post", "plans/{plan}/goals/", {"title": "Vieras tavoite"}),
        ("get", "goals/{goal}/actions/", None),
        ("post", "goals/{goal}/actions/", {"description": "Vieras toimenpide"}),
        ("get", "actions/{action}/", None),
        ("patch", "actions/{action}/", {"status": "done"}),
        ("get", "municipalities/{code}/workshops/", None),
    ],
)
def test_municipality_as_people_get_404_for_bs_plan(api, world, action_b, role, method, path, body):
    plan_b = action_b.goal.plan
    workshop(plan_b, at(2017, 3, 1, 12))
    url = "/api/v1/" + path.format(
        plan=plan_b.pk, goal=action_b.goal_id, action=action_b.pk, code=world.municipality_b.code
    )
    call = getattr(as_user(api, world.user(role)), method)
    response = call(url, body, format="json") if body is not None else call(url)
    assert response.status_code == 404, f"{role} {method} {url}: {response.status_code}"
    action_b.refresh_from_db()
    assert action_b.status == Action.Status.NOT_STARTED
    assert plan_b.goals.count() == 1


def test_a_shared_plan_is_read_but_not_written_by_the_other_members(api, world, action_b):
    plan_b = action_b.goal.plan
    plan_b.shared = True
    plan_b.save()
    api = as_user(api, world.participant_a)
    assert api.get(f"{PLANS}{plan_b.pk}/").status_code == 200
    assert api.get(f"{PLANS}{plan_b.pk}/goals/").status_code == 200
    assert api.patch(f"{PLANS}{plan_b.pk}/", {"shared": False}, format="json").status_code == 403
    assert (
        api.patch(f"/api/v1/actions/{action_b.pk}/", {"status": "done"}, format="json").status_code
        == 403
    )


# --- Query counts --------------------------------------------------------------------------------


def queries_for(api, url, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = api.get(url, params or {})
    assert response.status_code == 200, response.content
    return len(queries)


def make_plans(period, count, priorities):
    for _index in range(count):
        membership = MembershipFactory(period=period)
        plan = DevelopmentPlan.objects.create(municipality=membership.municipality, period=period)
        plan.priorities.set(priorities)


@pytest.mark.parametrize("role", ["coordinator", "consultant_a", "participant_a"])
def test_the_plan_list_costs_the_same_for_few_and_many_plans(api, world, role):
    few_period = PeriodFactory(name_fi="Pieni")
    many_period = PeriodFactory(name_fi="Suuri")
    themes = [sub_theme(few_period, "A"), sub_theme(few_period, "B")]
    make_plans(few_period, 2, themes)
    make_plans(many_period, 40, themes)
    api = as_user(api, world.user(role))
    few = queries_for(api, PLANS, {"period": few_period.pk})
    many = queries_for(api, PLANS, {"period": many_period.pk})
    assert few == many, f"{few} queries for 2 plans, {many} for 40"


def test_goal_and_action_lists_cost_the_same_for_few_and_many_rows(api, world, plans):
    plan_a, plan_b = plans
    theme = sub_theme(world.period)
    few_goal = Goal.objects.create(plan=plan_a, title="Vähän", sub_theme=theme)
    many_goal = Goal.objects.create(plan=plan_b, title="Paljon", sub_theme=theme)
    for index in range(40):
        Goal.objects.create(plan=plan_b, title=f"Tavoite {index}", sub_theme=theme)
        Action.objects.create(
            goal=many_goal, description=f"Teko {index}", owner=world.participant_b
        )
    Action.objects.create(goal=few_goal, description="Teko", owner=world.participant_a)
    api = as_user(api, world.coordinator)
    assert queries_for(api, f"{PLANS}{plan_a.pk}/goals/") == queries_for(
        api, f"{PLANS}{plan_b.pk}/goals/"
    )
    assert queries_for(api, f"/api/v1/goals/{few_goal.pk}/actions/") == queries_for(
        api, f"/api/v1/goals/{many_goal.pk}/actions/"
    )


def test_the_workshop_summary_costs_the_same_for_few_and_many_workshops(api, world, plans):
    plan_a, plan_b = plans
    workshop(plan_a, at(2017, 3, 1, 12))
    for day in range(1, 25):
        made = workshop(plan_b, at(2017, 2, day, 12))
        if day % 2:
            WorkshopRecord.objects.create(workshop=made, summary="Pidetty")
    api = as_user(api, world.coordinator)
    assert queries_for(api, workshops_url(world.municipality_a)) == queries_for(
        api, workshops_url(world.municipality_b)
    )


def test_a_consultant_of_one_period_starts_no_plan_for_the_next(api, world):
    """A consultant assigned in 2017–2018 is not one of a later period without an assignment
    there; the contact person is."""
    later = PeriodFactory(
        name_fi="Myöhempi", start_date=date(2019, 1, 1), end_date=date(2020, 12, 31)
    )
    MembershipFactory(municipality=world.municipality_a, period=later)
    body = {"municipality": world.municipality_a.code, "period": later.pk}
    assert as_user(api, world.consultant_a).post(PLANS, body, format="json").status_code == 403
    assert as_user(api, world.contact_a).post(PLANS, body, format="json").status_code == 201


def test_unknown_ids_in_the_path_answer_404(api, world):
    api = as_user(api, world.coordinator)
    for path in ("plans/abc/", "plans/99999999999999999999/", "goals/0/actions/", "actions/x/"):
        assert api.get(f"/api/v1/{path}").status_code == 404, path


def test_a_person_of_no_municipality_sees_no_plans(api, world, plans):
    staff = UserFactory(municipality=None, role="consultant")
    assert ids(as_user(api, staff).get(PLANS)) == []


def test_a_nul_in_the_municipality_code_answers_404(api, world):
    response = as_user(api, world.coordinator).get("/api/v1/municipalities/A%00/workshops/")
    assert response.status_code == 404


def test_another_municipalitys_person_as_owner_is_answered_as_a_nonexistent_id(api, world, goal_a):
    """The answer must not tell that the id is someone's, of another municipality."""
    url = f"/api/v1/goals/{goal_a.pk}/actions/"
    client = as_user(api, world.contact_a)
    other = client.post(url, {"description": "T", "owner": world.participant_b.pk}, format="json")
    nobody = client.post(url, {"description": "T", "owner": 10**9}, format="json")
    assert other.status_code == nobody.status_code == 400
    unknown = str(10**9)
    assert other.json()["errors"]["owner"] == [
        message.replace(unknown, str(world.participant_b.pk))
        for message in nobody.json()["errors"]["owner"]
    ]
