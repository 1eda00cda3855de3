"""Site visits, the decision, the motivation and the reveal in a real browser, with the
clock set by the test: Sundsvall confirms its interviewees; the chair writes notes and the
visit report; juror1 (conflicted with Sundsvall) cannot reach the visit; the jury ranks, the
chair records Växjö as the winner, the jury approves the motivation; the organiser previews
the winner page; the public sees it at the announcement moment and not a second before."""

from datetime import timedelta

import pytest
import time_machine
from playwright.sync_api import expect

from awards.choices import EditionPhase
from awards.models import Edition, Entry
from awards.services import edition_walk_to_phase
from evaluation.choices import MotivationStatus
from evaluation.management.commands.seed_demo import seed_demo
from evaluation.models import Motivation, SiteVisit
from evaluation.selectors import motivation_state, rankable_finalists_for_member
from evaluation.services import ballot_save, motivation_review
from tests.browser.conftest import shot
from tests.browser.test_start_pages import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

SLUG = "sveriges-digitaliseringskommun-2027"
MOTIVATION = (
    "Växjö kommun visar hur digitaliseringen blir en del av vardagen i hela organisationen. "
    "Verksamheterna äger sina e-tjänster, ledningen följer upp resultaten och invånarna "
    "märker skillnaden i kortare väntan och enklare kontakter."
)


@pytest.fixture
def demo():
    seed_demo(phase="site_visits")


def main_text(page):
    return page.locator("main").inner_text()


def sign_out(page):
    page.get_by_role("button", name="Logga ut").click()


def visit_to(title):
    return SiteVisit.objects.get(entry__edition__slug=SLUG, entry__title=title)


def test_visit_rank_decide_approve_and_reveal(page, live_server, demo):
    base = live_server.url
    edition = Edition.objects.get(slug=SLUG)
    sundsvall_visit = visit_to("Sundsvall")

    # The municipality sees when, where and who, and confirms its interviewees.
    sign_in(page, base, "sundsvall")
    page.goto(base + sundsvall_visit.entry.get_absolute_url())
    page.locator("#visits").locator("..").get_by_role("link").first.click()
    assert "Digitalt möte" in main_text(page)
    assert "Vem äger utvecklingen" not in main_text(page)  # never the interview guide
    page.locator("#id_name_0").fill("Sara Nord")
    page.locator("#id_role_0").select_option("director")
    page.locator("#id_name_1").fill("Per Öst")
    page.locator("#id_role_1").select_option("cio")
    page.locator("#id_title_1").fill("Digitaliseringschef")
    shot(page, "finals-entrant-visit")
    page.get_by_role("button", name="Bekräfta intervjupersonerna").click()
    assert "intervjupersonerna är bekräftade" in main_text(page)
    sign_out(page)

    # The chair reads the guide, writes notes (on a phone) and the report.
    sign_in(page, base, "chair")
    page.goto(f"{base}/jury/{SLUG}/visits/")
    shot(page, "finals-visits")
    page.get_by_role("link", name="Sundsvall", exact=True).click()
    assert "Sara Nord" in main_text(page)
    page.get_by_role("link", name="Intervjuguide").click()
    guide = main_text(page)
    assert "Arbetet har vuxit fram steg för steg" in guide  # juror3's mark, quoted
    assert "Ledning och styrning" in guide
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{base}/jury/{SLUG}/visits/{sundsvall_visit.pk}/notes/")
    page.get_by_label("Resultat och effekter för invånarna").fill(
        "Uppföljningen är ny; effekterna går ännu inte att belägga."
    )
    page.get_by_label("Samverkan och delning").fill("Starkt regionalt samarbete.")
    # On a phone the save status stays in sight beside what is written, and each theme's
    # questions from the interview guide are a hint that opens above its box.
    expect(page.locator("#save-status")).to_contain_text("Sparat kl.")
    expect(page.locator("#save-status")).to_be_in_viewport()
    hint = page.locator("details.guide-hint").first
    hint.locator("summary").click()
    expect(hint.locator("li").first).to_be_visible()
    shot(page, "finals-notes-375")
    page.get_by_role("button", name="Spara och dela med juryn").click()
    # The button waits for an autosave still on its way, then saves.
    expect(page.locator(".messages")).to_contain_text("Dina anteckningar är delade med juryn.")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{base}/jury/{SLUG}/visits/{sundsvall_visit.pk}/report/")
    assert "Starkt regionalt samarbete." in main_text(page)  # the shared notes beside it
    page.get_by_label("Besöksrapport").fill(
        "Ett starkt regionalt samarbete, men effekterna för invånarna är ännu svåra att belägga."
    )
    page.get_by_role("button", name="Spara och dela med juryn").click()
    assert "Rapporten är delad med juryn." in main_text(page)
    sign_out(page)

    # juror1 is conflicted with Sundsvall: the visit does not exist for them.
    sign_in(page, base, "juror1")
    probe = page.context.new_page()
    assert probe.goto(f"{base}/jury/{SLUG}/visits/{sundsvall_visit.pk}/").status == 404
    assert probe.goto(f"{base}/visits/{sundsvall_visit.pk}/visit.ics").status == 404
    probe.close()
    page.goto(f"{base}/jury/{SLUG}/visits/")
    assert "Sundsvall" not in main_text(page)
    sign_out(page)

    # The jury deliberates: rankings, the Schulze order, the decision.
    edition_walk_to_phase(edition=edition, to_phase=EditionPhase.DELIBERATION)
    order = ["Växjö", "Umeå", "Sundsvall", "Skellefteå"]
    for username in ("juror1", "juror2", "juror4"):
        member = edition.jury.get(user__username=username)
        ranks = [e for e in rankable_finalists_for_member(member)]
        ranks.sort(key=lambda e: order.index(e.title))
        ballot_save(member=member, ranks={e.pk: n for n, e in enumerate(ranks, 1)}, seen_version=0)
    sign_in(page, base, "chair")
    page.goto(f"{base}/jury/{SLUG}/ranking/")
    # The chair orders the list with its arrows (moved in place, focus kept on the arrow).
    for title in order:
        while True:
            titles = page.locator(".ranking-title").all_inner_texts()
            if titles.index(title) == order.index(title):
                break
            page.get_by_role("button", name=f"Flytta {title} uppåt").click()
            moved = page.locator("li.ranking-item", has_text=title)
            expect(moved.locator("button:focus")).to_have_count(1)  # focus stays with it
    assert page.locator(".ranking-title").all_inner_texts() == order
    assert page.locator(".ranking-place").all_inner_texts() == ["1", "2", "3", "4"]
    page.get_by_role("button", name="Spara din rangordning").click()
    assert "Din rangordning är sparad." in main_text(page)
    first = page.locator("ol.schulze-order li").first.inner_text()
    assert first.startswith("Växjö")
    shot(page, "finals-deliberation")
    page.get_by_role("link", name="Registrera beslutet").click()
    page.get_by_label("Juryn utser en vinnare").check()
    vaxjo = Entry.objects.get(edition=edition, title="Växjö")
    page.locator(f"input[name=award_{vaxjo.pk}][value=winner]").check()
    page.get_by_role("button", name="Registrera beslutet").click()
    assert "Beslutet är registrerat" in main_text(page)
    assert Entry.objects.get(edition=edition, title="Växjö").standing == "winner"

    # The chair drafts the motivation; the counter counts as the chair types.
    page.get_by_role("link", name="Juryns motivering").click()
    page.get_by_label("Juryns motivering").fill(MOTIVATION)
    words = len(MOTIVATION.split())
    assert f"{words} ord (riktmärke 80–150)" in main_text(page)  # noqa: RUF001
    page.locator("#id_citation").fill("För en digitalisering som verksamheten äger.")
    page.get_by_role("button", name="Spara versionen").click()
    assert "Den nya versionen är sparad" in main_text(page)
    page.get_by_label("Jag godkänner den här versionen").check()
    page.get_by_role("button", name="Skicka din granskning").click()
    shot(page, "finals-motivation")
    sign_out(page)
    # juror1 (conflicted with Sundsvall) and juror2 (with Växjö) are kept out of the decision.
    for username in ("juror4",):
        motivation_review(
            edition=edition,
            member=edition.jury.get(user__username=username),
            approved=True,
            comment="",
            seen_version=1,
        )
    sign_in(page, base, "juror3")
    page.goto(f"{base}/jury/{SLUG}/motivation/")
    page.get_by_label("Jag godkänner den här versionen").check()
    page.get_by_role("button", name="Skicka din granskning").click()
    assert Motivation.objects.get(edition=edition).status == MotivationStatus.FINAL
    assert motivation_state(edition).approved_by_all
    sign_out(page)

    # The organiser previews the winner page; the public sees it only from the moment.
    edition_walk_to_phase(edition=edition, to_phase=EditionPhase.DECIDED)
    sign_in(page, base, "admin")
    page.goto(f"{base}/manage/{SLUG}/preview/")
    assert "Förhandsvisning, inte offentlig." in main_text(page)
    assert "Växjö kommun visar hur digitaliseringen" in main_text(page)
    shot(page, "finals-preview")
    sign_out(page)

    gala = Edition.objects.get(pk=edition.pk).announce_at
    public = page.context.browser.new_context(locale="sv-SE").new_page()
    with time_machine.travel(gala - timedelta(seconds=1), tick=False):
        public.goto(f"{base}/editions/{SLUG}/")
        text = public.locator("main").inner_text()
        assert "Nominerade" in text  # the award's own word for its finalists
        assert "Växjö kommun visar hur digitaliseringen" not in text
        assert public.locator(".badge-winner").count() == 0
    with time_machine.travel(gala, tick=False):
        public.goto(f"{base}/editions/{SLUG}/")
        text = public.locator("main").inner_text()
        assert "Växjö kommun visar hur digitaliseringen" in text
        assert public.locator(".badge-winner").count() == 1
        shot(public, "winner-page")
    public.context.close()
