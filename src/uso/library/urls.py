from django.urls import path

from .views import collections, materials, search, subscriptions

app_name = "library"

urlpatterns = [
    path("library/", search.SearchView.as_view(), name="search"),
    path("library/manage/", materials.ManageView.as_view(), name="manage"),
    path(
        "library/materials/add/<str:kind>/",
        materials.MaterialCreateView.as_view(),
        name="material_add",
    ),
    path("library/materials/<int:pk>/", materials.MaterialView.as_view(), name="material"),
    path(
        "library/materials/<int:pk>/edit/",
        materials.MaterialEditView.as_view(),
        name="material_edit",
    ),
    path(
        "library/materials/<int:pk>/delete/",
        materials.MaterialDeleteView.as_view(),
        name="material_delete",
    ),
    path("library/materials/<int:pk>/download/", materials.download_view, name="download"),
    path(
        "library/materials/<int:pk>/checklist/<int:item>/",
        materials.checklist_tick_view,
        name="checklist_tick",
    ),
    path("library/collections/", collections.CollectionListView.as_view(), name="collections"),
    path(
        "library/collections/add/",
        collections.CollectionCreateView.as_view(),
        name="collection_add",
    ),
    path(
        "library/collections/<slug:slug>/",
        collections.CollectionView.as_view(),
        name="collection",
    ),
    path(
        "library/collections/<slug:slug>/edit/",
        collections.CollectionEditView.as_view(),
        name="collection_edit",
    ),
    path(
        "library/subscriptions/",
        subscriptions.SubscriptionsView.as_view(),
        name="subscriptions",
    ),
    path(
        "library/unsubscribe/<str:token>/",
        subscriptions.UnsubscribeView.as_view(),
        name="unsubscribe",
    ),
]
