"""A nomination from the public to a municipality's entry in a real browser: a visitor
nominates Kiruna, the organiser verifies it, Kiruna's contact finds the opened entry, claims it
by writing the first answer, and reads the pages in English too."""

import pytest
from playwright.sync_api import expect

from awards.choices import NominationStatus
from awards.models import Answer, Nomination
from evaluation.management.commands.seed_demo import seed_demo
from tests import factories
from tests.browser.conftest import shot
from tests.browser.test_start_pages import sign_in
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo():
    award = seed_demo(phase="registration")
    return award.editions.get(year=2027)


def test_a_visitor_nominates_the_organiser_verifies_and_the_municipality_claims(
    page, live_server, demo
):
    page.goto(f"{live_server.url}{demo.get_absolute_url()}")
    page.get_by_role("link", name="Nominera en kommun").click()
    # Sent empty: the error summary takes focus and its links lead to the fields.
    page.get_by_role("button", name="Skicka nomineringen").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Det här behöver rättas")
    shot(page, "nomination-error-summary")
    summary.get_by_role("link", name="Ditt namn", exact=False).click()
    expect(page.get_by_label("Ditt namn")).to_be_focused()
    page.get_by_label("Kommun", exact=False).and_(page.locator("select")).select_option(
        label="Kiruna"
    )
    page.get_by_label("Ditt namn").fill("Nora Nominerare")
    page.get_by_label("Din e-postadress").fill("nora@example.org")
    page.get_by_label("Varför den här kommunen?").fill(
        "Kiruna flyttar en hel stadskärna och låter invånarna följa allt digitalt."
    )
    shot(page, "nomination-form")
    page.get_by_role("button", name="Skicka nomineringen").click()
    expect(page.locator("main")).to_contain_text("Tack!")
    nomination = Nomination.objects.get(municipality__name="Kiruna", edition=demo)

    sign_in(page, live_server.url, "admin")
    page.goto(f"{live_server.url}/manage/{demo.slug}/nominations/")
    row = page.locator("article").filter(has_text="Nora Nominerare")
    row.get_by_role("button", name="Godkänn och öppna ett bidrag").click()
    expect(page.locator("main")).to_contain_text("Nomineringen av Kiruna är")
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.VERIFIED
    page.get_by_role("button", name="Logga ut").click()

    factories.make_contact("Kiruna", "kiruna")
    sign_in(page, live_server.url, "kiruna", PASSWORD)
    page.get_by_role("link", name="Kiruna").first.click()
    page.locator(".task-list a").first.click()
    field = page.locator("main textarea").first
    field.fill("Vi tar gärna emot nomineringen och berättar om flytten.")
    page.locator("#save-status").get_by_text("Sparat kl.").wait_for()
    assert Answer.objects.filter(entry=nomination.entry, text__startswith="Vi tar gärna").exists()
    shot(page, "nomination-claimed")

    page.get_by_role("button", name="English").click()
    expect(page.locator("main")).to_contain_text("Save and continue")
    assert page.locator("html").get_attribute("lang") == "en"
