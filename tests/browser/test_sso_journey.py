"""Invited people accept and sign in through their organisation's own sign-in, in chromium:
a juror through an OpenID Connect provider, a municipal contact through a SAML identity
provider. Neither chooses a Juryrum password; the juror, whose provider asserted a second
factor, is not asked for Juryrum's code either."""

import pytest
from playwright.sync_api import expect

from accounts.models import ExternalIdentity, IdentityProvider, SignInEvent
from awards.services import contact_invite
from evaluation.choices import JuryRole
from evaluation.services import jury_invite
from tests import factories
from tests.browser.conftest import shot
from tests.sso_servers import oidc_provider, require_xmlsec1, saml_identity_provider

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_invited_juror_accepts_and_signs_in_through_openid_connect(page, live_server):
    edition = factories.make_edition()
    member = jury_invite(
        edition=edition, email="dora@sundsvall.se", name="Dora Dahl", role=JuryRole.JUROR
    )
    invitation_url = f"{live_server.url}/invitation/{member.user.invitations.get().token}/"
    people = {"dora-sub": {"email": "dora@sundsvall.se", "email_verified": True, "amr": ["mfa"]}}
    with oidc_provider(people) as issuer:
        IdentityProvider.objects.create(
            slug="entra",
            name="Sundsvalls kommun",
            protocol="oidc",
            issuer=issuer,
            client_id="juryrum",
            client_secret="secret",
            email_domains="sundsvall.se",
            trust_mfa=True,
        )
        page.goto(invitation_url)
        shot(page, "sso-invitation")
        page.get_by_role("link", name="Logga in med Sundsvalls kommun").click()
        # The provider's own sign-in page.
        page.get_by_role("button", name="Authorize as dora-sub").click()
        page.wait_for_load_state("domcontentloaded")
        assert page.url == invitation_url
        expect(page.get_by_label("Nytt lösenord")).to_have_count(0)
        page.get_by_role("button", name="Acceptera inbjudan").click()
        page.wait_for_load_state("domcontentloaded")

        assert page.url == f"{live_server.url}/jury/{edition.slug}/"
        expect(page.locator("main")).to_contain_text("Välkommen till juryn")
        shot(page, "sso-juror-landed")
        assert ExternalIdentity.objects.get().user == member.user
        assert SignInEvent.objects.filter(outcome="signed_in", second_factor=True).count() == 1

        # Signing out ends Juryrum's session and offers the provider's.
        page.get_by_role("button", name="Logga ut").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Du är utloggad från Juryrum")
        shot(page, "sso-signed-out")
        page.get_by_role("link", name="Logga ut från Sundsvalls kommun").click()
        assert page.url.startswith(f"{issuer}/oauth2/end_session?")

        # The next time, the login page offers the provider (and works on a phone).
        page.set_viewport_size({"width": 375, "height": 800})
        page.goto(f"{live_server.url}/accounts/login/")
        shot(page, "sso-login-375")
        page.get_by_role("link", name="Logga in med Sundsvalls kommun").click()
        page.get_by_role("button", name="Authorize as dora-sub").click()
        page.wait_for_url(f"{live_server.url}/jury/{edition.slug}/")


def test_an_invited_contact_accepts_and_signs_in_through_saml(page, live_server):
    require_xmlsec1()
    invitation = contact_invite(
        municipality=factories.municipality("Sundsvall"), email="gun@sundsvall.se", name="Gun"
    )
    invitation_url = f"{live_server.url}/invitation/{invitation.token}/"
    with saml_identity_provider({"gun@sundsvall.se": {"subject": "gun-id"}}) as idp:
        IdentityProvider.objects.create(
            slug="federation",
            name="Sundsvalls kommun (SAML)",
            protocol="saml",
            metadata_url=f"{idp.url}/metadata",
            email_domains="sundsvall.se",
            emails_verified=True,
        )
        page.goto(invitation_url)
        page.get_by_role("link", name="Logga in med Sundsvalls kommun (SAML)").click()
        # The identity provider's sign-in page, which posts the signed answer back.
        page.get_by_label("Email").fill("gun@sundsvall.se")
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(invitation_url)
        page.get_by_role("button", name="Acceptera inbjudan").click()
        page.wait_for_load_state("domcontentloaded")

    assert page.url == f"{live_server.url}/entries/"
    expect(page.locator("main")).to_contain_text("Sundsvall")
    shot(page, "sso-contact-landed")
    assert ExternalIdentity.objects.get(provider="federation").subject == "gun-id"
