"""Signing in with OpenID Connect, against a real provider on loopback (oidc-provider-mock):
the code flow with PKCE, and every way a sign-in must be refused."""

import json
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail
from django.urls import reverse

from accounts.checks import sso_providers_check
from accounts.models import ExternalIdentity, IdentityProvider, SignInEvent
from accounts.personal_data import anonymise
from accounts.security import SECOND_FACTOR_BY_PROVIDER
from evaluation.choices import JuryRole
from evaluation.services import jury_invite
from tests import factories
from tests.sso_servers import keys_swapped, oidc_authorize, oidc_provider

pytestmark = pytest.mark.django_db

PEOPLE = {
    "anna-sub": {
        "email": "anna@sundsvall.se",
        "email_verified": True,
        "name": "Anna Andersson",
        "amr": ["pwd", "mfa"],
    },
    "bo-sub": {"email": "bo@sundsvall.se", "email_verified": True, "amr": ["pwd"]},
    "unverified-sub": {"email": "anna@sundsvall.se", "email_verified": False, "amr": ["mfa"]},
    "stranger-sub": {"email": "okand@sundsvall.se", "email_verified": True},
    "outside-sub": {"email": "anna@example.com", "email_verified": True},
    "dora-sub": {"email": "dora@sundsvall.se", "email_verified": True, "amr": ["mfa"]},
}


@pytest.fixture(scope="module")
def issuer():
    with oidc_provider(PEOPLE) as url:
        yield url


@pytest.fixture
def provider(issuer):
    return IdentityProvider.objects.create(
        slug="entra",
        name="Sundsvalls kommun",
        protocol=IdentityProvider.Protocol.OIDC,
        issuer=issuer,
        client_id="juryrum",
        client_secret="secret",
        email_domains="sundsvall.se",
        trust_mfa=True,
    )


@pytest.fixture
def edition():
    return factories.make_edition()


@pytest.fixture
def anna(edition):
    user = factories.make_jury_member(edition, JuryRole.JUROR, "anna")
    user.email = "anna@sundsvall.se"
    user.save(update_fields=["email"])
    return user


def start(client, slug="entra", query=""):
    response = client.get(reverse("accounts:sso-start", args=[slug]) + query)
    assert response.status_code == 302, response.content[:300]
    return response["Location"]


def come_back(client, location):
    parts = urlsplit(location)
    return client.get(f"{parts.path}?{parts.query}")


def sign_in(client, sub, slug="entra", query="", tamper=None):
    return come_back(client, oidc_authorize(start(client, slug, query), sub, tamper))


def refused(response, reason_part: str):
    assert response.status_code == 403
    assert "_auth_user_id" not in response.wsgi_request.session
    event = SignInEvent.objects.get()
    assert event.outcome == SignInEvent.Outcome.REFUSED
    assert reason_part in event.reason
    return response.content.decode()


def test_code_flow_with_pkce_signs_a_juror_in_without_juryrums_code(client, provider, anna):
    authorize = start(client)
    query = parse_qs(urlsplit(authorize).query)
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) >= 43
    assert query["nonce"][0]
    assert query["state"][0]
    assert query["scope"] == ["openid email profile"]

    response = come_back(client, oidc_authorize(authorize, "anna-sub"))

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(anna.pk)
    assert client.session[SECOND_FACTOR_BY_PROVIDER] is True
    identity = ExternalIdentity.objects.get()
    assert (identity.user, identity.provider, identity.subject) == (anna, "entra", "anna-sub")
    outcomes = list(SignInEvent.objects.order_by("pk").values_list("outcome", "second_factor"))
    assert outcomes == [("linked", False), ("signed_in", True)]
    # A juror must use a second factor: the provider's counts, so the jury page opens.
    page = client.get(reverse("start"), follow=True)
    assert reverse("accounts:two-factor") not in page.redirect_chain[-1][0]
    assert page.status_code == 200


def test_without_mfa_from_the_provider_juryrums_own_code_is_asked(client, provider, edition):
    bo = factories.make_jury_member(edition, JuryRole.JUROR, "bo")
    bo.email = "bo@sundsvall.se"
    bo.save(update_fields=["email"])
    sign_in(client, "bo-sub")
    assert client.session["_auth_user_id"] == str(bo.pk)
    response = client.get(reverse("start"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two-factor"))


def test_mfa_from_an_untrusted_provider_does_not_count(client, provider, anna):
    provider.trust_mfa = False
    provider.save()
    sign_in(client, "anna-sub")
    assert SECOND_FACTOR_BY_PROVIDER not in client.session
    assert client.get(reverse("start"))["Location"].startswith(reverse("accounts:two-factor"))


def test_the_linked_identity_is_used_the_next_time(client, provider, anna):
    sign_in(client, "anna-sub")
    client.logout()
    anna.email = "anna.andersson@sundsvall.se"  # the address changed; the subject did not
    anna.save(update_fields=["email"])
    sign_in(client, "anna-sub")
    assert client.session["_auth_user_id"] == str(anna.pk)
    assert ExternalIdentity.objects.count() == 1
    assert ExternalIdentity.objects.get().last_used_at is not None


def test_a_wrong_state_is_refused(client, provider, anna):
    location = oidc_authorize(start(client), "anna-sub")
    parts = urlsplit(location)
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    response = client.get(parts.path, {**query, "state": "forged"})
    page = refused(response, "mismatching_state")
    assert "Inloggningen blev inte klar" in page
    assert not ExternalIdentity.objects.exists()


def test_a_wrong_nonce_is_refused(client, provider, anna):
    response = sign_in(client, "anna-sub", tamper={"nonce": "someone-elses-nonce"})
    page = refused(response, "nonce")
    assert "gick inte att lita på" in page


def test_an_expired_id_token_is_refused(client, anna):
    with oidc_provider(PEOPLE, access_token_max_age=timedelta(hours=-1)) as expired_issuer:
        IdentityProvider.objects.create(
            slug="old", name="Old", protocol="oidc", issuer=expired_issuer, client_id="juryrum"
        )
        response = sign_in(client, "anna-sub", slug="old")
    refused(response, "expired")


def test_an_id_token_signed_by_a_key_the_issuer_does_not_publish_is_refused(client, issuer, anna):
    with oidc_provider(PEOPLE) as other, keys_swapped(issuer, other) as proxied:
        IdentityProvider.objects.create(
            slug="forged", name="Forged", protocol="oidc", issuer=proxied, client_id="juryrum"
        )
        response = sign_in(client, "anna-sub", slug="forged")
    refused(response, "id token")


def test_an_unverified_email_address_is_refused(client, provider, anna):
    page = refused(sign_in(client, "unverified-sub"), "email not verified")
    assert "bekräftade inte din e-postadress" in page
    assert not ExternalIdentity.objects.exists()


def test_an_address_outside_the_providers_domains_is_refused(client, provider):
    factories.make_user("anna2", email="anna@example.com")
    page = refused(sign_in(client, "outside-sub"), "domains")
    assert "loggar inte in personer med adresser som anna@example.com" in page


def test_an_unknown_person_is_told_whom_to_ask_and_no_account_is_made(
    client, provider, django_user_model
):
    before = django_user_model.objects.count()
    page = refused(sign_in(client, "stranger-sub"), "unknown person")
    assert "Ingen i Juryrum har adressen okand@sundsvall.se" in page
    assert "Be utmärkelsens arrangörer" in page
    assert django_user_model.objects.count() == before


def test_an_unknown_person_gets_an_account_without_roles_where_configured(
    client, provider, django_user_model
):
    provider.create_accounts = True
    provider.save()
    sign_in(client, "stranger-sub")
    user = django_user_model.objects.get(email="okand@sundsvall.se")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert not user.has_usable_password()
    assert not user.jury_seats.exists()
    assert not user.is_staff
    assert SignInEvent.objects.filter(outcome="created", user=user).exists()


def test_a_signed_in_person_links_the_provider_to_their_account(client, provider):
    person = factories.make_user("cecilia", email="cecilia@privat.example")
    client.force_login(person)
    response = sign_in(client, "stranger-sub", query="?link=1&next=/accounts/security/")
    assert response["Location"] == "/accounts/security/"
    identity = ExternalIdentity.objects.get()
    assert (identity.user, identity.subject) == (person, "stranger-sub")
    page = client.get(reverse("accounts:security")).content.decode()
    assert "Sundsvalls kommun som okand@sundsvall.se" in page


def test_an_invitation_is_accepted_through_the_provider(client, provider, edition):
    member = jury_invite(
        edition=edition, email="dora@sundsvall.se", name="Dora", role=JuryRole.JUROR
    )
    invitation = member.user.invitations.get()
    url = reverse("awards:invitation-accept", args=[invitation.token])
    page = client.get(url).content.decode()
    assert "Logga in med Sundsvalls kommun" in page
    response = sign_in(client, "dora-sub", query=f"?next={url}")
    assert response["Location"] == url
    page = client.get(url).content.decode()
    assert "new_password1" not in page  # no Juryrum password is needed
    response = client.post(url)
    assert response["Location"] == reverse("start")
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert not member.user.__class__.objects.get(pk=member.user.pk).has_usable_password()
    assert client.get(reverse("start"), follow=True).status_code == 200
    assert len(mail.outbox) <= 1


def test_signing_out_offers_the_providers_sign_out(client, provider, anna, issuer):
    sign_in(client, "anna-sub")
    response = client.post(reverse("accounts:logout"))
    page = response.content.decode()
    assert "_auth_user_id" not in client.session
    assert f"{issuer}/oauth2/end_session?" in page
    assert "id_token_hint=" in page
    assert "post_logout_redirect_uri=" in page


def test_password_sign_in_is_blocked_for_a_domain_that_must_use_its_provider(client, provider):
    factories.make_user("erik", email="erik@sundsvall.se")
    provider.password_blocked = True
    provider.save()
    for typed in ("erik", "erik@sundsvall.se"):
        response = client.post(
            reverse("accounts:login"), {"username": typed, "password": factories.PASSWORD}
        )
        assert response.status_code == 200
        assert "Personer med adress på sundsvall.se loggar in med Sundsvalls kommun" in (
            response.content.decode()
        )
        assert "_auth_user_id" not in client.session
    response = client.post(reverse("accounts:password-reset"), {"email": "erik@sundsvall.se"})
    assert "har inget lösenord här" in response.content.decode()
    assert mail.outbox == []
    # Other domains still sign in with a password.
    factories.make_user("fia", email="fia@example.org")
    response = client.post(
        reverse("accounts:login"), {"username": "fia", "password": factories.PASSWORD}
    )
    assert response.status_code == 302


def test_the_login_page_offers_each_provider(client, provider):
    page = client.get(reverse("accounts:login") + "?next=/start/").content.decode()
    assert "Logga in med Sundsvalls kommun" in page
    assert reverse("accounts:sso-start", args=["entra"]) + "?next=/start/" in page


def test_an_unknown_or_disabled_provider_is_not_found(client, provider):
    assert client.get(reverse("accounts:sso-start", args=["nobody"])).status_code == 404
    provider.enabled = False
    provider.save()
    assert client.get(reverse("accounts:sso-start", args=["entra"])).status_code == 404


def test_an_unreachable_provider_gets_a_clear_page(client):
    IdentityProvider.objects.create(
        slug="down", name="Nere", protocol="oidc", issuer="http://localhost:9", client_id="x"
    )
    response = client.get(reverse("accounts:sso-start", args=["down"]))
    assert response.status_code == 200
    assert "Nere kan inte nås just nu" in response.content.decode()


def test_a_provider_named_in_the_environment_signs_people_in(client, issuer, anna, settings):
    entry = {
        "slug": "env",
        "name": "Från miljön",
        "protocol": "oidc",
        "issuer": issuer,
        "client_id": "juryrum",
        "domains": ["sundsvall.se"],
        "trust_mfa": True,
    }
    settings.SSO_PROVIDERS = json.dumps([entry])
    assert "Logga in med Från miljön" in client.get(reverse("accounts:login")).content.decode()
    sign_in(client, "anna-sub", slug="env")
    assert client.session["_auth_user_id"] == str(anna.pk)
    assert client.session[SECOND_FACTOR_BY_PROVIDER] is True


def test_anonymising_a_person_removes_their_identities_and_their_sign_in(client, provider, anna):
    sign_in(client, "anna-sub")
    client.logout()
    anonymise(anna)
    assert not ExternalIdentity.objects.exists()
    assert not SignInEvent.objects.filter(email="anna@sundsvall.se").exists()
    SignInEvent.objects.all().delete()
    refused(sign_in(client, "anna-sub"), "unknown person")  # the subject leads nowhere now


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("{not json", "not valid JSON"),
        ('{"slug": "x"}', "must be a JSON list"),
        ('[{"slug": "x", "name": "X", "protocol": "oidc"}]', "needs 'issuer'"),
        ('[{"slug": "x", "name": "X", "protocol": "saml"}]', "needs 'metadata_url'"),
        ('[{"slug": "x", "name": "X", "protocol": "ldap"}]', "protocol must be oidc or saml"),
        (
            '[{"slug": "x", "name": "X", "protocol": "oidc", "issuer": "h", "client_id": "c", '
            '"tenant": "t"}]',
            "unknown keys: tenant",
        ),
    ],
)
def test_a_mistyped_sso_providers_setting_stops_the_start_with_a_message(settings, value, message):
    settings.SSO_PROVIDERS = value
    errors = sso_providers_check(None)
    assert any(message in error.msg for error in errors), errors


def test_the_documented_sso_providers_setting_passes_the_check(settings):
    settings.SSO_PROVIDERS = json.dumps(
        [
            {
                "slug": "entra",
                "name": "Sundsvalls kommun",
                "protocol": "oidc",
                "issuer": "https://login.microsoftonline.com/t/v2.0",
                "client_id": "c",
                "client_secret": "s",
                "domains": ["sundsvall.se"],
                "emails_verified": True,
                "trust_mfa": True,
                "mfa_values": ["mfa"],
            },
            {
                "slug": "federation",
                "name": "Skolfederation",
                "protocol": "saml",
                "metadata_url": "https://md.example.se/metadata.xml",
                "idp_entity_id": "i",
                "domains": ["sundsvall.se"],
                "emails_verified": True,
                "trust_mfa": True,
                "mfa_values": ["https://refeds.org/profile/mfa"],
            },
        ]
    )
    assert sso_providers_check(None) == []


def test_a_person_removes_a_link_but_not_their_only_way_in(client, provider, anna):
    sign_in(client, "anna-sub")
    identity = ExternalIdentity.objects.get()
    url = reverse("accounts:sso-unlink", args=[identity.pk])
    # Someone else's link is not theirs to remove.
    other = factories.make_user("olle")
    other_client = client.__class__()
    other_client.force_login(other)
    assert other_client.post(url).status_code == 404
    # Anna has a password too, so the link can go.
    response = client.post(url, follow=True)
    assert "Kopplingen är borttagen" in response.content.decode()
    assert not ExternalIdentity.objects.exists()
    assert SignInEvent.objects.filter(outcome="unlinked", user=anna).exists()


def test_the_last_way_in_is_not_removed(client, provider, anna):
    anna.set_unusable_password()
    anna.save()
    sign_in(client, "anna-sub")
    identity = ExternalIdentity.objects.get()
    response = client.post(reverse("accounts:sso-unlink", args=[identity.pk]), follow=True)
    assert "Det här är ditt enda sätt att logga in" in response.content.decode()
    assert ExternalIdentity.objects.filter(pk=identity.pk).exists()


@pytest.mark.parametrize("providers", [1, 6])
def test_the_sign_in_pages_run_the_same_queries_however_many_providers(
    client, anna, providers, django_assert_max_num_queries
):
    for number in range(providers):
        IdentityProvider.objects.create(
            slug=f"p{number}", name=f"Kommun {number}", protocol="oidc", issuer="http://x"
        )
        ExternalIdentity.objects.create(user=anna, provider=f"p{number}", subject=f"s{number}")
    with django_assert_max_num_queries(1):
        assert client.get(reverse("accounts:login")).status_code == 200
    client.force_login(anna)
    # Session, person, device; providers, identities; the second factor's two; the menu's three.
    with django_assert_max_num_queries(10):
        page = client.get(reverse("accounts:security"))
    assert page.content.decode().count("Ta bort kopplingen till") == providers
