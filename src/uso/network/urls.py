from django.urls import path

from . import views

app_name = "network"

urlpatterns = [
    path("join/", views.JoinView.as_view(), name="join"),
    path("join/thanks/", views.JoinThanksView.as_view(), name="join_thanks"),
    path("municipalities/", views.MunicipalityListView.as_view(), name="municipalities"),
    path(
        "municipalities/population/import/",
        views.PopulationImportView.as_view(),
        name="population_import",
    ),
    path("municipalities/<str:code>/", views.MunicipalityDetailView.as_view(), name="municipality"),
    path(
        "municipalities/<str:code>/population/",
        views.PopulationCreateView.as_view(),
        name="population_add",
    ),
    path("periods/", views.PeriodListView.as_view(), name="periods"),
    path("periods/<int:pk>/", views.PeriodDetailView.as_view(), name="period"),
    path("periods/<int:pk>/next/", views.NextPeriodView.as_view(), name="next_period"),
    path("periods/<int:pk>/renewals/", views.RenewalRequestsView.as_view(), name="renewals"),
    path("renew/<str:token>/", views.RenewView.as_view(), name="renew"),
    path(
        "periods/<int:period>/peer-groups/", views.PeerGroupListView.as_view(), name="peer_groups"
    ),
    path(
        "periods/<int:period>/peer-groups/new/",
        views.PeerGroupCreateView.as_view(),
        name="peer_group_add",
    ),
    path("peer-groups/<int:pk>/edit/", views.PeerGroupUpdateView.as_view(), name="peer_group_edit"),
    path(
        "peer-groups/<int:pk>/rebuild/",
        views.PeerGroupRebuildView.as_view(),
        name="peer_group_rebuild",
    ),
    path("applications/", views.ApplicationListView.as_view(), name="applications"),
    path(
        "applications/<int:pk>/approve/",
        views.ApplicationDecisionView.as_view(decision="approve"),
        name="application_approve",
    ),
    path(
        "applications/<int:pk>/decline/",
        views.ApplicationDecisionView.as_view(decision="decline"),
        name="application_decline",
    ),
    path("memberships/<int:pk>/", views.MembershipDetailView.as_view(), name="membership"),
    path(
        "memberships/<int:pk>/consultants/",
        views.MembershipConsultantsView.as_view(),
        name="membership_consultants",
    ),
]
