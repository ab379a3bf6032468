from datetime import date

import factory
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from uso.accounts.models import Role, User
from uso.network.models import (
    ConsultantAssignment,
    Membership,
    Municipality,
    Network,
    Period,
    Population,
    Region,
)

PASSWORD = "correct-horse-battery"
DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def short_code(prefix: str, n: int, width: int) -> str:
    """A code that fits its column however long the suite runs: base 36, wrapping around.
    One test never makes enough rows to wrap into its own codes."""
    n %= 36**width
    digits = ""
    for _position in range(width):
        n, rest = divmod(n, 36)
        digits = DIGITS[rest] + digits
    return prefix + digits


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: short_code("T", n, 3))
    name_fi = factory.Sequence(lambda n: f"Testimaakunta {n}")
    name_sv = factory.Sequence(lambda n: f"Testlandskap {n}")


class MunicipalityFactory(factory.django.DjangoModelFactory):
    """A municipality beside the real registry: real codes are digits, test codes letters."""

    class Meta:
        model = Municipality

    code = factory.Sequence(lambda n: short_code("X", n, 2))
    name_fi = factory.Sequence(lambda n: f"Testikunta {n}")
    name_sv = factory.Sequence(lambda n: f"Testkommun {n}")
    region = factory.SubFactory(RegionFactory)
    language = "fi"


class PopulationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Population

    municipality = factory.SubFactory(MunicipalityFactory)
    year = 2023
    inhabitants = 12000
    source = Population.Source.MANUAL


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network
        django_get_or_create = ["slug"]

    name = "USO-verkosto"
    slug = "uso"
    seller_name = "Suomen Kuntaliitto ry"
    seller_business_id = "0201256-6"
    seller_vat_id = "FI02012566"
    seller_street = "Toinen linja 14"
    seller_postal_code = "00530"
    seller_city = "Helsinki"
    seller_iban = "FI7944052020036082"
    seller_bic = "NDEAFIHH"


class PeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Period

    network = factory.SubFactory(NetworkFactory)
    name_fi = "USO 2017–2018"
    start_date = date(2017, 1, 1)
    end_date = date(2018, 12, 31)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    municipality = factory.SubFactory(MunicipalityFactory)
    period = factory.SubFactory(PeriodFactory)
    status = Membership.Status.ACTIVE
    joined_on = date(2017, 1, 1)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = "Testi"
    last_name = factory.Sequence(lambda n: f"Henkilö {n}")
    role = Role.PARTICIPANT
    municipality = factory.SubFactory(MunicipalityFactory)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class CoordinatorFactory(UserFactory):
    role = Role.COORDINATOR
    municipality = None

    @factory.post_generation
    def totp(obj, create, extracted, **kwargs):
        """Coordinators have two-factor authentication; `totp=False` leaves it out."""
        if create and extracted is not False:
            obj.totp_secret = generate_totp_secret()
            TOTP.activate(obj, obj.totp_secret)


class ConsultantFactory(UserFactory):
    role = Role.CONSULTANT
    municipality = None


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsultantAssignment

    consultant = factory.SubFactory(ConsultantFactory)
    membership = factory.SubFactory(MembershipFactory)
