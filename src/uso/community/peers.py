"""The peer finder: member municipalities like mine, by size class, region and language, and by
the sub-themes of my development plan that they work on too — judged only from what they
have shared with the network (a shared plan's priorities, shared goals), never from private
plans. A handful of queries whatever the number of members.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from uso.accounts.models import Role, User
from uso.development.models import DevelopmentPlan, Goal
from uso.network.models import Membership, Municipality
from uso.network.sizes import SizeClass

from .models import Practice

# How much each likeness weighs in the order of the list.
WEIGHTS = {"theme": 3, "size": 2, "region": 1, "language": 1}


@dataclass
class Peer:
    municipality: Municipality
    size_class: SizeClass | None
    same_size: bool
    same_region: bool
    same_language: bool
    common_themes: list = field(default_factory=list)
    shared_goals: list = field(default_factory=list)
    contacts: list = field(default_factory=list)
    practices: list = field(default_factory=list)

    @property
    def score(self) -> int:
        return (
            WEIGHTS["theme"] * len(self.common_themes)
            + WEIGHTS["size"] * self.same_size
            + WEIGHTS["region"] * self.same_region
            + WEIGHTS["language"] * self.same_language
        )


def _members(period):
    active = Membership.objects.filter(period=period, status=Membership.Status.ACTIVE)
    return (
        Municipality.objects.filter(memberships__in=active)
        .with_population()
        .select_related("region")
    )


def _themes_by_municipality(period, *, own_id: int) -> tuple[dict, dict]:
    """Sub-themes per municipality (the own municipality's all, others' only shared ones) and
    the shared goals per municipality."""
    themes = defaultdict(dict)
    plans = DevelopmentPlan.objects.filter(period=period).prefetch_related("priorities")
    for plan in plans:
        if plan.shared or plan.municipality_id == own_id:
            for sub_theme in plan.priorities.all():
                themes[plan.municipality_id][sub_theme.pk] = sub_theme
    goals = defaultdict(list)
    for goal in Goal.objects.filter(plan__period=period, sub_theme__isnull=False).select_related(
        "sub_theme", "plan"
    ):
        municipality_id = goal.plan.municipality_id
        if goal.shared or municipality_id == own_id:
            themes[municipality_id][goal.sub_theme_id] = goal.sub_theme
        if goal.shared:
            goals[municipality_id].append(goal)
    return themes, goals


def find_peers(
    municipality: Municipality,
    period,
    *,
    same_size: bool = False,
    same_region: bool = False,
    same_language: bool = False,
) -> list[Peer]:
    """The period's other members, most alike first; the filters keep only those alike in
    that way."""
    members = list(_members(period))
    own = next((m for m in members if m.pk == municipality.pk), None)
    if own is None:
        own = Municipality.objects.with_population().get(pk=municipality.pk)
    own_size = SizeClass.of(own.population)
    themes, goals = _themes_by_municipality(period, own_id=own.pk)
    own_themes = set(themes.get(own.pk, {}))
    peers = []
    for member in members:
        if member.pk == own.pk:
            continue
        size = SizeClass.of(member.population)
        common = [s for pk, s in themes.get(member.pk, {}).items() if pk in own_themes]
        peer = Peer(
            municipality=member,
            size_class=size,
            same_size=size is not None and size == own_size,
            same_region=member.region_id == own.region_id,
            same_language=member.language == own.language,
            common_themes=sorted(common, key=lambda s: (s.theme_area_id, s.order, s.pk)),
            shared_goals=[g for g in goals.get(member.pk, []) if g.sub_theme_id in own_themes],
        )
        if (same_size and not peer.same_size) or (same_region and not peer.same_region):
            continue
        if same_language and not peer.same_language:
            continue
        peers.append(peer)
    peers.sort(key=lambda p: (-p.score, p.municipality.name))
    _add_contacts_and_practices(peers)
    return peers


def _add_contacts_and_practices(peers: list[Peer]) -> None:
    by_id = {peer.municipality.pk: peer for peer in peers}
    contacts = User.objects.filter(
        municipality_id__in=by_id, role=Role.CONTACT, is_active=True
    ).order_by("last_name", "first_name")
    for person in contacts:
        by_id[person.municipality_id].contacts.append(person)
    for practice in Practice.objects.filter(municipality_id__in=by_id).order_by("-created_at"):
        by_id[practice.municipality_id].practices.append(practice)
