"""The sign-in services' admin page never shows the OpenID Connect client secret: it is
written, kept when the field is left empty, replaced, or removed on purpose."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import IdentityProvider
from tests import factories

pytestmark = pytest.mark.django_db

SECRET = "s3cr3t-från-entra-7Qx"


@pytest.fixture
def provider():
    return IdentityProvider.objects.create(
        slug="sundsvall",
        name="Sundsvalls kommun",
        protocol="oidc",
        issuer="https://login.example.org/tenant/v2.0",
        client_id="juryrum",
        client_secret=SECRET,
        email_domains="sundsvall.se",
    )


@pytest.fixture
def admin_client():
    client = Client()
    client.force_login(factories.make_user("platform_admin", is_superuser=True, is_staff=True))
    return client


def form_data(provider, **changes):
    return {
        "name": provider.name,
        "slug": provider.slug,
        "protocol": provider.protocol,
        "enabled": "on",
        "issuer": provider.issuer,
        "client_id": provider.client_id,
        "client_secret": "",
        "scopes": provider.scopes,
        "metadata_url": "",
        "metadata_xml": "",
        "idp_entity_id": "",
        "email_domains": provider.email_domains,
        "mfa_values": provider.mfa_values,
        **changes,
    }


def saved_secret(provider):
    return IdentityProvider.objects.get(pk=provider.pk).client_secret


def test_the_change_page_never_shows_the_secret(admin_client, provider):
    url = reverse("admin:accounts_identityprovider_change", args=[provider.pk])
    page = admin_client.get(url).content.decode()
    assert SECRET not in page
    assert 'type="password"' in page
    assert "En hemlighet är sparad." in page
    assert "/accounts/sso/sundsvall/oidc/callback/" in page  # what to give the provider


def test_an_empty_field_keeps_the_secret_a_new_one_replaces_it_and_it_can_be_removed(
    admin_client, provider
):
    url = reverse("admin:accounts_identityprovider_change", args=[provider.pk])
    assert admin_client.post(url, form_data(provider, name="Sundsvall")).status_code == 302
    assert saved_secret(provider) == SECRET
    assert IdentityProvider.objects.get(pk=provider.pk).name == "Sundsvall"
    admin_client.post(url, form_data(provider, client_secret=" ny-hemlighet "))
    assert saved_secret(provider) == "ny-hemlighet"
    admin_client.post(url, form_data(provider, forget_client_secret="on"))
    assert saved_secret(provider) == ""
    page = admin_client.get(url).content.decode()
    assert "En hemlighet är sparad." not in page


def test_a_new_provider_takes_its_secret_and_a_too_long_one_is_refused(admin_client):
    add = reverse("admin:accounts_identityprovider_add")
    new = IdentityProvider(
        name="Umeå kommun",
        slug="umea",
        protocol="oidc",
        issuer="https://login.example.org/umea/v2.0",
        client_id="juryrum",
        email_domains="umea.se",
    )
    response = admin_client.post(add, form_data(new, client_secret="x" * 256))
    assert response.status_code == 200
    assert "x" * 256 not in response.content.decode()
    assert not IdentityProvider.objects.filter(slug="umea").exists()
    assert admin_client.post(add, form_data(new, client_secret=SECRET)).status_code == 302
    assert IdentityProvider.objects.get(slug="umea").client_secret == SECRET
