from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from .permissions import RulesPermission


class SchemaView(SpectacularAPIView):
    permission_classes = [RulesPermission]
    rules_permissions = {"get": "api.view_schema"}


class SwaggerView(SpectacularSwaggerView):
    permission_classes = [RulesPermission]
    rules_permissions = {"get": "api.view_schema"}
