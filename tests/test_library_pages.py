"""The library through HTTP: adding materials of each kind, files read for search (and a file
that cannot be read), checked uploads, downloads, checklists per municipality, collections,
event materials, the weekly digest and unsubscribing, and the query counts of the lists."""

import io
import re
from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from uso.library import search, services
from uso.library.models import (
    ChecklistTick,
    Collection,
    CollectionItem,
    DigestDelivery,
    Material,
)
from uso.library.search import LibraryQuery

from .events_factories import EventFactory
from .library_factories import material, sub_theme

pytestmark = pytest.mark.django_db


def pdf_bytes(text: str) -> bytes:
    import weasyprint

    return weasyprint.HTML(string=f"<p>{text}</p>").write_pdf()


def docx_bytes(text: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def pptx_bytes(text: str) -> bytes:
    from pptx import Presentation
    from pptx.util import Inches

    presentation = Presentation()
    slide = presentation.slides.add_slide(presentation.slide_layouts[5])
    slide.shapes.title.text = "Kalvo"
    box = slide.shapes.add_textbox(Inches(1), Inches(2), Inches(6), Inches(2))
    box.text_frame.text = text
    stream = io.BytesIO()
    presentation.save(stream)
    return stream.getvalue()


def add_file(client, name, content, **fields):
    data = {
        "title": fields.pop("title", "Tiedosto"),
        "language": "fi",
        "audience": "everyone",
        "visibility": "members",
        "status": "published",
        "upload": SimpleUploadedFile(name, content),
        **fields,
    }
    return client.post(reverse("library:material_add", kwargs={"kind": "file"}), data)


@pytest.mark.parametrize(
    ("name", "make"),
    [("opas.pdf", pdf_bytes), ("opas.docx", docx_bytes), ("kalvot.pptx", pptx_bytes)],
)
def test_a_files_text_is_read_and_found_by_search(
    client, world, name, make, django_capture_on_commit_callbacks
):
    client.force_login(world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = add_file(client, name, make("Valtuustokauden strategiatyön aikataulu"))
    assert response.status_code == 302
    saved = Material.objects.get()
    assert saved.extraction == Material.Extraction.DONE
    assert saved.file_format == name.rsplit(".", 1)[1]
    found = search.results(world.participant_a, LibraryQuery(q="aikataulu"))
    assert [m.pk for m in found] == [saved.pk]


def test_a_file_whose_text_cannot_be_read_is_kept_and_flagged(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.coordinator)
    broken = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> broken beyond repair"
    with django_capture_on_commit_callbacks(execute=True):
        response = add_file(client, "rikki.pdf", broken, title="Rikkinäinen")
    assert response.status_code == 302
    saved = Material.objects.get()
    assert saved.extraction == Material.Extraction.FAILED
    page = client.get(saved.get_absolute_url())
    assert "could not be read" in page.content.decode() or "ei voitu lukea" in page.content.decode()
    listing = client.get(reverse("library:manage") + "?show=unreadable")
    assert "Rikkinäinen" in listing.content.decode()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("opas.pdf", b"MZ\x90\x00 not a pdf at all"),
        ("opas.docx", b"%PDF-1.4 a pdf pretending"),
        ("opas.exe", b"MZ\x90\x00"),
        ("tyhja.pdf", b""),
    ],
)
def test_an_upload_is_checked_by_content_and_nothing_is_saved(client, world, name, content):
    client.force_login(world.coordinator)
    response = add_file(client, name, content)
    assert response.status_code == 200
    assert response.context["form"].errors["upload"]
    assert not Material.objects.exists()


def test_an_oversized_upload_is_refused_with_the_limit(client, world, settings):
    settings.MAX_DOCUMENT_UPLOAD_MB = 0
    client.force_login(world.coordinator)
    response = add_file(client, "opas.pdf", pdf_bytes("iso"))
    (error,) = response.context["form"].errors["upload"]
    assert "0" in error and not Material.objects.exists()


def test_downloads_are_checked_and_counted(client, world, settings):
    upload = SimpleUploadedFile("opas.pdf", pdf_bytes("opas"))
    private = material(
        kind="file", upload=upload, visibility="municipality", municipality=world.municipality_a
    )
    url = reverse("library:download", kwargs={"pk": private.pk})
    client.force_login(world.participant_b)
    assert client.get(url).status_code == 404
    client.force_login(world.participant_a)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    private.refresh_from_db()
    assert private.download_count == 1
    assert not private.file.path.startswith(str(settings.MEDIA_ROOT))  # never publicly served


def test_an_anonymous_visitor_is_asked_to_sign_in_for_members_material(client):
    members = material(visibility="members")
    response = client.get(members.get_absolute_url())
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_an_article_is_sanitised_and_links_to_its_language_version(client, world):
    client.force_login(world.coordinator)
    finnish = material(title="Katsaus", language="fi")
    response = client.post(
        reverse("library:material_add", kwargs={"kind": "article"}),
        {
            "title": "Översikt",
            "language": "sv",
            "version_of": finnish.pk,
            "audience": "everyone",
            "visibility": "public",
            "status": "published",
            "body": '<h2>Rubrik</h2><p onclick="x()">Text</p><script>alert(1)</script>',
        },
    )
    assert response.status_code == 302
    swedish = Material.objects.get(title="Översikt")
    assert "<script>" not in swedish.body and "onclick" not in swedish.body
    assert "<h2>Rubrik</h2>" in swedish.body
    assert swedish.language_group == finnish.language_group
    page = client.get(finnish.get_absolute_url()).content.decode()
    assert f'href="{swedish.get_absolute_url()}"' in page


def test_a_video_is_embedded_from_youtube_with_its_transcript(client):
    video = material(
        kind="video", url="https://www.youtube.com/watch?v=dQw4w9WgXcQ", transcript="Puhe alkaa."
    )
    page = client.get(video.get_absolute_url()).content.decode()
    assert "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" in page
    assert 'title="Aineisto"' in page and "Puhe alkaa." in page


def test_a_form_error_names_the_field_in_finnish(client, world):
    client.force_login(world.coordinator)
    response = client.post(
        reverse("library:material_add", kwargs={"kind": "link"}),
        {
            "title": "Linkki",
            "language": "fi",
            "audience": "everyone",
            "visibility": "municipality",
            "status": "published",
        },
    )
    errors = response.context["form"].errors
    assert errors["url"] == ["Tämä kenttä vaaditaan."]
    assert "municipality" in errors
    assert not Material.objects.exists()


def test_checklist_ticks_belong_to_one_municipality(client, world):
    checklist = material(kind="checklist", visibility="members", checklist=["Yksi", "Kaksi"])
    first = checklist.checklist_items.first()
    client.force_login(world.participant_a)
    url = reverse("library:checklist_tick", kwargs={"pk": checklist.pk, "item": first.pk})
    response = client.post(url, {"done": "1"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "btn-success" in response.content.decode()
    progress = re.search(r'id="checklist-progress" hx-swap-oob="true">([^<]*)<', response.text)
    assert progress and re.findall(r"\d+", progress[1]) == ["1", "2"]  # "1 of 2 done"
    assert ChecklistTick.objects.filter(municipality=world.municipality_a).count() == 1
    client.force_login(world.participant_b)
    page = client.get(checklist.get_absolute_url()).content.decode()
    assert "btn-success" not in page  # B sees its own, empty, list
    client.force_login(world.participant_a)
    client.post(url, {"done": "0"})
    assert not ChecklistTick.objects.exists()


def test_editing_a_checklist_keeps_the_ticks_of_unchanged_items(world):
    checklist = material(kind="checklist", checklist=["Yksi", "Kaksi"])
    services.set_checklist_item(
        item=checklist.checklist_items.get(text="Kaksi"),
        municipality=world.municipality_a,
        by=world.participant_a,
        done=True,
    )
    services.save_material(material=checklist, by=None, checklist=["Nolla", "Kaksi"])
    assert [i.text for i in checklist.checklist_items.all()] == ["Nolla", "Kaksi"]
    assert ChecklistTick.objects.get().item.text == "Kaksi"


def test_a_collection_lists_only_what_the_visitor_may_see_in_order(client, world):
    collection = Collection.objects.create(title_fi="Tuki", slug="tuki", featured=True)
    second = material(title="Toinen julkinen")
    first = material(title="Ensin julkinen")
    members = material(title="Jäsenten", visibility="members")
    for order, item in enumerate([first, second, members]):
        CollectionItem.objects.create(collection=collection, material=item, order=order)
    page = client.get(collection.get_absolute_url()).content.decode()
    assert page.index("Ensin julkinen") < page.index("Toinen julkinen")
    assert "Jäsenten" not in page
    client.force_login(world.participant_a)
    assert "Jäsenten" in client.get(collection.get_absolute_url()).content.decode()
    # Featured collections show on the front page and the dashboard.
    client.logout()
    assert "Tuki" in client.get(reverse("core:landing")).content.decode()
    client.force_login(world.participant_a)
    assert "Tuki" in client.get(reverse("core:dashboard")).content.decode()


def test_a_coordinator_builds_a_collection(client, world):
    public = material(title="Opas")
    client.force_login(world.coordinator)
    response = client.post(
        reverse("library:collection_add"),
        {
            "title_fi": "Uusien valtuustojen tuki",
            "slug": "valtuustot",
            "order": 1,
            "items-TOTAL_FORMS": 1,
            "items-INITIAL_FORMS": 0,
            "items-0-material": public.pk,
            "items-0-order": 1,
        },
    )
    assert response.status_code == 302
    collection = Collection.objects.get(slug="valtuustot")
    assert list(collection.items.values_list("material", flat=True)) == [public.pk]


def test_an_events_files_appear_in_the_library_with_the_events_visibility(
    client, world, django_capture_on_commit_callbacks
):
    from uso.events import services as events

    seminar = EventFactory(period=world.period)
    with django_capture_on_commit_callbacks(execute=True):
        events.add_material(
            event=seminar,
            title="Seminaarin kalvot",
            file=SimpleUploadedFile("kalvot.pdf", pdf_bytes("Palveluverkko ja talous")),
            by=world.coordinator,
        )
    listed = Material.objects.get(event_material__isnull=False)
    assert listed.visibility == Material.Visibility.MEMBERS
    assert listed.extraction == Material.Extraction.DONE
    assert [m.pk for m in search.results(world.participant_a, LibraryQuery(q="palveluverkko"))] == [
        listed.pk
    ]
    # A workshop's files are its municipality's own.
    workshop = EventFactory(period=world.period, kind="workshop", municipality=world.municipality_a)
    with django_capture_on_commit_callbacks(execute=True):
        events.add_material(
            event=workshop,
            title="Työpajan muistio",
            file=SimpleUploadedFile("muistio.pdf", pdf_bytes("Palveluverkon muistio")),
            by=world.coordinator,
        )
    private = Material.objects.get(title="Työpajan muistio")
    assert private.visibility == Material.Visibility.MUNICIPALITY
    assert private.municipality == world.municipality_a
    assert not search.results(world.participant_b, LibraryQuery(q="muistio")).exists()


def test_scheduled_material_appears_when_its_time_comes(client):
    future = timezone.now() + timedelta(days=3)
    material(title="Tuleva", published_at=future)
    assert "Tuleva" not in client.get(reverse("library:search")).content.decode()
    with time_machine.travel(future + timedelta(minutes=1)):
        assert "Tuleva" in client.get(reverse("library:search")).content.decode()


def test_the_weekly_digest_goes_once_per_week_in_the_persons_language(
    world, django_capture_on_commit_callbacks
):
    theme = sub_theme(world.period)
    world.participant_a.language = "sv"
    world.participant_a.save()
    services.set_subscriptions(person=world.participant_a, sub_themes=[theme])
    monday = date(2026, 11, 23)
    last_week = timezone.make_aware(datetime(2026, 11, 18, 12))
    finnish = material(title="Uusi opas", sub_themes=[theme], published_at=last_week)
    material(
        title="Ny guide",
        language="sv",
        sub_themes=[theme],
        published_at=last_week,
        language_group=finnish.language_group,
    )
    material(title="Muu teema", published_at=last_week)
    with (
        time_machine.travel(timezone.make_aware(datetime(2026, 11, 23, 7))),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert services.send_weekly_digests(today=monday) == 1
        assert services.send_weekly_digests(today=monday + timedelta(days=2)) == 0
    (message,) = mail.outbox
    assert message.to == [world.participant_a.email]
    assert "Ny guide" in message.body and "Uusi opas" not in message.body
    assert "Muu teema" not in message.body
    assert DigestDelivery.objects.get().week_start == monday
    # The link in the mail unsubscribes with one click, without signing in.
    path = message.body.split("/library/unsubscribe/")[1].split()[0]
    from django.test import Client

    response = Client().get(f"/library/unsubscribe/{path}")
    assert response.status_code == 200
    assert not world.participant_a.library_subscriptions.exists()


def test_a_subscriber_chooses_sub_themes(client, world):
    theme = sub_theme(world.period)
    client.force_login(world.participant_a)
    response = client.post(reverse("library:subscriptions"), {"sub_themes": [theme.pk]})
    assert response.status_code == 302
    assert list(world.participant_a.library_subscriptions.values_list("sub_theme", flat=True)) == [
        theme.pk
    ]


def test_a_forged_unsubscribe_link_changes_nothing(client, world):
    theme = sub_theme(world.period)
    services.set_subscriptions(person=world.participant_a, sub_themes=[theme])
    response = client.get(reverse("library:unsubscribe", kwargs={"token": "forged"}))
    assert response.status_code == 200 and "alert-danger" in response.content.decode()
    assert world.participant_a.library_subscriptions.exists()


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("url_name", ["search", "search_words", "collection", "collections"])
def test_list_pages_take_the_same_queries_for_10_and_300_materials(client, world, url_name):
    theme = sub_theme(world.period)
    collection = Collection.objects.create(title_fi="Kaikki", slug="kaikki", featured=True)
    urls = {
        "search": reverse("library:search"),
        "search_words": reverse("library:search") + "?q=strategia&sort=relevance",
        "collection": collection.get_absolute_url(),
        "collections": reverse("library:collections"),
    }
    client.force_login(world.participant_a)

    def add(n):
        for i in range(n):
            item = material(title=f"Strategia {i}", summary="strategiaa", sub_themes=[theme])
            CollectionItem.objects.create(collection=collection, material=item, order=i)

    add(10)
    few = queries_for(client, urls[url_name])
    add(290)
    assert queries_for(client, urls[url_name]) == few


def test_an_article_saved_any_other_way_is_sanitised_too():
    article = Material.objects.create(
        kind="article", title="Admin", body='<p>Hei</p><img src="x" onerror="alert(1)">'
    )
    article.refresh_from_db()
    assert "onerror" not in article.body and "<p>Hei</p>" in article.body


def test_a_search_through_htmx_also_brings_the_facets_for_its_words(client):
    material(title="Strategiatyön opas", kind=Material.Kind.ARTICLE)
    material(title="Talousarvion laadinta", kind=Material.Kind.LINK)
    response = client.get(reverse("library:search"), {"q": "strategia"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert 'id="results"' in html and "Strategiatyön opas" in html
    # The facets come along to be swapped out of band: one article, no link any more.
    facets = html[html.index('id="facets"') :]
    assert re.search(r">Artikkeli</a>\s*<span[^>]*>\(1\)", facets)
    assert "Linkki" not in facets
    assert 'hx-select-oob="#facets"' in client.get(reverse("library:search")).content.decode()


def test_a_query_of_no_words_browses_and_does_not_claim_it_searched(client, world):
    client.force_login(world.participant_a)
    for query in ("(", " ", "*!"):
        page = client.get(reverse("library:search"), {"q": query})
        assert page.status_code == 200 and page.context["searching"] is False, query
        assert "löytyi" not in page.content.decode(), query
    assert client.get(reverse("library:search"), {"q": "strategia"}).context["searching"]


def test_a_swedish_reader_gets_a_collections_materials_in_swedish_where_they_exist(client, world):
    collection = Collection.objects.create(title_fi="Tuki", slug="tuki-sv")
    finnish = material(title="Uusi valtuusto aloittaa")
    swedish = material(
        title="Den nya fullmäktige börjar", language="sv", language_group=finnish.language_group
    )
    only_finnish = material(title="Vain suomeksi")
    for order, item in enumerate([finnish, only_finnish]):
        CollectionItem.objects.create(collection=collection, material=item, order=order)
    client.cookies["django_language"] = "sv"
    page = client.get(collection.get_absolute_url()).content.decode()
    assert swedish.title in page and finnish.title not in page
    assert "Vain suomeksi" in page  # no Swedish version: the Finnish one
    client.cookies["django_language"] = "fi"
    page = client.get(collection.get_absolute_url()).content.decode()
    assert finnish.title in page and swedish.title not in page
