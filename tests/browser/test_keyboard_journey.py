"""The municipality journey with the keyboard alone: no mouse, no clicks. Each control is
reached with Tab (within a bounded number of presses, so it is in the tab order and visible to
focus) and used with Enter, Space or typing."""

import pytest
from playwright.sync_api import expect

from awards.models import Answer, Entry
from evaluation.management.commands.seed_demo import DEFAULT_PASSWORD, seed_demo
from tests.browser.conftest import shot

pytestmark = pytest.mark.django_db(transaction=True)


def tab_to(page, locator, limit=80):
    """Press Tab until the locator has the focus; fail if it never does."""
    handle = locator.element_handle()
    for presses in range(limit):
        if presses or not page.evaluate("(el) => document.activeElement === el", handle):
            page.keyboard.press("Tab")
        if page.evaluate("(el) => document.activeElement === el", handle):
            outline = page.evaluate("(el) => getComputedStyle(el).outlineStyle", handle)
            assert outline != "none", f"the focus on {locator} must be visible"
            return
    raise AssertionError(f"{locator} cannot be reached with Tab")


@pytest.fixture
def demo():
    seed_demo(phase="registration")
    return Entry.objects.get(edition__year=2027, title="Upplands-Bro")


def test_a_contact_writes_and_submits_with_the_keyboard_alone(page, live_server, demo):
    page.goto(f"{live_server.url}/")
    tab_to(page, page.get_by_role("link", name="Logga in"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/accounts/login/**")
    tab_to(page, page.get_by_label("Användarnamn eller e-postadress"))  # focused on opening
    page.keyboard.type("upplandsbro")
    tab_to(page, page.get_by_label("Lösenord"))
    page.keyboard.type(DEFAULT_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/entries/")

    tab_to(page, page.locator("main").get_by_role("link", name="Upplands-Bro").first)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{demo.get_absolute_url()}")
    tab_to(page, page.get_by_role("link", name="1. Egenbeskrivning"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/sections/1/")

    tab_to(page, page.get_by_label("Vilka lärdomar har kommunen dragit?"))
    page.keyboard.press("Control+a")
    page.keyboard.type("Att dela med sig.")
    tab_to(page, page.get_by_role("button", name="Spara och fortsätt"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/sections/2/")
    assert Answer.objects.filter(entry=demo, text="Att dela med sig.").exists()

    tab_to(
        page,
        page.get_by_label("Kommunens resultat i senaste mätningen av digital mognad, i procent"),
    )
    page.keyboard.press("Control+a")
    page.keyboard.type("61,5")
    tab_to(page, page.get_by_role("button", name="Spara", exact=True))
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text("Sparat kl.")
    tab_to(page, page.get_by_role("link", name="Granska och skicka in"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/submit/")
    tab_to(
        page, page.get_by_label("Vi har läst igenom våra svar och vill skicka in dem till juryn.")
    )
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name="Skicka in bidraget"))
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text("Bidraget är inskickat")
    shot(page, "keyboard-submitted")
    demo.refresh_from_db()
    assert demo.state == "submitted"
