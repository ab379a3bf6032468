"""The development plan pages through HTTP: starting and building a plan, its status, goals,
actions and comments, the history of who changed what, sharing with other members, the 404s
across municipalities, and the query counts of the plan page and the shared goals."""

import re
from datetime import date, datetime

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from uso.development.models import (
    Action,
    Comment,
    DevelopmentPlan,
    Goal,
    Workshop,
    WorkshopRecord,
)
from uso.network.models import SubTheme, ThemeArea

from .events_factories import EventFactory
from .factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def midsummer_2017():
    with time_machine.travel(timezone.make_aware(datetime(2017, 6, 15, 12)), tick=False):
        yield


@pytest.fixture(autouse=True)
def in_english(client):
    """The pages in English, so that the tests read the msgids."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def themes(world):
    area = ThemeArea.objects.create(period=world.period, name_fi="Hyvinvointi")
    return [
        SubTheme.objects.create(theme_area=area, order=n, name_fi=name)
        for n, name in enumerate(["Liikunta", "Osallisuus", "Mielenterveys"])
    ]


@pytest.fixture
def plan_a(world):
    return DevelopmentPlan.objects.create(municipality=world.municipality_a, period=world.period)


@pytest.fixture
def plan_b(world):
    return DevelopmentPlan.objects.create(municipality=world.municipality_b, period=world.period)


def add_goal(plan, title="Liikkuva koulu", **fields):
    return Goal.objects.create(plan=plan, title=title, **fields)


def add_action(goal, description="Välituntiliikunta kaikkiin kouluihin", **fields):
    return Action.objects.create(goal=goal, description=description, **fields)


def url(name, obj=None, **kwargs):
    if obj is not None:
        kwargs["pk"] = obj.pk
    return reverse(f"development:{name}", kwargs=kwargs)


def text(response) -> str:
    return response.content.decode()


# --- The whole flow ------------------------------------------------------------------------------


def test_contact_person_starts_the_plan_and_builds_it_through_the_pages(client, world, themes):
    client.force_login(world.contact_a)
    listing = client.get(url("plans"))
    start = url("plan_start", code=world.municipality_a.code, period=world.period.pk)
    assert start in text(listing)

    assert client.get(start).status_code == 200
    response = client.post(start)
    plan = DevelopmentPlan.objects.get(municipality=world.municipality_a, period=world.period)
    assert response.url == url("plan", plan)
    assert client.get(start).url == url("plan", plan)  # started already: on to the plan

    response = client.post(
        url("plan_edit", plan),
        {
            "starting_situation": "Nuorten liikunta on vähentynyt.",
            "priorities": [themes[0].pk, themes[1].pk],
        },
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.starting_situation == "Nuorten liikunta on vähentynyt."
    assert set(plan.priorities.all()) == {themes[0], themes[1]}
    assert plan.shared is False

    response = client.post(
        url("goal_add", plan),
        {
            "title": "Liikkuva koulu",
            "sub_theme": themes[0].pk,
            "indicator": "Päivittäin liikkuvien osuus",
            "baseline": "35 %",
            "target_value": "50 %",
            "target_date": "2018-12-31",
            "order": "",
        },
    )
    goal = Goal.objects.get(plan=plan)
    assert response.url.endswith(f"#goal-{goal.pk}")
    assert (goal.order, goal.target_date, goal.shared) == (1, date(2018, 12, 31), False)

    response = client.post(
        url("action_add", goal),
        {
            "description": "Välituntiliikunta kaikkiin kouluihin",
            "owner": world.participant_a.pk,
            "due_date": "2017-12-31",
            "status": "not_started",
        },
    )
    action = Action.objects.get(goal=goal)
    assert action.owner == world.participant_a
    assert response.url.endswith(f"#action-{action.pk}")

    response = client.post(
        url("plan_status", plan),
        {"status": "agreed", "agreed_on": "2017-06-12", "agreed_by": "Kunnanhallitus"},
    )
    assert response.status_code == 302
    client.post(url("plan_status", plan), {"status": "follow_up"})
    client.post(url("plan_status", plan), {"status": "closed", "final_evaluation": "Hyvä."})
    plan.refresh_from_db()
    assert (plan.status, plan.agreed_on, plan.agreed_by) == (
        "closed",
        date(2017, 6, 12),
        "Kunnanhallitus",
    )
    assert plan.closed_on == date(2017, 6, 15)

    page = text(client.get(url("plan", plan)))
    for shown in (
        "Nuorten liikunta on vähentynyt.",
        "Liikunta",
        "Osallisuus",
        "Kunnanhallitus",
        "Liikkuva koulu",
        "Päivittäin liikkuvien osuus",
        "35 % → 50 %",
        "Välituntiliikunta kaikkiin kouluihin",
        world.participant_a.get_full_name(),
        "Hyvä.",
        url("workshops", plan),
        url("report", plan, fmt="pdf"),
        url("report", plan, fmt="docx"),
        url("plan_history", plan),
    ):
        assert shown in page


def test_start_asks_a_member_municipality(client, world):
    outsider = MembershipFactory(period=world.period, status="ended").municipality
    client.force_login(world.coordinator)
    start = url("plan_start", code=outsider.code, period=world.period.pk)
    assert "Only a member municipality" in text(client.get(start))
    response = client.post(start, follow=True)
    assert "Only a member municipality" in text(response)
    assert not DevelopmentPlan.objects.filter(municipality=outsider).exists()


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("participant_a", False),
        ("contact_a", True),
        ("consultant_a", True),
        ("consultant_other", False),
        ("coordinator", True),
    ],
)
def test_who_may_start_a_plan(client, world, role, allowed):
    client.force_login(world.user(role))
    response = client.post(
        url("plan_start", code=world.municipality_a.code, period=world.period.pk)
    )
    assert (response.status_code == 302) is allowed
    assert DevelopmentPlan.objects.filter(municipality=world.municipality_a).exists() is allowed


def test_plan_list_shows_own_plans_start_buttons_and_others_shared_plans(client, world, plan_b):
    other = MembershipFactory(period=world.period).municipality
    shared = DevelopmentPlan.objects.create(municipality=other, period=world.period, shared=True)
    client.force_login(world.participant_a)
    page = text(client.get(url("plans")))
    # A has no plan yet: the participant is told who starts it; no button for them.
    assert world.municipality_a.name in page
    assert url("plan_start", code=world.municipality_a.code, period=world.period.pk) not in page
    assert url("plan", shared) in page
    assert url("plan", plan_b) not in page

    client.force_login(world.consultant_a)
    page = text(client.get(url("plans")))
    assert url("plan_start", code=world.municipality_a.code, period=world.period.pk) in page
    assert url("plan", plan_b) not in page and url("plan", shared) not in page


# --- Cross-municipality 404s and sharing -------------------------------------------------------


@pytest.mark.parametrize("role", ["participant_a", "contact_a"])
def test_people_of_a_get_404_for_bs_plan(client, world, plan_b, role):
    goal = add_goal(plan_b)
    action = add_action(goal, owner=world.participant_b)
    client.force_login(world.user(role))
    for name, obj in [
        ("plan", plan_b),
        ("plan_edit", plan_b),
        ("plan_status", plan_b),
        ("plan_history", plan_b),
        ("goal_add", plan_b),
        ("goal_edit", goal),
        ("action_add", goal),
        ("action_edit", action),
    ]:
        assert client.get(url(name, obj)).status_code == 404, name
    posted = client.post(url("comment_add", plan_b), {"goal": goal.pk, "body": "Hei"})
    assert posted.status_code == 404
    assert client.post(url("plan_edit", plan_b), {"starting_situation": "x"}).status_code == 404
    assert not Comment.objects.exists()


def test_a_shared_plan_is_read_by_other_members_without_comments(client, world, plan_a):
    plan_a.shared = True
    plan_a.save()
    goal = add_goal(plan_a)
    action = add_action(goal, owner=world.participant_a)
    Comment.objects.create(plan=plan_a, goal=goal, author=world.contact_a, body="Sisäinen huomio")
    client.force_login(world.participant_b)
    page = text(client.get(url("plan", plan_a)))
    assert "Liikkuva koulu" in page and "Välituntiliikunta" in page
    assert "Sisäinen huomio" not in page
    assert url("comment_add", plan_a) not in page
    for link in (url("plan_edit", plan_a), url("goal_add", plan_a), url("plan_history", plan_a)):
        assert link not in page
    assert client.get(url("goal_edit", goal)).status_code == 403
    assert client.get(url("action_edit", action)).status_code == 403
    assert client.get(url("plan_history", plan_a)).status_code == 403
    assert (
        client.post(url("comment_add", plan_a), {"goal": goal.pk, "body": "B"}).status_code == 403
    )


def test_shared_goals_lists_only_goals_other_members_share(client, world, themes):
    plan_a = DevelopmentPlan.objects.create(municipality=world.municipality_a, period=world.period)
    plan_b = DevelopmentPlan.objects.create(municipality=world.municipality_b, period=world.period)
    other = MembershipFactory(period=world.period).municipality
    plan_c = DevelopmentPlan.objects.create(municipality=other, period=world.period, shared=True)
    add_goal(plan_a, "A jakaa", shared=True, sub_theme=themes[0])
    add_goal(plan_a, "A pitää omana", sub_theme=themes[0])
    add_goal(plan_b, "B jakaa", shared=True, sub_theme=themes[1])
    add_goal(plan_c, "C koko suunnitelma", sub_theme=themes[1])

    client.force_login(world.participant_b)
    page = text(client.get(url("shared_goals")))
    assert "A jakaa" in page and "C koko suunnitelma" in page
    assert "A pitää omana" not in page
    assert "B jakaa" not in page  # one's own goals are not "someone else"
    # Only the goals of a shared plan link to it.
    assert url("plan", plan_c) in page and url("plan", plan_a) not in page

    page = text(client.get(url("shared_goals"), {"sub_theme": themes[1].pk}))
    assert "C koko suunnitelma" in page and "A jakaa" not in page

    client.force_login(world.consultant_other)
    page = text(client.get(url("shared_goals")))
    assert "A jakaa" in page and "B jakaa" in page and "A pitää omana" not in page


# --- Status -------------------------------------------------------------------------------------


def test_status_changes_say_what_is_missing(client, world, plan_a):
    client.force_login(world.contact_a)
    response = client.post(
        url("plan_status", plan_a), {"status": "agreed", "agreed_by": "Hallitus"}
    )
    assert response.status_code == 200
    assert "Give the date the plan was agreed and who agreed it." in text(response)

    response = client.post(url("plan_status", plan_a), {"status": "closed"})
    assert response.status_code == 200
    assert "Select a valid choice" in text(response)  # a draft cannot be closed

    client.post(
        url("plan_status", plan_a),
        {"status": "agreed", "agreed_on": "2017-06-01", "agreed_by": "Hallitus"},
    )
    client.post(url("plan_status", plan_a), {"status": "follow_up"})
    response = client.post(url("plan_status", plan_a), {"status": "closed"})
    assert "Write the final evaluation before closing the plan." in text(response)
    plan_a.refresh_from_db()
    assert plan_a.status == "follow_up"


def test_participant_cannot_edit_the_plan(client, world, plan_a):
    client.force_login(world.participant_a)
    assert client.get(url("plan_edit", plan_a)).status_code == 403
    assert client.post(url("plan_status", plan_a), {"status": "agreed"}).status_code == 403
    assert client.get(url("goal_add", plan_a)).status_code == 403


# --- Goals and actions --------------------------------------------------------------------------


def test_goal_sub_theme_is_one_of_the_plans_period(client, world, plan_a, themes):
    later = MembershipFactory(municipality=world.municipality_a).period
    foreign = SubTheme.objects.create(
        theme_area=ThemeArea.objects.create(period=later, name_fi="Muu"), name_fi="Muu alateema"
    )
    client.force_login(world.consultant_a)
    response = client.post(url("goal_add", plan_a), {"title": "T", "sub_theme": foreign.pk})
    assert response.status_code == 200
    assert "Select a valid choice" in text(response)
    assert not Goal.objects.exists()


def test_action_owner_is_a_person_of_the_municipality(client, world, plan_a):
    goal = add_goal(plan_a)
    client.force_login(world.contact_a)
    response = client.post(
        url("action_add", goal),
        {"description": "Kokeilu", "owner": world.participant_b.pk, "status": "not_started"},
    )
    assert response.status_code == 200
    assert not Action.objects.exists()
    response = client.get(url("action_add", goal))
    assert world.participant_a.get_full_name() in text(response)
    assert world.participant_b.get_full_name() not in text(response)


def test_the_owner_updates_only_status_and_progress_notes(client, world, plan_a):
    goal = add_goal(plan_a)
    action = add_action(goal, owner=world.participant_a, due_date=date(2017, 9, 1))
    client.force_login(world.participant_a)
    page = text(client.get(url("plan", plan_a)))
    assert url("action_edit", action) in page
    form = client.get(url("action_edit", action)).context["form"]
    assert set(form.fields) == {"status", "progress_notes"}

    response = client.post(
        url("action_edit", action),
        {
            "status": "in_progress",
            "progress_notes": "Kolme koulua mukana.",
            "description": "Jotain muuta",
            "due_date": "2030-01-01",
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.progress_notes) == ("in_progress", "Kolme koulua mukana.")
    assert action.description == "Välituntiliikunta kaikkiin kouluihin"
    assert action.due_date == date(2017, 9, 1)

    someone_else = UserFactory(municipality=world.municipality_a)
    client.force_login(someone_else)
    assert url("action_edit", action) not in text(client.get(url("plan", plan_a)))
    assert client.get(url("action_edit", action)).status_code == 403

    client.force_login(world.consultant_a)
    form = client.get(url("action_edit", action)).context["form"]
    assert {"description", "owner", "due_date", "status", "progress_notes"} <= set(form.fields)


# --- Comments -----------------------------------------------------------------------------------


def test_the_municipalitys_people_and_consultants_comment(client, world, plan_a):
    goal = add_goal(plan_a)
    action = add_action(goal)
    client.force_login(world.participant_a)
    response = client.post(url("comment_add", plan_a), {"goal": goal.pk, "body": "Hyvä tavoite"})
    assert response.url == url("plan", plan_a) + f"#goal-{goal.pk}"

    client.force_login(world.consultant_a)
    response = client.post(
        url("comment_add", plan_a),
        {"action": action.pk, "body": "Aloitetaan syksyllä"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert f'id="comments-action-{action.pk}"' in text(response)
    assert "Aloitetaan syksyllä" in text(response)

    page = text(client.get(url("plan", plan_a)))
    assert "Hyvä tavoite" in page and "Aloitetaan syksyllä" in page
    comments = Comment.objects.order_by("pk")
    assert [(c.author, c.goal, c.action) for c in comments] == [
        (world.participant_a, goal, None),
        (world.consultant_a, None, action),
    ]

    response = client.post(
        url("comment_add", plan_a), {"goal": goal.pk, "body": "  "}, HTTP_HX_REQUEST="true"
    )
    assert 'role="alert"' in text(response)
    assert Comment.objects.count() == 2


def test_a_comment_stays_on_its_own_plan(client, world, plan_a, plan_b):
    goal_b = add_goal(plan_b)
    client.force_login(world.coordinator)
    response = client.post(
        url("comment_add", plan_a), {"goal": goal_b.pk, "body": "Väärä"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 400
    assert not Comment.objects.exists()
    assert client.get(url("comment_add", plan_a)).status_code == 405


def test_other_consultants_do_not_comment(client, world, plan_a):
    goal = add_goal(plan_a)
    client.force_login(world.consultant_other)
    assert (
        client.post(url("comment_add", plan_a), {"goal": goal.pk, "body": "x"}).status_code == 404
    )


# --- History ------------------------------------------------------------------------------------


def test_history_shows_who_changed_what(client, world, plan_a, themes):
    client.force_login(world.contact_a)
    client.post(url("goal_add", plan_a), {"title": "Liikkuva koulu", "target_value": "50 %"})
    goal = Goal.objects.get()
    client.force_login(world.consultant_a)
    client.post(
        url("goal_edit", goal),
        {"title": "Liikkuva koulu ja päiväkoti", "target_value": "60 %", "order": 1},
    )
    client.post(url("plan_edit", plan_a), {"starting_situation": "", "priorities": [themes[2].pk]})
    client.post(
        url("plan_status", plan_a),
        {"status": "agreed", "agreed_on": "2017-06-01", "agreed_by": "Valtuusto"},
    )

    client.force_login(world.participant_a)
    response = client.get(url("plan_history", plan_a))
    page = text(response)
    assert world.contact_a.get_full_name() in page
    assert world.consultant_a.get_full_name() in page
    assert "Liikkuva koulu ja päiväkoti" in page
    for shown in ("Title", "Target value", "Priorities", "Mielenterveys", "Agreed", "Valtuusto"):
        assert shown in page, shown
    entries = response.context["entries"]
    goal_change = next(e for e in entries if e["kind"] == "goal" and e["type"] == "~")
    assert goal_change["record"].history_user == world.consultant_a
    assert {c["field"]: (c["old"], c["new"]) for c in goal_change["changes"]} == {
        "Title": ("Liikkuva koulu", "Liikkuva koulu ja päiväkoti"),
        "Target value": ("50 %", "60 %"),
    }
    status_change = next(
        e
        for e in entries
        if e["kind"] == "plan" and any(c["field"] == "Status" for c in e["changes"])
    )
    assert status_change["record"].history_user == world.consultant_a
    assert ("Draft", "Agreed") in [(c["old"], c["new"]) for c in status_change["changes"]]
    priorities = next(c for e in entries for c in e["changes"] if c["field"] == "Priorities")
    assert (priorities["old"], priorities["new"]) == ("–", "Mielenterveys")


def test_history_takes_in_the_owners_updates_and_workshop_records(client, world, plan_a):
    goal = add_goal(plan_a)
    action = add_action(goal, owner=world.participant_a)
    client.force_login(world.participant_a)
    client.post(url("action_edit", action), {"status": "done", "progress_notes": "Valmis"})
    event = EventFactory(period=world.period, kind="workshop", municipality=world.municipality_a)
    workshop = Workshop.objects.create(event=event, plan=plan_a)
    WorkshopRecord.objects.create(workshop=workshop, summary="Tehtiin paljon")

    response = client.get(url("plan_history", plan_a))
    entries = response.context["entries"]
    update = next(e for e in entries if e["kind"] == "action" and e["type"] == "~")
    assert update["record"].history_user == world.participant_a
    assert [(c["field"], c["old"], c["new"]) for c in update["changes"]] == [
        ("Status", "Not started", "Done"),
        ("Progress notes", "–", "Valmis"),
    ]
    record = next(e for e in entries if e["kind"] == "record")
    assert event.title in record["what"]


def test_anonymous_visitors_are_sent_to_sign_in(client, world, plan_a):
    for name in ("plans", "shared_goals"):
        assert "/login/" in client.get(url(name))["Location"]
    assert "/login/" in client.get(url("plan", plan_a))["Location"]
    assert "/login/" in client.post(url("comment_add", plan_a), {"body": "x"})["Location"]


def test_coordinators_list_every_plan(client, world, plan_a, plan_b):
    client.force_login(world.coordinator)
    page = text(client.get(url("plans")))
    assert url("plan", plan_a) in page and url("plan", plan_b) in page
    assert url("overview") in page


def test_history_is_paginated(client, world, plan_a):
    goal = add_goal(plan_a)
    for n in range(60):
        goal.title = f"Tavoite {n}"
        goal.save()
    client.force_login(world.coordinator)
    first = client.get(url("plan_history", plan_a))
    assert len(first.context["entries"]) == 50
    second = client.get(url("plan_history", plan_a), {"page": 2})
    assert len(second.context["entries"]) == 12  # the plan, the goal and 60 changes


# --- Query counts -------------------------------------------------------------------------------


def fill(plan, goals: int, owner):
    for n in range(goals):
        goal = add_goal(plan, f"Tavoite {n}", shared=True)
        for m in range(3):
            action = add_action(goal, f"Toimenpide {n}.{m}", owner=owner)
            Comment.objects.create(plan=plan, action=action, author=owner, body="Kommentti")
        Comment.objects.create(plan=plan, goal=goal, author=owner, body="Kommentti")


def queries(client, path, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, params or {})
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("role", ["participant_a", "consultant_a", "coordinator"])
def test_the_plan_page_costs_the_same_for_few_and_many_goals(client, world, plan_a, role):
    client.force_login(world.user(role))
    fill(plan_a, 2, world.participant_a)
    few = queries(client, url("plan", plan_a))
    fill(plan_a, 20, world.contact_a)
    assert queries(client, url("plan", plan_a)) == few


def test_shared_goals_cost_the_same_for_few_and_many(client, world, themes):
    client.force_login(world.participant_b)
    for count in (2, 25):
        municipality = MembershipFactory(period=world.period).municipality
        plan = DevelopmentPlan.objects.create(municipality=municipality, period=world.period)
        for n in range(count):
            add_goal(plan, f"Tavoite {n}", shared=True, sub_theme=themes[n % 3])
        if count == 2:
            few = queries(client, url("shared_goals"))
    assert queries(client, url("shared_goals")) == few


def test_history_costs_the_same_for_few_and_many_changes(client, world, plan_a):
    client.force_login(world.coordinator)
    goal = add_goal(plan_a)
    add_action(goal, owner=world.participant_a)
    few = queries(client, url("plan_history", plan_a))
    for n in range(10):
        goal = add_goal(plan_a, f"Tavoite {n}")
        action = add_action(goal, owner=world.contact_a if n % 2 else world.participant_a)
        action.status = "done"
        action.save()
    assert queries(client, url("plan_history", plan_a)) == few


def test_a_goals_actions_are_toimenpiteet_in_finnish_not_a_tables_toiminnot(client, world, plan_a):
    add_action(add_goal(plan_a))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fi"
    client.force_login(world.contact_a)
    page = client.get(reverse("development:plan", args=[plan_a.pk])).content.decode()
    assert '<h4 class="h6">Toimenpiteet</h4>' in page
    assert ">Toiminnot<" not in page


def test_a_plan_is_not_agreed_on_a_day_to_come_nor_a_goal_due_before_its_period(
    client, world, plan_a
):
    client.force_login(world.contact_a)
    response = client.post(
        url("plan_status", plan_a),
        {"status": "agreed", "agreed_on": "2017-06-16", "agreed_by": "Kunnanhallitus"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["agreed_on"] == [
        "The plan cannot have been agreed on a day to come."
    ]
    plan_a.refresh_from_db()
    assert plan_a.status == "draft" and plan_a.agreed_on is None

    response = client.post(
        url("goal_add", plan_a), {"title": "Liikkuva koulu", "target_date": "2016-12-31"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["target_date"] == [
        f"The target date is before the period {world.period.name} begins."
    ]
    assert not Goal.objects.filter(plan=plan_a).exists()


def test_the_history_shows_where_a_long_text_changed():
    from uso.development.views.plans import around_the_change

    before = "Lähtötilanne. " * 40
    old, new = around_the_change(before, before + "Uusi kappale lopussa.")
    assert old != new and new.endswith("Uusi kappale lopussa.") and new.startswith("…")
    assert around_the_change("lyhyt", "lyhyt ja uusi") == ("lyhyt", "lyhyt ja uusi")


def test_a_goals_action_counts_are_read_apart(client, world, plan_a):
    """A screen reader read "Not started: 1In progress: 1" without the separators."""
    goal = Goal.objects.create(plan=plan_a, title="Talous", order=1)
    Action.objects.create(goal=goal, description="A")
    Action.objects.create(goal=goal, description="B", status=Action.Status.IN_PROGRESS)
    client.force_login(world.contact_a)
    page = client.get(reverse("development:plan", args=[plan_a.pk])).content.decode()
    assert re.search(r'Not started: 1<span class="visually-hidden">;</span>', page)
