"""The whole first half of an award in a real browser: an organiser starts the next edition from
a copy of the 2023 one, sets its timeline and opens it, invites Växjö's new contact; the contact
chooses a password, registers Växjö, writes the answers, submits and gets a receipt."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from awards.models import Entry, Invitation
from awards.tasks import send_entry_receipt, send_invitation
from evaluation.management.commands.seed_demo import seed_demo
from tests.browser.test_start_pages import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo():
    seed_demo(phase="announced")


def test_from_a_copied_edition_to_a_submitted_entry(page, live_server, demo):
    base = live_server.url
    sign_in(page, base, "admin")
    page.goto(f"{base}/manage/sveriges-digitaliseringskommun-2023/copy/")
    page.get_by_label("År").fill("2029")
    page.get_by_label("Kortnamn i adresser").fill("sdk-2029")
    page.get_by_role("button", name="Skapa omgången").click()
    expect(page.locator("main")).to_contain_text("är skapad med enkäten från 2023")

    page.get_by_label("Anmälan öppnar").fill("2026-11-01T09:00")
    page.get_by_label("Sista dag för självvärdering").fill("2029-04-15T23:59")
    page.get_by_label("Slutnominerade offentliggörs").fill("2029-06-10T10:00")
    page.get_by_label("Vinnaren offentliggörs").fill("2029-11-13T19:30")
    page.get_by_label("Arrangörernas e-postadress").fill("pris@example.org")
    page.get_by_role("button", name="Spara", exact=True).click()
    expect(page.locator("main")).to_contain_text("Inställningarna är sparade")
    page.get_by_label("Flytta till").select_option("registration")
    page.get_by_role("button", name="Flytta omgången").click()
    expect(page.locator("main")).to_contain_text("Anmälan och självvärdering")

    # The edition's page says now and next, and leads to the stage's tools.
    page.goto(f"{base}/manage/sdk-2029/")
    panel = page.locator(".now-next")
    expect(panel).to_contain_text("Nu: Anmälan är öppen. 0 av 0 bidrag inskickade.")
    expect(panel).to_contain_text("Nästa steg: Sista dag · 15 april 2029 kl. 23.59")
    expect(page.locator(".current-stage")).to_contain_text("Just nu")
    page.locator(".current-stage").get_by_role(
        "link", name="Kontaktpersoner och inbjudningar"
    ).click()
    page.get_by_label("Kommun").select_option(label="Växjö")
    page.get_by_label("E-postadress").fill("ny.digital@vaxjo.example.org")
    page.get_by_label("Namn", exact=True).fill("Nora Nyström")
    page.get_by_role("button", name="Skicka inbjudan").click()
    expect(page.locator("main")).to_contain_text("är nu kontaktperson för Växjö")
    page.get_by_role("button", name="Logga ut").click()

    invitation = Invitation.objects.get(email="ny.digital@vaxjo.example.org")
    send_invitation.call(invitation.pk)  # what the task worker does
    link = re.search(r"https?://[^/\s]+(/invitation/\S+/)", mail.outbox[-1].body).group(1)
    page.goto(base + link)
    page.locator("#id_new_password1").fill("ett långt lösenord för Växjö 2029")
    page.locator("#id_new_password2").fill("ett långt lösenord för Växjö 2029")
    page.get_by_role("button", name="Spara lösenordet och fortsätt").click()
    expect(page.locator("main")).to_contain_text("Du företräder nu Växjö")

    page.get_by_role("link", name="Anmäl ett bidrag").click()
    page.get_by_label("Våra svar får publiceras i omgångens publikation.").check()
    page.get_by_role("button", name="Anmäl", exact=True).click()
    page.get_by_role("link", name="Börja skriva").click()
    for label in (
        "Vad är kommunen mest stolt över?",
        "Vilken effekt har det fått?",
        "Vilka lärdomar har kommunen dragit?",
    ):
        page.get_by_label(label).fill(f"Svar från Växjö: {label}")
    page.get_by_role("button", name="Spara och fortsätt").click()
    page.get_by_label(re.compile("digital mognad")).fill("71")
    page.get_by_role("button", name="Spara", exact=True).click()
    page.get_by_role("link", name="Granska och skicka in").click()
    page.get_by_label("Vi har läst igenom våra svar och vill skicka in dem till juryn.").check()
    page.get_by_role("button", name="Skicka in bidraget").click()
    expect(page.locator("main")).to_contain_text("Bidraget är inskickat")

    entry = Entry.objects.get(edition__slug="sdk-2029")
    assert (entry.state, entry.title, entry.publication_consent) == ("submitted", "Växjö", True)
    assert send_entry_receipt.call(entry.pk, invitation.user_id) >= 1
    receipt = next(
        m for m in mail.outbox if m.to == ["ny.digital@vaxjo.example.org"] and "Kvitto" in m.subject
    )
    assert "Svar från Växjö: Vilken effekt har det fått?" in receipt.body
