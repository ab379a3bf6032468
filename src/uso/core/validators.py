from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.fi import ytunnus


def validate_business_id(value: str) -> None:
    """A Finnish business ID (Y-tunnus) with a correct check digit."""
    if value and not ytunnus.is_valid(value):
        raise ValidationError(
            _("“%(value)s” is not a valid business ID (Y-tunnus), e.g. 0201256-6."),
            params={"value": value},
            code="invalid_business_id",
        )


PHONE_CHARACTERS = set("0123456789 +-()")


def validate_phone(value: str) -> None:
    """A telephone number as people write it: digits with spaces, +, - or brackets, e.g.
    “+358 40 123 4567” or “09 771 2000”."""
    digits = sum(character.isdigit() for character in value)
    if value and (not set(value) <= PHONE_CHARACTERS or not 5 <= digits <= 15):
        raise ValidationError(
            _("“%(value)s” is not a phone number, e.g. +358 40 123 4567."),
            params={"value": value},
            code="invalid_phone",
        )
