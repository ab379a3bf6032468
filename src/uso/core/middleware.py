from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class FinnishFirstLocaleMiddleware(LocaleMiddleware):
    """Finnish unless the person chose otherwise: the language switcher's cookie first, then
    the language in a signed-in person's profile.

    The browser's Accept-Language is not consulted: the network works in Finnish, and a
    councillor whose laptop happens to be set to English still expects the Finnish service.
    """

    def process_request(self, request):
        supported = {code for code, _name in settings.LANGUAGES}
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        user = getattr(request, "user", None)
        if chosen not in supported and user is not None and user.is_authenticated:
            chosen = user.language
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
