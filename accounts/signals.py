import time

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from accounts.security import (
    REFRESHED_AT,
    SECOND_FACTOR_REQUIRED,
    SIGNED_IN_AT,
    requires_second_factor,
)


@receiver(user_logged_in)
def remember_sign_in(sender, request, user, **kwargs):
    """Decide once per sign-in whether a second factor is needed, and when the session began."""
    if request is None or not hasattr(request, "session"):
        return
    request.session[SECOND_FACTOR_REQUIRED] = requires_second_factor(user)
    request.session[SIGNED_IN_AT] = request.session[REFRESHED_AT] = int(time.time())
