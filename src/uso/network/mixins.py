"""What views of several apps share about the network's objects."""

from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property

from .models import Municipality


class MunicipalityMixin:
    """Loads the municipality named by the `code` in the URL (404 if none); permissions ask
    about it. Put it before `PermissionMixin`, whose own `get_permission_object` asks about
    nothing."""

    @cached_property
    def municipality(self) -> Municipality:
        return get_object_or_404(
            Municipality.objects.select_related("region"), code=self.kwargs["code"]
        )

    def get_permission_object(self):
        return self.municipality
