from dataclasses import dataclass

import pytest
from django.core.cache import cache

from uso.accounts.models import Role

from . import factories


@dataclass
class World:
    """Two member municipalities, A and B, each with people, and the network's staff."""

    period: object
    municipality_a: object
    municipality_b: object
    membership_a: object
    membership_b: object
    participant_a: object
    contact_a: object
    participant_b: object
    contact_b: object
    consultant_a: object
    consultant_other: object
    coordinator: object

    def user(self, role: str):
        return None if role == "anonymous" else getattr(self, role)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: the local-memory cache outlives a test's
    database rows, and a cached page of an earlier test's objects would be wrong."""
    cache.clear()


ROLES = [
    "anonymous",
    "participant_a",
    "contact_a",
    "consultant_a",
    "consultant_other",
    "coordinator",
]


@pytest.fixture
def world(db):
    period = factories.PeriodFactory()
    membership_a = factories.MembershipFactory(period=period)
    membership_b = factories.MembershipFactory(period=period)
    a, b = membership_a.municipality, membership_b.municipality
    consultant_a = factories.ConsultantFactory()
    factories.AssignmentFactory(consultant=consultant_a, membership=membership_a)
    other_membership = factories.MembershipFactory(period=period)
    consultant_other = factories.ConsultantFactory()
    factories.AssignmentFactory(consultant=consultant_other, membership=other_membership)
    return World(
        period=period,
        municipality_a=a,
        municipality_b=b,
        membership_a=membership_a,
        membership_b=membership_b,
        participant_a=factories.UserFactory(municipality=a),
        contact_a=factories.UserFactory(municipality=a, role=Role.CONTACT),
        participant_b=factories.UserFactory(municipality=b),
        contact_b=factories.UserFactory(municipality=b, role=Role.CONTACT),
        consultant_a=consultant_a,
        consultant_other=consultant_other,
        coordinator=factories.CoordinatorFactory(),
    )


@pytest.fixture
def coordinator(db):
    return factories.CoordinatorFactory()


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run the callbacks a transaction queues on commit (e-mail) inside the test's rollback."""

    def runner():
        return django_capture_on_commit_callbacks(execute=True)

    return runner
