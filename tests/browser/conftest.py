"""Playwright driving Debian's chromium. Skipped where chromium is missing, unless
REQUIRE_BROWSER=1 (as in CI), where a missing browser is a failure."""

import json
import os
from pathlib import Path

import pytest
from django.db import connections

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Screenshots of each journey's key pages (and of any failing test), kept by CI.
ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "test-results"
AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Run with every page: axe-core checks the page once it has loaded and reports the serious and
# critical violations on the console, where the fixture collects them.
AXE_ON_LOAD = """
window.__axeRun = () => axe.run(document, {
  runOnly: {type: 'tag', values: __WCAG__}, resultTypes: ['violations']
}).then(r => ({
  url: location.pathname,
  origin: location.origin,
  violations: r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ': ' +
                  n.any.concat(n.all).map(c => c.message).join(' '))}))
}));
window.addEventListener('load', () => {
  if (document.contentType !== 'text/html') return;
  window.__axeRun().then(r => console.log('AXE ' + JSON.stringify(r)));
});
""".replace("__WCAG__", json.dumps(WCAG_AA))


def shot(page, name):
    """A screenshot of a journey's key page, kept by CI under test-results/. caret="initial":
    hiding the caret would inject a style, which the site's CSP rightly blocks."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True, caret="initial")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser(django_db_setup):
    """One chromium for every browser test of the process; each test gets a fresh context.

    Playwright's sync API keeps an event loop in this thread from here on, so Django's guard
    against synchronous database calls from async code would misfire on the tests' own
    (synchronous) ORM calls: it is off while the browser runs."""
    if not CHROMIUM.exists():
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(
                "REQUIRE_BROWSER=1 but /usr/bin/chromium is missing (apt-get install chromium)"
            )
        pytest.skip("Debian's chromium is not installed")
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _close_connections_after_playwright():
    yield
    # Database connections opened while Playwright ran belong to its context: close them
    # here, or PostgreSQL refuses to drop the test database at the end.
    connections.close_all()


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    # An init script runs in every page without loosening the site's Content Security Policy.
    context.add_init_script(script=AXE.read_text() + AXE_ON_LOAD)
    page = context.new_page()
    errors, checked, violations = [], set(), []
    # Juryrum's own pages are checked; an identity provider's login page is not ours to fix.
    ours = (
        request.getfixturevalue("live_server").url
        if "live_server" in request.fixturenames
        else None
    )

    def on_console(message):
        if message.type == "error" and (not ours or page.url.startswith(ours)):
            errors.append(f"{page.url}: {message.text}")
        elif message.text.startswith("AXE "):
            record(json.loads(message.text[4:]))

    def record(result):
        if ours and result.get("origin") != ours:
            return
        checked.add(result["url"])
        violations.extend({"url": result["url"], **v} for v in result["violations"])

    page.on("console", on_console)
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    if page.url.startswith("http") and page.evaluate("typeof window.__axeRun") == "function":
        record(page.evaluate("() => window.__axeRun()"))  # the page the journey ended on
    if request.node.rep_call.failed if hasattr(request.node, "rep_call") else False:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(
            path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True, caret="initial"
        )
    context.close()
    assert errors == [], f"browser console errors: {errors}"
    assert violations == [], "accessibility (axe-core, WCAG 2.1 AA): " + json.dumps(
        violations, ensure_ascii=False, indent=1
    )


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
