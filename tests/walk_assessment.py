"""Permission-walk rows for the self-assessment: (url name, kwargs maker, who is allowed).

The makers take the walk's `world` (tests/conftest.py). Read by tests/test_permission_walk.py.
POST-only views answer 405 to a GET once the rule has let the caller in.
"""

from datetime import date

from .conftest import ROLES

EVERYONE = set(ROLES)
SIGNED_IN = EVERYONE - {"anonymous"}
COORDINATOR = {"coordinator"}
OF_A = {"coordinator", "participant_a", "contact_a", "consultant_a"}
CONTACT_A = {"coordinator", "contact_a"}
NOBODY: set[str] = set()


def none(w):
    return {}


def period(w):
    return {"period": w.period.pk}


def _round(w):
    from uso.assessment.models import Round

    from .assessment_factories import questionnaire_with_statements

    existing = Round.objects.filter(questionnaire__period=w.period).first()
    if existing:
        return existing
    questionnaire = questionnaire_with_statements(w.period)
    return Round.objects.create(
        questionnaire=questionnaire,
        kind="start",
        opens_on=date(2017, 1, 15),
        closes_on=date(2017, 2, 28),
    )


def round_pk(w):
    return {"pk": _round(w).pk}


def round_kind(w):
    return {"period": _round(w).questionnaire.period_id, "kind": "end"}


def question(w):
    return {"pk": _round(w).questionnaire.questions.first().pk}


def question_up(w):
    return {"pk": _round(w).questionnaire.questions.first().pk, "action": "up"}


def respondent_token(w):
    from uso.assessment.models import Respondent

    respondent = Respondent.objects.create(
        round=_round(w),
        municipality=w.municipality_a,
        name="Vastaaja",
        email="vastaaja@example.org",
        leadership="political",
    )
    return {"token": respondent.token}


def respondent_of_a(w):
    from uso.assessment.models import Respondent

    return {"pk": Respondent.objects.get(token=respondent_token(w)["token"]).pk}


def invite_a(w):
    return {"code": w.municipality_a.code, "pk": _round(w).pk}


def code_a(w):
    return {"code": w.municipality_a.code}


def code_b(w):
    return {"code": w.municipality_b.code}


def questionnaire(w):
    return {"pk": _round(w).questionnaire_id}


ROWS: list = [
    ("assessment:index", none, SIGNED_IN),
    ("assessment:questionnaire", period, COORDINATOR),
    ("assessment:question_add", period, COORDINATOR),
    ("assessment:question_edit", question, COORDINATOR),
    ("assessment:question_action", question_up, COORDINATOR),  # POST only
    ("assessment:round_edit", round_kind, COORDINATOR),
    ("assessment:progress", round_pk, COORDINATOR),
    ("assessment:remind", round_pk, COORDINATOR),  # POST only; a municipality's: test_flow
    ("assessment:respondent_remove", respondent_of_a, CONTACT_A),  # POST only
    ("assessment:answer", respondent_token, EVERYONE),  # the personal link is the permission
    ("assessment:answer", lambda w: {"token": "no-such-token"}, NOBODY),
    ("assessment:municipality", code_a, CONTACT_A),
    ("assessment:municipality", code_b, COORDINATOR),
    ("assessment:invite", invite_a, CONTACT_A),  # POST only
    ("assessment:results", code_a, OF_A),
    ("assessment:results", code_b, COORDINATOR),
    ("assessment-list", none, SIGNED_IN),
    ("assessment-detail", questionnaire, SIGNED_IN),
    ("assessment-results", questionnaire, SIGNED_IN),  # without ?municipality= a 400
]

ROWS += [
    ("assessment:report", code_a, OF_A),
    ("assessment:report", code_b, COORDINATOR),
]
