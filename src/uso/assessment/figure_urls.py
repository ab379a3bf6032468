from django.urls import path

from . import views_figures as views

app_name = "figures"

urlpatterns = [
    path("key-figures/", views.IndexView.as_view(), name="index"),
    path("key-figures/import/", views.UploadView.as_view(), name="import"),
    path("key-figures/import/columns/", views.MappingView.as_view(), name="import_mapping"),
    path(
        "key-figures/periods/<int:period>/comparison/",
        views.ComparisonView.as_view(),
        name="comparison",
    ),
    path("key-figures/<str:code>/", views.MunicipalityView.as_view(), name="municipality"),
]
