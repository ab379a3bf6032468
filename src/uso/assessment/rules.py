"""Who may do what with the self-assessment. Coordinators edit the questionnaire and the
rounds; a municipality's contact person invites its respondents; a municipality's people and
its consultants see its results. Key figures' rules are in `figure_rules.py`."""

from . import figure_rules  # noqa: F401  (registers the key figures' permissions)
