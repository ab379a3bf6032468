"""Searching the library on the database the suite runs on (SQLite or PostgreSQL): Finnish and
Swedish word forms, compound words, ranking, snippets, facets, and that visibility holds."""

from datetime import timedelta

import pytest
from django.utils import timezone

from uso.library import search, text
from uso.library.models import Material
from uso.library.search import LibraryQuery

from .factories import MembershipFactory, MunicipalityFactory, UserFactory
from .library_factories import material

pytestmark = pytest.mark.django_db


def titles(user, q, **filters):
    found = search.results(user, LibraryQuery(q=q, **filters))
    return [m.title for m in found]


@pytest.mark.parametrize("form", ["strategian", "strategiaa", "strategiassa", "strategia"])
def test_a_finnish_word_finds_its_inflected_forms(form):
    from django.contrib.auth.models import AnonymousUser

    material(title="Ohje", summary=f"Kunnan {form} laatiminen vaiheittain.")
    material(title="Muu", summary="Talousarvion laatiminen.")
    assert titles(AnonymousUser(), "strategia") == ["Ohje"]


def test_an_inflected_query_finds_the_basic_form():
    from django.contrib.auth.models import AnonymousUser

    material(title="Ohje", summary="Valtuustot ja strategiat.")
    assert titles(AnonymousUser(), "valtuustojen") == ["Ohje"]


@pytest.mark.parametrize(("query", "form"), [("kommun", "kommunens"), ("kommunerna", "kommuner")])
def test_a_swedish_word_finds_its_inflected_forms(query, form):
    from django.contrib.auth.models import AnonymousUser

    material(title="Handbok", summary=f"Om {form} ledning.", language="sv")
    assert titles(AnonymousUser(), query) == ["Handbok"]


@pytest.mark.skipif(text.voikko() is None, reason="Voikko is not installed here")
def test_a_compound_word_is_found_by_its_parts_with_voikko():
    from django.contrib.auth.models import AnonymousUser

    material(title="Ohje", summary="Kuntastrategian päivittäminen valtuustokauden alussa.")
    assert titles(AnonymousUser(), "strategia") == ["Ohje"]
    assert titles(AnonymousUser(), "kausi") == ["Ohje"]


def test_a_title_match_ranks_above_a_match_in_the_text_and_date_sort_ignores_rank():
    from django.contrib.auth.models import AnonymousUser

    material(title="Talous", summary="Sivulauseessa mainitaan johtaminen.")
    material(title="Johtaminen muutoksessa", summary="Opas.", published_at=None)
    assert titles(AnonymousUser(), "johtaminen")[0] == "Johtaminen muutoksessa"


def test_a_hit_whose_material_is_gone_is_not_listed_and_breaks_nothing():
    # The index may still hold a deleted material: ordering the hits must not fail on it.
    from django.contrib.auth.models import AnonymousUser

    kept = material(title="Johtaminen muutoksessa", summary="Opas.")
    assert search._best_first({kept.pk + 1000: 1.0, kept.pk: 0.5}) == [kept.pk + 1000, kept.pk]
    assert titles(AnonymousUser(), "johtaminen") == ["Johtaminen muutoksessa"]


def test_snippets_mark_the_found_words_and_escape_the_rest():
    found = material(title="Ohje", summary="Alku <b>tekstiä</b> ja sitten strategiaa luetaan.")
    html = search.snippets([found], "strategia")[found.pk]
    assert "<mark>strategiaa</mark>" in html
    assert "&lt;b&gt;" in html


def test_snippets_are_kept_until_the_material_changes():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from uso.library import services

    found = material(title="Ohje", summary="Ensin strategiaa.")
    assert "Ensin" in search.snippets([found], "strategia")[found.pk]
    with CaptureQueriesContext(connection) as queries:
        assert "Ensin" in search.snippets([found], "strategia")[found.pk]
    assert not [q for q in queries if "library_materialtext" in q["sql"]]  # kept, not read
    assert "<mark>Ensin</mark>" in search.snippets([found], "ensin")[found.pk]  # other words
    found.summary = "Sitten strategiaa."
    services.save_material(material=found, by=None, sub_themes=[], checklist=None, upload=None)
    assert "Sitten" in search.snippets([found], "strategia")[found.pk]


def test_members_only_and_one_municipalitys_materials_are_never_found_by_others():
    from django.contrib.auth.models import AnonymousUser

    member_a = MembershipFactory()
    member_b = MembershipFactory(period=member_a.period)
    person_a = UserFactory(municipality=member_a.municipality)
    person_b = UserFactory(municipality=member_b.municipality)
    outsider = UserFactory(municipality=MunicipalityFactory())  # not a member
    material(title="Julkinen", summary="strategia")
    material(title="Jäsenille", summary="strategia", visibility=Material.Visibility.MEMBERS)
    material(
        title="Vain A",
        summary="strategia",
        visibility=Material.Visibility.MUNICIPALITY,
        municipality=member_a.municipality,
    )
    assert sorted(titles(AnonymousUser(), "strategia")) == ["Julkinen"]
    assert sorted(titles(outsider, "strategia")) == ["Julkinen"]
    assert sorted(titles(person_b, "strategia")) == ["Julkinen", "Jäsenille"]
    assert sorted(titles(person_a, "strategia")) == ["Julkinen", "Jäsenille", "Vain A"]
    # Without words too: browsing is the same search.
    assert sorted(titles(person_b, "")) == ["Julkinen", "Jäsenille"]


def test_drafts_and_scheduled_materials_are_not_found_until_published():
    from datetime import timedelta

    from django.contrib.auth.models import AnonymousUser
    from django.utils import timezone

    material(title="Luonnos", summary="strategia", status=Material.Status.DRAFT)
    material(
        title="Ajastettu", summary="strategia", published_at=timezone.now() + timedelta(days=2)
    )
    assert titles(AnonymousUser(), "strategia") == []


def test_facets_count_under_the_other_filters():
    from django.contrib.auth.models import AnonymousUser

    material(title="A", summary="strategia", kind=Material.Kind.ARTICLE, language="fi")
    material(
        title="B",
        summary="strategia",
        kind=Material.Kind.LINK,
        language="fi",
        url="https://example.org/",
    )
    material(
        title="C",
        summary="strategi",
        kind=Material.Kind.LINK,
        language="sv",
        url="https://example.org/sv",
    )
    counted = search.facets(AnonymousUser(), LibraryQuery(q="strategia", kind="link"))
    assert {value: n for value, _label, n in counted["kind"]} == {"article": 1, "link": 2}
    assert {value: n for value, _label, n in counted["language"]} == {"fi": 1, "sv": 1}


def test_a_query_of_only_punctuation_lists_everything_visible():
    from django.contrib.auth.models import AnonymousUser

    material(title="A")
    assert titles(AnonymousUser(), "!!! ???") == ["A"]


@pytest.mark.skipif(text.voikko() is None, reason="Voikko is not installed here")
def test_an_inflected_query_finds_the_nominative_with_voikko():
    from django.contrib.auth.models import AnonymousUser

    material(title="Ohje", summary="Hyvä strategia on lyhyt.")
    assert titles(AnonymousUser(), "strategian") == ["Ohje"]


@pytest.mark.skipif(text.voikko() is None, reason="Voikko is not installed here")
def test_compound_parts_keep_their_derivational_endings():
    from django.contrib.auth.models import AnonymousUser

    assert text.compound_parts("omistajaohjaus") == ("omistaja", "ohjaus")
    material(title="Ohjaus", summary="Omistajaohjauksen periaatteet.")
    material(title="Muu", summary="Kunta ja seutu ja maakunta.")  # "ja" alone must not match
    assert titles(AnonymousUser(), "omistajaohjaus") == ["Ohjaus"]


def test_the_one_pass_total_is_the_number_of_results():
    from django.contrib.auth.models import AnonymousUser

    material(title="A", summary="strategia", kind=Material.Kind.ARTICLE)
    material(title="B", summary="strategia", kind=Material.Kind.LINK, url="https://example.org/")
    material(title="C", summary="talous", kind=Material.Kind.LINK, url="https://example.org/c")
    for query in (
        LibraryQuery(q="strategia"),
        LibraryQuery(q="strategia", kind="link"),
        LibraryQuery(kind="link"),
        LibraryQuery(year=1999),
    ):
        _facets, total = search.facets_and_total(AnonymousUser(), query)
        assert total == search.results(AnonymousUser(), query).count()


def test_a_book_length_text_is_indexed_by_its_beginning():
    from django.contrib.auth.models import AnonymousUser

    words = " ".join(f"sana{i}" for i in range(120_000))  # well over a megabyte of text
    material(title="Kirja", summary="Alussa strategia. " + words + " lopussa talousarvio")
    assert titles(AnonymousUser(), "strategia") == ["Kirja"]
    assert titles(AnonymousUser(), "talousarvio") == []


def test_a_short_stem_matches_whole_words_only():
    """The Finnish stem of "kunta" is "kun": as a prefix it would find "kuningas" and every
    "kun" ("when") — as a whole word it still finds the inflected forms that share it."""
    from django.contrib.auth.models import AnonymousUser

    material(title="Kunnan opas", summary="Kunnassa päätetään.")
    material(title="Satu", summary="Kuningas ja kuningatar.")
    assert titles(AnonymousUser(), "kunta") == ["Kunnan opas"]
    # Typed, three letters are a prefix (search as you type).
    assert sorted(titles(AnonymousUser(), "kun")) == ["Kunnan opas", "Satu"]


@pytest.mark.skipif(text.voikko() is None, reason="Voikko is not installed here")
def test_a_compound_voikko_marks_with_a_joint_is_searchable():
    """Voikko writes some base forms with a joint ("hyvin=vointi"); a query must not pass it
    on to the index (FTS5 took it for a phrase and failed)."""
    from django.contrib.auth.models import AnonymousUser

    material(title="Alue", summary="Hyvinvointialueen ja kunnan yhteistyö.")
    assert titles(AnonymousUser(), "hyvinvointialue") == ["Alue"]
    assert titles(AnonymousUser(), "hyvinvointialueen yhteistyö") == ["Alue"]


def test_facets_and_results_follow_a_change_to_a_material():
    from django.contrib.auth.models import AnonymousUser

    changing = material(title="A", summary="strategia", kind=Material.Kind.ARTICLE)
    assert (
        search.facets_and_total(AnonymousUser(), LibraryQuery(q="strategia", kind="link"))[1] == 0
    )
    changing.kind, changing.url = Material.Kind.LINK, "https://example.org/"
    changing.save()
    counted, total = search.facets_and_total(AnonymousUser(), LibraryQuery(q="strategia"))
    assert {value: n for value, _label, n in counted["kind"]} == {"link": 1}
    assert titles(AnonymousUser(), "strategia", kind="link") == ["A"]


def test_a_material_saved_without_signals_is_still_counted():
    """Another process's new material, or one written in bulk, is not yet in this process's
    facts: the search reads them again rather than miss it."""
    from django.contrib.auth.models import AnonymousUser

    material(title="A", summary="strategia")
    assert search.facets_and_total(AnonymousUser(), LibraryQuery(q="strategia"))[1] == 1
    (quiet,) = Material.objects.bulk_create(
        [
            Material(
                title="B",
                summary="strategia",
                status=Material.Status.PUBLISHED,
                published_at=timezone.now() - timedelta(days=1),
                kind=Material.Kind.ARTICLE,
                visibility=Material.Visibility.PUBLIC,
            )
        ]
    )
    search.index_material(quiet, quiet.summary)
    _counted, total = search.facets_and_total(AnonymousUser(), LibraryQuery(q="strategia"))
    assert total == 2
    assert sorted(titles(AnonymousUser(), "strategia")) == ["A", "B"]


def test_results_are_read_a_page_at_a_time():
    from django.contrib.auth.models import AnonymousUser
    from django.core.paginator import Paginator

    for number in range(25):
        material(title=f"Ohje {number:02}", summary="strategia")
    found = search.results(AnonymousUser(), LibraryQuery(q="strategia", sort="date"))
    page = Paginator(found, 20).page(2)
    assert page.paginator.count == 25
    assert [m.title for m in page] == [f"Ohje {n:02}" for n in range(4, -1, -1)]


def test_the_same_words_are_matched_once_until_a_material_changes():
    """The hits of a query come from the cache while no material has changed: a new material
    (and a new text for an old one) is found at once."""
    from django.contrib.auth.models import AnonymousUser
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def matches(q):
        with CaptureQueriesContext(connection) as queries:
            found = titles(AnonymousUser(), q)
        return found, sum("MATCH" in s["sql"] or "@@" in s["sql"] for s in queries)

    material(title="A", summary="strategia")
    assert matches("strategia") == (["A"], 1 if connection.vendor == "postgresql" else 2)
    assert matches("strategia") == (["A"], 0)
    material(title="B", summary="kuntastrategia ja strategia")
    found, matched = matches("strategia")
    assert sorted(found) == ["A", "B"] and matched > 0
    older = Material.objects.get(title="A")
    search.index_material(older, "Talousarvion laatiminen.")
    assert matches("talousarvio")[0] == ["A"]
