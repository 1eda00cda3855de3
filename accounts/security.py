"""Sign-in security: who must use a second factor, how sign-in attempts are named for the
lockout, and the log of denied requests.

The policy of *who* must use a second factor belongs to the project (it depends on roles this
app knows nothing of); settings.SECOND_FACTOR_POLICY names it.
"""

import logging
from functools import cache

from django.conf import settings
from django.shortcuts import render
from django.utils import timezone
from django.utils.module_loading import import_string
from django_otp import user_has_device

from accounts.backends import account_for

access_log = logging.getLogger("juryrum.access")

SECOND_FACTOR_REQUIRED = "second_factor_required"
# Set when the sign-in service confirmed a second factor it is trusted for (accounts.sso).
SECOND_FACTOR_BY_PROVIDER = "second_factor_by_provider"
SIGNED_IN_AT = "signed_in_at"
REFRESHED_AT = "refreshed_at"


@cache
def _policy():
    return import_string(settings.SECOND_FACTOR_POLICY)


def has_trusted_role(user) -> bool:
    """Staff, and anyone the policy names (jury members and organisers): people who see
    confidential jury work."""
    return bool(user.is_staff or _policy()(user))


def required_by_role(user) -> bool:
    """True for anyone with a trusted role, while the requirement is on."""
    return bool(settings.REQUIRE_SECOND_FACTOR and has_trusted_role(user))


def requires_second_factor(user) -> bool:
    """True where a role requires it, and for anyone who turned a second factor on for
    themselves."""
    if not user.is_authenticated:
        return False
    return required_by_role(user) or user_has_device(user, confirmed=True)


def attempted_username(request, credentials) -> str | None:
    """The name a sign-in attempt is counted against: the account it would sign in to, so that
    the username, the email address and any case or spacing of either share one count (five
    wrong passwords for 'juror4' also pause 'Juror4@example.org '). A name that is nobody's is
    counted as typed, without case or spaces."""
    username = (credentials or {}).get("username")
    if username is None:
        username = request.POST.get("username") if request is not None else None
    if not username or not username.strip():
        return None
    user = account_for(username)
    return (user.username if user is not None else username).strip().lower()


def client_address(request) -> str:
    """The client's address: the proxy's X-Forwarded-For only when settings say a proxy we run
    sets it; otherwise anyone could write that header."""
    if settings.BEHIND_TLS_PROXY:
        forwarded = request.headers.get("X-Forwarded-For", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "")


def log_denial(request, status: int) -> None:
    """One line per refused request: who, what, which object (the URL's arguments)."""
    user = getattr(request, "user", None)
    match = getattr(request, "resolver_match", None)
    access_log.warning(
        "denied status=%s user=%s method=%s path=%s view=%s object=%s address=%s",
        status,
        user.pk if user is not None and user.is_authenticated else "anonymous",
        request.method,
        request.path,
        match.view_name if match else "-",
        dict(match.kwargs) if match else {},
        client_address(request),
    )


def lockout_response(request, original_response, credentials):
    """The page a locked-out name gets (429): why, for how long, and who can lift it."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"cooloff_minutes": minutes}, status=429)


def locked_out_names():
    """The names whose sign-in is paused now: failures at the limit within the cool-off."""
    from axes.models import AccessAttempt

    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT, attempt_time__gte=since
    ).order_by("-attempt_time")


def sign_in_unlock(*, username: str, actor, among=None) -> bool:
    """Lift the pause on a name, if it is paused and among the paused names `among` (a
    queryset of `locked_out_names()`, narrowed to whom the actor may unlock); logged with who
    lifted it."""
    from axes.utils import reset

    paused = locked_out_names() if among is None else among
    if not username or not paused.filter(username=username).exists():
        return False
    reset(username=username)
    access_log.warning("unlocked username=%s by user=%s", username, actor.pk)
    return True
