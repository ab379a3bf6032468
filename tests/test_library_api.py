"""The library API: searching materials with the web page's visibility, one material (404 when
the caller may not open it), adding materials as JSON or with a file, collections with only
the materials the caller may see, bad input and query counts."""

import pytest
import weasyprint
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from rest_framework.test import APIClient

from uso.library.models import Collection, CollectionItem, Material

from .factories import MunicipalityFactory, UserFactory
from .library_factories import material, sub_theme

pytestmark = pytest.mark.django_db

MATERIALS = "/api/v1/materials/"
COLLECTIONS = "/api/v1/collections/"


@pytest.fixture
def api():
    return APIClient()


def as_user(api, user):
    api.force_authenticate(user)
    return api


def titles(response) -> list[str]:
    assert response.status_code == 200, response.content
    return sorted(item["title"] for item in response.json()["results"])


def detail(item) -> str:
    return f"{MATERIALS}{item.pk}/"


@pytest.fixture
def shelf(world):
    """A public, a members-only and municipality A's own material, and a draft."""
    return {
        "public": material(title="Julkinen", summary="Kaikille avoin opas."),
        "members": material(title="Jäsenille", visibility=Material.Visibility.MEMBERS),
        "own_a": material(
            title="Vain A",
            visibility=Material.Visibility.MUNICIPALITY,
            municipality=world.municipality_a,
        ),
        "draft": material(title="Luonnos", status=Material.Status.DRAFT),
    }


# --- Who sees what -------------------------------------------------------------------------------


def test_anonymous_visitors_find_only_public_materials(api, shelf):
    assert titles(api.get(MATERIALS)) == ["Julkinen"]
    assert api.get(detail(shelf["public"])).status_code == 200
    for hidden in ("members", "own_a", "draft"):
        assert api.get(detail(shelf[hidden])).status_code == 404


def test_members_only_materials_are_hidden_from_anonymous_and_non_members(api, world, shelf):
    outsider = UserFactory(municipality=MunicipalityFactory())  # not a member
    assert "Jäsenille" not in titles(as_user(api, outsider).get(MATERIALS))
    assert api.get(detail(shelf["members"])).status_code == 404
    as_user(api, world.participant_b)
    assert titles(api.get(MATERIALS)) == ["Julkinen", "Jäsenille"]
    assert api.get(detail(shelf["members"])).status_code == 200


def test_another_municipalitys_own_material_is_not_listed_and_answers_404(api, world, shelf):
    for other in (world.participant_b, world.contact_b, world.consultant_other):
        as_user(api, other)
        assert "Vain A" not in titles(api.get(MATERIALS))
        response = api.get(detail(shelf["own_a"]))
        assert response.status_code == 404 and response.json()["message"]
    for own in (world.participant_a, world.consultant_a, world.coordinator):
        as_user(api, own)
        assert "Vain A" in titles(api.get(MATERIALS))
        assert api.get(detail(shelf["own_a"])).status_code == 200


def test_coordinators_open_a_draft_but_the_search_lists_only_published_materials(api, world, shelf):
    as_user(api, world.coordinator)
    assert "Luonnos" not in titles(api.get(MATERIALS))
    assert api.get(detail(shelf["draft"])).json()["status"] == "draft"


# --- Searching -----------------------------------------------------------------------------------


def test_a_search_finds_an_inflected_finnish_word_and_marks_it_in_the_snippet(api, world):
    found = material(title="Ohje", summary="Kunnan <b>uusi</b> strategian laatiminen vaiheittain.")
    material(title="Muu", summary="Talousarvion laatiminen.")
    response = api.get(MATERIALS, {"q": "strategia"})
    assert titles(response) == ["Ohje"]
    (result,) = response.json()["results"]
    assert "<mark>strategian</mark>" in result["snippet"]
    assert "&lt;b&gt;uusi&lt;/b&gt;" in result["snippet"]  # the rest is escaped
    assert result["id"] == found.pk
    assert result["type"] == "article" and result["visibility"] == "public"
    assert result["url"] == f"http://testserver/library/materials/{found.pk}/"
    assert result["download_url"] is None


def test_the_search_filters_by_type_sub_theme_audience_language_and_year(api, world):
    strategy = sub_theme(world.period, "Strategia")
    material(title="Artikkeli", sub_themes=[strategy])
    material(title="Linkki", kind=Material.Kind.LINK, url="https://example.org/", language="sv")
    material(title="Poliitikoille", audience=Material.Audience.POLITICAL)
    assert titles(api.get(MATERIALS, {"type": "link"})) == ["Linkki"]
    assert titles(api.get(MATERIALS, {"theme": strategy.pk})) == ["Artikkeli"]
    assert titles(api.get(MATERIALS, {"audience": "political"})) == ["Poliitikoille"]
    assert titles(api.get(MATERIALS, {"language": "sv"})) == ["Linkki"]
    assert titles(api.get(MATERIALS, {"year": 2001})) == []
    # An empty parameter is the same as none.
    assert len(titles(api.get(MATERIALS, {"type": "", "theme": "", "q": ""}))) == 3


@pytest.mark.parametrize(
    ("name", "value"),
    [("type", "podcast"), ("theme", "abc"), ("theme", "999999"), ("language", "de"),
     ("audience", "all"), ("year", "20x5"), ("sort", "random")],
)  # fmt: skip
def test_an_invalid_filter_answers_400_naming_the_field(api, world, name, value):
    response = api.get(MATERIALS, {name: value})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [name]


def test_a_bad_request_is_answered_in_the_callers_language(api, world):
    as_user(api, UserFactory(municipality=world.municipality_a, language="fi"))
    response = api.get(MATERIALS, {"type": "podcast"})
    with translation.override("fi"):
        expected = translation.gettext("The request has errors.")
    assert response.json()["message"] == expected != "The request has errors."


def test_searching_more_materials_does_not_mean_more_queries(api, world):
    strategy = sub_theme(world.period)
    as_user(api, world.participant_a)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert api.get(MATERIALS, {"q": "strategia"}).status_code == 200
        return len(captured)

    for _ in range(2):
        material(summary="strategia", sub_themes=[strategy])
    few = queries()
    for _ in range(8):
        material(summary="strategia", sub_themes=[strategy])
    assert queries() == few


# --- One material --------------------------------------------------------------------------------


def test_a_material_shows_its_content_and_its_language_versions(api, world):
    article = material(title="Opas", body="<p>Teksti</p>", authors="Kuntaliitto")
    swedish = material(
        title="Guide", language="sv", language_group=article.language_group, body="<p>Text</p>"
    )
    material(
        title="Hidden",
        language="en",
        language_group=article.language_group,
        visibility=Material.Visibility.MEMBERS,
    )
    body = api.get(detail(article)).json()
    assert body["body"] == "<p>Teksti</p>"
    assert body["authors"] == "Kuntaliitto"
    assert body["language_versions"] == [swedish.pk]
    checklist = material(title="Lista", kind=Material.Kind.CHECKLIST, checklist=["Yksi", "Kaksi"])
    assert api.get(detail(checklist)).json()["checklist"] == ["Yksi", "Kaksi"]


# --- Adding materials ----------------------------------------------------------------------------


def test_a_coordinator_adds_an_article_and_its_html_is_sanitised(api, world):
    strategy = sub_theme(world.period)
    response = as_user(api, world.coordinator).post(
        MATERIALS,
        {
            "type": "article",
            "title": "Strategiatyön vaiheet",
            "summary": "Miten strategia laaditaan.",
            "body": "<h2>Alku</h2><p>Teksti</p><script>alert(1)</script>",
            "sub_themes": [strategy.pk],
            "visibility": "public",
            "status": "published",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    saved = Material.objects.get()
    assert body["id"] == saved.pk and body["type"] == "article"
    assert "<script>" not in body["body"] and "alert" not in body["body"]
    assert "<h2>Alku</h2>" in body["body"] == saved.body
    assert body["sub_themes"] == [strategy.pk]
    assert saved.created_by == world.coordinator and saved.published_at is not None
    api.force_authenticate(None)
    assert titles(api.get(MATERIALS, {"q": "vaiheet"})) == [saved.title]


def test_a_consultant_adds_a_checklist_for_one_municipality(api, world):
    response = as_user(api, world.consultant_a).post(
        MATERIALS,
        {
            "type": "checklist",
            "title": "Valtuustokauden alku",
            "checklist": ["Perehdytys", " ", "Strategia"],
            "visibility": "municipality",
            "municipality": world.municipality_a.code,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["checklist"] == ["Perehdytys", "Strategia"]
    assert response.json()["municipality"] == world.municipality_a.code
    assert response.json()["status"] == "draft"


def pdf_upload(name="opas.pdf") -> SimpleUploadedFile:
    content = weasyprint.HTML(string="<p>Strategiatyön opas</p>").write_pdf()
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_a_file_is_uploaded_and_its_text_is_found_after_the_commit(
    api, world, django_capture_on_commit_callbacks
):
    as_user(api, world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            MATERIALS,
            {
                "type": "file",
                "title": "Liite",
                "visibility": "public",
                "status": "published",
                "file": pdf_upload(),
            },
            format="multipart",
        )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["file_format"] == "pdf" and body["file_name"].endswith(".pdf")
    assert body["download_url"] == f"http://testserver/library/materials/{body['id']}/download/"
    assert Material.objects.get().extraction == Material.Extraction.DONE
    found = api.get(MATERIALS, {"q": "opas"}).json()["results"]
    assert [item["id"] for item in found] == [body["id"]]
    assert "<mark>" in found[0]["snippet"]


def test_a_file_whose_content_is_not_what_its_name_says_answers_400_and_saves_nothing(api, world):
    fake = SimpleUploadedFile("opas.pdf", b"This is no PDF at all.", content_type="application/pdf")
    response = as_user(api, world.coordinator).post(
        MATERIALS, {"type": "file", "title": "Liite", "file": fake}, format="multipart"
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["file"]
    assert "PDF" in response.json()["errors"]["file"][0]
    assert not Material.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"type": "link", "title": "Linkki"}, "url"),
        ({"type": "video", "title": "Video", "url": "ei osoite"}, "url"),
        ({"type": "file", "title": "Liite"}, "file"),
        ({"type": "article", "title": "Artikkeli", "body": "  "}, "body"),
        ({"type": "checklist", "title": "Lista", "checklist": [" "]}, "checklist"),
        ({"type": "link", "title": "Linkki", "url": "https://x.fi/", "body": "<p>x</p>"}, "body"),
        ({"type": "article", "title": "A", "body": "x", "visibility": "municipality"},
         "municipality"),
        ({"type": "article", "title": "A", "body": "x", "municipality": "X00"}, "municipality"),
        ({"type": "podcast", "title": "Podcast"}, "type"),
        ({"type": "article", "body": "x"}, "title"),
    ],
)  # fmt: skip
def test_what_a_type_needs_is_checked_before_anything_is_saved(api, world, body, field):
    if body.get("municipality"):
        body["municipality"] = world.municipality_a.code
    response = as_user(api, world.coordinator).post(MATERIALS, body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert not Material.objects.exists()


def test_only_coordinators_and_consultants_add_materials(api, world):
    body = {"type": "article", "title": "Artikkeli", "body": "<p>x</p>"}
    assert api.post(MATERIALS, body, format="json").status_code == 401
    for person in (world.participant_a, world.contact_a):
        response = as_user(api, person).post(MATERIALS, body, format="json")
        assert response.status_code == 403 and response.json()["message"]
    assert not Material.objects.exists()


# --- Collections ---------------------------------------------------------------------------------


def collection_of(materials, slug="aloitus") -> Collection:
    collection = Collection.objects.create(title_fi="Aloitus", slug=slug, featured=True)
    for order, item in enumerate(materials):
        CollectionItem.objects.create(collection=collection, material=item, order=order)
    return collection


def test_collections_list_only_the_materials_the_caller_may_open_in_their_order(api, world):
    second = material(title="Toinen")
    members = material(title="Jäsenille", visibility=Material.Visibility.MEMBERS)
    first = material(title="Ensimmäinen")
    draft = material(title="Luonnos", status=Material.Status.DRAFT)
    collection = collection_of([first, members, second, draft])
    (anonymous,) = api.get(COLLECTIONS).json()["results"]
    assert anonymous["title"] == "Aloitus" and anonymous["slug"] == "aloitus"
    assert anonymous["url"] == f"http://testserver{collection.get_absolute_url()}"
    assert anonymous["materials"] == [
        {
            "id": item.pk,
            "title": item.title,
            "type": "article",
            "url": f"http://testserver/library/materials/{item.pk}/",
        }
        for item in (first, second)
    ]
    member = as_user(api, world.participant_a).get(COLLECTIONS).json()["results"][0]
    assert [item["title"] for item in member["materials"]] == ["Ensimmäinen", "Jäsenille", "Toinen"]


@pytest.mark.parametrize("role", ["anonymous", "participant_a", "consultant_a"])
def test_more_collection_items_do_not_mean_more_queries(api, world, role):
    if role != "anonymous":
        as_user(api, world.user(role))

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert api.get(COLLECTIONS).status_code == 200
        return len(captured)

    materials = [material(title=f"Aineisto {n}") for n in range(30)]
    collection_of(materials[:3], slug="pieni")
    few = queries()
    Collection.objects.all().delete()
    collection_of(materials, slug="iso")
    collection_of(materials[:10], slug="toinen")
    assert queries() == few
    assert few <= 5
