from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from accounts import signals  # noqa: F401
        from accounts.audit import track
        from accounts.models import User

        # Roles and sign-in rights; never the password hash or the last sign-in time.
        track(User, exclude=("password", "last_login"))
