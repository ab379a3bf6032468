"""Who may do what with the self-assessment. Coordinators edit the questionnaire and the
rounds and follow every municipality's progress; a municipality's contact person invites and
reminds its respondents; the municipality's people and its consultants see its results (only
aggregates, see `results.py`). Respondents answer through their personal link, which is
their permission. Key figures' rules are in `figure_rules.py`."""

import rules

from uso.core.rules import (
    is_assigned_consultant,
    is_contact_of,
    is_coordinator,
    is_signed_in,
    of_own_municipality,
)

from . import figure_rules  # noqa: F401  (registers the key figures' permissions)

rules.add_perm("assessment.view_assessments", is_signed_in)
rules.add_perm("assessment.manage_questionnaire", is_coordinator)
# The object is a municipality.
rules.add_perm("assessment.view_progress", is_coordinator | is_contact_of)
rules.add_perm("assessment.invite_respondents", is_coordinator | is_contact_of)
rules.add_perm(
    "assessment.view_results", is_coordinator | of_own_municipality | is_assigned_consultant
)
rules.add_perm("assessment.answer", rules.always_allow)
