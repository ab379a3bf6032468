"""Every URL of the project × every role, against a written table of who may open it.

A URL that the table does not name fails `test_every_url_has_expectations`: a new view is
not done until its row is written here. Denied means a redirect to the login page for
login page and 401, 403 or 404; allowed means anything else
(a page, a 405 for a POST-only view, a 400 for an empty API request).
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from . import walk_assessment, walk_dashboard, walk_figures
from .conftest import ROLES

EVERYONE = set(ROLES)
SIGNED_IN = EVERYONE - {"anonymous"}
COORDINATOR = {"coordinator"}
STAFF = {"coordinator", "consultant_a", "consultant_other"}
OF_A = {"coordinator", "participant_a", "contact_a", "consultant_a"}
MANAGES_A = {"coordinator", "contact_a", "consultant_a"}
CONTACT_A = {"coordinator", "contact_a"}
NOBODY: set[str] = set()


def code_a(w):
    return {"code": w.municipality_a.code}


def code_b(w):
    return {"code": w.municipality_b.code}


def period(w):
    return {"period": w.period.pk}


def period_pk(w):
    return {"pk": w.period.pk}


def membership_a(w):
    return {"pk": w.membership_a.pk}


def group(w):
    from uso.network.models import PeerGroup

    return {"pk": PeerGroup.objects.create(period=w.period, name_fi="Ryhmä").pk}


def participant_a(w):
    return {"pk": w.participant_a.pk}


def token(w):
    return {"token": "no-such-token"}


def none(w):
    return {}


def invoice_a(w):
    from uso.billing import services

    from .billing_factories import fee_schedule

    fee_schedule(w.period)
    w.membership_a.population_basis = 12000
    w.membership_a.save()
    (invoice,) = services.run_invoices(period=w.period, year=2017, pro_rata=False, by=None)
    return {"pk": invoice.pk}


def payment(w):
    from datetime import date

    from uso.billing.models import Payment

    return {"pk": Payment.objects.create(amount=1, payment_date=date(2017, 1, 1), source="bank").pk}


def batch(w):
    from django.core.files.base import ContentFile

    from uso.billing.models import EInvoiceBatch

    created = EInvoiceBatch.objects.create()
    created.file.save("walk.zip", ContentFile(b"PK"))
    return {"pk": created.pk}


def theme_seminar(w):
    from .events_factories import EventFactory

    return {"pk": EventFactory(period=w.period).pk}


def workshop_b(w):
    from .events_factories import EventFactory

    return {"pk": EventFactory(period=w.period, kind="workshop", municipality=w.municipality_b).pk}


def peer_seminar_a(w):
    from uso.network.models import PeerGroup

    from .events_factories import EventFactory

    group_a = PeerGroup.objects.create(period=w.period, name_fi="A")
    group_a.members.add(w.municipality_a)
    return {"pk": EventFactory(period=w.period, kind="peer_seminar", peer_groups=[group_a]).pk}


def registration_a(w):
    from uso.events import services

    from .events_factories import EventFactory

    event = EventFactory(period=w.period)
    return {"pk": services.register(event=event, by=None, person=w.participant_a).pk}


def clinic(w):
    from .events_factories import SlotFactory

    return {"pk": SlotFactory(event__period=w.period).event_id}


def free_slot(w):
    from .events_factories import SlotFactory

    return {"pk": SlotFactory(event__period=w.period).pk}


def slot_of_a(w):
    from .events_factories import SlotFactory

    return {"pk": SlotFactory(event__period=w.period, municipality=w.municipality_a).pk}


def material(w):
    from django.core.files.base import ContentFile

    from uso.events.models import EventMaterial

    from .events_factories import EventFactory

    item = EventMaterial(event=EventFactory(period=w.period), title="Kalvot")
    item.file.save("kalvot.pdf", ContentFile(b"%PDF-1.4"), save=True)
    return {"pk": item.pk}


def feed_token(w):
    from uso.events.models import CalendarFeed

    return {"token": CalendarFeed.objects.create(person=w.participant_a).token}


def feedback_link(w):
    from uso.events import services
    from uso.events.models import Registration

    from .events_factories import EventFactory

    registration = services.register(
        event=EventFactory(period=w.period), by=None, person=w.participant_a
    )
    Registration.objects.filter(pk=registration.pk).update(feedback_token="walk-feedback-token")
    return {"token": "walk-feedback-token"}


def plan_a(w):
    from uso.development.models import DevelopmentPlan

    plan, _created = DevelopmentPlan.objects.get_or_create(
        municipality=w.municipality_a, period=w.period
    )
    return {"pk": plan.pk}


def plan_b(w):
    from uso.development.models import DevelopmentPlan

    plan, _created = DevelopmentPlan.objects.get_or_create(
        municipality=w.municipality_b, period=w.period
    )
    return {"pk": plan.pk}


def workshop_a(w):
    from datetime import timedelta

    from django.utils import timezone

    from uso.development.models import Workshop

    from .events_factories import EventFactory

    event = EventFactory(
        period=w.period,
        kind="workshop",
        municipality=w.municipality_a,
        start=timezone.now() - timedelta(days=1),
    )
    plan = plan_a(w)["pk"]
    return {"pk": Workshop.objects.create(event=event, plan_id=plan, approval="pending").pk}


def goal_a(w):
    from uso.development.models import Goal

    return {"pk": Goal.objects.create(plan_id=plan_a(w)["pk"], title="Tavoite").pk}


def goal_b(w):
    from uso.development.models import Goal

    return {"pk": Goal.objects.create(plan_id=plan_b(w)["pk"], title="Tavoite").pk}


def action_a(w):
    from uso.development.models import Action

    return {"pk": Action.objects.create(goal_id=goal_a(w)["pk"], description="Teko").pk}


def action_b(w):
    from uso.development.models import Action

    return {"pk": Action.objects.create(goal_id=goal_b(w)["pk"], description="Teko").pk}


def shared_plan_b(w):
    from uso.development.models import DevelopmentPlan

    plan, _created = DevelopmentPlan.objects.get_or_create(
        municipality=w.municipality_b, period=w.period
    )
    plan.shared = True
    plan.save()
    return {"pk": plan.pk}


def action_of_participant_a(w):
    from uso.development.models import Action

    goal = goal_a(w)["pk"]
    return {"pk": Action.objects.create(goal_id=goal, description="Teko", owner=w.participant_a).pk}


def start_a(w):
    return {"code": w.municipality_a.code, "period": w.period.pk}


def start_b(w):
    return {"code": w.municipality_b.code, "period": w.period.pk}


def library_material(**fields):
    def make(w):
        from .library_factories import material

        if fields.get("visibility") == "municipality":
            fields_with_owner = {**fields, "municipality": getattr(w, fields["municipality"])}
        else:
            fields_with_owner = fields
        if fields.get("by"):
            fields_with_owner = {**fields_with_owner, "by": getattr(w, fields["by"])}
        return {"pk": material(title="Aineisto", **fields_with_owner).pk}

    return make


def library_file(municipality=None):
    def make(w):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from .library_factories import material

        upload = SimpleUploadedFile("opas.pdf", b"%PDF-1.4\n%%EOF\n")
        extra = (
            {"visibility": "municipality", "municipality": getattr(w, municipality)}
            if municipality
            else {"visibility": "members"}
        )
        return {"pk": material(title="Opas", kind="file", upload=upload, **extra).pk}

    return make


def collection(w):
    from uso.library.models import Collection

    return {"slug": Collection.objects.create(title_fi="Kokoelma", slug="kokoelma").slug}


MEMBERS_AND_STAFF = SIGNED_IN  # A is a member; the staff see everything


def community_area(kind):
    """The general area, or the area of a peer group of A's or of B's municipality."""

    def make(w):
        from uso.community import services
        from uso.network.models import PeerGroup

        if kind != "general":
            group = PeerGroup.objects.create(period=w.period, name_fi=f"Ryhmä {kind}")
            group.members.add(w.municipality_a if kind == "group_a" else w.municipality_b)
        areas = services.ensure_areas(period=w.period)
        if kind == "general":
            return next(a for a in areas if a.kind == "general")
        return next(a for a in areas if a.peer_group_id == group.pk)

    return make


def community_thread(kind="general"):
    def make(w):
        from uso.community import services

        author = w.participant_b if kind == "group_b" else w.coordinator
        thread = services.start_thread(
            area=community_area(kind)(w), author=author, title="Keskustelu", body="Aloitus"
        )
        return {"pk": thread.pk}

    return make


def community_area_pk(kind):
    return lambda w: {"pk": community_area(kind)(w).pk}


def community_question(w):
    from datetime import date

    from uso.community import services

    thread = services.start_thread(
        area=community_area("general")(w),
        author=w.participant_a,
        title="Kysymys",
        body="Miten?",
        kind="question",
        deadline=date(2099, 1, 1),
        audience="members",
    )
    return {"pk": thread.pk}


def question_answer(w):
    """An answer by B's councillor to a question that A's councillor asked."""
    from uso.community import services
    from uso.community.models import Thread

    thread = Thread.objects.get(pk=community_question(w)["pk"])
    return {"pk": services.post_reply(thread=thread, author=w.participant_b, body="Näin").pk}


def practice_of(person):
    def make(w):
        from uso.community import services
        from uso.community.models import Practice

        author = getattr(w, person)
        practice = Practice(municipality=author.municipality, title="Käytäntö", problem="Ongelma")
        practice.what_was_done = "Teimme näin."
        return {"pk": services.save_practice(practice=practice, by=author).pk}

    return make


def attachment(kind):
    """A file attached to the first message of a thread in the general area or B's group's."""

    def make(w):
        from django.core.files.base import ContentFile

        from uso.community.models import Attachment, Thread

        thread = Thread.objects.get(pk=community_thread(kind)(w)["pk"])
        item = Attachment(post=thread.posts.first(), name="liite.pdf", file_format="pdf", size=8)
        item.file.save("liite.pdf", ContentFile(b"%PDF-1.4"), save=True)
        return {"pk": item.pk}

    return make


def mailing(w):
    from uso.community.models import Mailing

    made = Mailing.objects.create(
        period=w.period, audience="contacts", subject_fi="Aihe", body_fi="Viesti"
    )
    return {"pk": made.pk}


def community_post(author):
    """A reply by `author` in a thread of the general area that the coordinator started."""

    def make(w):
        from uso.community import services
        from uso.community.models import Thread

        thread = Thread.objects.get(pk=community_thread()(w)["pk"])
        post = services.post_reply(thread=thread, author=getattr(w, author), body="Vastaus")
        return {"pk": post.pk}

    return make


# (url name, kwargs, who is allowed). Some names appear twice: once for A, once for B.
TABLE = [
    ("core:landing", none, EVERYONE),
    ("core:health", none, EVERYONE),
    ("core:dashboard", none, SIGNED_IN),
    ("core:privacy", none, EVERYONE),
    ("core:accessibility", none, EVERYONE),
    ("core:page_edit", lambda w: {"slug": "privacy"}, COORDINATOR),
    ("network:join", none, EVERYONE),
    ("network:join_thanks", none, EVERYONE),
    ("network:municipalities", none, STAFF),
    ("network:population_import", none, COORDINATOR),
    ("network:municipality", code_a, OF_A),
    ("network:municipality", code_b, COORDINATOR),
    ("network:population_add", code_a, COORDINATOR),
    ("network:periods", none, COORDINATOR),
    ("network:period", period_pk, COORDINATOR),
    ("network:next_period", period_pk, COORDINATOR),
    ("network:renewals", period_pk, COORDINATOR),
    ("network:renew", token, EVERYONE),
    ("billing:fee_estimates", lambda w: {"period": w.period.pk}, COORDINATOR),
    ("network:peer_groups", period, STAFF),
    ("network:peer_group_add", period, COORDINATOR),
    ("network:peer_group_edit", group, COORDINATOR),
    ("network:peer_group_rebuild", group, COORDINATOR),
    ("network:applications", none, COORDINATOR),
    ("network:application_approve", membership_a, COORDINATOR),
    ("network:application_decline", membership_a, COORDINATOR),
    (
        "network:membership",
        membership_a,
        {"coordinator", "contact_a", "participant_a", "consultant_a"},
    ),
    ("network:membership", lambda w: {"pk": w.membership_b.pk}, COORDINATOR),
    ("network:membership_consultants", membership_a, COORDINATOR),
    ("accounts:people", none, COORDINATOR),
    ("accounts:staff_invite", none, COORDINATOR),
    ("accounts:people_import", none, COORDINATOR),
    ("accounts:people_deactivate", none, COORDINATOR),
    ("accounts:person_edit", participant_a, COORDINATOR),
    ("accounts:person_remove", participant_a, CONTACT_A),
    ("accounts:person_reinvite", participant_a, CONTACT_A),
    ("accounts:municipality_people", code_a, MANAGES_A),
    ("accounts:municipality_people", code_b, COORDINATOR),
    ("accounts:invite", code_a, CONTACT_A),
    ("accounts:invite", code_b, COORDINATOR),
    ("accounts:hand_over", code_a, COORDINATOR),
    ("accounts:accept_invitation", token, EVERYONE),
    ("accounts:me", none, SIGNED_IN),
    ("accounts:my_data", none, SIGNED_IN),
    ("accounts:delete_account", none, SIGNED_IN),
    ("admin:index", none, COORDINATOR),
    ("billing:dashboard", none, COORDINATOR),
    ("billing:invoices", none, CONTACT_A),
    ("billing:invoice", invoice_a, CONTACT_A),
    ("billing:invoice_pdf", invoice_a, CONTACT_A),
    ("billing:invoice_finvoice", invoice_a, CONTACT_A),
    ("billing:credit", invoice_a, COORDINATOR),
    ("billing:manual_payment", invoice_a, COORDINATOR),
    ("billing:remind", invoice_a, COORDINATOR),
    ("billing:invoice_run", none, COORDINATOR),
    ("billing:fee_schedule", lambda w: {"period": w.period.pk}, COORDINATOR),
    ("billing:fee_override", membership_a, COORDINATOR),
    ("billing:payment_import", none, COORDINATOR),
    ("billing:unmatched_payments", none, COORDINATOR),
    ("billing:assign_payment", payment, COORDINATOR),
    ("billing:einvoices", none, COORDINATOR),
    ("billing:einvoice_download", batch, COORDINATOR),
    ("events:programme", none, EVERYONE),
    ("events:month", none, EVERYONE),
    ("events:event_add", none, COORDINATOR),
    ("events:event", theme_seminar, EVERYONE),
    ("events:event", workshop_b, COORDINATOR),
    ("events:event", peer_seminar_a, OF_A | STAFF),
    ("events:event_edit", theme_seminar, COORDINATOR),
    ("events:event_publish", theme_seminar, COORDINATOR),
    ("events:event_cancel", theme_seminar, COORDINATOR),
    ("events:event_ics", theme_seminar, EVERYONE),
    ("events:event_ics", workshop_b, COORDINATOR),
    ("events:register", theme_seminar, SIGNED_IN),
    ("events:register", workshop_b, COORDINATOR),
    ("events:register_others", theme_seminar, CONTACT_A),
    ("events:registrations", theme_seminar, CONTACT_A),
    ("events:participants", theme_seminar, MEMBERS_AND_STAFF),
    ("events:participants", workshop_b, COORDINATOR),
    ("events:participants_export", lambda w: {**theme_seminar(w), "fmt": "csv"}, SIGNED_IN),
    ("events:registration_cancel", registration_a, {"coordinator", "participant_a", "contact_a"}),
    ("events:attendance", registration_a, COORDINATOR),
    ("events:my_registrations", none, SIGNED_IN),
    ("events:slots", clinic, EVERYONE),
    ("events:slot_book", free_slot, CONTACT_A),
    ("events:slot_release", slot_of_a, CONTACT_A),
    ("events:materials", theme_seminar, MEMBERS_AND_STAFF),
    ("events:material_download", material, MEMBERS_AND_STAFF),
    ("events:calendar_feed", none, SIGNED_IN),
    ("events:feed", feed_token, EVERYONE),
    ("events:feed", token, NOBODY),
    ("events:give_feedback", feedback_link, EVERYONE),
    ("events:give_feedback", token, NOBODY),  # an unknown link answers 404
    ("events:feedback", theme_seminar, STAFF),
    ("events:feedback", workshop_b, COORDINATOR),
    ("events:feedback_questions", theme_seminar, COORDINATOR),
    ("events:year", none, COORDINATOR),
    ("events:year_export", lambda w: {"fmt": "csv"}, COORDINATOR),
    ("events:year_export", lambda w: {"fmt": "xlsx"}, COORDINATOR),
    ("development:plans", none, SIGNED_IN),
    ("development:shared_goals", none, SIGNED_IN),
    ("development:plan_start", start_a, MANAGES_A),
    ("development:plan_start", start_b, COORDINATOR),
    ("development:plan", plan_a, OF_A),
    ("development:plan", plan_b, COORDINATOR),
    ("development:plan", shared_plan_b, {"coordinator", "participant_a", "contact_a"}),
    ("development:plan_edit", plan_a, MANAGES_A),
    ("development:plan_edit", plan_b, COORDINATOR),
    ("development:plan_edit", shared_plan_b, COORDINATOR),
    ("development:plan_status", plan_a, MANAGES_A),
    ("development:plan_status", plan_b, COORDINATOR),
    ("development:plan_history", plan_a, OF_A),
    ("development:plan_history", plan_b, COORDINATOR),
    ("development:plan_history", shared_plan_b, COORDINATOR),
    ("development:goal_add", plan_a, MANAGES_A),
    ("development:goal_add", plan_b, COORDINATOR),
    ("development:goal_edit", goal_a, MANAGES_A),
    ("development:goal_edit", goal_b, COORDINATOR),
    ("development:action_add", goal_a, MANAGES_A),
    ("development:action_add", goal_b, COORDINATOR),
    ("development:action_edit", action_a, MANAGES_A),
    ("development:action_edit", action_of_participant_a, OF_A),
    ("development:action_edit", action_b, COORDINATOR),
    ("development:comment_add", plan_a, OF_A),  # GET answers 405; POST: test_development_plans
    ("development:comment_add", plan_b, COORDINATOR),
    ("development:workshops", plan_a, OF_A),
    ("development:workshops", plan_b, COORDINATOR),
    ("development:workshop_add", plan_a, MANAGES_A),
    ("development:workshop_decide", workshop_a, COORDINATOR),
    ("development:workshop_record", workshop_a, OF_A),
    ("development:pending_extras", none, COORDINATOR),
    ("development:hours", none, STAFF),
    ("development:hours_add", plan_a, {"coordinator", "consultant_a"}),
    ("development:overview", none, COORDINATOR),
    ("development:report", lambda w: {**plan_a(w), "fmt": "pdf"}, OF_A),
    ("development:report", lambda w: {**plan_a(w), "fmt": "docx"}, OF_A),
    ("development:report", lambda w: {**plan_b(w), "fmt": "pdf"}, COORDINATOR),
    ("library:search", none, EVERYONE),
    ("library:manage", none, STAFF),
    ("library:material_add", lambda w: {"kind": "article"}, STAFF),
    ("library:material_add", lambda w: {"kind": "no-such-kind"}, NOBODY),
    ("library:material", library_material(visibility="public"), EVERYONE),
    ("library:material", library_material(visibility="members"), MEMBERS_AND_STAFF),
    (
        "library:material",
        library_material(visibility="municipality", municipality="municipality_a"),
        OF_A,
    ),
    (
        "library:material",
        library_material(visibility="municipality", municipality="municipality_b"),
        COORDINATOR,
    ),
    ("library:material", library_material(status="draft"), COORDINATOR),
    (
        "library:material",
        library_material(status="draft", by="consultant_a"),
        {"coordinator", "consultant_a"},
    ),
    ("library:material_edit", library_material(visibility="public"), COORDINATOR),
    (
        "library:material_edit",
        library_material(visibility="public", by="consultant_a"),
        {"coordinator", "consultant_a"},
    ),
    ("library:material_delete", library_material(visibility="public"), COORDINATOR),
    ("library:download", library_file(), MEMBERS_AND_STAFF),
    ("library:download", library_file("municipality_a"), OF_A),
    ("library:download", library_file("municipality_b"), COORDINATOR),
    # GET answers 405; ticking (POST) is tested in test_library_pages.
    ("library:checklist_tick", lambda w: {**library_material()(w), "item": 1}, EVERYONE),
    ("library:collections", none, EVERYONE),
    ("library:collection", collection, EVERYONE),
    ("library:collection_add", none, COORDINATOR),
    ("library:collection_edit", collection, COORDINATOR),
    ("library:subscriptions", none, SIGNED_IN),
    ("library:unsubscribe", token, EVERYONE),  # an invalid link says so on the page
    ("community:index", none, SIGNED_IN),
    ("community:area", community_area_pk("general"), SIGNED_IN),
    ("community:area", community_area_pk("group_a"), OF_A | STAFF),
    ("community:area", community_area_pk("group_b"), STAFF),
    ("community:thread_add", community_area_pk("general"), SIGNED_IN),
    ("community:thread_add", community_area_pk("group_b"), STAFF),
    ("community:question_add", community_area_pk("general"), SIGNED_IN),
    ("community:question_add", community_area_pk("group_b"), STAFF),
    ("community:thread", community_thread(), SIGNED_IN),
    ("community:thread", community_thread("group_b"), STAFF),
    # Following is POST only: GET answers 405 to those who may follow.
    ("community:follow_area", community_area_pk("general"), SIGNED_IN),
    ("community:follow_area", community_area_pk("group_b"), STAFF),
    ("community:follow_thread", community_thread(), SIGNED_IN),
    ("community:follow_thread", community_thread("group_b"), STAFF),
    ("community:post_edit", community_post("participant_a"), {"participant_a"}),
    ("community:post_delete", community_post("participant_a"), {"participant_a", "coordinator"}),
    ("community:post_report", community_post("participant_b"), SIGNED_IN),
    ("community:post_report", community_post("participant_a"), SIGNED_IN - {"participant_a"}),
    ("community:post_moderate", community_post("participant_b"), COORDINATOR),  # POST only
    ("community:post_history", community_post("participant_b"), COORDINATOR),
    # POST only (GET answers 405 to those allowed): the asker marks others' answers useful.
    ("community:post_useful", question_answer, {"participant_a"}),
    ("community:question_summary", community_question, COORDINATOR),
    ("community:moderation", none, COORDINATOR),
    ("community:attachment", attachment("general"), SIGNED_IN),
    ("community:attachment", attachment("group_b"), STAFF),
    ("community:practices", none, SIGNED_IN),
    ("community:peers", none, {"participant_a", "contact_a"}),
    ("community:mailings", none, COORDINATOR),
    ("community:mailing_add", none, COORDINATOR),
    ("community:mailing", mailing, COORDINATOR),
    ("community:practice_add", none, {"participant_a", "contact_a"}),
    ("community:practice", practice_of("participant_b"), SIGNED_IN),
    ("community:practice_edit", practice_of("participant_b"), COORDINATOR),
    ("community:practice_edit", practice_of("participant_a"), CONTACT_A | {"participant_a"}),
    ("community:practice_delete", practice_of("participant_b"), COORDINATOR),
    ("community:practice_delete", practice_of("participant_a"), CONTACT_A | {"participant_a"}),
    # POST only: GET answers 405 to the people of another member municipality.
    ("community:practice_trying", practice_of("participant_b"), {"participant_a", "contact_a"}),
    ("community:practice_trying", practice_of("participant_a"), NOBODY),
    ("community:settings", none, SIGNED_IN),
    ("community:unsubscribe", token, EVERYONE),  # an invalid link says so on the page
    ("thread-list", none, SIGNED_IN),
    ("thread-detail", community_thread(), SIGNED_IN),
    ("thread-detail", community_thread("group_b"), STAFF),
    ("thread-posts", community_thread(), SIGNED_IN),
    ("thread-posts", community_thread("group_b"), STAFF),
    ("practice-list", none, SIGNED_IN),
    ("practice-detail", practice_of("participant_b"), SIGNED_IN),
    ("practice-trying", practice_of("participant_b"), EVERYONE),  # POST only: GET answers 405
    ("material-list", none, EVERYONE),
    ("material-detail", library_material(visibility="public"), EVERYONE),
    ("material-detail", library_material(visibility="members"), MEMBERS_AND_STAFF),
    (
        "material-detail",
        library_material(visibility="municipality", municipality="municipality_a"),
        OF_A,
    ),
    (
        "material-detail",
        library_material(visibility="municipality", municipality="municipality_b"),
        COORDINATOR,
    ),
    ("material-detail", library_material(status="draft"), COORDINATOR),
    (
        "material-detail",
        library_material(status="draft", by="consultant_a"),
        {"coordinator", "consultant_a"},
    ),
    ("collection-list", none, EVERYONE),
    ("plan-list", none, SIGNED_IN),
    ("plan-detail", plan_a, OF_A),
    ("plan-detail", plan_b, COORDINATOR),
    ("plan-goals", plan_a, OF_A),
    ("plan-goals", plan_b, COORDINATOR),
    ("goal-actions", goal_a, OF_A),
    ("goal-actions", goal_b, COORDINATOR),
    ("action-detail", action_a, OF_A),
    ("action-detail", action_b, COORDINATOR),
    ("municipality-workshops", code_a, OF_A),
    ("municipality-workshops", code_b, COORDINATOR),
    ("event-list", none, EVERYONE),
    ("event-detail", theme_seminar, EVERYONE),
    ("event-detail", workshop_b, COORDINATOR),
    ("event-detail", peer_seminar_a, OF_A | STAFF),
    ("event-registrations", theme_seminar, CONTACT_A),
    ("event-registrations", workshop_b, COORDINATOR),
    ("registration-detail", registration_a, EVERYONE),  # GET answers 405; DELETE: test_events_api
    ("municipality-list", none, EVERYONE),
    ("municipality-detail", code_a, EVERYONE),
    ("region-list", none, EVERYONE),
    ("region-detail", lambda w: {"code": w.municipality_a.region.code}, EVERYONE),
    ("period-list", none, EVERYONE),
    ("period-detail", period_pk, EVERYONE),
    ("membership-list", none, {"coordinator", "contact_a"}),
    ("membership-detail", membership_a, CONTACT_A),
    ("membership-detail", lambda w: {"pk": w.membership_b.pk}, COORDINATOR),
    ("person-list", none, SIGNED_IN),
    ("person-detail", participant_a, {"coordinator", "contact_a", "participant_a"}),
    ("person-detail", lambda w: {"pk": w.participant_b.pk}, COORDINATOR),
    ("invoice-list", none, CONTACT_A),
    ("invoice-detail", invoice_a, CONTACT_A),
    ("invoice-pdf", invoice_a, CONTACT_A),
    ("invoice-finvoice", invoice_a, CONTACT_A),
    ("api_invoice_runs", none, EVERYONE),  # GET answers 405; POST is tested in test_billing_api
    ("api_payment_imports", none, EVERYONE),  # likewise
    ("api_token", none, EVERYONE),  # GET answers 405; POST is tested in test_api_auth
    ("api_schema", none, EVERYONE),
    ("api_docs", none, EVERYONE),
]
# Newer apps keep their rows beside them, in the same form.
TABLE += walk_assessment.ROWS + walk_figures.ROWS + walk_dashboard.ROWS

# Third-party URLs are walked by their own projects' tests; ours start from these prefixes.
OWN_NAMESPACES = {
    "core",
    "network",
    "accounts",
    "billing",
    "events",
    "development",
    "library",
    "community",
    "assessment",
    "figures",
    "dashboard",
}
API_PREFIX = "api/v1/"


def project_url_names() -> set[str]:
    names = set()

    def walk(patterns, namespace, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = pattern.namespace or namespace
                walk(pattern.url_patterns, ns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern) and pattern.name:
                if namespace in OWN_NAMESPACES:
                    names.add(f"{namespace}:{pattern.name}")
                elif prefix.startswith(API_PREFIX) and "format" not in str(pattern.pattern):
                    names.add(pattern.name)

    walk(get_resolver().url_patterns, None, "")
    return names


def test_every_url_has_expectations():
    written = {name for name, _kwargs, _allowed in TABLE}
    missing = project_url_names() - written
    assert not missing, f"URLs without a row in the permission table: {sorted(missing)}"


def is_denied(response) -> bool:
    if response.status_code in (401, 403, 404):
        return True
    # The admin sends a signed-in non-coordinator to its login, which then answers 403.
    return response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "kwargs", "allowed"), TABLE, ids=[f"{row[0]}#{i}" for i, row in enumerate(TABLE)]
)
def test_permission(client, world, name, kwargs, allowed, role):
    user = world.user(role)
    if user is not None:
        client.force_login(user)
    url = reverse(name, kwargs=kwargs(world))
    response = client.get(url, HTTP_ACCEPT="text/html")
    assert response.status_code != 500
    expected = "allowed" if role in allowed else "denied"
    actual = "denied" if is_denied(response) else "allowed"
    assert actual == expected, f"{role} GET {url}: {response.status_code}"


def membership_b(w):
    return {"pk": w.membership_b.pk}


def participant_b(w):
    return {"pk": w.participant_b.pk}


# Makers of municipality B's own objects: its code, plan, goals, actions, workshops,
# membership, people, private files.
B_OBJECTS = {code_b, start_b, plan_b, goal_b, action_b, workshop_b, membership_b, participant_b}
PROBES = [
    row
    for row in TABLE
    if row[1] in B_OBJECTS or row[0] in ("network:membership", "membership-detail")
]
PROBES += [
    ("library:download", library_file("municipality_b"), COORDINATOR),
    ("membership-detail", membership_b, COORDINATOR),
    ("person-detail", participant_b, COORDINATOR),
]
OTHERS = ["participant_a", "contact_a", "consultant_a"]


@pytest.mark.parametrize("role", OTHERS)
@pytest.mark.parametrize(
    ("name", "kwargs", "allowed"), PROBES, ids=[f"{row[0]}#{i}" for i, row in enumerate(PROBES)]
)
def test_another_municipalitys_object_answers_404(client, world, name, kwargs, allowed, role):
    """A person of municipality A (or A's consultant) probing B's objects in the UI or the
    API learns nothing of them: 404, as if they did not exist — not 403."""
    if role in allowed:
        pytest.skip("this role may open it")
    client.force_login(world.user(role))
    url = reverse(name, kwargs=kwargs(world))
    response = client.get(url, HTTP_ACCEPT="text/html")
    assert response.status_code == 404, f"{role} GET {url}: {response.status_code}"
