"""OpenID Connect sign-in, spoken by Authlib: discovery from the issuer's
/.well-known/openid-configuration, the code flow with PKCE (S256), and the ID token checked for
its signature (the issuer's published keys), issuer, audience, expiry and nonce. What the
provider vouched for goes to accounts.sso as an Assertion."""

from urllib.parse import urlencode

import requests
from authlib.integrations.base_client import OAuthError
from authlib.integrations.django_client import OAuth
from django.urls import reverse
from django.utils.translation import gettext as _
from joserfc.errors import JoseError

from accounts.sso import Assertion, SignInRefused

TIMEOUT_SECONDS = 10


def discovery_url(provider) -> str:
    return provider.issuer.rstrip("/") + "/.well-known/openid-configuration"


def callback_path(provider) -> str:
    return reverse("accounts:oidc-callback", args=[provider.slug])


def _client(provider):
    oauth = OAuth()
    oauth.register(
        provider.slug,
        client_id=provider.client_id,
        client_secret=provider.client_secret,
        server_metadata_url=discovery_url(provider),
        client_kwargs={
            "scope": provider.scopes,
            "code_challenge_method": "S256",
            "default_timeout": TIMEOUT_SECONDS,
        },
    )
    return oauth.create_client(provider.slug)


def start(request, provider):
    """The redirect to the provider's sign-in page; state, nonce and the PKCE verifier wait in
    the session."""
    client = _client(provider)
    try:
        return client.authorize_redirect(
            request, request.build_absolute_uri(callback_path(provider))
        )
    except (requests.RequestException, ValueError, KeyError) as error:
        raise _unreachable(provider, error) from error


def finish(request, provider) -> Assertion:
    """Check the provider's answer and say what it vouched for; raises SignInRefused."""
    client = _client(provider)
    try:
        token = client.authorize_access_token(request)
        metadata = client.load_server_metadata()
    except OAuthError as error:
        raise SignInRefused(
            _("The sign-in did not complete. Please try again."),
            f"{error.error}: {error.description or ''}".strip(": "),
        ) from error
    except JoseError as error:
        raise SignInRefused(
            _("The sign-in service's answer could not be trusted. Please try again."),
            f"id token: {error.error}: {error.description or ''}".strip(": "),
        ) from error
    except (requests.RequestException, ValueError, KeyError) as error:
        raise _unreachable(provider, error) from error
    if metadata.get("issuer", "").rstrip("/") != provider.issuer.rstrip("/"):
        raise SignInRefused(
            _("The sign-in service's answer could not be trusted. Please try again."),
            "issuer in the discovery document differs from the configured issuer",
        )
    claims = dict(token.get("userinfo") or {})
    if not claims:
        raise SignInRefused(
            _("The sign-in service did not say who you are."), "no id token in the answer"
        )
    if not claims.get("email"):
        try:
            extra = client.userinfo(token=token)
        except (OAuthError, requests.RequestException, ValueError) as error:
            raise _unreachable(provider, error) from error
        if extra.get("sub") == claims["sub"]:
            claims = {**extra, **claims}
    methods = {str(value) for value in claims.get("amr") or []}
    if claims.get("acr"):
        methods.add(str(claims["acr"]))
    return Assertion(
        subject=str(claims.get("sub", "")),
        email=str(claims.get("email") or ""),
        email_verified=claims.get("email_verified") is True or provider.vouches_for_addresses,
        name=str(claims.get("name") or ""),
        given_name=str(claims.get("given_name") or ""),
        family_name=str(claims.get("family_name") or ""),
        methods=methods,
        logout_url=_logout_url(request, provider, metadata, token),
    )


def _logout_url(request, provider, metadata, token) -> str:
    """Where to sign out of the provider too (RP-initiated logout), if it has such a place."""
    endpoint = metadata.get("end_session_endpoint")
    if not endpoint:
        return ""
    query = {
        "client_id": provider.client_id,
        "post_logout_redirect_uri": request.build_absolute_uri(reverse("awards:home")),
    }
    if token.get("id_token"):
        query["id_token_hint"] = token["id_token"]
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{urlencode(query)}"


def _unreachable(provider, error) -> SignInRefused:
    return SignInRefused(
        _("%(provider)s cannot be reached just now. Please try again in a while.")
        % {"provider": provider.name},
        f"provider unreachable: {type(error).__name__}",
    )
