"""A joint entry in a real browser: a contact of Malmö and Mora registers them with Stockholm;
Stockholm is invited, not added, and its own contact finds the invitation among its entries,
reads what joining means (on a phone too) and joins."""

import pytest
from playwright.sync_api import expect

from awards.models import Entry
from awards.services import contact_add
from evaluation.management.commands.seed_demo import seed_demo
from tests import factories
from tests.browser.conftest import shot
from tests.browser.test_start_pages import sign_in, sign_out
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo():
    award = seed_demo(phase="registration")
    both = factories.make_contact("Malmö", "malmo_och_mora")
    contact_add(municipality=factories.municipality("Mora"), user=both)
    factories.make_contact("Stockholm", "stockholm")
    return award.editions.get(year=2027)


def test_a_partner_is_invited_and_joins_by_its_own_contact(page, live_server, demo):
    base = live_server.url
    sign_in(page, base, "malmo_och_mora", PASSWORD)
    page.goto(f"{base}/entries/")
    page.get_by_role("link", name="Anmäl ett bidrag").first.click()
    expect(page.locator("h1")).to_contain_text("Anmäl")
    page.locator("#id_municipality").select_option(label="Malmö")
    page.locator("#id_partners").select_option(label=["Mora", "Stockholm"])
    page.get_by_role("button", name="Anmäl", exact=True).click()
    main = page.locator("main")
    expect(main).to_contain_text("Stockholm kommer med när någon av kommunens kontaktpersoner")
    expect(main).to_contain_text("Stockholm: väntar på svar")
    entry = Entry.objects.get(edition=demo, municipalities__name="Malmö")
    assert sorted(m.name for m in entry.municipalities.all()) == ["Malmö", "Mora"]
    shot(page, "joint-entry-invited")
    sign_out(page)

    sign_in(page, base, "stockholm", PASSWORD)
    page.goto(f"{base}/entries/")
    expect(main).to_contain_text("Inbjudningar till gemensamma bidrag")
    page.get_by_role("link", name="Stockholm är inbjuden till ”Malmö, Mora”", exact=False).click()
    expect(main).to_contain_text("Vad det innebär att gå med")
    shot(page, "joint-entry-invitation")
    page.set_viewport_size({"width": 375, "height": 800})
    shot(page, "joint-entry-invitation-375")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Ja, Stockholm går med").click()
    expect(main).to_contain_text("Stockholm är nu med i bidraget")
    expect(page.locator("h1")).to_have_text("Malmö, Mora, Stockholm")
    assert sorted(m.name for m in entry.municipalities.all()) == ["Malmö", "Mora", "Stockholm"]
