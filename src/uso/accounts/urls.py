from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("people/", views.PeopleListView.as_view(), name="people"),
    path("people/invite/", views.StaffInviteView.as_view(), name="staff_invite"),
    path("people/import/", views.PeopleImportView.as_view(), name="people_import"),
    path("people/deactivate/", views.DeactivatePeopleView.as_view(), name="people_deactivate"),
    path("people/<int:pk>/edit/", views.PersonUpdateView.as_view(), name="person_edit"),
    path("people/<int:pk>/remove/", views.RemovePersonView.as_view(), name="person_remove"),
    path("people/<int:pk>/reinvite/", views.ResendInvitationView.as_view(), name="person_reinvite"),
    path(
        "municipalities/<str:code>/people/",
        views.MunicipalityPeopleView.as_view(),
        name="municipality_people",
    ),
    path("municipalities/<str:code>/people/invite/", views.InviteView.as_view(), name="invite"),
    path(
        "municipalities/<str:code>/contact-person/",
        views.HandOverContactView.as_view(),
        name="hand_over",
    ),
    path(
        "accounts/invitation/<str:token>/",
        views.AcceptInvitationView.as_view(),
        name="accept_invitation",
    ),
    path("me/", views.MyAccountView.as_view(), name="me"),
    path("me/data.json", views.MyDataView.as_view(), name="my_data"),
    path("me/delete/", views.DeleteAccountView.as_view(), name="delete_account"),
]
