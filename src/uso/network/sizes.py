from django.db import models
from django.utils.translation import gettext_lazy as _


class SizeClass(models.TextChoices):
    """Municipality size classes by inhabitants, as the network compares peers."""

    UNDER_5K = "lt5k", _("under 5,000")
    FROM_5K = "5k", _("5,000–9,999")
    FROM_10K = "10k", _("10,000–19,999")
    FROM_20K = "20k", _("20,000–49,999")
    FROM_50K = "50k", _("50,000–99,999")
    FROM_100K = "100k", _("100,000 and over")

    @classmethod
    def bounds(cls, value: str) -> tuple[int, int | None]:
        return _BOUNDS[value]

    @classmethod
    def of(cls, inhabitants: int | None) -> "SizeClass | None":
        if inhabitants is None:
            return None
        for size_class, (low, high) in _BOUNDS.items():
            if inhabitants >= low and (high is None or inhabitants <= high):
                return cls(size_class)
        return None


_BOUNDS = {
    "lt5k": (0, 4999),
    "5k": (5000, 9999),
    "10k": (10000, 19999),
    "20k": (20000, 49999),
    "50k": (50000, 99999),
    "100k": (100000, None),
}
