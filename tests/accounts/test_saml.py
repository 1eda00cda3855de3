"""Signing in with SAML 2.0, against a pysaml2 identity provider on loopback: signed
assertions only, for this service provider only, each used once."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from accounts.models import ExternalIdentity, IdentityProvider, SamlRequest, SignInEvent
from accounts.security import SECOND_FACTOR_BY_PROVIDER
from tests import factories
from tests.sso_servers import require_xmlsec1, saml_identity_provider

pytestmark = pytest.mark.django_db
MFA = "https://refeds.org/profile/mfa"
PEOPLE = {
    "gun@sundsvall.se": {"subject": "gun-persistent-id", "name": "Gun Gustafsson", "context": MFA},
    "hans@sundsvall.se": {"subject": "hans-persistent-id"},
}


@pytest.fixture(scope="module")
def idp():
    require_xmlsec1()
    with saml_identity_provider(PEOPLE) as provider:
        yield provider


@pytest.fixture
def provider(idp, client):
    provider = IdentityProvider.objects.create(
        slug="federation",
        name="Sundsvalls kommun (SAML)",
        protocol=IdentityProvider.Protocol.SAML,
        metadata_url=f"{idp.url}/metadata",
        email_domains="sundsvall.se",
        emails_verified=True,
        trust_mfa=True,
        mfa_values=MFA,
    )
    idp.sign, idp.audience = True, None
    idp.sp_metadata = client.get(reverse("accounts:saml-metadata", args=["federation"])).content
    return provider


@pytest.fixture
def gun():
    user = factories.make_contact("Sundsvall", "gun")
    user.email = "gun@sundsvall.se"
    user.save(update_fields=["email"])
    return user


def answer(client, idp, email, next_url=""):
    """Start at Juryrum, sign in at the identity provider; returns the ACS path and the
    provider's SAMLResponse as its page would post them."""
    query = f"?next={next_url}" if next_url else ""
    response = client.get(reverse("accounts:sso-start", args=["federation"]) + query)
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == "/sso/redirect"
    saml_request = parse_qs(location.query)["SAMLRequest"][0]
    destination, saml_response = idp.respond(saml_request, "", email)
    return urlsplit(destination).path, saml_response


def refused(response, reason_part):
    assert response.status_code == 403
    assert "_auth_user_id" not in response.wsgi_request.session
    event = SignInEvent.objects.filter(outcome="refused").get()
    assert reason_part in event.reason, event.reason
    return response.content.decode()


def test_the_metadata_names_the_service_provider_and_its_acs(client, provider):
    response = client.get(reverse("accounts:saml-metadata", args=["federation"]))
    assert response["Content-Type"] == "application/samlmetadata+xml"
    xml = response.content.decode()
    assert 'entityID="http://testserver/accounts/sso/federation/saml/metadata/"' in xml
    assert 'Location="http://testserver/accounts/sso/federation/saml/acs/"' in xml
    assert 'WantAssertionsSigned="true"' in xml


def test_a_signed_assertion_signs_a_contact_in(client, idp, provider, gun):
    path, saml_response = answer(client, idp, "gun@sundsvall.se", next_url="/start/")
    response = client.post(path, {"SAMLResponse": saml_response})
    assert response.status_code == 302
    assert response["Location"] == "/start/"
    assert client.session["_auth_user_id"] == str(gun.pk)
    assert client.session[SECOND_FACTOR_BY_PROVIDER] is True  # the MFA context was asserted
    identity = ExternalIdentity.objects.get()
    assert (identity.user, identity.subject) == (gun, "gun-persistent-id")
    assert not SamlRequest.objects.exists()


def test_a_password_context_does_not_count_as_a_second_factor(client, idp, provider):
    hans = factories.make_user("hans", email="hans@sundsvall.se")
    path, saml_response = answer(client, idp, "hans@sundsvall.se")
    client.post(path, {"SAMLResponse": saml_response})
    assert client.session["_auth_user_id"] == str(hans.pk)
    assert SECOND_FACTOR_BY_PROVIDER not in client.session


def test_an_unsigned_assertion_is_refused(client, idp, provider, gun):
    idp.sign = False
    path, saml_response = answer(client, idp, "gun@sundsvall.se")
    page = refused(client.post(path, {"SAMLResponse": saml_response}), "Signature")
    assert "gick inte att lita på" in page
    assert not ExternalIdentity.objects.exists()


def test_an_assertion_for_another_audience_is_refused(client, idp, provider, gun):
    idp.audience = "https://another-service.example/metadata"
    path, saml_response = answer(client, idp, "gun@sundsvall.se")
    refused(client.post(path, {"SAMLResponse": saml_response}), "AudienceRestrictions")
    assert not ExternalIdentity.objects.exists()


def test_a_replayed_assertion_is_refused(client, idp, provider, gun):
    path, saml_response = answer(client, idp, "gun@sundsvall.se")
    assert client.post(path, {"SAMLResponse": saml_response}).status_code == 302
    client.logout()
    SignInEvent.objects.all().delete()
    page = refused(client.post(path, {"SAMLResponse": saml_response}), "Unsolicited")
    assert "gick inte att lita på" in page
    assert "_auth_user_id" not in client.session


def test_an_empty_or_garbled_answer_is_refused_without_an_error(client, provider):
    path = reverse("accounts:saml-acs", args=["federation"])
    refused(client.post(path, {}), "no response")
    SignInEvent.objects.all().delete()
    refused(client.post(path, {"SAMLResponse": "not base64 at all"}), "no valid assertion")


@pytest.mark.parametrize(
    ("metadata", "reason"),
    [
        ("<not-metadata/>", "identity provider not found in the metadata"),
        ("<broken", "metadata unusable"),
    ],
)
def test_a_provider_with_unusable_metadata_is_explained_not_an_error(client, metadata, reason):
    IdentityProvider.objects.create(
        slug="broken", name="Trasig federation", protocol="saml", metadata_xml=metadata
    )
    response = client.get(reverse("accounts:sso-start", args=["broken"]))
    assert response.status_code == 200
    assert "Trasig federation är inte rätt inställd" in response.content.decode()
    assert SignInEvent.objects.get().reason.startswith(reason)
