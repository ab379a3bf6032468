"""Good practices: a member municipality's card, its mirror in the library (found by the
search as type `practice`), comments, "we are trying this too", the API."""

import pytest
from django.urls import reverse

from uso.community import services
from uso.community.models import Practice, PracticeTrial
from uso.library import search
from uso.library.models import Material
from uso.library.search import LibraryQuery

pytestmark = pytest.mark.django_db


def publish(world, author=None, **fields):
    author = author or world.participant_b
    practice = Practice(
        municipality=author.municipality,
        title=fields.pop("title", "Kuntalaisraati talousarvion valmistelussa"),
        problem=fields.pop("problem", "Asukkaat eivät osallistuneet talousarvion valmisteluun."),
        what_was_done="Arvoimme **kuntalaisraadin**, joka kokoontui kolme kertaa.",
        results="Raadin suositukset käsiteltiin valtuustossa.",
        lessons="Aikataulu kannattaa sopia ajoissa.",
        contact_person=author,
        **fields,
    )
    return services.save_practice(practice=practice, by=author)


def test_a_municipality_publishes_a_practice_card(client, world):
    client.force_login(world.participant_a)
    response = client.post(
        reverse("community:practice_add"),
        {
            "title": "Strategiakortit",
            "problem": "Strategia ei näkynyt arjessa.",
            "what_was_done": "Teimme jokaiselle tiimille *strategiakortin*.",
            "results": "",
            "lessons": "",
            "contact_person": world.participant_a.pk,
        },
    )
    practice = Practice.objects.get()
    assert response["Location"] == practice.get_absolute_url()
    assert practice.municipality == world.municipality_a
    page = client.get(practice.get_absolute_url()).content.decode()
    assert "<em>strategiakortin</em>" in page
    assert "Ongelma" in page and "Mitä tehtiin" in page


def test_a_practice_is_found_by_the_library_search_as_a_practice(client, world):
    practice = publish(world)
    found = search.results(world.participant_a, LibraryQuery(q="kuntalaisraati", kind="practice"))
    assert [m.pk for m in found] == [practice.material_id]
    assert Material.objects.get(pk=practice.material_id).kind == "practice"
    # Members only, like the discussions.
    from django.contrib.auth.models import AnonymousUser

    assert not list(search.results(AnonymousUser(), LibraryQuery(q="kuntalaisraati")))
    client.force_login(world.participant_a)
    response = client.get(reverse("library:material", args=[practice.material_id]))
    assert response["Location"] == practice.get_absolute_url()


def test_editing_a_card_updates_its_library_mirror(world):
    practice = publish(world)
    practice.title = "Nuorisoraati"
    services.save_practice(practice=practice, by=world.participant_b)
    assert Material.objects.get(pk=practice.material_id).title == "Nuorisoraati"
    assert Material.objects.count() == 1


def test_other_municipalities_try_a_practice_and_are_listed(client, world):
    practice = publish(world)
    client.force_login(world.participant_a)
    client.post(reverse("community:practice_trying", args=[practice.pk]), {"trying": "1"})
    client.force_login(world.contact_a)
    client.post(reverse("community:practice_trying", args=[practice.pk]), {"trying": "1"})
    assert PracticeTrial.objects.filter(practice=practice).count() == 1  # one per municipality
    page = client.get(practice.get_absolute_url()).content.decode()
    assert "1 kunta" in page and str(world.municipality_a) in page
    client.force_login(world.participant_b)  # the card's own municipality
    response = client.post(
        reverse("community:practice_trying", args=[practice.pk]), {"trying": "1"}
    )
    assert response.status_code == 403


def test_a_comment_is_markdown_and_sanitised(client, world):
    practice = publish(world)
    client.force_login(world.participant_a)
    client.post(practice.get_absolute_url(), {"body": "Hyvä! <script>alert(1)</script>"})
    comment = practice.comments.get()
    assert "<script>" not in comment.html
    assert "Hyvä!" in client.get(practice.get_absolute_url()).content.decode()


def test_the_api_lists_practices_and_marks_trying(client, world):
    practice = publish(world)
    client.force_login(world.participant_a)
    listed = client.get("/api/v1/practices/").json()["results"]
    assert listed[0]["title"] == practice.title
    assert listed[0]["municipality"] == world.municipality_b.code
    response = client.post(f"/api/v1/practices/{practice.pk}/trying/")
    assert response.status_code == 200
    assert response.json()["trying"] == [world.municipality_a.code]
    created = client.post(
        "/api/v1/practices/",
        {"title": "Oma", "problem": "Ongelma", "what_was_done": "Ratkaisu"},
        content_type="application/json",
    )
    assert created.status_code == 201
    assert created.json()["municipality"] == world.municipality_a.code
    bad = client.post("/api/v1/practices/", {"title": ""}, content_type="application/json")
    assert bad.status_code == 400
    assert Practice.objects.count() == 2


def test_trying_through_the_api_takes_booleans_only(client, world):
    practice = publish(world)
    client.force_login(world.participant_a)
    url = f"/api/v1/practices/{practice.pk}/trying/"
    assert client.post(url, [1], content_type="application/json").status_code == 400
    assert client.post(url, {"trying": "maybe"}, content_type="application/json").status_code == 400
    assert client.post(url, {"trying": False}, content_type="application/json").status_code == 200
    assert not PracticeTrial.objects.exists()


def test_the_first_word_of_each_section_is_found(world):
    practice = publish(world)
    found = search.results(world.participant_a, LibraryQuery(q="arvoimme"))
    assert [m.pk for m in found] == [practice.material_id]


def test_the_api_takes_sub_themes_of_the_current_period_only(client, world):
    from uso.network.models import Period, SubTheme, ThemeArea

    old = Period.objects.create(
        network=world.period.network,
        name_fi="Vanha",
        start_date="2010-01-01",
        end_date="2011-12-31",
    )
    stale = SubTheme.objects.create(
        theme_area=ThemeArea.objects.create(period=old, name="Vanha teema"), name="Vanha"
    )
    client.force_login(world.participant_a)
    response = client.post(
        "/api/v1/practices/",
        {"title": "T", "problem": "P", "what_was_done": "W", "sub_themes": [stale.pk]},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "sub_themes" in response.json()["errors"]


def test_a_removed_card_leaves_the_library_too(client, world):
    practice = publish(world)
    client.force_login(world.participant_b)
    response = client.post(reverse("community:practice_delete", args=[practice.pk]))
    assert response["Location"] == reverse("community:practices")
    assert not Practice.objects.exists()
    assert not Material.objects.exists()
    assert not list(search.results(world.participant_a, LibraryQuery(q="kuntalaisraati")))
