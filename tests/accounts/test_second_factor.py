"""The second factor: jury members and organisers set up an authenticator app at their first
sign-in and type its code at every sign-in after; recovery codes work once; contacts may turn
it on and off for themselves."""

import re
from base64 import b32decode

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from evaluation.choices import JuryRole
from tests import factories
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def sign_in(client, user):
    return client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})


def unthrottle(user):
    """django-otp pauses a device a little after each wrong code; a person waits it out."""
    for model in (TOTPDevice, StaticDevice):
        model.objects.filter(user=user).update(
            throttling_failure_timestamp=None, throttling_failure_count=0
        )


def code_for(device) -> str:
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)  # as if the next code came
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"


@pytest.fixture
def juror():
    edition = factories.make_edition()
    return factories.make_jury_member(edition, JuryRole.JUROR, "anna")


@pytest.fixture
def contact():
    return factories.make_contact("Växjö", "vaxjo")


def test_a_juror_sets_up_an_authenticator_at_first_sign_in(juror):
    client = Client()
    response = sign_in(client, juror)
    assert response.status_code == 302
    # Every page leads to the second step until it is done.
    jury_home = client.get(reverse("start"))
    assert jury_home["Location"].startswith(reverse("accounts:two-factor"))
    assert client.get(jury_home["Location"])["Location"].startswith(
        reverse("accounts:two-factor-setup")
    )
    page = client.get(reverse("accounts:two-factor-setup")).content.decode()
    assert "data:image/svg+xml" in page
    key = re.search(r'class="otp-key">([A-Z2-7 ]+)<', page).group(1).replace(" ", "")

    wrong = client.post(reverse("accounts:two-factor-setup"), {"token": "000000"})
    assert "Koden stämmer inte" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=juror, confirmed=True).exists()
    unthrottle(juror)

    token = f"{TOTP(b32decode(key + '=' * (-len(key) % 8))).token():06d}"
    response = client.post(reverse("accounts:two-factor-setup"), {"token": token})
    codes = re.findall(r"<li><code>(\w+)</code></li>", response.content.decode())
    assert len(codes) == 10
    assert TOTPDevice.objects.filter(user=juror, confirmed=True).count() == 1
    assert client.get(reverse("start")).status_code in (200, 302)
    assert not client.get(reverse("start")).get("Location", "").startswith("/accounts/two")


def test_password_alone_cannot_add_a_second_authenticator(juror):
    device = TOTPDevice.objects.create(user=juror, name="Telefon", confirmed=True)
    client = Client()
    sign_in(client, juror)
    response = client.get(reverse("accounts:two-factor-setup"))
    assert response["Location"].startswith(reverse("accounts:two-factor"))
    response = client.post(reverse("accounts:two-factor-setup"), {"token": "123456"})
    assert response["Location"].startswith(reverse("accounts:two-factor"))
    assert list(TOTPDevice.objects.filter(user=juror)) == [device]


def test_the_code_or_a_recovery_code_completes_sign_in_and_a_recovery_code_works_once(juror):
    device = TOTPDevice.objects.create(user=juror, name="Telefon", confirmed=True)
    from accounts.second_factor import new_recovery_codes

    codes = new_recovery_codes(juror)
    client = Client()
    sign_in(client, juror)
    wrong = client.post(reverse("accounts:two-factor"), {"token": "12345"})
    assert "Koden stämmer inte" in wrong.content.decode()
    assert client.get(reverse("start"))["Location"].startswith(reverse("accounts:two-factor"))
    unthrottle(juror)
    response = client.post(reverse("accounts:two-factor"), {"token": code_for(device)})
    assert response["Location"] == reverse("start")

    again = Client()
    sign_in(again, juror)
    unthrottle(juror)
    response = again.post(reverse("accounts:two-factor"), {"token": codes[0]}, follow=True)
    assert "Du loggade in med en reservkod. 9 koder återstår" in response.content.decode()
    assert StaticToken.objects.filter(device__user=juror).count() == 9

    third = Client()
    sign_in(third, juror)
    reused = third.post(reverse("accounts:two-factor"), {"token": codes[0]})
    assert "Koden stämmer inte" in reused.content.decode()


def test_next_survives_the_second_step_but_never_leaves_the_site(juror):
    device = TOTPDevice.objects.create(user=juror, name="Telefon", confirmed=True)
    client = Client()
    sign_in(client, juror)
    target = reverse("accounts:security")
    step = client.get(target)
    assert step["Location"] == f"{reverse('accounts:two-factor')}?next=%2Faccounts%2Fsecurity%2F"
    response = client.post(
        reverse("accounts:two-factor"), {"token": code_for(device), "next": target}
    )
    assert response["Location"] == target
    other = Client()
    sign_in(other, juror)
    response = other.post(
        reverse("accounts:two-factor"),
        {"token": code_for(device), "next": "https://evil.example.com/"},
    )
    assert response["Location"] == reverse("start")


def test_a_juror_cannot_turn_the_second_factor_off(juror):
    client = Client()
    client.force_login(juror)
    page = client.get(reverse("accounts:security")).content.decode()
    assert "kan inte stängas av" in page
    response = client.post(reverse("accounts:second-factor-off"), follow=True)
    assert "Det går inte att göra för ditt konto." in response.content.decode()
    assert TOTPDevice.objects.filter(user=juror).exists()


def test_a_contact_signs_in_without_a_second_factor_and_may_turn_one_on_and_off(contact):
    client = Client()
    sign_in(client, contact)
    assert client.get(reverse("awards:entry-list")).status_code == 200
    page = client.get(reverse("accounts:security")).content.decode()
    assert reverse("accounts:two-factor-setup") in page

    page = client.get(reverse("accounts:two-factor-setup")).content.decode()
    key = re.search(r'class="otp-key">([A-Z2-7 ]+)<', page).group(1).replace(" ", "")
    token = f"{TOTP(b32decode(key + '=' * (-len(key) % 8))).token():06d}"
    client.post(reverse("accounts:two-factor-setup"), {"token": token})
    device = TOTPDevice.objects.get(user=contact, confirmed=True)

    # Now the contact's next sign-in asks for the code too.
    later = Client()
    sign_in(later, contact)
    assert later.get(reverse("awards:entry-list"))["Location"].startswith(
        reverse("accounts:two-factor")
    )
    later.post(reverse("accounts:two-factor"), {"token": code_for(device)})
    response = later.post(reverse("accounts:second-factor-off"), follow=True)
    assert "Tvåstegsverifieringen är avstängd" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=contact).exists()


def test_new_recovery_codes_replace_the_old(juror):
    from accounts.second_factor import new_recovery_codes

    old = new_recovery_codes(juror)
    client = Client()
    client.force_login(juror)
    response = client.post(reverse("accounts:recovery-codes-new"))
    new = re.findall(r"<li><code>(\w+)</code></li>", response.content.decode())
    assert len(new) == 10
    tokens = set(StaticToken.objects.filter(device__user=juror).values_list("token", flat=True))
    assert tokens == set(new)
    assert not tokens & set(old)


def test_without_the_requirement_a_juror_goes_straight_in(juror, settings):
    settings.REQUIRE_SECOND_FACTOR = False
    client = Client()
    sign_in(client, juror)
    response = client.get(reverse("start"))
    assert not response.get("Location", "").startswith("/accounts/two-factor")
