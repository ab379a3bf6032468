from django.urls import path

from .views import hours, overview, plans, workshops

app_name = "development"

urlpatterns = [
    # Plans, goals, actions, comments, history, sharing
    path("plans/", plans.PlanListView.as_view(), name="plans"),
    path("plans/shared-goals/", plans.SharedGoalsView.as_view(), name="shared_goals"),
    path(
        "municipalities/<str:code>/plan/<int:period>/start/",
        plans.StartPlanView.as_view(),
        name="plan_start",
    ),
    path("plans/<int:pk>/", plans.PlanDetailView.as_view(), name="plan"),
    path("plans/<int:pk>/edit/", plans.PlanUpdateView.as_view(), name="plan_edit"),
    path("plans/<int:pk>/status/", plans.PlanStatusView.as_view(), name="plan_status"),
    path("plans/<int:pk>/history/", plans.PlanHistoryView.as_view(), name="plan_history"),
    path("plans/<int:pk>/goals/new/", plans.GoalCreateView.as_view(), name="goal_add"),
    path("goals/<int:pk>/edit/", plans.GoalUpdateView.as_view(), name="goal_edit"),
    path("goals/<int:pk>/actions/new/", plans.ActionCreateView.as_view(), name="action_add"),
    path("actions/<int:pk>/edit/", plans.ActionUpdateView.as_view(), name="action_edit"),
    path("plans/<int:pk>/comments/", plans.CommentCreateView.as_view(), name="comment_add"),
    # Workshops and their records
    path("plans/<int:pk>/workshops/", workshops.WorkshopListView.as_view(), name="workshops"),
    path(
        "plans/<int:pk>/workshops/new/", workshops.WorkshopCreateView.as_view(), name="workshop_add"
    ),
    path("workshops/<int:pk>/decide/", workshops.DecideExtraView.as_view(), name="workshop_decide"),
    path("workshops/<int:pk>/record/", workshops.RecordView.as_view(), name="workshop_record"),
    path("workshops/pending/", workshops.PendingExtrasView.as_view(), name="pending_extras"),
    # Consultants' hours
    path("hours/", hours.MyHoursView.as_view(), name="hours"),
    path("plans/<int:pk>/hours/", hours.LogHoursView.as_view(), name="hours_add"),
    # Follow-up
    path("plans/overview/", overview.OverviewView.as_view(), name="overview"),
    path("plans/<int:pk>/report.<str:fmt>", overview.report_view, name="report"),
]
