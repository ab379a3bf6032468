"""Files attached to events appear in the library too, with the event's visibility; and the
search hears of every change to a material (see `facts.py`)."""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from uso.events.models import EventMaterial

from . import facts
from .models import Material


@receiver(post_save, sender=EventMaterial)
def list_event_material(sender, instance, created, **kwargs):
    from .services import list_event_material as add

    transaction.on_commit(lambda: add(instance.pk))


@receiver(post_save, sender=Material)
@receiver(post_delete, sender=Material)
@receiver(m2m_changed, sender=Material.sub_themes.through)
def material_changed(sender, **kwargs):
    facts.changed()
