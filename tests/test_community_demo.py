"""The demo discussions: a conversation in every area of the current demo period, loaded once,
and none of it e-mailed."""

import io
from datetime import datetime

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from uso.community.models import Area, Notification, Post, Practice, PracticeTrial, Thread

pytestmark = pytest.mark.django_db

TODAY = timezone.make_aware(datetime(2026, 11, 28, 12))


def test_the_demo_has_a_conversation_in_every_area_once(django_capture_on_commit_callbacks):
    with time_machine.travel(TODAY), override_settings(DEBUG=True):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("demo", stdout=io.StringIO())
        first = (Thread.objects.count(), Post.objects.count())
        call_command("demo", stdout=io.StringIO())
    assert (Thread.objects.count(), Post.objects.count()) == first
    areas = Area.objects.all()
    assert {a.kind for a in areas} == {"general", "theme", "peer_group"}
    assert all(area.threads.exists() for area in areas)
    assert all(thread.post_count >= 2 for thread in Thread.objects.all())
    assert Thread.objects.count() == first[0]
    assert "<strong>kaikki jäsenkuntien</strong>" in Post.objects.order_by("id").first().html
    assert not Notification.objects.filter(sent_at__isnull=True).exists()
    question = Thread.objects.get(kind="question")
    assert question.posts.filter(useful=True).count() == 1
    assert Practice.objects.count() >= 2
    assert all(p.material and p.material.kind == "practice" for p in Practice.objects.all())
    assert PracticeTrial.objects.exists()
    assert not [m for m in mail.outbox if "USO" in m.subject and "viesti" in m.subject.lower()]
