from crispy_forms.helper import FormHelper
from django import forms
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.utils.translation import gettext_lazy as _


class CrispyMixin:
    """A FormHelper without its own <form> tag: every template writes its own form element."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


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


class JuryrumPasswordChangeForm(CrispyMixin, PasswordChangeForm):
    pass


class JuryrumPasswordResetForm(CrispyMixin, PasswordResetForm):
    pass


class JuryrumSetPasswordForm(CrispyMixin, SetPasswordForm):
    pass
