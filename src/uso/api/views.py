from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from .permissions import RulesPermission


class SchemaView(SpectacularAPIView):
    permission_classes = [RulesPermission]
    rules_permissions = {"get": "api.view_schema"}


class SwaggerView(SpectacularSwaggerSplitView):
    """The split view serves its set-up script as a file, so no inline script is needed
    under the Content-Security-Policy."""

    permission_classes = [RulesPermission]
    rules_permissions = {"get": "api.view_schema"}
