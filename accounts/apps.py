from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from accounts import checks, signals  # noqa: F401
        from accounts.audit import track
        from accounts.models import User

        # Roles and sign-in rights; never the password hash or the last sign-in time.
        track(User, exclude=("password", "last_login"))
        classify_third_party_models()

        # The empty first choice of every select: Django's "- Select an option -" has no
        # Swedish translation in Django itself (Django's documented way to change it).
        from django.db.models import fields

        fields.BLANK_CHOICE_LABEL = _("Choose")


def classify_third_party_models() -> None:
    """What of the libraries' tables is a person's own (accounts.personal_data)."""
    from accounts.personal_data import NotTheirs, Theirs, classify

    sign_ins = Theirs(username="username", fields=("attempt_time", "ip_address", "user_agent"))
    classify("admin.LogEntry", Theirs(user="user"))
    classify(
        "auditlog.LogEntry",
        Theirs(
            user="actor",
            fields=("timestamp", "action", "content_type", "object_repr", "changes"),
        ),
    )
    classify("axes.AccessAttempt", sign_ins)
    classify("axes.AccessFailureLog", sign_ins)
    classify(
        "axes.AccessLog", Theirs(username="username", fields=(*sign_ins.fields, "logout_time"))
    )
    classify("axes.AccessAttemptExpiration", NotTheirs("when a pause ends: the lockout's own"))
    devices = Theirs(user="user", fields=("name", "confirmed", "created_at", "last_used_at"))
    classify("otp_totp.TOTPDevice", devices)
    classify("otp_static.StaticDevice", devices)
    classify("otp_static.StaticToken", NotTheirs("recovery codes are secrets"))
    classify(
        "accounts.ExternalIdentity",
        Theirs(user="user", fields=("provider", "subject", "email", "linked_at", "last_used_at")),
    )
    classify("accounts.SignInEvent", Theirs(user="user"))
    classify("accounts.SamlRequest", NotTheirs("a sign-in in progress, gone within minutes"))
