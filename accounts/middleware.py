import time
from urllib.parse import urlencode

from auditlog.middleware import AuditlogMiddleware
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from accounts.security import (
    REFRESHED_AT,
    SECOND_FACTOR_BY_PROVIDER,
    SECOND_FACTOR_REQUIRED,
    SIGNED_IN_AT,
    client_address,
    log_denial,
    requires_second_factor,
)


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


class SecondFactorMiddleware:
    """A person who must use a second factor reaches nothing but the second-factor pages,
    sign-out and the language switch until they have used it in this session.

    Whether they must is decided at sign-in and kept in the session (see accounts.signals), so
    that no page pays for it.
    """

    open_names = (
        "accounts:two-factor",
        "accounts:two-factor-setup",
        "accounts:logout",
        "accounts:set-language",
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and self.required(request)
            and request.path not in self.open_paths()
            and not request.path.startswith(settings.STATIC_URL)
        ):
            target = reverse("accounts:two-factor")
            return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def required(request) -> bool:
        if request.session.get(SECOND_FACTOR_BY_PROVIDER):
            return False  # the sign-in service confirmed one and is trusted for it
        required = request.session.get(SECOND_FACTOR_REQUIRED)
        if required is None:
            required = requires_second_factor(request.user)
            request.session[SECOND_FACTOR_REQUIRED] = required
        return required

    @classmethod
    def open_paths(cls) -> set[str]:
        return {reverse(name) for name in cls.open_names}


class SessionLifetimeMiddleware:
    """The two ends of a signed-in session.

    Idle timeout (SESSION_COOKIE_AGE): each request moves the session's expiry on, but the
    session is written at most once a SESSION_REFRESH_SECONDS, so the idle timeout holds to
    within that and a burst of autosaves writes no session at all.

    Absolute timeout: a session ends SESSION_ABSOLUTE_AGE seconds after sign-in however active
    it has been.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            session = request.session
            now = int(time.time())
            signed_in_at = session.get(SIGNED_IN_AT)
            if signed_in_at is None:
                session[SIGNED_IN_AT] = now
            elif now - signed_in_at > settings.SESSION_ABSOLUTE_AGE:
                logout(request)
                messages.info(request, _("Your session has ended. Please sign in again."))
                login_url = reverse(settings.LOGIN_URL)
                return redirect(f"{login_url}?{urlencode({'next': request.get_full_path()})}")
            if now - session.get(REFRESHED_AT, 0) >= settings.SESSION_REFRESH_SECONDS:
                session[REFRESHED_AT] = now  # saved, and so its expiry moved on
        return self.get_response(request)


class AuditContextMiddleware(AuditlogMiddleware):
    """django-auditlog's middleware, with the client's address taken as accounts.security
    takes it (X-Forwarded-For only behind our own proxy)."""

    @staticmethod
    def _get_remote_addr(request):
        return client_address(request) or None


class DenialLogMiddleware:
    """Logs every refused request (403, and 404 for someone signed in, which is how Juryrum
    refuses an object a person may not know exists)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 403 or (
            response.status_code == 404 and request.user.is_authenticated
        ):
            log_denial(request, response.status_code)
        return response
