"""The jury's half of round 1 in a real browser: juror1 declares (confirming the conflict the
system suggests), scores Växjö and two others; juror2, conflicted with Växjö, cannot reach it
by any URL; the chair sees the disagreement flags and picks finalists; the organiser publishes
them and sends the outbox."""

import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from awards.models import Edition, Entry, OutboxMessage
from awards.tasks import send_outbox_message
from evaluation.management.commands.seed_demo import seed_demo
from evaluation.models import ConflictDeclaration, Scorecard
from tests.browser.conftest import shot
from tests.browser.test_start_pages import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

SLUG = "sveriges-digitaliseringskommun-2027"


@pytest.fixture
def demo():
    seed_demo(phase="evaluation")


def entry(title):
    return Entry.objects.get(edition__slug=SLUG, title=title)


def score_entry(page, base, title, steps):
    page.goto(f"{base}/jury/{SLUG}/rounds/1/")
    page.get_by_role("link", name=title, exact=True).click()
    # click() returns once the new page starts loading; wait until all its criteria are there.
    fieldsets = page.locator("main form fieldset")
    expect(fieldsets).to_have_count(len(steps))
    for fieldset, step in zip(fieldsets.all(), steps, strict=True):
        fieldset.locator(f"input[type=radio][value='{step}']").check()
    page.get_by_label("Samlad kommentar").fill(f"{title}: tydligt och väl underbyggt.")
    page.get_by_role("button", name="Skicka in poängen").click()
    expect(page.locator("main")).to_contain_text(f"Dina poäng för {title} är inskickade.")


def test_declare_score_shortlist_publish_and_send(page, live_server, demo):
    base = live_server.url

    # juror1 declares first: no entry's answers before that.
    sign_in(page, base, "juror1")
    page.goto(f"{base}/jury/{SLUG}/")
    expect(page.locator("main")).to_contain_text("Lämna din jävsdeklaration först")
    probe = page.context.new_page()  # its expected 404s are not console errors of the journey
    assert probe.goto(base + entry("Växjö").get_absolute_url()).status == 404
    probe.close()
    page.goto(f"{base}/jury/{SLUG}/declarations/")
    sundsvall = entry("Sundsvall")
    # The suggestion comes first; the other rows show their kind and note only for "Jäv".
    card = page.locator("fieldset.suggested")
    assert "Sundsvall" in card.inner_text()
    umea = entry("Umeå")
    expect(page.locator(f"#id_kind_{umea.pk}")).to_be_hidden()
    page.locator(f"input[name='choice_{umea.pk}'][value='yes']").check()
    expect(page.locator(f"#id_kind_{umea.pk}")).to_be_visible()
    page.locator(f"input[name='choice_{umea.pk}'][value='no']").check()
    expect(page.locator(f"#id_kind_{umea.pk}")).to_be_hidden()
    shot(page, "jury-declarations")
    page.locator(f"input[name='choice_{sundsvall.pk}'][value='yes']").check()
    page.locator(f"#id_note_{sundsvall.pk}").fill("Myndigheten samarbetar med kommunen.")
    page.get_by_role("button", name=re.compile("Spara, och inget jäv för alla")).click()
    expect(page.locator("main")).to_contain_text("Dina jävsdeklarationer är sparade.")
    declaration = ConflictDeclaration.objects.get(member__user__username="juror1", entry=sundsvall)
    assert declaration.has_conflict
    assert declaration.kind == "employment"  # preselected from the suggestion

    for title, steps in [("Växjö", [4, 4, 3, 4]), ("Umeå", [3, 3, 3, 2]), ("Luleå", [2, 1, 2, 2])]:
        score_entry(page, base, title, steps)
    shot(page, "jury-score")
    assert (
        Scorecard.objects.filter(
            member__user__username="juror1", submitted_at__isnull=False
        ).count()
        == 3
    )
    page.get_by_role("button", name="Logga ut").click()

    # juror2 is conflicted with Växjö: not found, whatever the URL.
    sign_in(page, base, "juror2")
    vaxjo = entry("Växjö")
    for url in (
        vaxjo.get_absolute_url(),
        f"/jury/{SLUG}/rounds/1/entries/{vaxjo.pk}/",
        f"/jury/{SLUG}/rounds/2/entries/{vaxjo.pk}/",
    ):
        probe = page.context.new_page()
        assert probe.goto(base + url).status == 404, url
        probe.close()
    page.goto(f"{base}/jury/{SLUG}/rounds/1/")
    assert "Växjö" not in page.locator("main").inner_text()
    probe = page.context.new_page()
    assert probe.goto(f"{base}/jury/{SLUG}/rounds/1/results/").status == 403
    probe.close()
    page.get_by_role("button", name="Logga ut").click()

    # The chair sees where the jury disagrees and picks the finalists.
    sign_in(page, base, "chair")
    page.goto(f"{base}/jury/{SLUG}/rounds/1/results/?flagged=1")
    results = page.locator("main").inner_text()
    assert "oenighet" in results
    shot(page, "jury-results")
    page.goto(f"{base}/jury/{SLUG}/shortlist/")
    for title, to in [
        ("Växjö", "long_list"),
        ("Växjö", "finalist"),
        ("Umeå", "long_list"),
        ("Umeå", "finalist"),
    ]:
        article = page.locator("article", has=page.get_by_role("heading", name=title))
        article.locator("summary").click()
        article.get_by_label("Flytta till").select_option(to)
        article.get_by_label("Motivering").fill(f"{title}: starkast i omgång 1.")
        article.get_by_role("button", name="Spara beslutet").click()
        assert "Slutnominerad" in page.locator("main").inner_text() or to == "long_list"
    assert set(
        Entry.objects.filter(edition__slug=SLUG, standing="finalist").values_list(
            "title", flat=True
        )
    ) == {"Växjö", "Umeå"}
    shot(page, "jury-shortlist")
    page.get_by_role("button", name="Logga ut").click()

    # The organiser publishes the finalists now and sends the outbox.
    sign_in(page, base, "admin")
    page.goto(f"{base}/jury/{SLUG}/shortlist/")
    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    page.get_by_label("Tidpunkt för publicering").fill(now)
    page.get_by_role("button", name="Ange tidpunkten").click()
    expect(page.locator("main")).to_contain_text("De slutnominerade är offentliga från")
    page.goto(f"{base}/manage/{SLUG}/outbox/")
    page.get_by_role("button", name="Förbered meddelanden till de anmälda").click()
    expect(page.locator("main")).to_contain_text("meddelanden förberedda för granskning")
    shot(page, "jury-outbox")
    page.get_by_role("button", name="Skicka de ikryssade meddelandena").click()
    expect(page.locator("main")).to_contain_text("köade för att skickas")
    queued = list(OutboxMessage.objects.filter(status="queued").values_list("pk", flat=True))
    assert queued
    for pk in queued:  # what the task worker does
        assert send_outbox_message.call(pk)
    recipients = {m.to[0] for m in mail.outbox}
    vaxjo_contacts = {c.user.email for m in vaxjo.municipalities.all() for c in m.contacts.all()}
    assert vaxjo_contacts <= recipients
    page.goto(f"{base}/manage/{SLUG}/outbox/")
    expect(page.locator("main")).to_contain_text("Skickat")

    page.get_by_role("button", name="Logga ut").click()
    page.goto(f"{base}/editions/{SLUG}/")
    public = page.locator("main").inner_text()
    assert "Nominerade" in public  # the award's own word for its finalists
    assert "Växjö" in public
    assert "Umeå" in public
    assert Edition.objects.get(slug=SLUG).finalists_are_public()
