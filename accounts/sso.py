"""Single sign-on: the rules both protocols share (accounts.oidc and accounts.saml only speak
their protocol and hand over what the provider vouched for).

- Which providers there are: rows of IdentityProvider, plus any named in the environment.
- Who a sign-in is: the identity already linked to the provider's subject; else the one active
  person whose email address the provider vouches for (verified, and in the provider's
  domains); else the signed-in person who asked to link it; else nobody. An identity provider
  never gives a role: roles come only from invitations, jury seats and contacts.
- Whether the provider's second factor counts: only where the provider is trusted for it and
  said so for this sign-in; otherwise Juryrum's own rule holds.
- Every sign-in, link and refusal leaves a SignInEvent.
"""

import json
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model, login
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import ExternalIdentity, IdentityProvider, SignInEvent
from accounts.security import SECOND_FACTOR_BY_PROVIDER, client_address

log = logging.getLogger("juryrum.sso")
BACKEND = "accounts.backends.UsernameOrEmailBackend"
# Session keys: which provider signed the person in, where to offer signing out of it, the
# link the person asked for and where to go afterwards. (Whether the provider's second factor
# stood in for Juryrum's is accounts.security.SECOND_FACTOR_BY_PROVIDER.)
SESSION_PROVIDER = "sso_provider"
SESSION_LOGOUT_URL = "sso_logout_url"
SESSION_LINK = "sso_link"
SESSION_NEXT = "sso_next"


class SignInRefused(Exception):
    """A sign-in that must not go on: `message` is for the person, `reason` for the trail."""

    def __init__(self, message: str, reason: str):
        super().__init__(message)
        self.message = message
        self.reason = reason


@dataclass
class Assertion:
    """What a provider vouched for in one sign-in, whatever the protocol."""

    subject: str
    email: str = ""
    email_verified: bool = False
    name: str = ""
    given_name: str = ""
    family_name: str = ""
    # amr and acr values (OpenID Connect) or authentication context classes (SAML).
    methods: set[str] = field(default_factory=set)
    logout_url: str = ""


def providers() -> list[IdentityProvider]:
    """Every enabled provider: those added in the admin, then those named in SSO_PROVIDERS
    (a JSON list of the model's fields, with `domains` as a list)."""
    found = list(IdentityProvider.objects.filter(enabled=True))
    known = {provider.slug for provider in found}
    for entry in environment_providers():
        if entry.slug not in known:
            found.append(entry)
    return found


def environment_providers() -> list[IdentityProvider]:
    """The providers SSO_PROVIDERS names. It is checked at start-up (accounts.checks); should
    a mistake get past that, the login page still works, with the password only."""
    try:
        made = []
        for entry in json.loads(settings.SSO_PROVIDERS or "[]"):
            entry = dict(entry)
            domains = entry.pop("domains", [])
            mfa_values = entry.pop("mfa_values", ["mfa"])
            made.append(
                IdentityProvider(
                    **entry, email_domains="\n".join(domains), mfa_values="\n".join(mfa_values)
                )
            )
    except (ValueError, TypeError, AttributeError) as error:
        log.error("SSO_PROVIDERS cannot be read (%s); `manage.py check` says why.", error)
        return []
    return made


def provider_get(slug: str, protocol: str | None = None) -> IdentityProvider | None:
    for provider in providers():
        if provider.slug == slug and (protocol is None or provider.protocol == protocol):
            return provider
    return None


def provider_for_domain(email: str) -> IdentityProvider | None:
    """The provider that people with this address must use, if a provider says so."""
    domain = email.rpartition("@")[2].strip().lower()
    if not domain:
        return None
    for provider in providers():
        if provider.password_blocked and domain in provider.domains:
            return provider
    return None


def asserted_second_factor(provider: IdentityProvider, assertion: Assertion) -> bool:
    return bool(provider.trust_mfa and assertion.methods & provider.mfa_markers)


def record(provider, outcome, request, *, user=None, assertion=None, reason="", mfa=False):
    SignInEvent.objects.create(
        provider=provider.slug,
        outcome=outcome,
        user=user,
        email=(assertion.email if assertion else "")[:254],
        subject=(assertion.subject if assertion else "")[:255],
        reason=reason[:255],
        second_factor=mfa,
        client_address=client_address(request) or None,
    )


def refuse(provider, request, refused: SignInRefused, assertion=None) -> None:
    record(
        provider, SignInEvent.Outcome.REFUSED, request, assertion=assertion, reason=refused.reason
    )


@transaction.atomic
def person_for(provider: IdentityProvider, assertion: Assertion, request, link_to=None):
    """The account this sign-in is for, linking the identity at its first use; raises
    SignInRefused when there is none or the provider may not speak for the address.
    `link_to` is the signed-in person who asked to link this provider to their account."""
    User = get_user_model()
    if not assertion.subject:
        raise SignInRefused(_("The sign-in service did not say who you are."), "no subject")
    identity = (
        ExternalIdentity.objects.select_related("user")
        .filter(provider=provider.slug, subject=assertion.subject)
        .first()
    )
    if identity is not None:
        if not identity.user.is_active:
            raise SignInRefused(_("This account is closed."), "inactive account")
        identity.last_used_at = timezone.now()
        identity.save(update_fields=["last_used_at"])
        return identity.user

    if link_to is not None:
        return _link(provider, assertion, link_to, request)

    email = assertion.email.strip()
    if not email or not assertion.email_verified:
        raise SignInRefused(
            _(
                "The sign-in service did not confirm your email address, so Juryrum cannot "
                "tell which account is yours."
            ),
            "email not verified",
        )
    if not provider.serves(email):
        raise SignInRefused(
            _("%(provider)s does not sign in people with addresses like %(email)s.")
            % {"provider": provider.name, "email": email},
            "email outside the provider's domains",
        )
    people = list(User.objects.filter(email__iexact=email, is_active=True)[:2])
    if len(people) == 1:
        return _link(provider, assertion, people[0], request)
    if not people and provider.create_accounts:
        user = User.objects.create_user(
            username=_free_username(User, email),
            email=email,
            first_name=assertion.given_name[:150],
            last_name=assertion.family_name[:150],
            display_name=assertion.name[:150],
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
        record(provider, SignInEvent.Outcome.CREATED, request, user=user, assertion=assertion)
        return _link(provider, assertion, user, request)
    raise SignInRefused(
        _(
            "Nobody in Juryrum has the address %(email)s. Ask the award's organisers, or the "
            "person who invited you, to invite this address."
        )
        % {"email": email},
        "unknown person",
    )


def _link(provider, assertion, user, request):
    ExternalIdentity.objects.create(
        user=user,
        provider=provider.slug,
        subject=assertion.subject,
        email=assertion.email[:254],
        last_used_at=timezone.now(),
    )
    record(provider, SignInEvent.Outcome.LINKED, request, user=user, assertion=assertion)
    return user


def _free_username(User, email: str) -> str:
    base = email.partition("@")[0][:140] or "person"
    name, number = base, 1
    while User.objects.filter(username__iexact=name).exists():
        number += 1
        name = f"{base}{number}"
    return name


def sign_in(provider: IdentityProvider, assertion: Assertion, request, link_to=None):
    """Resolve the person and start their session. Returns the user; raises SignInRefused."""
    user = person_for(provider, assertion, request, link_to)
    mfa = asserted_second_factor(provider, assertion)
    login(request, user, backend=BACKEND)
    request.session[SESSION_PROVIDER] = provider.slug
    if assertion.logout_url:
        request.session[SESSION_LOGOUT_URL] = assertion.logout_url
    if mfa:
        # The provider's second factor stands in for Juryrum's (accounts.middleware).
        request.session[SECOND_FACTOR_BY_PROVIDER] = True
    record(
        provider, SignInEvent.Outcome.SIGNED_IN, request, user=user, assertion=assertion, mfa=mfa
    )
    return user


def unlink(identity: ExternalIdentity, request) -> None:
    """Remove a link to a provider. Refused where it is the person's only way to sign in."""
    user = identity.user
    others = user.external_identities.exclude(pk=identity.pk).exists()
    if not others and not user.has_usable_password():
        raise SignInRefused(
            _("This is your only way to sign in, so the link stays."),
            "last way in",
        )
    identity.delete()
    provider = provider_get(identity.provider) or IdentityProvider(slug=identity.provider)
    assertion = Assertion(subject=identity.subject, email=identity.email)
    record(provider, SignInEvent.Outcome.UNLINKED, request, user=user, assertion=assertion)
