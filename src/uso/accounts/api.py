from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth import authenticate
from django.db.models import Q
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.response import Response
from rest_framework.views import APIView

from uso.api.filters import StrictBooleanFilter
from uso.api.mixins import ApiConventionsMixin
from uso.core.rules import is_contact, is_coordinator

from . import services
from .models import Role, User
from .serializers import PersonSerializer, TokenRequestSerializer, TokenSerializer


class ObtainTokenView(ApiConventionsMixin, APIView):
    """Exchange e-mail and password (and a coordinator's TOTP code) for an API token."""

    authentication_classes: list = []
    rules_permissions = {"post": "accounts.obtain_api_token"}
    throttle_scope = "token"

    @extend_schema(request=TokenRequestSerializer, responses=TokenSerializer)
    def post(self, request):
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        # Django's own request, so that django-axes' middleware sees a lock-out it records.
        user = authenticate(
            request._request,
            email=data.validated_data["email"],
            password=data.validated_data["password"],
        )
        if user is None or not user.is_active:
            raise exceptions.AuthenticationFailed(_("The e-mail or password is wrong."))
        if user.is_coordinator:
            self._check_second_factor(user, data.validated_data.get("code", ""))
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})

    def get_authenticate_header(self, request):
        # Wrong credentials are a 401 with the scheme to use, not a 403 (DRF answers 403 for a
        # view without authentication classes).
        return "Token"

    def _check_second_factor(self, user, code: str) -> None:
        authenticator = Authenticator.objects.filter(
            user=user, type=Authenticator.Type.TOTP
        ).first()
        if authenticator is None:
            raise exceptions.PermissionDenied(
                _("Coordinators must set up two-factor authentication before using the API.")
            )
        if not code:
            raise exceptions.ValidationError(
                {"code": [_("Enter the code from your authenticator app.")]}
            )
        if not TOTP(authenticator).validate_code(code):
            raise exceptions.ValidationError({"code": [_("The code is wrong or already used.")]})


class PersonFilter(filters.FilterSet):
    role = filters.ChoiceFilter(choices=Role.choices)
    is_active = StrictBooleanFilter()

    class Meta:
        model = User
        fields = ["role", "is_active"]


class PersonViewSet(
    ApiConventionsMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Coordinators: everyone, read and write. A contact person: their municipality's people,
    and may add participants to it. Others: themselves. DELETE deactivates."""

    serializer_class = PersonSerializer
    filterset_class = PersonFilter
    rules_permissions = {
        "list": "accounts.list_people_api",
        "create": "accounts.list_people_api",  # the object rule below decides on municipality
        "update": "accounts.manage_people",
        "partial_update": "accounts.manage_people",
        "destroy": "accounts.manage_people",
    }
    rules_object_permissions = {"retrieve": "accounts.view_person"}

    def get_queryset(self):
        user = self.request.user
        queryset = User.objects.select_related("municipality").order_by("pk")
        if is_coordinator(user):
            return queryset
        if is_contact(user):
            return queryset.filter(Q(municipality_id=user.municipality_id) | Q(pk=user.pk))
        return queryset.filter(pk=user.pk)

    def perform_create(self, serializer):
        data = serializer.validated_data
        municipality = data.get("municipality")
        user = self.request.user
        if not is_coordinator(user) and (
            data["role"] != "participant"
            or not user.has_perm("accounts.invite_person", municipality)
        ):
            raise exceptions.PermissionDenied(
                _("You may add participants to your own municipality only.")
            )
        serializer.instance = services.invite_person(
            email=data["email"],
            first_name=data.get("first_name", ""),
            last_name=data.get("last_name", ""),
            municipality=municipality,
            role=data["role"],
            leadership=data.get("leadership", ""),
            position=data.get("position", ""),
            language=data.get("language"),
            invited_by=user,
        )

    def perform_destroy(self, instance):
        services.remove_person(person=instance, by=self.request.user)
