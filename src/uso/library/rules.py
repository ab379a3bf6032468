"""Who may do what in the library. The object is a Material unless the permission says so."""

import rules

from uso.core.request_memo import remember
from uso.core.rules import is_coordinator, is_municipal, is_signed_in, is_staff_member


@rules.predicate
def can_see_material(user, material) -> bool:
    from .models import Material

    if material is not None and is_coordinator(user):
        return True  # coordinators see every material (`visible_to`): no need to ask
    return material is not None and remember(
        ("material-visible", user.pk, material.pk),
        lambda: Material.objects.visible_to(user).filter(pk=material.pk).exists(),
    )


@rules.predicate
def wrote_material(user, material) -> bool:
    return bool(material and user.is_authenticated and material.created_by_id == user.pk)


@rules.predicate
def is_checklist(user, material) -> bool:
    return material is not None and material.kind == "checklist"


@rules.predicate
def is_from_event(user, material) -> bool:
    return material is not None and material.event_material_id is not None


rules.add_perm("library.view_library", rules.always_allow)
rules.add_perm("library.view_material", can_see_material)
# Coordinators and consultants publish materials and current reviews.
rules.add_perm("library.add_material", is_staff_member)


# An event's files are edited on the event; here the coordinators and the author edit.
@rules.predicate
def is_practice(user, material) -> bool:
    return material is not None and material.kind == "practice"


# An event's files are edited on the event, a good practice on its card.
rules.add_perm(
    "library.change_material",
    ~is_from_event & ~is_practice & (is_coordinator | (is_staff_member & wrote_material)),
)
rules.add_perm("library.manage_materials", is_staff_member)
rules.add_perm("library.tick_checklist", is_municipal & is_checklist & can_see_material)
rules.add_perm("library.manage_collections", is_coordinator)
rules.add_perm("library.subscribe", is_signed_in)
rules.add_perm("library.unsubscribe", rules.always_allow)  # the signed link decides
