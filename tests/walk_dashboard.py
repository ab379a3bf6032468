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


def section(name):
    def make(w):
        return {"section": name}

    return make


ROWS: list = [
    ("dashboard:index", none, COORDINATOR),
    ("dashboard:annual_report", none, COORDINATOR),
    *(
        ("dashboard:export", section(name), COORDINATOR)
        for name in ("members", "events", "workshops", "assessment", "feedback", "discussions")
    ),
]
