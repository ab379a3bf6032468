from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("uso.core.urls")),
    path("", include("uso.network.urls")),
    path("", include("uso.accounts.urls")),
    path("", include("uso.billing.urls")),
    path("", include("uso.events.urls")),
    path("", include("uso.development.urls")),
    path("", include("uso.library.urls")),
    path("", include("uso.community.urls")),
    path("", include("uso.assessment.urls")),
    path("", include("uso.assessment.figure_urls")),
    path("", include("uso.dashboard.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("uso.api.urls")),
    path("admin/", admin.site.urls),
]

handler404 = "uso.core.views.page_not_found"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
