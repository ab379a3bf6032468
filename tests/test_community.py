"""The discussions: who reads which area, threads and replies, Markdown without scripts, editing
and its history, deleting, reporting and moderation, the pace limit, following and e-mail
(at once or daily, once, in the reader's language, one-click unsubscribe), unread markers,
former members, the API and query counts."""

from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from uso.accounts import services as accounts
from uso.community import services
from uso.community.models import Area, NotificationSetting, Post, PostRevision, Thread
from uso.network.models import PeerGroup

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def general(world):
    areas = services.ensure_areas(period=world.period)
    return next(a for a in areas if a.kind == Area.Kind.GENERAL)


def group_area(world, municipality):
    group = PeerGroup.objects.create(period=world.period, name_fi="Ryhmä", name="Ryhmä")
    group.members.add(municipality)
    services.ensure_areas(period=world.period)
    return Area.objects.get(peer_group=group)


def thread_by(author, area, body="Aloitus", title="Keskustelu"):
    return services.start_thread(area=area, author=author, title=title, body=body)


def test_areas_are_made_once_for_the_general_talk_each_theme_area_and_peer_group(world):
    from uso.network.models import ThemeArea

    ThemeArea.objects.create(period=world.period, name="Strategia", order=1)
    PeerGroup.objects.create(period=world.period, name="Kaupungit")
    first = services.ensure_areas(period=world.period)
    again = services.ensure_areas(period=world.period)
    assert [a.kind for a in first] == ["general", "theme", "peer_group"]
    assert [a.pk for a in again] == [a.pk for a in first]


def test_a_peer_groups_area_is_hidden_from_other_municipalities(client, world):
    area_b = group_area(world, world.municipality_b)
    thread = thread_by(world.participant_b, area_b)
    client.force_login(world.participant_a)
    assert client.get(reverse("community:area", args=[area_b.pk])).status_code == 404
    assert client.get(reverse("community:thread", args=[thread.pk])).status_code == 404
    page = client.get(reverse("community:index")).content.decode()
    assert "Ryhmä" not in page


def test_a_municipality_that_is_not_a_member_cannot_read(client, world, general):
    outsider = factories.UserFactory(municipality=factories.MunicipalityFactory())
    client.force_login(outsider)
    assert client.get(reverse("community:index")).status_code == 403
    thread = thread_by(world.participant_a, general)
    assert client.get(reverse("community:thread", args=[thread.pk])).status_code == 404


def test_a_reply_is_rendered_from_markdown_and_the_thread_is_followed(client, world, general):
    thread = thread_by(world.participant_a, general)
    client.force_login(world.participant_b)
    response = client.post(
        reverse("community:thread", args=[thread.pk]),
        {"body": "Meillä **toimi** hyvin: https://kunta.example/opas"},
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "<strong>toimi</strong>" in page
    assert 'href="https://kunta.example/opas"' in page
    assert thread.follows.filter(person=world.participant_b).exists()
    thread.refresh_from_db()
    assert thread.post_count == 2


def test_an_empty_reply_is_refused_with_a_message_and_nothing_is_saved(client, world, general):
    thread = thread_by(world.participant_a, general)
    client.force_login(world.participant_b)
    response = client.post(reverse("community:thread", args=[thread.pk]), {"body": "  "})
    assert response.status_code == 200
    assert "Tämä kenttä vaaditaan" in response.content.decode()
    assert thread.posts.count() == 1


XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<img src=\"javascript:alert('x')\">",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<svg/onload=alert(1)//",
    "<body onload=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    "<iframe srcdoc='<script>alert(1)</script>'></iframe>",
    "<a href=javascript:alert(1)>x</a>",
    "<a href='jAvAsCrIpT:alert(1)'>x</a>",
    "<a href='java&#x09;script:alert(1)'>x</a>",
    "[x](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x](  javascript:alert(1)  )",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](javascript:alert(1))",
    '![x](x" onerror="alert(1))',
    '[x](https://example.org" onclick="alert(1))',
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<p style="expression(alert(1))">x</p>',
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<marquee onstart=alert(1)>x</marquee>",
    "<video><source onerror=alert(1)></video>",
    "<audio src=x onerror=alert(1)>",
    "<object data=javascript:alert(1)>",
    "<embed src=javascript:alert(1)>",
    "<form action=javascript:alert(1)><button>x</button></form>",
    "<math><mi xlink:href=javascript:alert(1)>x</mi></math>",
    "<meta http-equiv=refresh content='0;url=javascript:alert(1)'>",
    "<link rel=stylesheet href=javascript:alert(1)>",
    "<base href=javascript:alert(1)//>",
    "<style>@import 'javascript:alert(1)';</style>",
    "<table background=javascript:alert(1)><tr><td>x</td></tr></table>",
    "<td onmouseover=alert(1)>x</td>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<<script>script>alert(1)<</script>/script>",
    "<img src=x onerror=alert(1)//",
    "<img\tsrc=x\tonerror=alert(1)>",
    "<img/src=x/onerror=alert(1)>",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    '<a href="#" onclick="alert(1)">x</a>',
    "<x onclick=alert(1)>click</x>",
    "<textarea onfocus=alert(1) autofocus>",
    "<keygen autofocus onfocus=alert(1)>",
    "<isindex action=javascript:alert(1) type=image>",
    "<!--<script>alert(1)</script>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "```\n</code><script>alert(1)</script>\n```",
    "`<script>alert(1)</script>`",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
]
SAFE_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "h2",
    "h3",
    "h4",
    "hr",
    "s",
    "del",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}


class ActiveContent(HTMLParser):
    """Whatever in a piece of HTML could run: a tag off the allow-list, an event handler
    attribute, a link or source to a script, data or VBScript address."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag not in SAFE_TAGS:
            self.found.append(tag)
        for name, value in attrs:
            if name.startswith("on") or name in {"style", "srcdoc", "formaction"}:
                self.found.append(f"{tag} {name}")
            address = "".join((value or "").split()).lower()
            if name in {"href", "src", "action", "xlink:href"} and address.startswith(
                ("javascript:", "vbscript:", "data:")
            ):
                self.found.append(f"{tag} {name}={value}")


def active_content(html: str) -> list[str]:
    parser = ActiveContent()
    parser.feed(html)
    return parser.found


def test_no_known_xss_payload_survives_into_the_page(client, world, general):
    assert len(XSS_PAYLOADS) >= 50
    thread = thread_by(world.coordinator, general)  # coordinators are not paced
    for payload in XSS_PAYLOADS:
        services.post_reply(thread=thread, author=world.coordinator, body=payload)
    client.force_login(world.participant_a)
    html = ""
    for page in (1, 2):
        response = client.get(reverse("community:thread", args=[thread.pk]), {"page": page})
        html += response.content.decode()
    for post in Post.objects.filter(thread=thread):
        assert active_content(post.html) == [], post.body
        assert post.html in html  # the page shows the message as sanitised, nothing more


def test_an_edit_keeps_the_old_text_for_the_moderators(client, world, general):
    thread = thread_by(world.participant_a, general, body="Ensimmäinen versio")
    post = thread.posts.get()
    client.force_login(world.participant_a)
    response = client.post(reverse("community:post_edit", args=[post.pk]), {"body": "Korjattu"})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.body == "Korjattu" and post.edited_at
    assert list(PostRevision.objects.values_list("body", flat=True)) == ["Ensimmäinen versio"]
    assert client.get(reverse("community:post_history", args=[post.pk])).status_code == 403
    client.force_login(world.coordinator)
    history = client.get(reverse("community:post_history", args=[post.pk])).content.decode()
    assert "Ensimmäinen versio" in history


def test_deleting_a_reply_leaves_a_trace_and_the_only_message_takes_the_thread(
    client, world, general
):
    thread = thread_by(world.participant_a, general)
    reply = services.post_reply(thread=thread, author=world.participant_a, body="Poistettava")
    client.force_login(world.participant_a)
    client.post(reverse("community:post_delete", args=[reply.pk]))
    page = client.get(reverse("community:thread", args=[thread.pk])).content.decode()
    assert "Poistettava" not in page
    assert "Viesti on poistettu." in page
    first = thread.posts.order_by("id").first()
    response = client.post(reverse("community:post_delete", args=[first.pk]))
    assert response["Location"] == reverse("community:area", args=[general.pk])
    assert not Thread.objects.filter(pk=thread.pk).exists()


def test_a_report_reaches_the_moderation_queue_and_hiding_removes_the_message(
    client, world, general
):
    thread = thread_by(world.participant_b, general)
    post = services.post_reply(thread=thread, author=world.participant_b, body="Asiaton viesti")
    client.force_login(world.participant_a)
    client.post(reverse("community:post_report", args=[post.pk]), {"reason": "Loukkaava"})
    client.force_login(world.coordinator)
    queue = client.get(reverse("community:moderation")).content.decode()
    assert "Asiaton viesti" in queue and "Loukkaava" in queue
    client.post(reverse("community:post_moderate", args=[post.pk]), {"action": "hide"})
    assert "Asiaton viesti" not in client.get(reverse("community:moderation")).content.decode()
    client.force_login(world.participant_a)
    page = client.get(reverse("community:thread", args=[thread.pk])).content.decode()
    assert "Asiaton viesti" not in page
    client.force_login(world.coordinator)
    client.post(reverse("community:post_moderate", args=[post.pk]), {"action": "restore"})
    client.force_login(world.participant_a)
    page = client.get(reverse("community:thread", args=[thread.pk])).content.decode()
    assert "Asiaton viesti" in page


def test_posting_too_fast_is_refused_with_a_clear_message(client, world, general):
    thread = thread_by(world.participant_a, general)
    for number in range(services.POSTS_PER_WINDOW - 1):
        services.post_reply(thread=thread, author=world.participant_a, body=f"Viesti {number}")
    client.force_login(world.participant_a)
    response = client.post(reverse("community:thread", args=[thread.pk]), {"body": "Vielä yksi"})
    assert response.status_code == 200
    assert "Olet lähettänyt monta viestiä lyhyessä ajassa" in response.content.decode()
    assert thread.posts.count() == services.POSTS_PER_WINDOW


def test_a_follower_gets_each_message_at_once_in_their_language(world, general, run_on_commit):
    world.participant_b.language = "sv"
    world.participant_b.save()
    services.set_frequency(
        person=world.participant_b, frequency=NotificationSetting.Frequency.IMMEDIATE
    )
    thread = thread_by(world.participant_a, general, title="Strategiatyö")
    services.set_following(person=world.participant_b, on=True, thread=thread)
    with run_on_commit():
        services.post_reply(thread=thread, author=world.participant_a, body="Uusi viesti")
        services.post_reply(thread=thread, author=world.participant_b, body="Oma viesti")
    assert [m.to for m in mail.outbox] == [[world.participant_b.email]]
    assert "Nytt meddelande: Strategiatyö" in mail.outbox[0].subject
    assert "/community/unsubscribe/" in mail.outbox[0].body


def test_the_daily_digest_sends_each_message_once(world, general, run_on_commit):
    thread = thread_by(world.participant_a, general)
    services.set_following(person=world.participant_b, on=True, area=general)
    services.post_reply(thread=thread, author=world.participant_a, body="Ensimmäinen")
    services.post_reply(thread=thread, author=world.contact_a, body="Toinen")
    with run_on_commit():
        # B follows the area; A the thread A started, and hears of the contact person's reply.
        assert services.send_daily_digests() == 2
        assert services.send_daily_digests() == 0
    (digest,) = [m for m in mail.outbox if m.to == [world.participant_b.email]]
    assert "Ensimmäinen" in digest.body and "Toinen" in digest.body


def test_one_click_unsubscribe_stops_the_email(client, world, general, run_on_commit):
    token = services.unsubscribe_token(world.participant_b)
    response = client.get(reverse("community:unsubscribe", args=[token]))
    assert response.status_code == 200
    thread = thread_by(world.participant_a, general)
    services.set_following(person=world.participant_b, on=True, thread=thread)
    with run_on_commit():
        services.post_reply(thread=thread, author=world.participant_a, body="Hiljaa")
        services.send_daily_digests()
    assert not [m for m in mail.outbox if m.to == [world.participant_b.email]]


def test_unread_threads_are_marked_until_opened(client, world, general):
    thread = thread_by(world.participant_b, general, title="Uutta asiaa")
    client.force_login(world.participant_a)
    area_page = client.get(reverse("community:area", args=[general.pk])).content.decode()
    assert "Uusi</span>" in area_page
    client.get(reverse("community:thread", args=[thread.pk]))
    area_page = client.get(reverse("community:area", args=[general.pk])).content.decode()
    assert "Uusi</span>" not in area_page


def test_a_deleted_accounts_messages_show_as_a_former_member(client, world, general):
    thread = thread_by(world.participant_b, general, body="Muistan tämän")
    name = world.participant_b.get_full_name()
    accounts.delete_account(user=world.participant_b)
    client.force_login(world.participant_a)
    page = client.get(reverse("community:thread", args=[thread.pk])).content.decode()
    assert "Entinen jäsen" in page and name not in page


def test_the_api_lists_threads_and_takes_replies_in_markdown(client, world, general):
    thread = thread_by(world.participant_b, general, title="API-keskustelu")
    area_b = group_area(world, world.municipality_b)
    thread_by(world.participant_b, area_b, title="Ryhmän oma")
    client.force_login(world.participant_a)
    listed = client.get("/api/v1/threads/", {"area": general.pk}).json()["results"]
    assert [t["title"] for t in listed] == ["API-keskustelu"]
    assert listed[0]["url"].endswith(reverse("community:thread", args=[thread.pk]))
    assert [t["title"] for t in client.get("/api/v1/threads/").json()["results"]] == [
        "API-keskustelu"
    ]
    response = client.post(
        f"/api/v1/threads/{thread.pk}/posts/", {"body": "**Hyvä**"}, content_type="application/json"
    )
    assert response.status_code == 201
    assert response.json()["body"] == "**Hyvä**"
    assert "<strong>Hyvä</strong>" in response.json()["html"]
    created = client.post(
        "/api/v1/threads/",
        {"area": area_b.pk, "title": "Ei saa", "body": "x"},
        content_type="application/json",
    )
    assert created.status_code == 400
    assert not Thread.objects.filter(title="Ei saa").exists()


def queries_of(client, url, **params) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


def test_a_threads_page_costs_the_same_queries_for_10_and_200_messages(client, world, general):
    thread = thread_by(world.coordinator, general)
    authors = [factories.UserFactory(municipality=world.municipality_a) for _ in range(5)]

    def add(count):
        Post.objects.bulk_create(
            Post(thread=thread, author=authors[n % 5], body=f"V{n}", html=f"<p>V{n}</p>")
            for n in range(count)
        )

    add(9)
    client.force_login(world.participant_a)
    url = reverse("community:thread", args=[thread.pk])
    client.get(url)  # the first visit makes the read mark
    few = queries_of(client, url)
    add(191)
    assert queries_of(client, url, page=2) == few
    assert queries_of(client, url, page=4) == few


def test_an_areas_thread_list_costs_the_same_queries_for_10_and_300_threads(client, world, general):
    authors = [factories.UserFactory(municipality=world.municipality_a) for _ in range(5)]

    def add(count):
        Thread.objects.bulk_create(
            Thread(area=general, title=f"T{n}", author=authors[n % 5], last_post_at=timezone.now())
            for n in range(count)
        )

    add(10)
    client.force_login(world.participant_a)
    url = reverse("community:area", args=[general.pk])
    index = reverse("community:index")
    few, index_few = queries_of(client, url), queries_of(client, index)
    add(290)
    assert queries_of(client, url) == few
    assert queries_of(client, index) == index_few


def test_people_download_their_own_messages(world, general):
    thread_by(world.participant_a, general, title="Oma", body="Kirjoitin tämän")
    exported = accounts.export_personal_data(user=world.participant_a)
    assert exported["discussion_messages"][0]["message"] == "Kirjoitin tämän"
    assert exported["discussion_messages"][0]["thread"] == "Oma"


def test_a_mention_notifies_the_person_and_shows_their_name(world, general, run_on_commit):
    world.participant_b.first_name, world.participant_b.last_name = "Äino", "Öberg"
    world.participant_b.save()
    services.set_frequency(
        person=world.participant_b, frequency=NotificationSetting.Frequency.IMMEDIATE
    )
    thread = thread_by(world.participant_a, general)
    with run_on_commit():
        post = services.post_reply(
            thread=thread, author=world.participant_a, body="Mitä mieltä @[Äino Öberg] on?"
        )
    assert "<strong>@Äino Öberg</strong>" in post.html
    (message,) = [m for m in mail.outbox if m.to == [world.participant_b.email]]
    assert "Sinut mainittiin" in message.subject


def test_a_person_who_cannot_read_the_area_is_not_notified_of_a_mention(world, run_on_commit):
    area_a = group_area(world, world.municipality_a)
    services.set_frequency(
        person=world.participant_b, frequency=NotificationSetting.Frequency.IMMEDIATE
    )
    name = world.participant_b.get_full_name()
    thread = thread_by(world.participant_a, area_a)
    with run_on_commit():
        post = services.post_reply(thread=thread, author=world.participant_a, body=f"@[{name}]")
    assert f"@[{name}]" in post.html  # left as text: no such reader
    assert not [m for m in mail.outbox if m.to == [world.participant_b.email]]


def ask(world, area, **fields):
    from datetime import timedelta

    from django.utils import timezone

    defaults = {
        "kind": "question",
        "deadline": timezone.localdate() + timedelta(days=7),
        "audience": "political",
    }
    return services.start_thread(
        area=area, author=world.contact_a, title="Kysymys", body="Miten?", **(defaults | fields)
    )


def test_a_question_reaches_its_audience_only(world, general, run_on_commit):
    world.participant_b.leadership = "political"
    world.participant_b.save()
    professional = factories.UserFactory(
        municipality=world.municipality_b, leadership="professional"
    )
    for person in (world.participant_b, professional):
        services.set_frequency(person=person, frequency=NotificationSetting.Frequency.IMMEDIATE)
    with run_on_commit():
        ask(world, general, audience="political")
    assert [m.to for m in mail.outbox] == [[world.participant_b.email]]
    assert "Kysymys sinulle: Kysymys" in mail.outbox[0].subject


def test_a_question_takes_no_answers_after_its_deadline(client, world, general):
    import time_machine

    thread = ask(world, general)
    with time_machine.travel(thread.deadline + timedelta(days=1)):
        with pytest.raises(services.CommunityError):
            services.post_reply(thread=thread, author=world.participant_b, body="Myöhässä")
        client.force_login(world.participant_b)
        page = client.get(reverse("community:thread", args=[thread.pk])).content.decode()
        assert "Kysymys ei enää ota vastauksia." in page
        response = client.post(reverse("community:thread", args=[thread.pk]), {"body": "x"})
    assert response.status_code == 200
    assert thread.posts.count() == 1


def test_a_question_needs_a_deadline_that_is_not_past(client, world, general):
    client.force_login(world.participant_a)
    response = client.post(
        reverse("community:question_add", args=[general.pk]),
        {"title": "Kysymys", "body": "Miten?", "deadline": "2001-01-01", "audience": "members"},
    )
    assert response.status_code == 200
    assert "Määräpäivä ei voi olla menneisyydessä." in response.content.decode()
    assert not Thread.objects.exists()


def test_only_the_asker_marks_answers_useful(client, world, general):
    thread = ask(world, general)
    answer = services.post_reply(thread=thread, author=world.participant_b, body="Näin")
    client.force_login(world.participant_a)
    assert (
        client.post(reverse("community:post_useful", args=[answer.pk]), {"useful": "1"}).status_code
        == 403
    )
    client.force_login(world.contact_a)
    client.post(reverse("community:post_useful", args=[answer.pk]), {"useful": "1"})
    answer.refresh_from_db()
    assert answer.useful


def test_a_coordinator_turns_a_question_into_a_library_summary(client, world, general):
    from uso.library.models import Material

    thread = ask(world, general)
    services.post_reply(thread=thread, author=world.participant_b, body="Ensimmäinen vastaus")
    useful = services.post_reply(thread=thread, author=world.participant_b, body="Paras vastaus")
    services.mark_useful(post=useful, by=world.contact_a, useful=True)
    client.force_login(world.coordinator)
    response = client.post(reverse("community:question_summary", args=[thread.pk]))
    material = Material.objects.get()
    assert response["Location"] == reverse("library:material_edit", args=[material.pk])
    assert material.status == Material.Status.DRAFT
    assert material.visibility == Material.Visibility.MEMBERS
    assert material.body.index("Paras vastaus") < material.body.index("Ensimmäinen vastaus")
    thread.refresh_from_db()
    assert thread.summary == material


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_a_reply_carries_attachments_that_only_readers_download(client, world, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from uso.community.models import Attachment

    area_a = group_area(world, world.municipality_a)
    thread = thread_by(world.participant_a, area_a)
    client.force_login(world.participant_a)
    response = client.post(
        reverse("community:thread", args=[thread.pk]),
        {
            "body": "Liitteenä kaavio",
            "attachments": [
                SimpleUploadedFile("kaavio.png", PNG, content_type="image/png"),
                SimpleUploadedFile(
                    "muistio.pdf", b"%PDF-1.4 muistio", content_type="application/pdf"
                ),
            ],
        },
    )
    assert response.status_code == 302
    attachments = list(Attachment.objects.order_by("name"))
    assert [(a.name, a.file_format) for a in attachments] == [
        ("kaavio.png", "png"),
        ("muistio.pdf", "pdf"),
    ]
    page = client.get(reverse("community:thread", args=[thread.pk])).content.decode()
    assert reverse("community:attachment", args=[attachments[0].pk]) in page
    download = client.get(reverse("community:attachment", args=[attachments[0].pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PNG
    client.force_login(world.participant_b)  # not in the peer group
    assert client.get(reverse("community:attachment", args=[attachments[0].pk])).status_code == 404


def test_a_bad_attachment_stops_the_message_with_its_name(client, world, general):
    from django.core.files.uploadedfile import SimpleUploadedFile

    thread = thread_by(world.participant_a, general)
    client.force_login(world.participant_b)
    response = client.post(
        reverse("community:thread", args=[thread.pk]),
        {
            "body": "Tässä tiedosto",
            "attachments": [SimpleUploadedFile("raportti.pdf", b"MZ not a pdf")],
        },
    )
    assert response.status_code == 200
    assert "raportti.pdf" in response.content.decode()
    assert thread.posts.count() == 1


def test_a_link_from_an_email_asks_a_visitor_to_sign_in_first(client, world, general):
    thread = thread_by(world.participant_a, general)
    url = reverse("community:thread", args=[thread.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "next=" in response["Location"]
    client.force_login(world.participant_b)
    assert client.get(url).status_code == 200


def test_a_reply_that_starts_a_new_page_leads_to_that_page(client, world, general):
    thread = thread_by(world.coordinator, general)
    for number in range(49):
        services.post_reply(thread=thread, author=world.coordinator, body=f"Viesti {number}")
    client.force_login(world.participant_a)
    response = client.post(
        reverse("community:thread", args=[thread.pk]), {"body": "Viimeinen viesti"}
    )
    assert "?page=2#post-" in response["Location"]
    page = client.get(response["Location"].split("#")[0]).content.decode()
    assert "Viimeinen viesti" in page


def test_the_latest_message_is_not_new_to_its_author(client, world, general):
    thread = thread_by(world.participant_a, general)
    client.force_login(world.participant_a)
    page = client.get(reverse("community:thread", args=[thread.pk])).content.decode()
    assert "Uusi</span>" not in page


def test_a_deleted_messages_attachment_is_gone(client, world, general, run_on_commit):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from uso.community.models import Attachment

    thread = thread_by(world.participant_a, general)
    with run_on_commit():
        reply = services.post_reply(
            thread=thread,
            author=world.participant_a,
            body="Liite",
            attachments=[SimpleUploadedFile("m.pdf", b"%PDF-1.4 x")],
        )
        attachment = reply.attachments.get()
        storage, name = attachment.file.storage, attachment.file.name
        services.delete_post(post=reply, by=world.participant_a)
    assert not Attachment.objects.exists()
    assert not storage.exists(name)
    client.force_login(world.participant_a)
    assert client.get(reverse("community:attachment", args=[attachment.pk])).status_code == 404


def test_a_hidden_message_does_not_send_a_reply_past_the_last_page(client, world, general):
    thread = thread_by(world.coordinator, general)
    for number in range(49):
        services.post_reply(thread=thread, author=world.coordinator, body=f"Viesti {number}")
    last = thread.posts.order_by("-id").first()
    services.set_hidden(post=last, by=world.coordinator, hidden=True)
    client.force_login(world.participant_a)
    response = client.post(reverse("community:thread", args=[thread.pk]), {"body": "Uusin"})
    assert "?page=1#post-" in response["Location"]


def test_email_subjects_are_not_html_escaped(world, general, run_on_commit):
    services.set_frequency(
        person=world.participant_b, frequency=NotificationSetting.Frequency.IMMEDIATE
    )
    thread = thread_by(world.participant_a, general, title='Q&A: "tulkkaus"')
    services.set_following(person=world.participant_b, on=True, thread=thread)
    with run_on_commit():
        services.post_reply(thread=thread, author=world.participant_a, body="Uusi")
    assert mail.outbox[0].subject.endswith('Q&A: "tulkkaus"')


def test_the_api_answers_404_for_a_thread_that_is_not_a_number(client, world):
    client.force_login(world.participant_a)
    assert client.get("/api/v1/threads/abc/posts/").status_code == 404


def test_posting_too_fast_through_the_api_is_a_429_with_retry_after(world, general):
    from rest_framework.test import APIClient

    thread = thread_by(world.participant_a, general)
    for number in range(services.POSTS_PER_WINDOW - 1):
        services.post_reply(thread=thread, author=world.participant_a, body=f"Viesti {number}")
    api = APIClient()
    api.force_authenticate(world.participant_a)
    response = api.post(f"/api/v1/threads/{thread.pk}/posts/", {"body": "Yksi vielä"})
    assert response.status_code == 429
    assert response["Retry-After"] == str(int(services.POSTING_WINDOW.total_seconds()))
    assert response.json()["message"].startswith("Olet lähettänyt monta viestiä")
