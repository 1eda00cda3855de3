from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


class LanguageMiddleware:
    """Swedish unless the person chose otherwise.

    Swedish public bodies publish in Swedish first, so the browser's Accept-Language is not
    consulted: the language is the signed-in person's preference, else the language cookie set
    by the switcher, else LANGUAGE_CODE.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def language_for(self, request) -> str:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.preferred_language in self.supported:
            return user.preferred_language
        cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if cookie in self.supported:
            return cookie
        return settings.LANGUAGE_CODE

    def __call__(self, request):
        language = self.language_for(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response
