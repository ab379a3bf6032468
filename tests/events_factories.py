"""Events for tests: published, open for registration now, starting in a week by default."""

from datetime import timedelta

import factory
from django.utils import timezone

from uso.events.models import ClinicSlot, Event, EventKind
from uso.events.services import save_event

from .factories import PeriodFactory


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    period = factory.SubFactory(PeriodFactory)
    kind = EventKind.THEME_SEMINAR
    title_fi = factory.Sequence(lambda n: f"Teemaseminaari {n}")
    start = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    end = factory.LazyAttribute(lambda e: e.start + timedelta(hours=6))
    venue = "Kuntatalo"
    address = "Toinen linja 14, Helsinki"
    status = Event.Status.PUBLISHED
    capacity = 50

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """Through the service, as a coordinator would: it adds the feedback questions."""
        many = {name: kwargs.pop(name) for name in ("peer_groups", "regions") if name in kwargs}
        event = model_class(*args, **kwargs)
        save_event(event=event, changed=set(), by=None)
        for name, values in many.items():
            getattr(event, name).set(values)
        return event


class SlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClinicSlot

    event = factory.SubFactory(EventFactory, kind=EventKind.CHANGE_CLINIC)
    starts = factory.LazyAttribute(lambda s: s.event.start)
    ends = factory.LazyAttribute(lambda s: s.starts + timedelta(minutes=45))
    expert = "Asiantuntija Anna"
