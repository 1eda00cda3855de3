from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import sso_views, views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password-change"),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password-change-done",
    ),
    path("password/reset/", views.PasswordResetView.as_view(), name="password-reset"),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password-reset-done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password-reset-complete",
    ),
    path("language/", views.set_language, name="set-language"),
]

urlpatterns += [
    path("two-factor/", views.two_factor, name="two-factor"),
    path("two-factor/setup/", views.two_factor_setup, name="two-factor-setup"),
    path("security/", views.security, name="security"),
    path("security/recovery-codes/", views.recovery_codes_new, name="recovery-codes-new"),
    path("security/second-factor-off/", views.second_factor_off, name="second-factor-off"),
    path("security/my-data/", views.my_data, name="my-data"),
]

# Single sign-on: the addresses an identity provider is given (see the README).
urlpatterns += [
    path("sso/<slug:slug>/start/", sso_views.start, name="sso-start"),
    path("sso/<slug:slug>/oidc/callback/", sso_views.oidc_callback, name="oidc-callback"),
    path("sso/<slug:slug>/saml/acs/", sso_views.saml_acs, name="saml-acs"),
    path("sso/<slug:slug>/saml/metadata/", sso_views.saml_metadata, name="saml-metadata"),
    path("sso/identities/<int:pk>/unlink/", sso_views.unlink, name="sso-unlink"),
]
