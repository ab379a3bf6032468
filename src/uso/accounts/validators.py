"""Password rules in the person's language.

Django's Finnish catalog has no translation for the minimum length's messages, so a Finnish
form said in English that the password was too short. The same rule, with its messages in our
own catalogs.
"""

from django.contrib.auth import password_validation
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self):
        return ngettext(
            "The password is too short: it must have at least %(min_length)d character.",
            "The password is too short: it must have at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}

    def get_help_text(self):
        return ngettext(
            "The password must have at least %(min_length)d character.",
            "The password must have at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}
