"""The events API's shapes: events, the programme's filters, and registrations."""

from datetime import datetime, time, timedelta

from django.db import models
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from uso.accounts.models import User
from uso.core.rules import is_coordinator
from uso.network.models import Municipality, PeerGroup, Period, Region, SubTheme, ThemeArea

from .models import (
    Audience,
    Event,
    EventFormat,
    EventKind,
    ParticipationMode,
    Registration,
)
from .services import schedule_problems

POSITIVE_INT_MAX = 2147483647
POSITIVE_SMALL_INT_MAX = 32767
# Times far outside these years cannot be meant, and some cannot be stored or compared at all.
FIRST_YEAR, LAST_YEAR = 2000, 2100


def sensible_time(value):
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise serializers.ValidationError(
            _("Give a time between the years %(first)s and %(last)s.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR}
        )


class DateTimeField(serializers.DateTimeField):
    """DRF's, answering 400 also for a time without an offset that is out of range."""

    def enforce_timezone(self, value):
        try:
            return super().enforce_timezone(value)
        except OverflowError:
            self.fail("overflow")


class CodeField(serializers.SlugRelatedField):
    """A related object by its code; text no code can hold answers "no such code"."""

    def to_internal_value(self, data):
        if isinstance(data, str) and "\x00" in data:
            self.fail("does_not_exist", slug_name=self.slug_field, value=data.replace("\x00", ""))
        return super().to_internal_value(data)


class ListedManyField(serializers.ManyRelatedField):
    """A many-to-many field that reads the related objects from the plain list a list view
    prefetched into `<field>_listed` (`Prefetch(..., to_attr=...)`), else from the relation.
    Django's own prefetch makes a manager and a queryset for every event and relation: for
    a page of 50 events and four relations, 200 of each, about a third of the response."""

    def get_attribute(self, instance):
        listed = getattr(instance, f"{self.field_name}_listed", None)
        return listed if listed is not None else super().get_attribute(instance)


def listed_prefetches(**querysets) -> list[Prefetch]:
    """The `Prefetch`es `ListedManyField` reads: `listed_prefetches(regions=Region.objects…)`."""
    return [
        Prefetch(name, queryset=queryset, to_attr=f"{name}_listed")
        for name, queryset in querysets.items()
    ]


# --- The programme's filters -------------------------------------------------------------------


@extend_schema_field(OpenApiTypes.STR)
class MomentField(serializers.Field):
    """A date (`2025-03-01`, in Europe/Helsinki) or an ISO 8601 date and time (Europe/Helsinki
    when it has no offset). A date means its first moment, or with `day_end` its last, so
    that `to=2025-03-01` includes that day."""

    def __init__(self, *, day_end: bool = False, **kwargs):
        self.day_end = day_end
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        text = str(data).strip()
        if "T" in text:
            text = text.replace(" ", "+")  # an unencoded "+" of the offset arrives as a space
        try:
            day = parse_date(text)
            moment = None if day else parse_datetime(text)
        except ValueError:
            day = moment = None
        if day is not None:
            sensible_time(day)
            if self.day_end:
                day_after = datetime.combine(day + timedelta(days=1), time.min)
                return timezone.make_aware(day_after) - timedelta(microseconds=1)
            return timezone.make_aware(datetime.combine(day, time.min))
        if moment is None:
            raise serializers.ValidationError(
                _("Give a date (YYYY-MM-DD) or a date and time in ISO 8601.")
            )
        moment = timezone.make_aware(moment) if timezone.is_naive(moment) else moment
        sensible_time(moment)
        return moment

    def to_representation(self, value):
        return value.isoformat()


class EventFilterSerializer(serializers.Serializer):
    """The query parameters of the event list, all optional:

    - `kind`: one kind of event;
    - `from`: events that end at or after this (a date: from its midnight);
    - `to`: events that start at or before this (a date: the whole day included);
    - `region`: a region's code: the region's regional change clinics and every event that is
      not tied to a region, as on the programme page (a workshop or seminar is for everyone
      it is visible to, wherever they are);
    - `theme`: a theme area's id: events with one of its sub-themes.
    """

    kind = serializers.ChoiceField(
        choices=EventKind.choices, required=False, help_text="Only events of this kind."
    )
    to = MomentField(
        day_end=True,
        required=False,
        help_text="Events that start at or before this: a date (the whole day) or a date and "
        "time, Europe/Helsinki unless it has an offset.",
    )
    region = CodeField(
        slug_field="code",
        queryset=Region.objects.all(),
        required=False,
        help_text="A region's code: its regional change clinics and the events not tied to a "
        "region.",
    )
    theme = serializers.PrimaryKeyRelatedField(
        queryset=ThemeArea.objects.all(),
        required=False,
        help_text="A theme area's id: events with one of its sub-themes.",
    )

    def get_fields(self):
        fields = super().get_fields()
        # A Python keyword, so not a class attribute.
        fields["from"] = MomentField(
            required=False,
            help_text="Events that end at or after this: a date (from its midnight) or a date "
            "and time, Europe/Helsinki unless it has an offset.",
        )
        return fields

    def filter(self, events):
        data = self.validated_data
        if data.get("kind"):
            events = events.filter(kind=data["kind"])
        if data.get("from"):
            events = events.filter(end__gte=data["from"])
        if data.get("to"):
            events = events.filter(start__lte=data["to"])
        if data.get("region"):
            in_region = Event.regions.through.objects.filter(region=data["region"]).values("event")
            tied = Event.regions.through.objects.values("event")
            events = events.filter(Q(pk__in=in_region) | ~Q(pk__in=tied))
        if data.get("theme"):
            events = events.filter(
                pk__in=Event.sub_themes.through.objects.filter(
                    subtheme__theme_area=data["theme"]
                ).values("event")
            )
        return events


# --- Events ------------------------------------------------------------------------------------


class RegistrationStatusField(serializers.ChoiceField):
    """A registration's status: one named enum in the schema, wherever it appears."""

    def __init__(self, **kwargs):
        super().__init__(choices=Registration.Status.choices, **kwargs)


class RegistrationStatusSchema(OpenApiSerializerFieldExtension):
    target_class = RegistrationStatusField

    def get_name(self):
        return "RegistrationStatusEnum"

    def map_serializer_field(self, auto_schema, direction):
        return auto_schema._map_serializer_field(self.target, direction, bypass_extensions=True)


class MyRegistrationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = RegistrationStatusField()


class EventSerializer(serializers.ModelSerializer):
    """An event. `title` and `description` read in the request's language (falling back to
    Finnish); written, they are the Finnish texts, with `title_sv`, `title_en`,
    `description_sv` and `description_en` beside them. `online_url` is shown only to people
    with a confirmed place and to coordinators, else it is null. Times are ISO 8601; without
    an offset they are Europe/Helsinki."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DateTimeField: DateTimeField,
    }

    url = serializers.SerializerMethodField(help_text="The event's web page.")
    kind = serializers.ChoiceField(choices=EventKind.choices)
    title = serializers.CharField(max_length=200)
    title_sv = serializers.CharField(
        max_length=200, required=False, allow_blank=True, write_only=True
    )
    title_en = serializers.CharField(
        max_length=200, required=False, allow_blank=True, write_only=True
    )
    description = serializers.CharField(required=False, allow_blank=True)
    description_sv = serializers.CharField(required=False, allow_blank=True, write_only=True)
    description_en = serializers.CharField(required=False, allow_blank=True, write_only=True)
    format = serializers.ChoiceField(choices=EventFormat.choices, default=EventFormat.ON_SITE)
    audience = serializers.ChoiceField(choices=Audience.choices, default=Audience.BOTH)
    online_url = serializers.URLField(max_length=200, required=False, allow_blank=True)
    capacity = serializers.IntegerField(
        min_value=1, max_value=POSITIVE_INT_MAX, required=False, allow_null=True
    )
    per_municipality_limit = serializers.IntegerField(
        min_value=1, max_value=POSITIVE_SMALL_INT_MAX, required=False, allow_null=True
    )
    seminar_round = serializers.IntegerField(
        min_value=1, max_value=POSITIVE_SMALL_INT_MAX, required=False, allow_null=True
    )
    status = serializers.ChoiceField(choices=Event.Status.choices, default=Event.Status.DRAFT)
    registration_open = serializers.SerializerMethodField(
        help_text="Whether registration is open right now."
    )
    period = serializers.PrimaryKeyRelatedField(
        queryset=Period.objects.all(),
        required=False,
        help_text="Defaults to the current period.",
    )
    municipality = CodeField(
        slug_field="code",
        queryset=Municipality.objects.all(),
        required=False,
        allow_null=True,
        help_text="A development workshop's municipality (its code); only for workshops.",
    )
    peer_groups = ListedManyField(
        child_relation=serializers.PrimaryKeyRelatedField(queryset=PeerGroup.objects.all()),
        required=False,
    )
    regions = ListedManyField(
        child_relation=CodeField(slug_field="code", queryset=Region.objects.all()),
        required=False,
    )
    admitted_municipalities = ListedManyField(
        child_relation=CodeField(slug_field="code", queryset=Municipality.objects.all()),
        required=False,
    )
    sub_themes = ListedManyField(
        child_relation=serializers.PrimaryKeyRelatedField(queryset=SubTheme.objects.all()),
        required=False,
    )
    confirmed_count = serializers.IntegerField(read_only=True)
    waitlist_count = serializers.IntegerField(read_only=True)
    my_registration = serializers.SerializerMethodField(
        help_text="The caller's own active registration, if any."
    )

    class Meta:
        model = Event
        fields = [
            "id",
            "url",
            "kind",
            "title",
            "title_sv",
            "title_en",
            "description",
            "description_sv",
            "description_en",
            "period",
            "start",
            "end",
            "format",
            "venue",
            "address",
            "online_url",
            "audience",
            "capacity",
            "per_municipality_limit",
            "registration_opens",
            "registration_closes",
            "registration_open",
            "guests_allowed",
            "status",
            "organisers",
            "speakers",
            "seminar_round",
            "municipality",
            "peer_groups",
            "regions",
            "admitted_municipalities",
            "sub_themes",
            "confirmed_count",
            "waitlist_count",
            "my_registration",
        ]
        extra_kwargs = {
            name: {"validators": [sensible_time]}
            for name in ("start", "end", "registration_opens", "registration_closes")
        }

    def get_url(self, event) -> str:
        request = self.context.get("request")
        path = event.get_absolute_url()
        return request.build_absolute_uri(path) if request else path

    def get_registration_open(self, event) -> bool:
        return event.registration_problem() is None

    @extend_schema_field(MyRegistrationSerializer(allow_null=True))
    def get_my_registration(self, event):
        pk = getattr(event, "my_registration_id", None)
        return {"id": pk, "status": event.my_status} if pk else None

    def to_representation(self, event):
        data = super().to_representation(event)
        if not self._shows_online_url(event):
            data["online_url"] = None
        return data

    def _shows_online_url(self, event) -> bool:
        if not event.online_url or event.status == Event.Status.CANCELLED:
            return False
        request = self.context.get("request")
        if request and is_coordinator(request.user):
            return True
        return getattr(event, "my_status", None) == Registration.Status.CONFIRMED

    def validate(self, data):
        data.setdefault("period", Period.objects.current())
        if data["period"] is None:
            raise serializers.ValidationError({"period": [_("There is no period yet.")]})
        self._check_kind(data)
        self._check_period(data)
        self._check_times(data)
        if data.get("status") == Event.Status.PUBLISHED:
            self._check_place(data)
        data["online_url"] = data.get("online_url") or ""
        return data

    def _check_kind(self, data):
        """What each kind needs, and what belongs to one kind only."""
        kind, errors = data["kind"], {}
        if kind == EventKind.PEER_SEMINAR and not data.get("peer_groups"):
            errors["peer_groups"] = [_("A peer seminar is for one or more peer groups.")]
        if kind != EventKind.PEER_SEMINAR and data.get("peer_groups"):
            errors["peer_groups"] = [_("Only a peer seminar is for peer groups.")]
        if kind == EventKind.WORKSHOP and not data.get("municipality"):
            errors["municipality"] = [_("A development workshop belongs to a municipality.")]
        if kind != EventKind.WORKSHOP and data.get("municipality"):
            errors["municipality"] = [_("Only a development workshop belongs to a municipality.")]
        if kind != EventKind.CHANGE_CLINIC:
            for name in ("regions", "admitted_municipalities"):
                if data.get(name):
                    errors[name] = [_("Only a change clinic is tied to regions.")]
        if errors:
            raise serializers.ValidationError(errors)

    def _check_period(self, data):
        period, errors = data["period"], {}
        if any(group.period_id != period.pk for group in data.get("peer_groups", [])):
            errors["peer_groups"] = [_("Choose peer groups of the event's period.")]
        sub_themes = [sub_theme.pk for sub_theme in data.get("sub_themes", [])]
        if (
            sub_themes
            and SubTheme.objects.filter(pk__in=sub_themes)
            .exclude(theme_area__period=period)
            .exists()
        ):
            errors["sub_themes"] = [_("Choose sub-themes of the event's period.")]
        municipality = data.get("municipality")
        if (
            municipality
            and not Municipality.objects.members_of(period).filter(pk=municipality.pk).exists()
        ):
            errors["municipality"] = [_("The municipality is not a member in the event's period.")]
        if errors:
            raise serializers.ValidationError(errors)

    def _check_times(self, data):
        problems = schedule_problems(
            start=data["start"],
            end=data["end"],
            opens=data.get("registration_opens"),
            closes=data.get("registration_closes"),
        )
        if problems:
            raise serializers.ValidationError({k: [v] for k, v in problems.items()})

    def _check_place(self, data):
        """A published event says where it is; a draft may leave it for later."""
        event_format, errors = data.get("format"), {}
        if event_format in (EventFormat.ONLINE, EventFormat.HYBRID) and not data.get("online_url"):
            errors["online_url"] = [_("Give the link of the online meeting.")]
        if event_format in (EventFormat.ON_SITE, EventFormat.HYBRID) and not (
            data.get("venue") or data.get("address")
        ):
            errors["venue"] = [_("Give the venue or its address.")]
        if errors:
            raise serializers.ValidationError(errors)


# --- Registrations -----------------------------------------------------------------------------


@extend_schema_field(serializers.IntegerField(allow_null=True))
class WaitlistPositionField(serializers.Field):
    """The place in the waitlist (1 is next), null unless waitlisted."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, registration):
        if registration.status != Registration.Status.WAITLISTED:
            return None
        return getattr(registration, "waitlist_position", None)


class RegistrationSerializer(serializers.ModelSerializer):
    """A registration as its event's list shows it to a coordinator or a contact person."""

    name = serializers.CharField(read_only=True)
    email = serializers.CharField(read_only=True)
    municipality = CodeField(slug_field="code", read_only=True)
    organisation = serializers.CharField(source="guest_organisation", read_only=True)
    status = RegistrationStatusField(read_only=True)
    is_guest = serializers.BooleanField(read_only=True)
    position = WaitlistPositionField()
    registered_at = serializers.DateTimeField(source="created_at", read_only=True)

    class Meta:
        model = Registration
        fields = [
            "id",
            "event",
            "person",
            "name",
            "email",
            "municipality",
            "organisation",
            "is_guest",
            "status",
            "position",
            "mode",
            "dietary",
            "consent_to_list",
            "attendance",
            "registered_at",
        ]
        read_only_fields = fields


class GuestSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    organisation = serializers.CharField(max_length=200, required=False, allow_blank=True)
    email = serializers.EmailField()


class RegisterSerializer(serializers.Serializer):
    """The body of a registration: empty for yourself; `person` (a contact person: their own
    municipality's people; a coordinator: anyone) or `guest` (coordinators, where the event
    takes guests) for someone else. The answer: the registration's id, person, status and
    waitlist position (null when confirmed)."""

    id = serializers.IntegerField(read_only=True)
    person = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.none(), required=False, allow_null=True
    )
    guest = GuestSerializer(required=False, write_only=True)
    mode = serializers.ChoiceField(
        choices=ParticipationMode.choices,
        required=False,
        allow_blank=True,
        write_only=True,
        help_text="For a hybrid event; on site unless told.",
    )
    dietary = serializers.CharField(
        max_length=500, required=False, allow_blank=True, write_only=True
    )
    consent_to_list = serializers.BooleanField(default=False, write_only=True)
    status = RegistrationStatusField(read_only=True)
    position = WaitlistPositionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        user = request.user if request else None
        people = User.objects.active()
        if not is_coordinator(user):
            yourself = Q(pk=user.pk) if user and user.is_authenticated else Q(pk__in=[])
            municipality_id = getattr(user, "municipality_id", None)
            people = people.filter(
                yourself | Q(municipality_id=municipality_id) if municipality_id else yourself
            )
        field = self.fields["person"]
        field.queryset = people
        field.error_messages["does_not_exist"] = _(
            "There is no such person among the people you may register."
        )

    def validate(self, data):
        if data.get("person") and data.get("guest"):
            raise serializers.ValidationError(
                _("Choose a person or give a guest's details, not both.")
            )
        return data
