from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from accounts.models import ExternalIdentity, IdentityProvider, SignInEvent, User


class ExternalIdentityInline(admin.TabularInline):
    model = ExternalIdentity
    fields = ("provider", "email", "subject", "linked_at", "last_used_at")
    readonly_fields = fields
    extra = 0
    verbose_name_plural = _("How this person signs in with a sign-in service")


@admin.register(User)
class JuryrumUserAdmin(UserAdmin):
    fieldsets = (
        *UserAdmin.fieldsets,
        (_("Juryrum"), {"fields": ("display_name", "preferred_language")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "email", "password1", "password2")}),
    )
    inlines = (ExternalIdentityInline,)
    list_display = ("username", "email", "display_name", "signs_in_with", "is_staff", "is_active")
    list_filter = (*UserAdmin.list_filter, "external_identities__provider")
    search_fields = ("username", "email", "display_name", "first_name", "last_name")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("external_identities")

    @admin.display(description=_("signs in with"))
    def signs_in_with(self, user):
        """How the person signs in: so an organiser can see who still has a password."""
        methods = [identity.provider for identity in user.external_identities.all()]
        if user.has_usable_password():
            methods.append(str(_("password")))
        return ", ".join(methods) or "-"


class IdentityProviderForm(forms.ModelForm):
    """The client secret is written, never shown: the page (and anything that copies it, a
    screenshot, the browser's history of the form) holds no secret. Left empty, the saved
    secret is kept."""

    client_secret = forms.CharField(
        label=capfirst(IdentityProvider._meta.get_field("client_secret").verbose_name),
        required=False,
        max_length=255,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
    )
    forget_client_secret = forms.BooleanField(
        label=_("Remove the saved client secret"), required=False
    )

    class Meta:
        model = IdentityProvider
        fields = ("client_secret",)  # the admin adds the rest from its fieldsets

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        saved = bool(self.instance.pk and self.instance.client_secret)
        self.fields["client_secret"].help_text = (
            _("A secret is saved. Type a new one to replace it, or leave this empty to keep it.")
            if saved
            else _("From the provider's registration of Juryrum.")
        )

    def clean_client_secret(self):
        typed = self.cleaned_data["client_secret"]
        return typed or (self.instance.client_secret if self.instance.pk else "")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("forget_client_secret"):
            cleaned["client_secret"] = ""
        return cleaned


@admin.register(IdentityProvider)
class IdentityProviderAdmin(admin.ModelAdmin):
    form = IdentityProviderForm
    list_display = ("name", "slug", "protocol", "enabled", "password_blocked", "trust_mfa")
    readonly_fields = ("addresses_to_give_the_provider",)
    fieldsets = (
        (None, {"fields": ("name", "slug", "protocol", "enabled")}),
        (
            "OpenID Connect",
            {
                "fields": (
                    "issuer",
                    "client_id",
                    "client_secret",
                    "forget_client_secret",
                    "scopes",
                )
            },
        ),
        ("SAML 2.0", {"fields": ("metadata_url", "metadata_xml", "idp_entity_id")}),
        (
            _("Who and how"),
            {
                "fields": (
                    "email_domains",
                    "emails_verified",
                    "password_blocked",
                    "trust_mfa",
                    "mfa_values",
                    "create_accounts",
                    "addresses_to_give_the_provider",
                )
            },
        ),
    )

    @admin.display(description=_("addresses to give the provider"))
    def addresses_to_give_the_provider(self, provider):
        if not provider.slug:
            return _("Shown once the provider is saved.")
        if provider.protocol == IdentityProvider.Protocol.OIDC:
            return format_html(
                "{}: {}",
                _("Redirect URI"),
                _absolute(reverse("accounts:oidc-callback", args=[provider.slug])),
            )
        return format_html(
            "{}: {}<br>{}: {}",
            _("Metadata and entity ID"),
            _absolute(reverse("accounts:saml-metadata", args=[provider.slug])),
            _("Assertion consumer service"),
            _absolute(reverse("accounts:saml-acs", args=[provider.slug])),
        )


def _absolute(path: str) -> str:
    return settings.SITE_URL + path


@admin.register(SignInEvent)
class SignInEventAdmin(admin.ModelAdmin):
    list_display = ("at", "provider", "outcome", "user", "email", "second_factor", "reason")
    list_filter = ("outcome", "provider", "second_factor")
    search_fields = ("email", "subject", "user__username", "user__email")
    readonly_fields = [field.name for field in SignInEvent._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
