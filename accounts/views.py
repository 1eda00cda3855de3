from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from accounts.forms import (
    JuryrumPasswordChangeForm,
    JuryrumPasswordResetForm,
    JuryrumSetPasswordForm,
    LoginForm,
)


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True


@method_decorator(login_not_required, name="dispatch")
class LogoutView(auth_views.LogoutView):
    """POST only. Open to anyone, so that signing out after the session expired still works."""


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
