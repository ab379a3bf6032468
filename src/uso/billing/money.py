"""Money: Decimal only, cents rounded half-up, and net + VAT = gross checked."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def round_money(value: Decimal) -> Decimal:
    if not isinstance(value, Decimal | int):
        raise TypeError(f"money must be a Decimal, got {type(value).__name__}")
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class TaxedAmount:
    """A priced amount whose parts always add up: net + vat == gross, in whole cents."""

    net: Decimal
    vat: Decimal
    gross: Decimal
    rate: Decimal

    def __post_init__(self):
        for name in ("net", "vat", "gross"):
            value = getattr(self, name)
            if round_money(value) != value:
                raise ValueError(f"{name} {value} is not in whole cents")
        if self.net + self.vat != self.gross:
            raise ValueError(f"net {self.net} + VAT {self.vat} != gross {self.gross}")

    @classmethod
    def from_net(cls, net: Decimal, rate: Decimal) -> "TaxedAmount":
        net = round_money(net)
        vat = round_money(net * rate / Decimal(100))
        return cls(net=net, vat=vat, gross=net + vat, rate=rate)

    def __neg__(self) -> "TaxedAmount":
        return TaxedAmount(net=-self.net, vat=-self.vat, gross=-self.gross, rate=self.rate)
