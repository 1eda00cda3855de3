"""Start-up checks of the single sign-on settings, so that a mistyped SSO_PROVIDERS stops the
deployment with a message instead of breaking the login page."""

import json

from django.conf import settings
from django.core.checks import Error, register

from accounts.models import IdentityProvider

FIELDS = {field.name for field in IdentityProvider._meta.fields} - {"id", "email_domains"}
REQUIRED = {
    IdentityProvider.Protocol.OIDC: ("issuer", "client_id"),
    IdentityProvider.Protocol.SAML: (),
}


@register()
def sso_providers_check(app_configs, **kwargs):
    try:
        entries = json.loads(settings.SSO_PROVIDERS or "[]")
    except ValueError as error:
        return [Error(f"SSO_PROVIDERS is not valid JSON: {error}", id="accounts.E001")]
    if not isinstance(entries, list):
        return [Error("SSO_PROVIDERS must be a JSON list of providers.", id="accounts.E001")]
    errors = []
    for number, entry in enumerate(entries, start=1):
        where = f"SSO_PROVIDERS entry {number}"
        if not isinstance(entry, dict):
            errors.append(Error(f"{where} is not an object.", id="accounts.E002"))
            continue
        unknown = set(entry) - FIELDS - {"domains"}
        if unknown:
            names = ", ".join(sorted(unknown))
            errors.append(Error(f"{where} has unknown keys: {names}.", id="accounts.E002"))
        for key in ("slug", "name", "protocol"):
            if not entry.get(key):
                errors.append(Error(f"{where} needs '{key}'.", id="accounts.E002"))
        protocol = entry.get("protocol")
        if protocol and protocol not in REQUIRED:
            errors.append(Error(f"{where}: protocol must be oidc or saml.", id="accounts.E002"))
        for key in REQUIRED.get(protocol, ()):
            if not entry.get(key):
                errors.append(Error(f"{where} ({protocol}) needs '{key}'.", id="accounts.E002"))
        if protocol == "saml" and not (entry.get("metadata_url") or entry.get("metadata_xml")):
            errors.append(
                Error(f"{where} (saml) needs 'metadata_url' or 'metadata_xml'.", id="accounts.E002")
            )
    return errors
