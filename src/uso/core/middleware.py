from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class FinnishFirstLocaleMiddleware(LocaleMiddleware):
    """Finnish unless the person chose otherwise (the language switcher's cookie).

    The browser's Accept-Language is not consulted: the network works in Finnish, and a
    councillor whose laptop happens to be set to English still expects the Finnish service.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
