"""Permission-walk rows for this app: (url name, kwargs maker, who is allowed).

The makers take the walk's `world` (tests/conftest.py). Read by tests/test_permission_walk.py.
"""

from .conftest import ROLES

EVERYONE = set(ROLES)
SIGNED_IN = EVERYONE - {"anonymous"}
COORDINATOR = {"coordinator"}
STAFF = {"coordinator", "consultant_a", "consultant_other"}
OF_A = {"coordinator", "participant_a", "contact_a", "consultant_a"}
CONTACT_A = {"coordinator", "contact_a"}


def none(w):
    return {}


def code_a(w):
    return {"code": w.municipality_a.code}


def code_b(w):
    return {"code": w.municipality_b.code}


def period(w):
    return {"period": w.period.pk}


# Key figures are public statistics: everyone signed in reads any municipality's figures and
# comparables; importing and the comparison setting are the coordinators'.
ROWS: list = [
    ("figures:index", none, COORDINATOR),
    ("figures:import", none, COORDINATOR),
    ("figures:import_mapping", none, COORDINATOR),  # without an upload: back to the first step
    ("figures:comparison", period, COORDINATOR),
    ("figures:municipality", code_a, SIGNED_IN),
    ("figures:municipality", code_b, SIGNED_IN),
    ("key-figure-list", none, SIGNED_IN),
]
