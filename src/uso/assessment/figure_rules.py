"""Who may import, read and compare municipal key figures.

Key figures are public statistics (Statistics Finland publishes them for every municipality),
and a municipality's comparable municipalities are computed from them alone, so everyone signed
in to the network may read any municipality's key figures and comparables, in the pages and the
API. Nothing private is shown with them. The public (not signed in) is left out: the
comparisons are a service of the network, and the statistics themselves are served by
Statistics Finland.

Importing figures, adding indicators and choosing the period's comparison indicators are the
coordinators' work.
"""

import rules

from uso.core.rules import is_coordinator, is_signed_in

rules.add_perm("assessment.manage_key_figures", is_coordinator)
# The object, when given, is a municipality; any of them may be read.
rules.add_perm("assessment.view_key_figures", is_signed_in)
