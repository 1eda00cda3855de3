from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Q


class UsernameOrEmailBackend(ModelBackend):
    """Sign in with either the username or the email address, both case-insensitive.

    Jurors are invited by email and rarely remember a username; municipality contacts share
    desks and often do not know which of the two they were given.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        User = get_user_model()
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if not username or password is None:
            return None
        login = username.strip()
        candidates = list(
            User.objects.filter(Q(username__iexact=login) | Q(email__iexact=login))[:2]
        )
        if len(candidates) != 1:
            # Same cost as a real check, so the answer time does not tell who exists.
            User().set_password(password)
            return None
        user = candidates[0]
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
