from django.utils.translation import gettext as _
from rest_framework import serializers

from uso.network.models import Municipality

from .models import Language, Leadership, Role, User


class PersonSerializer(serializers.ModelSerializer):
    municipality = serializers.SlugRelatedField(
        slug_field="code", queryset=Municipality.objects.all(), allow_null=True, required=False
    )
    role = serializers.ChoiceField(choices=Role.choices)
    leadership = serializers.ChoiceField(
        choices=Leadership.choices, allow_blank=True, required=False
    )
    language = serializers.ChoiceField(choices=Language.choices, required=False)

    class Meta:
        model = User
        fields = [
            "id",
            "email",
            "first_name",
            "last_name",
            "municipality",
            "role",
            "leadership",
            "position",
            "language",
            "is_active",
        ]
        read_only_fields = ["is_active"]
        # Others know a person by name (participant lists, discussions), as on the web.
        extra_kwargs = {
            "first_name": {"required": True, "allow_blank": False},
            "last_name": {"required": True, "allow_blank": False},
        }

    def validate_email(self, value):
        """One person an address, whatever the case of its letters (addresses are stored in
        lower case)."""
        value = value.strip().lower()
        if User.objects.address_taken(value, but=self.instance):
            raise serializers.ValidationError(_("Another person already has this e-mail address."))
        return value

    def validate(self, data):
        if self.instance is not None:
            # As on the web: a contact person's role is handed over (one a municipality), and a
            # person moves to another municipality only when a coordinator invites them there.
            unchanged = {
                "role": _(
                    "A person's role is not changed here; a contact person's role is handed "
                    "over on the municipality's page."
                ),
                "municipality": _("A person's municipality is not changed here."),
            }
            errors = {
                name: [message]
                for name, message in unchanged.items()
                if name in data and data[name] != getattr(self.instance, name)
            }
            if errors:
                raise serializers.ValidationError(errors)
            return data
        role, municipality = data["role"], data.get("municipality")
        if role in (Role.CONTACT, Role.PARTICIPANT) and municipality is None:
            raise serializers.ValidationError(
                {"municipality": [_("A municipal person needs a municipality.")]}
            )
        return data


class TokenRequestSerializer(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)
    code = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="The current TOTP code; required for coordinators.",
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()
