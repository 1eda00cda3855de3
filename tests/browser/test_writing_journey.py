"""A municipality contact writes the entry in the browser, sees autosave and the word counter,
and submits it, in Swedish; the same pages work in English."""

import pytest
from playwright.sync_api import expect

from awards.models import Answer, Attachment, Entry
from evaluation.management.commands.seed_demo import seed_demo
from tests.browser.conftest import shot
from tests.browser.test_start_pages import sign_in

pytestmark = pytest.mark.django_db(transaction=True)
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def demo():
    seed_demo(phase="registration")
    return Entry.objects.get(edition__year=2027, title="Upplands-Bro")


def test_contact_writes_with_autosave_and_submits(page, live_server, demo):
    sign_in(page, live_server.url, "upplandsbro")
    page.goto(f"{live_server.url}{demo.get_absolute_url()}")
    page.get_by_role("link", name="1. Egenbeskrivning").click()
    lessons = page.get_by_label("Vilka lärdomar har kommunen dragit?")
    lessons.fill("Att börja i det lilla och dela med sig av resultaten.")
    assert page.get_by_text("11 av 300 ord").is_visible()
    page.locator("#save-status").get_by_text("Sparat kl.").wait_for()
    assert Answer.objects.get(
        entry=demo, question__position=3, question__section__position=1
    ).text.startswith("Att börja i det lilla")
    page.get_by_role("button", name="Spara och fortsätt").click()
    page.get_by_label("Kommunens resultat i senaste mätningen av digital mognad, i procent").fill(
        "61,5"
    )
    page.get_by_role("button", name="Spara", exact=True).click()
    page.get_by_label("Bifoga en fil").set_input_files(
        files=[{"name": "strategi.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="Ladda upp").click()
    expect(page.locator("main")).to_contain_text("strategi.pdf")
    assert Attachment.objects.filter(entry=demo, original_name="strategi.pdf").exists()
    shot(page, "writing-attached")
    page.get_by_role("link", name="Granska och skicka in").click()
    # Check your answers: every answer with a change link, how to submit said before the form.
    expect(page.locator("main")).to_contain_text("Att börja i det lilla")
    expect(page.locator("main")).to_contain_text("Kryssa i rutan")
    shot(page, "writing-check-answers")
    # Submitted without the tick: the error summary takes focus and leads to the box.
    page.get_by_role("button", name="Skicka in bidraget").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    summary.get_by_role("link").first.click()
    confirm = page.get_by_label("Vi har läst igenom våra svar och vill skicka in dem till juryn.")
    expect(confirm).to_be_focused()
    demo.refresh_from_db()
    assert demo.state == "draft"
    confirm.check()
    page.get_by_role("button", name="Skicka in bidraget").click()
    expect(page.locator("main")).to_contain_text("Bidraget är inskickat")
    expect(page.locator("main")).to_contain_text("Ert kvitto")
    expect(page.get_by_role("link", name="Ladda ner bidraget som PDF")).to_be_visible()
    shot(page, "writing-confirmation")
    demo.refresh_from_db()
    assert demo.state == "submitted"


def test_contact_writes_in_english_without_losing_anything(page, live_server, demo):
    sign_in(page, live_server.url, "upplandsbro")
    page.get_by_role("button", name="English").click()
    page.goto(f"{live_server.url}{demo.get_absolute_url()}")
    page.locator(".task-list a").first.click()
    field = page.get_by_label("What lessons has the municipality drawn?")
    field.fill("ord " * 301)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("main")).to_contain_text("at most 300 words are allowed")
    assert (
        page.get_by_label("What lessons has the municipality drawn?")
        .input_value()
        .startswith("ord ord")
    )
