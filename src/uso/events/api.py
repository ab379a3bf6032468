"""The events API: the programme, creating events, registering and cancelling.

Who may do what is asked from the rules in `rules.py` through `RulesPermission`; events the
caller may not see answer 404, as on the web pages. A business rule that says no (full
registration window, a duplicate, another group's peer seminar…) answers 400 with the
message in the caller's language, under both `message` and `detail`.
"""

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import translation
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from uso.api.filters import choice_param
from uso.api.mixins import ApiConventionsMixin
from uso.core.rules import is_coordinator
from uso.network.models import Municipality, PeerGroup, Region, SubTheme

from . import services
from .models import Event, Registration
from .serializers import (
    EventFilterSerializer,
    EventSerializer,
    RegisterSerializer,
    RegistrationSerializer,
    listed_prefetches,
)

# Model fields whose errors the API reports under its own field names.
API_FIELD_NAMES = {"title_fi": "title", "description_fi": "description"}


class EventViewSet(
    ApiConventionsMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Events the caller may see, in order of their start: drafts only to coordinators, a peer
    seminar to its groups' municipalities and the staff, a workshop to its municipality and
    its consultants. Coordinators create events."""

    serializer_class = EventSerializer
    filter_backends: list = []
    rules_permissions = {"list": "events.view_programme", "create": "events.manage_events"}
    rules_object_permissions = {
        "retrieve": "events.view_event",
        "registrations": "events.view_registrations",
        # Registering someone else also needs `events.register_others` (see `register`).
        "register": "events.register_self",
    }

    def get_serializer_class(self):
        if self.action == "registrations":
            return RegistrationSerializer
        if self.action == "register":
            return RegisterSerializer
        return EventSerializer

    def get_queryset(self):
        user = self.request.user
        events = Event.objects.visible_to(user).order_by("start", "id")
        if self.action in ("registrations", "register"):
            return events.select_related("period")
        events = (
            events.with_counts()
            .select_related("municipality")
            .prefetch_related(
                # Only what the list shows of them: ids and codes.
                *listed_prefetches(
                    peer_groups=PeerGroup.objects.only("id"),
                    regions=Region.objects.only("id", "code"),
                    admitted_municipalities=Municipality.objects.only("id", "code"),
                    sub_themes=SubTheme.objects.only("id"),
                )
            )
        )
        if user.is_authenticated:
            mine = (
                Registration.objects.filter(event=OuterRef("pk"), person=user)
                .exclude(status=Registration.Status.CANCELLED)
                .order_by()
            )
            events = events.annotate(
                my_registration_id=Subquery(mine.values("pk")[:1]),
                my_status=Subquery(mine.values("status")[:1]),
            )
        return events

    @extend_schema(parameters=[EventFilterSerializer])
    def list(self, request, *args, **kwargs):
        query = EventFilterSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        events = query.filter(self.get_queryset())
        page = self.paginate_queryset(events)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        description="Coordinators create an event (a draft unless `status` says otherwise). "
        "Bad input answers 400 with the errors per field."
    )
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        many = {
            name: data.pop(name, [])
            for name in ("peer_groups", "regions", "admitted_municipalities", "sub_themes")
        }
        data["title_fi"] = data.pop("title")
        data["description_fi"] = data.pop("description", "")
        event = Event(**data)
        try:
            with transaction.atomic():
                services.save_event(event=event, changed=set(), by=self.request.user)
                for name, values in many.items():
                    getattr(event, name).set(values)
        except DjangoValidationError as error:
            raise exceptions.ValidationError(_field_errors(error)) from None
        serializer.instance = self.get_queryset().get(pk=event.pk)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "status",
                enum=Registration.Status.values,
                description="Only this status; without it confirmed and waitlisted.",
            )
        ],
        responses=RegistrationSerializer(many=True),
    )
    @action(detail=True, methods=["get"])
    def registrations(self, request, pk=None):
        """Coordinators: everyone registered; a contact person: their municipality's people.
        Confirmed first, then the waitlist in order."""
        event = self.get_object()
        registrations = (
            event.registrations.with_waitlist_position()
            .select_related("municipality", "person")
            .order_by("status", "id")
        )
        if not is_coordinator(request.user):
            registrations = registrations.filter(municipality_id=request.user.municipality_id)
        chosen = choice_param(request, "status", Registration.Status.values)
        if chosen:
            registrations = registrations.filter(status=chosen)
        else:
            registrations = registrations.exclude(status=Registration.Status.CANCELLED)
        page = self.paginate_queryset(registrations)
        return self.get_paginated_response(RegistrationSerializer(page, many=True).data)

    @extend_schema(request=RegisterSerializer, responses={201: RegisterSerializer})
    @registrations.mapping.post
    def register(self, request, pk=None):
        """Register yourself (an empty body will do), or with `person` or `guest` someone else.
        A full event puts the registration on the waitlist: `status` is `waitlisted` and
        `position` its place in line."""
        event = self.get_object()
        if _names_someone_else(request):
            self.check_object_permissions_for("events.register_others", event)
        body = self.get_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        guest = None
        if data.get("guest"):
            guest = services.Guest(
                name=data["guest"]["name"],
                organisation=data["guest"].get("organisation", ""),
                email=data["guest"]["email"],
                language=translation.get_language() or settings.LANGUAGE_CODE,
            )
        registration = services.register(
            event=event,
            by=request.user,
            person=None if guest else (data.get("person") or request.user),
            guest=guest,
            mode=data.get("mode", ""),
            dietary=data.get("dietary", ""),
            consent_to_list=data["consent_to_list"],
        )
        registration = Registration.objects.with_waitlist_position().get(pk=registration.pk)
        return Response(RegisterSerializer(registration).data, status=status.HTTP_201_CREATED)

    def check_object_permissions_for(self, permission: str, obj) -> None:
        """Ask one more rule about the object, as `RulesPermission` asks the view's own."""
        if not self.request.user.has_perm(permission, obj):
            self.permission_denied(self.request)


class RegistrationViewSet(ApiConventionsMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet):
    """DELETE cancels a registration; the freed seat goes to the first on the waitlist who
    fits the limits, and they are told by e-mail."""

    serializer_class = RegistrationSerializer
    filter_backends: list = []
    rules_object_permissions = {"destroy": "events.cancel_registration"}

    def get_queryset(self):
        """Coordinators reach every registration; others their own and their municipality's
        (the rule then decides), so another municipality's answer 404."""
        user = self.request.user
        registrations = Registration.objects.select_related("event", "person")
        if is_coordinator(user):
            return registrations
        if not user.is_authenticated:
            return registrations.none()
        mine = Q(person=user)
        if user.municipality_id:
            mine |= Q(municipality_id=user.municipality_id)
        return registrations.filter(mine)

    @extend_schema(responses={204: None})
    def destroy(self, request, *args, **kwargs):
        services.cancel_registration(registration=self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _names_someone_else(request) -> bool:
    data = request.data if hasattr(request.data, "get") else {}
    if data.get("guest"):
        return True
    person = data.get("person")
    return person not in (None, "") and str(person) != str(request.user.pk)


def _field_errors(error: DjangoValidationError) -> dict:
    if not hasattr(error, "error_dict"):
        return {"non_field_errors": error.messages}
    return {
        "non_field_errors" if name == "__all__" else API_FIELD_NAMES.get(name, name): messages
        for name, messages in error.message_dict.items()
    }
