from django.utils.translation import gettext as _
from rest_framework import serializers

from uso.network.models import Municipality

from .models import Leadership, Role, User


class PersonSerializer(serializers.ModelSerializer):
    municipality = serializers.SlugRelatedField(
        slug_field="code", queryset=Municipality.objects.all(), allow_null=True, required=False
    )
    role = serializers.ChoiceField(choices=Role.choices)
    leadership = serializers.ChoiceField(
        choices=Leadership.choices, allow_blank=True, required=False
    )

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
            "is_active",
        ]
        read_only_fields = ["is_active"]

    def validate(self, data):
        role = data.get("role", getattr(self.instance, "role", None))
        municipality = data.get("municipality", getattr(self.instance, "municipality", None))
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
