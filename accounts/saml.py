"""SAML 2.0 sign-in, spoken by pysaml2 (signatures checked by xmlsec1): Juryrum is the service
provider. Assertions must be signed, be meant for this service provider (audience), answer a
request Juryrum made (no unsolicited answers) and be used once. What the identity provider
vouched for goes to accounts.sso as an Assertion."""

import logging
from datetime import timedelta
from pathlib import Path

import requests
from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.client import Saml2Client
from saml2.config import SPConfig
from saml2.metadata import entity_descriptor

from accounts.models import SamlRequest
from accounts.sso import Assertion, SignInRefused

log = logging.getLogger("juryrum.sso")
TIMEOUT_SECONDS = 10
# How long a request waits for its answer: a person typing a password and a code.
ANSWER_WITHIN = timedelta(minutes=15)
EMAIL_ATTRIBUTES = ("mail", "email", "emailAddress", "urn:oid:0.9.2342.19200300.100.1.3")


def metadata_url(request, provider) -> str:
    """The service provider's entity ID: its metadata's own address."""
    return request.build_absolute_uri(reverse("accounts:saml-metadata", args=[provider.slug]))


def acs_url(request, provider) -> str:
    return request.build_absolute_uri(reverse("accounts:saml-acs", args=[provider.slug]))


def _config(request, provider, *, with_idp: bool = True) -> SPConfig:
    config = {
        "entityid": metadata_url(request, provider),
        "xmlsec_binary": settings.SAML_XMLSEC_BINARY,
        "allow_unknown_attributes": True,
        "accepted_time_diff": 60,
        "service": {
            "sp": {
                "name": provider.name,
                "endpoints": {
                    "assertion_consumer_service": [(acs_url(request, provider), BINDING_HTTP_POST)]
                },
                "allow_unsolicited": False,
                "want_assertions_signed": True,
                "want_response_signed": False,
                "authn_requests_signed": bool(settings.SAML_KEY_FILE),
            }
        },
    }
    if settings.SAML_KEY_FILE and settings.SAML_CERT_FILE:
        config["key_file"] = settings.SAML_KEY_FILE
        config["cert_file"] = settings.SAML_CERT_FILE
        config["encryption_keypairs"] = [
            {"key_file": settings.SAML_KEY_FILE, "cert_file": settings.SAML_CERT_FILE}
        ]
    if with_idp:
        config["metadata"] = {"inline": [_idp_metadata(provider)]}
    sp_config = SPConfig()
    sp_config.load(config)
    return sp_config


def _idp_metadata(provider) -> str:
    """The identity provider's metadata: pasted in, a file (file:///…, e.g. a federation's
    metadata kept fresh by the deployment) or fetched from its address."""
    if provider.metadata_xml.strip():
        return provider.metadata_xml
    if provider.metadata_url.startswith("file://"):
        return Path(provider.metadata_url.removeprefix("file://")).read_text()
    try:
        response = requests.get(provider.metadata_url, timeout=TIMEOUT_SECONDS)
        response.raise_for_status()
    except requests.RequestException as error:
        raise SignInRefused(
            _("%(provider)s cannot be reached just now. Please try again in a while.")
            % {"provider": provider.name},
            f"metadata unreachable: {type(error).__name__}",
        ) from error
    return response.text


def _client(request, provider) -> Saml2Client:
    """A service provider that knows the identity provider's metadata; a provider whose
    metadata cannot be read is refused with words, not a server error."""
    try:
        return Saml2Client(_config(request, provider))
    except SignInRefused:
        raise
    except Exception as error:
        log.warning("SAML provider %s: metadata unusable: %s", provider.slug, error)
        raise SignInRefused(
            _("%(provider)s is not set up correctly. Please tell the award's organisers.")
            % {"provider": provider.name},
            f"metadata unusable: {type(error).__name__}",
        ) from error


def metadata_xml(request, provider) -> str:
    return str(entity_descriptor(_config(request, provider, with_idp=False)))


def start(request, provider, *, next_url: str, link_to=None):
    """The redirect to the identity provider with a new authentication request, remembered in
    the database until its answer comes."""
    client = _client(request, provider)
    idps = list(client.metadata.identity_providers())
    idp = provider.idp_entity_id or (idps[0] if len(idps) == 1 else "")
    if idp not in idps:
        raise SignInRefused(
            _("%(provider)s is not set up correctly. Please tell the award's organisers.")
            % {"provider": provider.name},
            "identity provider not found in the metadata",
        )
    request_id, info = client.prepare_for_authenticate(entityid=idp, binding=BINDING_HTTP_REDIRECT)
    SamlRequest.objects.filter(created_at__lt=timezone.now() - ANSWER_WITHIN).delete()
    SamlRequest.objects.create(
        request_id=request_id, provider=provider.slug, next_url=next_url, link_user=link_to
    )
    return redirect(dict(info["headers"])["Location"])


def finish(request, provider) -> tuple[Assertion, SamlRequest]:
    """Check the identity provider's answer and say what it vouched for; raises
    SignInRefused."""
    xml = request.POST.get("SAMLResponse", "")
    if not xml:
        raise SignInRefused(_("The sign-in did not complete. Please try again."), "no response")
    waiting = SamlRequest.objects.filter(
        provider=provider.slug, created_at__gte=timezone.now() - ANSWER_WITHIN
    )
    outstanding = {pending.request_id: acs_url(request, provider) for pending in waiting}
    client = _client(request, provider)
    try:
        response = client.parse_authn_request_response(xml, BINDING_HTTP_POST, outstanding)
    except Exception as error:
        log.info("SAML response refused: %s: %s", type(error).__name__, error)
        raise SignInRefused(
            _("The sign-in service's answer could not be trusted. Please try again."),
            f"{type(error).__name__}: {error}"[:255],
        ) from error
    if response is None or response.assertion is None:
        raise SignInRefused(
            _("The sign-in service's answer could not be trusted. Please try again."),
            "no valid assertion",
        )
    # Used once: a second post of the same answer finds no request waiting for it.
    pending = waiting.filter(request_id=response.in_response_to).select_related("link_user").first()
    if pending is None or not SamlRequest.objects.filter(pk=pending.pk).delete()[0]:
        raise SignInRefused(
            _("This sign-in has already been used. Please sign in again."), "replayed response"
        )
    identity = response.get_identity()
    email = next((identity[name][0] for name in EMAIL_ATTRIBUTES if identity.get(name)), "")
    methods = {str(ref) for ref, *_rest in response.authn_info()}
    return (
        Assertion(
            subject=str(response.name_id.text) if response.name_id is not None else "",
            email=str(email),
            email_verified=provider.vouches_for_addresses,
            name=str((identity.get("displayName") or [""])[0]),
            given_name=str((identity.get("givenName") or [""])[0]),
            family_name=str((identity.get("sn") or identity.get("surname") or [""])[0]),
            methods=methods,
        ),
        pending,
    )
