"""The peer finder: members like mine first, judged only from what they have shared."""

import pytest
from django.urls import reverse

from uso.development.models import DevelopmentPlan, Goal
from uso.network.models import Municipality, Population, SubTheme, ThemeArea

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def themes(world):
    area = ThemeArea.objects.create(period=world.period, name="Teema", order=1)
    return [
        SubTheme.objects.create(theme_area=area, name=name, order=n)
        for n, name in enumerate(["Strategia", "Talous", "Osallisuus"])
    ]


def plan(world, municipality, priorities=(), shared=False, goals=()):
    made = DevelopmentPlan.objects.create(
        municipality=municipality, period=world.period, shared=shared
    )
    made.priorities.set(priorities)
    for title, sub_theme, goal_shared in goals:
        Goal.objects.create(plan=made, title=title, sub_theme=sub_theme, shared=goal_shared)
    return made


def test_peers_alike_in_shared_themes_come_first_and_private_plans_stay_private(
    client, world, themes
):
    strategy, economy, _participation = themes
    third = Municipality.objects.exclude(
        pk__in=[world.municipality_a.pk, world.municipality_b.pk]
    ).get(memberships__period=world.period)
    plan(world, world.municipality_a, [strategy, economy])
    plan(
        world,
        world.municipality_b,
        [strategy],
        shared=True,
        goals=[("Talous tasapainoon", economy, True), ("Salainen tavoite", economy, False)],
    )
    plan(world, third, [strategy, economy], shared=False)  # private: nothing of it shows
    client.force_login(world.participant_a)
    response = client.get(reverse("community:peers"))
    listed = list(response.context["peers"])
    assert [p.municipality for p in listed][0] == world.municipality_b
    first = listed[0]
    assert first.common_themes == [strategy, economy]
    assert [g.title for g in first.shared_goals] == ["Talous tasapainoon"]
    assert world.contact_b in first.contacts
    other = next(p for p in listed if p.municipality == third)
    assert other.common_themes == [] and other.shared_goals == []
    page = response.content.decode()
    assert "Salainen tavoite" not in page
    assert world.contact_b.email in page
    # A member may open only their own municipality's page: no link to another's (a 404).
    assert world.municipality_b.name in page
    assert reverse("network:municipality", args=[world.municipality_b.code]) not in page


def test_the_filters_keep_only_municipalities_alike_in_that_way(client, world, themes):
    world.municipality_b.language = "sv"
    world.municipality_b.save()
    Population.objects.create(municipality=world.municipality_a, year=2016, inhabitants=8000)
    Population.objects.create(municipality=world.municipality_b, year=2016, inhabitants=9000)
    client.force_login(world.participant_a)
    same_size = client.get(reverse("community:peers"), {"same_size": "1"}).context["peers"]
    assert [p.municipality for p in same_size] == [world.municipality_b]
    same_language = client.get(reverse("community:peers"), {"same_language": "1"})
    assert world.municipality_b not in [p.municipality for p in same_language.context["peers"]]


def test_the_finder_costs_the_same_queries_for_few_and_many_members(
    client, world, themes, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.participant_a)
    plan(world, world.municipality_b, themes[:1], shared=True, goals=[("T", themes[0], True)])

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("community:peers")).status_code == 200
        return len(captured)

    few = queries()
    for _ in range(30):
        membership = factories.MembershipFactory(period=world.period)
        factories.UserFactory(municipality=membership.municipality, role="contact")
        plan(
            world, membership.municipality, themes[:1], shared=True, goals=[("T", themes[0], True)]
        )
    assert queries() == few
