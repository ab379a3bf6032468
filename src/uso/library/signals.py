"""Files attached to events appear in the library too, with the event's visibility."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from uso.events.models import EventMaterial


@receiver(post_save, sender=EventMaterial)
def list_event_material(sender, instance, created, **kwargs):
    from .services import list_event_material as add

    transaction.on_commit(lambda: add(instance.pk))
