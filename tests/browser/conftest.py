"""Playwright driving Debian's Chromium against pytest-django's live_server.

Playwright's own browser download cannot run here, so we launch /usr/bin/chromium.
The ORM refuses to run inside Playwright's event loop thread; the browser tests
create their data before driving the page, and this flag lets the live server's
request handling share the process.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "1")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_SCRIPT = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
# WCAG 2.2 AA and everything below it.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def pytest_collection_modifyitems(items):
    """Mark every test in this folder ``browser`` (``make test-fast`` leaves them out)."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser tab on the live server; fails the test on any CSP violation."""
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    # Injected by the DevTools protocol at document start, so the page's own strict
    # CSP (no inline script) does not block it, and no page needs relaxing for tests.
    context.add_init_script(script=AXE_SCRIPT)
    page = context.new_page()
    page.set_default_timeout(10_000)
    csp_violations = []
    # Every console error and every failed sub-request (a missing favicon, say), for
    # tests that assert a page loads cleanly. Not asserted here: a 404 or 403 page
    # logs its own status as an error by design.
    page.console_errors = []

    def on_console(message):
        if "Content Security Policy" in message.text:
            csp_violations.append(message.text)
        if message.type == "error":
            page.console_errors.append(message.text)

    page.on("console", on_console)
    page.on(
        "requestfinished",
        lambda request: (
            page.console_errors.append(f"{request.response().status} {request.url}")
            if request.response() and request.response().status >= 400
            else None
        ),
    )
    # axe_violations() reads this to leave out what axe itself trips (see there).
    page.csp_violations = csp_violations
    yield page
    context.close()
    assert csp_violations == [], f"Content-Security-Policy violations: {csp_violations}"


def axe_violations(page) -> list[dict]:
    """Run axe-core on the current page; return the violations (empty is the goal)."""
    seen = getattr(page, "csp_violations", None)
    before = len(seen) if seen is not None else 0
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    page.wait_for_timeout(50)  # console events arrive asynchronously
    if seen is not None:
        # On some pages (the admin's) axe sets inline styles while it measures, which
        # our CSP blocks: those reports are axe's, not the page's. Only inline-style
        # reports made during the run are dropped; anything else still fails the test.
        seen[before:] = [m for m in seen[before:] if "Applying inline style" not in m]
    return [
        {
            "id": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "nodes": [node["target"] for node in violation["nodes"]][:5],
        }
        for violation in result["violations"]
    ]


@pytest.fixture
def assert_accessible():
    def check(page):
        violations = axe_violations(page)
        assert violations == [], f"axe found accessibility violations on {page.url}: {violations}"

    return check
