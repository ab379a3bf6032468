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
