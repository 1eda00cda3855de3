"""Real identity providers on loopback for the single sign-on tests: no one here wrote their
protocol side.

- OpenID Connect: oidc-provider-mock (Authlib's provider, on Werkzeug), one per test module.
- SAML 2.0: a pysaml2 identity provider (xmlsec1 signs), behind a small WSGI app that plays the
  provider's login page.
"""

import base64
import datetime as dt
import html
import os
import re
import shutil
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests
import werkzeug.serving
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from oidc_provider_mock import User, run_server_in_thread

XMLSEC1 = shutil.which("xmlsec1") or "/usr/bin/xmlsec1"


def require_xmlsec1() -> None:
    """SAML signatures need xmlsec1: skip without it, except where everything must run."""
    if shutil.which("xmlsec1"):
        return
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail("xmlsec1 is missing: apt-get install xmlsec1", pytrace=False)
    pytest.skip("xmlsec1 is missing (apt-get install xmlsec1)")


@contextmanager
def oidc_provider(users: dict[str, dict], **options):
    """An OpenID Connect provider that requires a nonce; `users` maps subjects to their claims.
    Yields its issuer URL."""
    claims = [User(sub=sub, claims=values) for sub, values in users.items()]
    with run_server_in_thread(port=0, require_nonce=True, user_claims=claims, **options) as server:
        yield f"http://localhost:{server.server_port}"


@contextmanager
def _serve(app):
    server = werkzeug.serving.make_server("localhost", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"http://localhost:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(2)
        server.server_close()


@contextmanager
def keys_swapped(issuer: str, other_issuer: str):
    """A loopback proxy for `issuer` that publishes `other_issuer`'s signing keys instead of
    its own: the issuer's ID tokens are then signed by a key it does not publish. The issuer
    answers as the proxy (it names itself from X-Forwarded-Host). Yields the proxy's URL."""

    def app(environ, start_response):
        path = environ.get("PATH_INFO", "")
        query = environ.get("QUERY_STRING", "")
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else None
        target = other_issuer if path == "/jwks" else issuer
        headers = {
            key[5:].replace("_", "-").title(): value
            for key, value in environ.items()
            if key.startswith("HTTP_") and key not in ("HTTP_HOST",)
        }
        if environ.get("CONTENT_TYPE"):
            headers["Content-Type"] = environ["CONTENT_TYPE"]
        headers["X-Forwarded-Host"] = environ["HTTP_HOST"]
        headers["X-Forwarded-Proto"] = "http"
        answer = requests.request(
            environ["REQUEST_METHOD"],
            f"{target}{path}{'?' + query if query else ''}",
            data=body,
            headers=headers,
            allow_redirects=False,
            timeout=10,
        )
        passed = [
            (key, value)
            for key, value in answer.headers.items()
            if key.lower()
            not in ("content-length", "transfer-encoding", "connection", "content-encoding")
        ]
        start_response(f"{answer.status_code} {answer.reason}", passed)
        return [answer.content]

    with _serve(app) as url:
        yield url


def oidc_authorize(authorize_url: str, sub: str, tamper: dict | None = None) -> str:
    """Sign in at the provider's login page as `sub` (as a person would click it) and return
    where the provider sends the browser back: the callback URL with code and state.
    `tamper` changes parameters of the request on its way, as an attacker in the middle would."""
    if tamper:
        parts = urlsplit(authorize_url)
        query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        authorize_url = parts._replace(query=urlencode({**query, **tamper})).geturl()
    answer = requests.post(authorize_url, data={"sub": sub}, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text[:500]
    return answer.headers["Location"]


# SAML ------------------------------------------------------------------------------------------


def _key_and_certificate(folder: Path, name: str) -> tuple[Path, Path]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    key_path, cert_path = folder / f"{name}.key", folder / f"{name}.crt"
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return key_path, cert_path


class SamlIdentityProvider:
    """A pysaml2 identity provider. `people` maps an email address to the NameID and the
    authentication context it is asserted with. What it does wrong on purpose is set per test:
    `sign` (False: the assertion is unsigned) and `audience` (another service provider's)."""

    def __init__(self, url: str, folder: Path, people: dict[str, dict]):
        from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
        from saml2.config import IdPConfig
        from saml2.metadata import entity_descriptor
        from saml2.server import Server

        self.url = url
        self.people = people
        self.sign = True
        self.audience = None
        self.sp_metadata: str | None = None
        key, cert = _key_and_certificate(folder, "idp")
        self._config = {
            "entityid": f"{url}/metadata",
            "xmlsec_binary": XMLSEC1,
            "key_file": str(key),
            "cert_file": str(cert),
            "service": {
                "idp": {
                    "name": "Test-IdP",
                    "endpoints": {
                        "single_sign_on_service": [
                            (f"{url}/sso/redirect", BINDING_HTTP_REDIRECT),
                            (f"{url}/sso/post", BINDING_HTTP_POST),
                        ]
                    },
                    "policy": {
                        "default": {
                            "lifetime": {"minutes": 15},
                            "name_form": "urn:oasis:names:tc:SAML:2.0:attrname-format:uri",
                        }
                    },
                    "name_id_format": ["urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"],
                }
            },
        }
        self._Server, self._IdPConfig = Server, IdPConfig
        config = IdPConfig()
        config.load(dict(self._config))
        self.metadata = str(entity_descriptor(config))
        self.BINDING_HTTP_POST = BINDING_HTTP_POST
        self.BINDING_HTTP_REDIRECT = BINDING_HTTP_REDIRECT

    def server(self, sp_metadata: str):
        config = self._IdPConfig()
        config.load({**self._config, "metadata": {"inline": [sp_metadata]}})
        return self._Server(config=config)

    def respond(self, saml_request: str, relay_state: str, email: str) -> tuple[str, str]:
        """The identity provider's answer to a request, after `email` signed in: the ACS URL
        and the SAMLResponse, as its auto-posting page would send them."""
        from saml2.saml import NAMEID_FORMAT_PERSISTENT, NameID

        person = self.people[email]
        sp_metadata = self.sp_metadata or requests.get(self._issuer(saml_request), timeout=10).text
        server = self.server(sp_metadata)
        parsed = server.parse_authn_request(saml_request, self.BINDING_HTTP_REDIRECT)
        request = parsed.message
        destination = request.assertion_consumer_service_url
        response = server.create_authn_response(
            identity={"mail": [email], "displayName": [person.get("name", email)]},
            in_response_to=request.id,
            destination=destination,
            sp_entity_id=self.audience or request.issuer.text,
            name_id=NameID(format=NAMEID_FORMAT_PERSISTENT, text=person["subject"]),
            authn={
                "class_ref": person.get(
                    "context", "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"
                ),
                "authn_auth": self._config["entityid"],
            },
            sign_assertion=self.sign,
            sign_response=False,
        )
        return destination, base64.b64encode(str(response).encode()).decode()

    @staticmethod
    def _issuer(saml_request: str) -> str:
        """The requesting service provider's entity ID, which is its metadata's address."""
        from saml2.s_utils import decode_base64_and_inflate

        xml = decode_base64_and_inflate(saml_request).decode()
        return html.unescape(re.search(r"<(?:\w+:)?Issuer[^>]*>([^<]+)<", xml).group(1))

    def wsgi(self, environ, start_response):
        """The provider's pages: its metadata, and a login page that signs in whoever's
        address is typed and posts the answer back."""
        path = environ.get("PATH_INFO", "")
        if path == "/metadata":
            start_response("200 OK", [("Content-Type", "application/samlmetadata+xml")])
            return [self.metadata.encode()]
        query = {
            key: values[-1] for key, values in parse_qs(environ.get("QUERY_STRING", "")).items()
        }
        if path == "/sso/redirect":
            page = f"""<!doctype html><html lang="en"><head><title>Test-IdP</title></head>
<body><main><h1>Test-IdP sign-in</h1>
<form method="post" action="/login"><label for="email">Email</label>
<input id="email" name="email">
<input type="hidden" name="SAMLRequest" value="{html.escape(query.get("SAMLRequest", ""))}">
<input type="hidden" name="RelayState" value="{html.escape(query.get("RelayState", ""))}">
<button type="submit">Sign in</button></form></main></body></html>"""
            start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
            return [page.encode()]
        if path == "/login":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            form = {
                key: values[-1]
                for key, values in parse_qs(environ["wsgi.input"].read(length).decode()).items()
            }
            destination, response = self.respond(
                form["SAMLRequest"], form.get("RelayState", ""), form["email"]
            )
            page = f"""<!doctype html><html lang="en"><head><title>Test-IdP</title></head>
<body onload="document.forms[0].submit()"><main>
<form method="post" action="{html.escape(destination)}">
<input type="hidden" name="SAMLResponse" value="{response}">
<button type="submit">Continue</button></form></main></body></html>"""
            start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
            return [page.encode()]
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found"]


@contextmanager
def saml_identity_provider(people: dict[str, dict]):
    """A pysaml2 identity provider on loopback. Yields it; its metadata is at .url/metadata."""
    with tempfile.TemporaryDirectory() as folder:
        holder = {}

        def app(environ, start_response):
            return holder["idp"].wsgi(environ, start_response)

        with _serve(app) as url:
            holder["idp"] = SamlIdentityProvider(url, Path(folder), people)
            yield holder["idp"]
