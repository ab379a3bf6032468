"""The REST API: token auth (with MFA for coordinators), filters, scopes and error shapes."""

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.cache import cache
from rest_framework.test import APIClient

from uso.accounts.models import Role, User
from uso.network.models import Membership, Municipality

from .factories import PASSWORD, MembershipFactory, PopulationFactory


@pytest.fixture
def api():
    return APIClient()


def current_code(secret: str) -> str:
    import time

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_token_auth_for_a_participant_then_token_header(api, world):
    response = api.post(
        "/api/v1/auth/token/", {"email": world.participant_a.email, "password": PASSWORD}
    )
    assert response.status_code == 200
    api.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    people = api.get("/api/v1/people/").json()
    assert [p["email"] for p in people["results"]] == [world.participant_a.email]


def test_wrong_password_gets_a_json_message(api, world):
    response = api.post(
        "/api/v1/auth/token/", {"email": world.participant_a.email, "password": "wrong"}
    )
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Token"
    assert response.json()["message"] == "Sähköpostiosoite tai salasana on väärin."


def test_coordinator_needs_the_current_totp_code_for_a_token(api, world):
    cache.clear()
    body = {"email": world.coordinator.email, "password": PASSWORD}
    without = api.post("/api/v1/auth/token/", body)
    assert without.status_code == 400 and "code" in without.json()["errors"]
    wrong = api.post("/api/v1/auth/token/", {**body, "code": "000000"})
    assert wrong.status_code == 400
    right = api.post(
        "/api/v1/auth/token/", {**body, "code": current_code(world.coordinator.totp_secret)}
    )
    assert right.status_code == 200 and right.json()["token"]


def test_missing_fields_give_per_field_errors(api, db):
    response = api.post("/api/v1/auth/token/", {})
    assert response.status_code == 400
    body = response.json()
    assert body["message"] and set(body["errors"]) == {"email", "password"}


def test_municipalities_are_public_and_filterable(api, world):
    PopulationFactory(municipality=Municipality.objects.get(code="091"), inhabitants=674500)
    MembershipFactory(municipality=Municipality.objects.get(code="091"), period=world.period)
    everything = api.get("/api/v1/municipalities/?page_size=500").json()
    assert everything["count"] >= 309
    helsinki = api.get("/api/v1/municipalities/091/").json()
    assert helsinki == {
        "code": "091", "name_fi": "Helsinki", "name_sv": "Helsingfors", "region_code": "MK01",
        "language": "fi+sv", "population": 674500, "is_member": True,
    }  # fmt: skip
    swedish = api.get("/api/v1/municipalities/?language=sv&page_size=500").json()
    assert swedish["results"] and {m["language"] for m in swedish["results"]} == {"sv"}
    uusimaa = api.get("/api/v1/municipalities/?region=MK01&page_size=500").json()
    assert {m["region_code"] for m in uusimaa["results"]} == {"MK01"}
    members = api.get("/api/v1/municipalities/?is_member=true&page_size=500").json()
    assert "091" in {m["code"] for m in members["results"]}
    assert all(m["is_member"] for m in members["results"])


def test_page_size_is_capped_at_500(api, db):
    assert len(api.get("/api/v1/municipalities/?page_size=5000").json()["results"]) == 309


def test_periods_include_theme_areas(api, world):
    from uso.network.models import SubTheme, ThemeArea

    area = ThemeArea.objects.create(period=world.period, name_fi="Teema", order=1)
    SubTheme.objects.create(theme_area=area, name_fi="Alateema", order=1)
    period = api.get(f"/api/v1/periods/{world.period.pk}/").json()
    assert period["theme_areas"][0]["sub_themes"][0]["name_fi"] == "Alateema"


def test_contact_person_reads_only_own_memberships(api, world):
    api.force_authenticate(world.contact_a)
    listed = api.get("/api/v1/memberships/").json()["results"]
    assert [m["municipality"] for m in listed] == [world.municipality_a.code]
    assert api.get(f"/api/v1/memberships/{world.membership_b.pk}/").status_code == 404
    change = api.patch(f"/api/v1/memberships/{world.membership_a.pk}/", {"notes": "x"})
    assert change.status_code == 403 and change.json()["message"]


def test_coordinator_writes_memberships_and_bad_input_is_explained(api, world):
    api.force_authenticate(world.coordinator)
    bad = api.patch(f"/api/v1/memberships/{world.membership_a.pk}/", {"business_id": "2077474-1"})
    assert bad.status_code == 400 and "business_id" in bad.json()["errors"]
    good = api.patch(f"/api/v1/memberships/{world.membership_a.pk}/", {"business_id": "20774740"})
    assert good.status_code == 200 and good.json()["business_id"] == "2077474-0"
    created = api.post(
        "/api/v1/memberships/",
        {"municipality": "091", "period": world.period.pk, "status": "active"},
        format="json",
    )
    assert created.status_code == 201
    duplicate = api.post(
        "/api/v1/memberships/",
        {"municipality": "091", "period": world.period.pk},
        format="json",
    )
    assert duplicate.status_code == 400
    assert duplicate.json()["errors"]["non_field_errors"] == [
        "Kunnalla on jo jäsenyys tällä kaudella."
    ]
    assert Membership.objects.filter(municipality__code="091").count() == 1


def test_memberships_api_keeps_the_rules_of_the_membership_page(api, world):
    api.force_authenticate(world.coordinator)
    url = f"/api/v1/memberships/{world.membership_a.pk}/"
    api.patch(url, {"joined_on": "2017-03-01"}, format="json")
    early = api.patch(url, {"ended_on": "2017-01-01"}, format="json")
    assert early.status_code == 400 and set(early.json()["errors"]) == {"ended_on"}
    postal = api.patch(url, {"billing_address": "Katu 1\nJossain"}, format="json")
    assert postal.status_code == 400 and set(postal.json()["errors"]) == {"billing_address"}
    good = api.patch(url, {"billing_address": "Kunta\n\n PL 1 \n00100 Kunta"}, format="json")
    assert good.status_code == 200 and good.json()["billing_address"] == "Kunta\nPL 1\n00100 Kunta"
    world.membership_a.refresh_from_db()
    assert world.membership_a.ended_on is None


def test_coordinator_creates_people_and_contact_adds_participants_only_at_home(api, world):
    api.force_authenticate(world.coordinator)
    response = api.post(
        "/api/v1/people/",
        {"email": "new@kunta.example", "first_name": "Uusi", "last_name": "Ihminen",
         "municipality": world.municipality_b.code, "role": "contact",
         "leadership": "political", "position": "valtuutettu"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.json()
    assert response.json()["role"] == "contact"
    assert User.objects.get(email="new@kunta.example").municipality == world.municipality_b

    api.force_authenticate(world.contact_a)
    home = {"email": "p@a.example", "first_name": "P", "last_name": "A",
            "municipality": world.municipality_a.code, "role": "participant"}  # fmt: skip
    assert api.post("/api/v1/people/", home, format="json").status_code == 201
    away = {**home, "email": "p@b.example", "municipality": world.municipality_b.code}
    assert api.post("/api/v1/people/", away, format="json").status_code == 403
    promote = {**home, "email": "c@a.example", "role": "contact"}
    assert api.post("/api/v1/people/", promote, format="json").status_code == 403
    assert not User.objects.filter(email__in=["p@b.example", "c@a.example"]).exists()


def test_people_fields_and_scope_for_a_contact_person(api, world):
    api.force_authenticate(world.contact_a)
    people = api.get("/api/v1/people/?page_size=100").json()["results"]
    assert {p["municipality"] for p in people} == {world.municipality_a.code}
    assert set(people[0]) >= {"id", "email", "first_name", "last_name", "municipality", "role",
                              "leadership", "position"}  # fmt: skip
    assert api.get(f"/api/v1/people/{world.participant_b.pk}/").status_code == 404


def test_municipal_person_without_municipality_is_refused(api, world):
    api.force_authenticate(world.coordinator)
    response = api.post(
        "/api/v1/people/",
        {"email": "x@example.org", "first_name": "X", "last_name": "Y", "role": "participant"},
        format="json",
    )
    assert response.status_code == 400 and "municipality" in response.json()["errors"]


def test_a_contact_person_cannot_take_over_another_municipalitys_person(api, world):
    """Not with the address in capitals either, nor when that person is deactivated."""
    world.participant_b.is_active = False
    world.participant_b.save()
    api.force_authenticate(world.contact_a)
    response = api.post(
        "/api/v1/people/",
        {"email": world.participant_b.email.upper(), "first_name": "P", "last_name": "A",
         "municipality": world.municipality_a.code, "role": "participant"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 400 and "email" in response.json()["errors"]
    world.participant_b.refresh_from_db()
    assert world.participant_b.municipality == world.municipality_b
    assert not world.participant_b.is_active


def test_people_api_keeps_what_the_web_keeps(api, world):
    """An address once whatever its case, names, the role and the municipality."""
    api.force_authenticate(world.coordinator)
    url = f"/api/v1/people/{world.participant_a.pk}/"
    taken = api.patch(url, {"email": world.participant_b.email.upper()}, format="json")
    assert taken.status_code == 400 and "email" in taken.json()["errors"]
    assert api.patch(url, {"email": "Uusi.Osoite@Kunta.example"}, format="json").status_code == 200
    world.participant_a.refresh_from_db()
    assert world.participant_a.email == "uusi.osoite@kunta.example"
    for change in ({"role": "contact"}, {"municipality": world.municipality_b.code}):
        refused = api.patch(url, change, format="json")
        assert refused.status_code == 400 and set(refused.json()["errors"]) == set(change)
    assert api.patch(url, {"first_name": ""}, format="json").status_code == 400
    world.participant_a.refresh_from_db()
    assert world.participant_a.role == Role.PARTICIPANT
    assert world.participant_a.municipality == world.municipality_a

    nameless = {"email": "n@kunta.example", "municipality": world.municipality_a.code,
                "role": "participant"}  # fmt: skip
    response = api.post("/api/v1/people/", nameless, format="json")
    assert set(response.json()["errors"]) == {"first_name", "last_name"}
    staff = {"email": "s@kunta.example", "first_name": "S", "last_name": "K",
             "municipality": world.municipality_a.code, "role": "consultant"}  # fmt: skip
    response = api.post("/api/v1/people/", staff, format="json")
    assert response.status_code == 400 and "municipality" in response.json()["errors"]
    swedish = {**staff, "municipality": None, "language": "sv"}
    assert api.post("/api/v1/people/", swedish, format="json").status_code == 201
    assert User.objects.get(email="s@kunta.example").language == "sv"


def test_every_endpoint_answers_in_the_callers_language(api, world):
    """The profile's language, or the one the client asks for in Accept-Language."""
    world.coordinator.language = "sv"
    world.coordinator.save()
    api.force_authenticate(world.coordinator)
    for url in ("/api/v1/memberships/?status=bogus", "/api/v1/invoices/?status=bogus"):
        swedish = api.get(url)
        assert swedish.status_code == 400
        assert swedish.json()["message"] == "Begäran innehåller fel.", url
        english = api.get(url, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.8")
        assert english.json()["message"] == "The request has errors.", url


def test_every_api_view_follows_the_conventions():
    """Each view inherits the language and error conventions (ApiConventionsMixin)."""
    from django.urls import get_resolver

    from uso.api.mixins import ApiConventionsMixin

    def views(patterns):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                yield from views(pattern.url_patterns)
            else:
                yield pattern.callback

    api_module = get_resolver("uso.api.urls")
    classes = {getattr(view, "cls", None) for view in views(api_module.url_patterns)}
    classes.discard(None)
    ours = {cls for cls in classes if cls.__module__.startswith("uso.")}
    assert len(ours) >= 15
    missing = {cls.__name__ for cls in ours if not issubclass(cls, ApiConventionsMixin)}
    assert missing <= {"SchemaView", "SwaggerView"}


def test_a_body_that_is_not_json_is_explained_in_the_callers_language(api, world):
    api.force_authenticate(world.coordinator)
    response = api.post("/api/v1/people/", "{nope", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["message"].startswith("Pyynnön sisältöä ei voitu lukea. (tekninen")


def test_not_found_and_unauthenticated_are_json(api, world):
    missing = api.get("/api/v1/municipalities/999/")
    assert missing.status_code == 404 and missing.json()["message"]
    for nowhere in ("/api/v1/threads/abc/", "/api/v1/no-such-thing/", "/api/v2/"):
        response = api.get(nowhere)
        assert response.status_code == 404 and response.json() == {
            "message": "Ei löytynyt.",
            "errors": {},
        }, nowhere
    anonymous = api.get("/api/v1/memberships/")
    assert anonymous.status_code in (401, 403) and anonymous.json()["message"]


def test_schema_and_docs_are_served(client, db):
    assert client.get("/api/v1/schema/").status_code == 200
    assert client.get("/api/v1/docs/").status_code == 200


def test_delete_deactivates_a_person(api, world):
    api.force_authenticate(world.coordinator)
    assert api.delete(f"/api/v1/people/{world.participant_a.pk}/").status_code == 204
    world.participant_a.refresh_from_db()
    assert not world.participant_a.is_active
    assert world.participant_a.role == Role.PARTICIPANT


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/municipalities/?region=XX99", "region"),
        ("/api/v1/municipalities/?is_member=maybe", "is_member"),
        ("/api/v1/people/?is_active=maybe", "is_active"),
        ("/api/v1/people/?role=chief", "role"),
        ("/api/v1/threads/?area=abc", "area"),
    ],
)
def test_a_filter_value_the_api_cannot_read_is_a_400_naming_it(api, world, url, field):
    """Not a filter silently left out, which would answer with everything."""
    api.force_authenticate(world.coordinator)
    response = api.get(url)
    assert response.status_code == 400, url
    assert set(response.json()["errors"]) == {field}


def test_boolean_filters_read_true_and_false(api, world):
    api.force_authenticate(world.coordinator)
    active = api.get("/api/v1/people/?is_active=true&page_size=500").json()["count"]
    inactive = api.get("/api/v1/people/?is_active=0&page_size=500").json()["count"]
    assert active == User.objects.filter(is_active=True).count() and inactive == 0
    members = api.get("/api/v1/municipalities/?is_member=true").json()["count"]
    assert 0 < members < 309
    assert api.get("/api/v1/municipalities/?region=MK01").status_code == 200
