"""Work in progress: replaced by the real views."""

from django.views import View


class ActionCreateView(View):
    pass


class ActionUpdateView(View):
    pass


class CommentCreateView(View):
    pass


class GoalCreateView(View):
    pass


class GoalUpdateView(View):
    pass


class PlanDetailView(View):
    pass


class PlanHistoryView(View):
    pass


class PlanListView(View):
    pass


class PlanStatusView(View):
    pass


class PlanUpdateView(View):
    pass


class SharedGoalsView(View):
    pass


class StartPlanView(View):
    pass
