"""Django REST framework's messages that its own Finnish and Swedish catalogs leave in English.

Listed here so that `make messages` keeps them in this project's catalogs, which Django
consults before any installed app's: an API client then reads "Anna totuusarvo (true tai
false)." rather than "Must be a valid boolean." in an otherwise Finnish answer.
`tests/test_catalogs.py` checks that every message DRF raises at a client is translated."""

from django.utils.translation import gettext_noop

DRF_MESSAGES = [
    gettext_noop("A valid biginteger is required."),
    gettext_noop("Datetime value out of range."),
    gettext_noop("Ensure this field has at least {min_length} elements."),
    gettext_noop("Ensure this field has no more than {max_length} elements."),
    gettext_noop(
        'Enter a valid "slug" consisting of Unicode letters, numbers, underscores, or hyphens.'
    ),
    gettext_noop("Integer value too large to convert to float"),
    gettext_noop('Invalid datetime for the timezone "{timezone}".'),
    gettext_noop("Invalid input."),
    gettext_noop("Must be a valid UUID."),
    gettext_noop("Must be a valid boolean."),
    gettext_noop("Not a valid string."),
    gettext_noop("Surrogate characters are not allowed: U+{code_point:X}."),
    gettext_noop("The number of days must be between {min_days} and {max_days}."),
    gettext_noop("This dictionary may not be empty."),
    gettext_noop("Token"),
    gettext_noop("Tokens"),
]
