from crispy_forms.helper import FormHelper
from django import forms
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.utils.translation import gettext_lazy as _
from django_otp import match_token

from accounts import sso
from accounts.backends import account_for


class CrispyMixin:
    """A FormHelper without its own <form> tag: every template writes its own form element."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


def refuse_password_at(email: str, message) -> None:
    """Where the address's organisation requires its own sign-in, refuse the password with
    `message`, said for the domain (so it tells nobody whether an account exists)."""
    provider = sso.provider_for_domain(email)
    if provider is not None:
        raise forms.ValidationError(
            message % {"domain": email.rpartition("@")[2], "provider": provider.name},
            code="password_blocked",
        )


class LoginForm(CrispyMixin, AuthenticationForm):
    username = forms.CharField(
        label=_("Username or email address"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "That username or email address and password do not match an account. "
            "Both are checked without regard to upper and lower case in the name."
        ),
    }

    def clean(self):
        """People whose organisation requires its own sign-in cannot use a password."""
        typed = (self.cleaned_data.get("username") or "").strip()
        # The domain typed, else that of the account a typed username names.
        email = typed if "@" in typed else getattr(account_for(typed), "email", "")
        refuse_password_at(
            email, _("People at %(domain)s sign in with %(provider)s, not with a password.")
        )
        return super().clean()


class JuryrumPasswordChangeForm(CrispyMixin, PasswordChangeForm):
    pass


class JuryrumPasswordResetForm(CrispyMixin, PasswordResetForm):
    def clean_email(self):
        """No password to reset where the organisation requires its own sign-in."""
        email = self.cleaned_data["email"]
        refuse_password_at(
            email, _("People at %(domain)s sign in with %(provider)s and have no password here.")
        )
        return email


class JuryrumSetPasswordForm(CrispyMixin, SetPasswordForm):
    pass


class TokenForm(CrispyMixin, forms.Form):
    """A code from the authenticator app, or a recovery code; checked against one device or
    against all the person's confirmed devices."""

    token = forms.CharField(
        label=_("Code"),
        max_length=16,
        help_text=_(
            "The six digits your authenticator app shows now, or one of your recovery codes."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
    )

    def __init__(self, user, *args, device=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.device = device

    def clean_token(self):
        token = "".join(self.cleaned_data["token"].split())
        if self.device is not None:
            matched = self.device if self.device.verify_token(token) else None
        else:
            matched = match_token(self.user, token)
        if matched is None:
            raise forms.ValidationError(
                _(
                    "That code is not right, has been used already or came too late. Codes change "
                    "every 30 seconds; after several wrong ones, wait a minute before the next try."
                ),
                code="invalid",
            )
        self.device = matched
        return token
