"""Every demo role signs in through the real login form and lands on its own start page."""

import re
from base64 import b32decode

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from evaluation.management.commands.seed_demo import DEFAULT_PASSWORD, seed_demo

pytestmark = pytest.mark.django_db(transaction=True)

EDITION = "sveriges-digitaliseringskommun-2027"
LANDINGS = {
    # username: (path it lands on, text on that page)
    "admin": ("/start/", "Dina sidor"),
    "chair": (f"/jury/{EDITION}/", "Leda juryn"),
    "juror1": (f"/jury/{EDITION}/", "Bidrag som du läser"),
    "juror2": (f"/jury/{EDITION}/", "Dina jävsanmälningar"),
    "expert1": (f"/jury/{EDITION}/", "Expert vid platsbesök"),
    "vaxjo": ("/entries/", "Våra bidrag"),
    "sundsvall": ("/entries/", "Våra bidrag"),
    "upplandsbro": ("/entries/", "Våra bidrag"),
}


@pytest.fixture
def demo():
    seed_demo(phase="evaluation")


def current_code(username) -> str:
    """What the person's authenticator app shows now. The device's replay guard is reset first,
    as if they had waited for the next 30-second code: a journey signs in more often than that."""
    device = TOTPDevice.objects.get(user__username=username, confirmed=True)
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    token = TOTP(device.bin_key, device.step, device.t0, device.digits).token()
    return f"{token:0{device.digits}d}"


def second_step(page, username):
    """The second factor, as the person would: set it up on first sign-in (scanning is typing
    the key into the app), or type the app's code."""
    if "/accounts/two-factor/setup/" in page.url:
        key = page.locator(".otp-key").inner_text().replace(" ", "")
        bin_key = b32decode(key + "=" * (-len(key) % 8))
        page.get_by_label("Kod").fill(f"{TOTP(bin_key).token():06d}")
        page.get_by_role("button", name="Slå på").click()
        page.get_by_role("link", name="Jag har sparat dem, fortsätt").click()
        page.wait_for_load_state("domcontentloaded")
    elif "/accounts/two-factor/" in page.url:
        page.get_by_label("Kod").fill(current_code(username))
        page.get_by_role("button", name="Fortsätt").click()
        page.wait_for_load_state("domcontentloaded")


def sign_in(page, base, username, password=DEFAULT_PASSWORD):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Användarnamn eller e-postadress").fill(username)
    page.get_by_label("Lösenord").fill(password)
    page.locator("main").get_by_role("button", name="Logga in").click()
    page.wait_for_load_state("domcontentloaded")
    second_step(page, username)


def sign_out(page):
    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_load_state("domcontentloaded")


def test_every_demo_user_signs_in_and_lands_on_own_start_page(page, live_server, demo):
    """One after the other at the same computer, as at a demo: each signs in through the real
    form, lands on their own start page in Swedish, and signs out."""
    for username, (path, text) in LANDINGS.items():
        sign_in(page, live_server.url, username)
        assert page.url == f"{live_server.url}{path}", username
        assert text in page.locator("main").inner_text(), username
        assert page.locator("html").get_attribute("lang") == "sv"
        if username == "juror2":  # conflicted with Växjö: it is not on their list
            entries = page.get_by_role("list").filter(
                has=page.get_by_role("link", name="Sundsvall")
            )
            assert "Växjö" not in entries.inner_text()
            assert "Sundsvall" in entries.inner_text()
        sign_out(page)
        assert page.get_by_role("link", name="Logga in").is_visible(), username


def test_a_visitor_finds_the_skip_link_a_phone_sized_page_and_a_clear_sign_in_error(
    page, browser, live_server, demo
):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Hoppa till innehållet"
    page.keyboard.press("Enter")
    # The fragment is set as the browser follows the link, not always before press() returns.
    expect(page).to_have_url(re.compile(r"#main$"))

    sign_in(page, live_server.url, "vaxjo", "not the password")
    assert page.url.startswith(f"{live_server.url}/accounts/login/")
    expect(page.locator("main")).to_contain_text("hör inte till något konto")

    phone = browser.new_context(viewport={"width": 375, "height": 800})
    small = phone.new_page()
    small.goto(live_server.url + "/")
    width = small.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page scrolls sideways at 375 px ({width} px wide)"
    # On a phone the header is one row; its "Meny" opens the links and the sign-in.
    assert small.locator(".site-header").bounding_box()["height"] < 70
    expect(small.get_by_role("link", name="Logga in")).to_be_hidden()
    small.get_by_text("Meny").click()
    expect(small.get_by_role("link", name="Logga in")).to_be_visible()
    phone.close()


def test_switching_to_english_and_signing_out(page, live_server, demo):
    sign_in(page, live_server.url, "vaxjo")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state("domcontentloaded")
    assert page.get_by_role("heading", level=1).inner_text() == "Our entries"
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state("domcontentloaded")
    assert re.search(r"/$", page.url)
    assert page.get_by_role("link", name="Sign in").is_visible()
