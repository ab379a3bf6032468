"""Coordinators' mailings: to a group, each in the recipient's language, replies to the sender,
a record of whom it reached, sent once."""

import pytest
from django.core import mail
from django.urls import reverse

from uso.community import services
from uso.community.models import Mailing
from uso.events.models import Registration

from . import factories
from .events_factories import EventFactory

pytestmark = pytest.mark.django_db


def test_a_mailing_reaches_the_contact_persons_each_in_their_language(client, world, run_on_commit):
    world.contact_b.language = "sv"
    world.contact_b.save()
    client.force_login(world.coordinator)
    response = client.post(
        reverse("community:mailing_add"),
        {
            "audience": "contacts",
            "subject_fi": "Syysseminaari",
            "body_fi": "Tervetuloa syysseminaariin.",
            "subject_sv": "Höstseminarium",
            "body_sv": "Välkommen till höstseminariet.",
        },
    )
    mailing = Mailing.objects.get()
    assert response["Location"] == reverse("community:mailing", args=[mailing.pk])
    preview = client.get(response["Location"]).content.decode()
    assert world.contact_a.email in preview and world.participant_a.email not in preview
    assert not mail.outbox
    with run_on_commit():
        client.post(reverse("community:mailing", args=[mailing.pk]))
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {world.contact_a.email, world.contact_b.email}
    assert by_address[world.contact_b.email].subject.endswith("Höstseminarium")
    assert "Välkommen" in by_address[world.contact_b.email].body
    assert by_address[world.contact_a.email].subject.endswith("Syysseminaari")
    assert by_address[world.contact_a.email].reply_to == [world.coordinator.email]
    recorded = {(r.email, r.language) for r in mailing.recipients.all()}
    assert recorded == {(world.contact_a.email, "fi"), (world.contact_b.email, "sv")}


def test_a_mailing_is_sent_only_once(world, run_on_commit):
    mailing = Mailing.objects.create(
        period=world.period, audience="contacts", subject_fi="Aihe", body_fi="Viesti"
    )
    with run_on_commit():
        services.send_mailing(mailing=mailing, by=world.coordinator)
        with pytest.raises(services.CommunityError):
            services.send_mailing(mailing=mailing, by=world.coordinator)
    assert len(mail.outbox) == 2


def test_an_events_registrants_and_guests_get_the_mailing(world):
    event = EventFactory(period=world.period)
    Registration.objects.create(
        event=event, person=world.participant_a, status="confirmed", consent_to_list=True
    )
    Registration.objects.create(
        event=event,
        guest_name="Vieras Henkilö",
        guest_email="vieras@example.org",
        language="en",
        status="waitlisted",
        consent_to_list=False,
    )
    Registration.objects.create(
        event=event, person=world.participant_b, status="cancelled", consent_to_list=True
    )
    mailing = Mailing.objects.create(
        period=world.period, audience="event", event=event, subject_fi="A", body_fi="B"
    )
    emails = {email: language for _p, _n, email, language in services.mailing_recipients(mailing)}
    assert emails == {world.participant_a.email: "fi", "vieras@example.org": "en"}


def test_a_peer_group_mailing_needs_its_group(client, world):
    client.force_login(world.coordinator)
    response = client.post(
        reverse("community:mailing_add"),
        {"audience": "peer_group", "subject_fi": "Aihe", "body_fi": "Viesti"},
    )
    assert response.status_code == 200
    assert "Valitse vertaisryhmä." in response.content.decode()
    assert not Mailing.objects.exists()


def test_only_political_leaders_of_members_get_a_political_mailing(world):
    world.participant_a.leadership = "political"
    world.participant_a.save()
    outsider = factories.UserFactory(
        municipality=factories.MunicipalityFactory(), leadership="political"
    )
    mailing = Mailing.objects.create(
        period=world.period, audience="political", subject_fi="A", body_fi="B"
    )
    emails = [email for _p, _n, email, _l in services.mailing_recipients(mailing)]
    assert emails == [world.participant_a.email]
    assert outsider.email not in emails
