from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe
from django.views.i18n import set_language as django_set_language
from django_otp import login as otp_login

from accounts import second_factor, sso
from accounts.forms import (
    JuryrumPasswordChangeForm,
    JuryrumPasswordResetForm,
    JuryrumSetPasswordForm,
    LoginForm,
    TokenForm,
)
from accounts.personal_data import personal_data_json
from accounts.security import SECOND_FACTOR_BY_PROVIDER, SECOND_FACTOR_REQUIRED, required_by_role


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return super().get_context_data(providers=sso.providers(), **kwargs)


@method_decorator(login_not_required, name="dispatch")
class LogoutView(auth_views.LogoutView):
    """POST only. Open to anyone, so that signing out after the session expired still works.
    A person who came in through a sign-in service is offered to sign out there too: ending
    Juryrum's session does not end theirs at the provider."""

    def post(self, request, *args, **kwargs):
        logout_url = request.session.get(sso.SESSION_LOGOUT_URL)
        provider = sso.provider_get(request.session.get(sso.SESSION_PROVIDER) or "")
        response = super().post(request, *args, **kwargs)
        if logout_url and provider is not None:
            return render(
                request,
                "accounts/signed_out.html",
                {"logout_url": logout_url, "provider_name": provider.name},
            )
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = JuryrumPasswordChangeForm
    success_url = reverse_lazy("accounts:password-change-done")


class PasswordResetView(auth_views.PasswordResetView):
    form_class = JuryrumPasswordResetForm
    success_url = reverse_lazy("accounts:password-reset-done")
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = JuryrumSetPasswordForm
    success_url = reverse_lazy("accounts:password-reset-complete")


@login_not_required
@require_POST
def set_language(request):
    """Switch the interface language; a signed-in person keeps the choice on every device."""
    response = django_set_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        get_user_model().objects.filter(pk=request.user.pk).update(preferred_language=language)
    return response


def safe_next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


def _with_next(name: str, request) -> str:
    target = request.POST.get("next") or request.GET.get("next")
    return f"{reverse(name)}?{urlencode({'next': target})}" if target else reverse(name)


def two_factor(request):
    """The second step of signing in: a code from the app or a recovery code."""
    user = request.user
    if user.is_verified():
        return redirect(safe_next_url(request))
    if not second_factor.has_authenticator(user):
        return redirect(_with_next("accounts:two-factor-setup", request))
    form = TokenForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        otp_login(request, form.device)
        if second_factor.is_recovery_device(form.device):
            left = second_factor.recovery_codes_left(user)
            messages.warning(
                request,
                ngettext(
                    "You signed in with a recovery code. %(count)d code is left; make new ones "
                    "under Security.",
                    "You signed in with a recovery code. %(count)d codes are left; make new ones "
                    "under Security.",
                    left,
                )
                % {"count": left},
            )
        return redirect(safe_next_url(request))
    return render(
        request, "accounts/two_factor.html", {"form": form, "next": request.GET.get("next", "")}
    )


def two_factor_setup(request):
    """Add an authenticator app: scan the code, type what the app shows, keep the recovery
    codes. A person who already has one must use it first, so a stolen password alone cannot
    add another."""
    user = request.user
    if second_factor.has_authenticator(user) and not user.is_verified():
        return redirect(_with_next("accounts:two-factor", request))
    device = second_factor.pending_authenticator(user)
    form = TokenForm(user, request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        codes = second_factor.confirm_authenticator(device)
        otp_login(request, device)
        request.session[SECOND_FACTOR_REQUIRED] = True
        return render(
            request,
            "accounts/recovery_codes.html",
            {"codes": codes, "next": safe_next_url(request), "first_time": True},
        )
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "next": request.GET.get("next", request.POST.get("next", "")),
            "qr_data_uri": second_factor.qr_data_uri(device),
            "key": second_factor.readable_key(device),
        },
    )


@require_safe
def security(request):
    """A person's sign-in security: the second factor, recovery codes, and turning it off
    where no role requires it (recovery_codes_new, second_factor_off)."""
    user = request.user
    providers = sso.providers()
    names = {provider.slug: provider.name for provider in providers}
    identities = list(user.external_identities.order_by("linked_at"))
    for identity in identities:
        identity.provider_name = names.get(identity.provider, identity.provider)
    linked = {identity.provider for identity in identities}
    return render(
        request,
        "accounts/security.html",
        {
            "providers": providers,
            "identities": identities,
            "unlinked": [provider for provider in providers if provider.slug not in linked],
            "second_factor_by_provider": request.session.get(SECOND_FACTOR_BY_PROVIDER, False),
            "has_authenticator": second_factor.has_authenticator(user),
            "codes_left": second_factor.recovery_codes_left(user),
            "required_by_role": required_by_role(user),
        },
    )


def _not_verified(request):
    """A person who has not given their code this session gives it before changing it."""
    if request.user.is_verified():
        return None
    next_url = urlencode({"next": reverse("accounts:security")})
    return redirect(f"{reverse('accounts:two-factor')}?{next_url}")


@require_POST
def recovery_codes_new(request):
    """New recovery codes replace the old ones, and are shown this once."""
    if refused := _not_verified(request):
        return refused
    codes = second_factor.new_recovery_codes(request.user)
    return render(
        request,
        "accounts/recovery_codes.html",
        {"codes": codes, "next": reverse("accounts:security"), "first_time": False},
    )


@require_POST
def second_factor_off(request):
    if refused := _not_verified(request):
        return refused
    if required_by_role(request.user):
        messages.error(request, _("That cannot be done for your account."))
    else:
        second_factor.remove_devices(request.user)
        request.session[SECOND_FACTOR_REQUIRED] = False
        messages.success(request, _("The second factor is off for your account."))
    return redirect("accounts:security")


def my_data(request):
    """Everything Juryrum holds about the signed-in person, as a JSON file (GDPR art. 15)."""
    body = personal_data_json(request.user)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"juryrum-{request.user.username}-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
