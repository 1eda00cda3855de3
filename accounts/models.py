from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager, _user_has_perm
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class JuryrumUserManager(UserManager):
    def get_by_natural_key(self, username):
        return self.get(**{f"{self.model.USERNAME_FIELD}__iexact": username})


class User(AbstractUser):
    """A person: municipality contact, juror, expert, organiser or all of these in turn.

    Roles are not stored here: they belong to an edition (awards.Organiser, evaluation.JuryMember)
    or a municipality (awards.MunicipalityContact), so a person can be a juror one year and not
    the next.
    """

    email = models.EmailField(_("email address"))
    display_name = models.CharField(
        _("display name"),
        max_length=150,
        blank=True,
        help_text=_("How your name is shown to others, e.g. 'Anna Svensson, Växjö kommun'."),
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="sv",
        help_text=_("Pages and mail are in this language."),
    )

    objects = JuryrumUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="accounts_user_email_unique_ci",
                violation_error_message=_("A user with this email address already exists."),
            ),
            models.UniqueConstraint(
                Lower("username"),
                name="accounts_user_username_unique_ci",
                violation_error_message=_("A user with this username already exists."),
            ),
        ]

    def __str__(self):
        return self.display_name or self.get_full_name() or self.username

    def has_perm(self, perm, obj=None):
        """Asked of the backends for everyone, superusers too. Django answers yes to a superuser
        before asking anyone, which let the platform administrator past the jury's rules into
        pages built for a seat they do not have (a 500 on the ranking). The rules give the
        platform administrator what it should have (awards.rules.is_platform_admin), and the
        model backend still gives a superuser every model permission for the admin site."""
        return self.is_active and _user_has_perm(self, perm, obj)

    @property
    def name(self) -> str:
        return str(self)


class IdentityProvider(models.Model):
    """An organisation's own sign-in (single sign-on): an OpenID Connect issuer or a SAML 2.0
    identity provider. It vouches for who a person is, never for what they may do: roles come
    only from Juryrum (invitations, jury seats, contacts).

    Organisers of the platform add them in the admin; a deployment can also name them in the
    environment (SSO_PROVIDERS, see accounts.sso)."""

    class Protocol(models.TextChoices):
        OIDC = "oidc", "OpenID Connect"
        SAML = "saml", "SAML 2.0"

    slug = models.SlugField(
        _("short name"), unique=True, help_text=_("Part of the sign-in addresses, e.g. 'entra'.")
    )
    name = models.CharField(
        _("name"),
        max_length=100,
        help_text=_("Shown on the button: 'Sign in with …', e.g. 'Sundsvalls kommun'."),
    )
    protocol = models.CharField(_("protocol"), max_length=4, choices=Protocol)
    enabled = models.BooleanField(_("enabled"), default=True)
    issuer = models.URLField(
        _("issuer (OpenID Connect)"),
        blank=True,
        help_text=_(
            "Its settings are read from the issuer's /.well-known/openid-configuration, e.g. "
            "https://login.microsoftonline.com/<tenant>/v2.0."
        ),
    )
    client_id = models.CharField(_("client ID (OpenID Connect)"), max_length=255, blank=True)
    client_secret = models.CharField(
        _("client secret (OpenID Connect)"), max_length=255, blank=True
    )
    scopes = models.CharField(
        _("scopes (OpenID Connect)"), max_length=255, default="openid email profile"
    )
    metadata_url = models.URLField(
        _("metadata address (SAML)"),
        blank=True,
        help_text=_(
            "The identity provider's or the federation's metadata; in the environment also "
            "a file, file:///etc/juryrum/federation.xml."
        ),
    )
    metadata_xml = models.TextField(
        _("metadata (SAML)"), blank=True, help_text=_("Instead of an address: the XML itself.")
    )
    idp_entity_id = models.CharField(
        _("identity provider's entity ID (SAML)"),
        max_length=255,
        blank=True,
        help_text=_("Which identity provider of the metadata to use; empty if it has one."),
    )
    email_domains = models.TextField(
        _("email domains"),
        blank=True,
        help_text=_(
            "One per line, e.g. sundsvall.se. Only addresses in these domains are accepted "
            "from this provider; empty accepts any."
        ),
    )
    password_blocked = models.BooleanField(
        _("people of these domains must use this provider"),
        default=False,
        help_text=_("Sign-in and password reset with a Juryrum password are refused for them."),
    )
    emails_verified = models.BooleanField(
        _("the provider's email addresses are verified"),
        default=False,
        help_text=_(
            "For providers that do not say so in each sign-in (Microsoft Entra ID sends no "
            "email_verified): only with the email domains above, which the organisation owns."
        ),
    )
    trust_mfa = models.BooleanField(
        _("trust the provider's second factor"),
        default=False,
        help_text=_(
            "When the provider says the person used a second factor, Juryrum does not ask for "
            "its own code."
        ),
    )
    mfa_values = models.TextField(
        _("values that mean a second factor was used"),
        default="mfa",
        help_text=_(
            "One per line: OpenID Connect 'amr' or 'acr' values, or SAML authentication "
            "context classes, e.g. https://refeds.org/profile/mfa."
        ),
    )
    create_accounts = models.BooleanField(
        _("create an account for unknown people"),
        default=False,
        help_text=_(
            "Off: a person nobody has invited is told whom to ask. On: an account without "
            "any role is made for them."
        ),
    )

    class Meta:
        verbose_name = _("identity provider")
        verbose_name_plural = _("identity providers")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def domains(self) -> set[str]:
        return {line.strip().lower() for line in self.email_domains.split() if line.strip()}

    @property
    def mfa_markers(self) -> set[str]:
        return {line.strip() for line in self.mfa_values.split() if line.strip()}

    @property
    def vouches_for_addresses(self) -> bool:
        """Its addresses count as verified: only when marked so and limited to domains the
        organisation owns, never for any address at all."""
        return bool(self.emails_verified and self.domains)

    def serves(self, email: str) -> bool:
        return not self.domains or email.rpartition("@")[2].lower() in self.domains


class ExternalIdentity(models.Model):
    """A person's identity at a provider: the provider's stable subject (OpenID Connect `sub`,
    SAML NameID) linked to one Juryrum account, made at the first sign-in by a verified email
    address or by the person themselves while signed in."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="external_identities",
        verbose_name=_("user"),
    )
    # The provider's short name, not a key: providers named in the environment have no row.
    provider = models.SlugField(_("provider"))
    subject = models.CharField(_("subject"), max_length=255)
    email = models.EmailField(_("email address"), blank=True)
    linked_at = models.DateTimeField(_("linked"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("external identity")
        verbose_name_plural = _("external identities")
        constraints = [
            models.UniqueConstraint(fields=["provider", "subject"], name="one_person_per_subject")
        ]

    def __str__(self):
        return f"{self.provider}: {self.email or self.subject}"


class SignInEvent(models.Model):
    """The trail of single sign-on: every sign-in, link and refusal, with the reason. Rows are
    only added (and scrubbed with the person when they are anonymised)."""

    class Outcome(models.TextChoices):
        SIGNED_IN = "signed_in", _("signed in")
        LINKED = "linked", _("linked an identity")
        UNLINKED = "unlinked", _("removed a link")
        CREATED = "created", _("account created")
        REFUSED = "refused", _("refused")

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    provider = models.SlugField(_("provider"))
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    email = models.EmailField(_("email address"), blank=True)
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    second_factor = models.BooleanField(_("provider asserted a second factor"), default=False)
    client_address = models.GenericIPAddressField(_("client address"), null=True, blank=True)

    class Meta:
        verbose_name = _("single sign-on event")
        verbose_name_plural = _("single sign-on events")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.provider} {self.outcome}"


class SamlRequest(models.Model):
    """A SAML authentication request waiting for its answer. Kept in the database, not the
    session: the identity provider posts the answer from another site, and the session cookie
    (SameSite=Lax) does not come with it. Deleted when answered, so a replayed answer finds
    nothing and is refused."""

    request_id = models.CharField(max_length=100, primary_key=True)
    provider = models.SlugField()
    next_url = models.CharField(max_length=2000, blank=True)
    # The signed-in person who asked to link this provider to their account, if any.
    link_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.request_id
