"""Who may read the network dashboard, its exports and the annual report: the coordinators."""

import rules

from uso.core.rules import is_coordinator

rules.add_perm("dashboard.view_network_dashboard", is_coordinator)
