"""Playwright driving Debian's Chromium against pytest-django's live_server.

Playwright's own browser download cannot run here, so we launch Debian's build
(chromium-headless-shell when installed, else /usr/bin/chromium; see CHROMIUM).
The ORM refuses to run inside Playwright's event loop thread; the browser tests
create their data before driving the page, and this flag lets the live server's
request handling share the process.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "1")

# Debian's chromium-headless-shell when it is installed: Chromium's headless shell (what
# Playwright itself runs headless), with no browser window, toolbar or omnibox behind
# each page, takes about half the CPU of `chromium --headless` for the same pages,
# rendered by the same Blink. CHROMIUM_PATH chooses either.
CHROMIUM = os.environ.get("CHROMIUM_PATH") or next(
    (
        path
        for path in ("/usr/bin/chromium-headless-shell", "/usr/bin/chromium")
        if Path(path).exists()
    ),
    "/usr/bin/chromium",
)
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # Chromium keeps only the last --disable-features it is given, so this one repeats
    # the list Playwright (1.65) passes before ours, and adds the omnibox popups: every
    # new window (each test's context is one) otherwise starts a renderer of its own
    # for chrome://omnibox-popup.top-chrome/, about 0.2 CPU-seconds a test that no
    # test looks at.
    "--disable-features="
    "AvoidUnnecessaryBeforeUnloadCheckSync,DestroyProfileOnBrowserClose,HttpsUpgrades,"
    "HttpsFirstBalancedModeAutoEnable,LensOverlay,MediaRouter,PaintHolding,"
    "ThirdPartyStoragePartitioning,AvoidCorsURLLoaderRestartOnRedirect,"
    "TcpPortRandomizationWin,OptimizationHints,NetworkTimeServiceQuerying,AimEnabled,"
    "PreconnectToSearch,"
    "WebUIOmniboxPopup,WebUIOmniboxAimPopup",
    # V8's interpreter and baseline compiler only: a test's document lives a second or
    # two, too short for Maglev's and TurboFan's optimised code to repay compiling it,
    # and axe-core's half-megabyte was optimised afresh in every renderer. Bytecode is
    # kept, not flushed, so a context's later documents reuse axe's. The same results
    # for about a tenth less renderer CPU (docs/testing.md, "V8's optimising compilers").
    "--js-flags=--no-maglev --no-opt --no-flush-bytecode",
]
AXE_SCRIPT = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
# The same file as live_server serves it (STATICFILES_DIRS in settings/test.py).
AXE_URL = "/static/tests-browser-vendor/axe.min.js"
# A script element, removed once it has run: axe then checks the page as it was.
LOAD_AXE = """src => new Promise(resolve => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = () => { script.remove(); resolve(true); };
    script.onerror = () => { script.remove(); resolve(false); };
    (document.head || document.documentElement).append(script);
})"""
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
    page = context.new_page()
    # For helpers that set cookies on the context (sign_in_with_session_cookie).
    page.live_server_url = live_server.url
    page.set_default_timeout(10_000)
    csp_violations = []

    def on_console(message):
        if "Content Security Policy" in message.text and not _made_by_axe(message):
            csp_violations.append(message.text)

    page.on("console", on_console)
    page.csp_violations = csp_violations
    yield page
    context.close()
    assert csp_violations == [], f"Content-Security-Policy violations: {csp_violations}"


@pytest.fixture
def console_errors(page) -> list[str]:
    """The page's console errors and every sub-request answered 400 or more (a missing
    favicon, say), for a test that asserts its pages load cleanly.

    Not asserted by the page fixture: a 404 or 403 page logs its own status as an error
    by design. A fixture of its own, asked for by the tests that read it, because a
    response listener makes Playwright send every response of every page to Python:
    ~5 CPU-seconds over the folder's other tests, which never looked
    (docs/testing.md, "Proofs in two groups").
    """
    errors = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    # The response event carries its status: no round trip to the browser per request
    # (request.response() in a requestfinished handler is one, twice over).
    page.on(
        "response",
        lambda response: (
            errors.append(f"{response.status} {response.url}") if response.status >= 400 else None
        ),
    )
    return errors


def _made_by_axe(message) -> bool:
    """Whether a console message is axe's inline-style report, not the page's.

    On some pages (the admin's) axe sets inline styles while it measures, which our
    CSP blocks. Chromium gives each report the place of the script that broke the
    rule: axe's own file (AXE_URL), or none for what Playwright evaluates (axe given
    as source by _inject_axe); the page's markup and static scripts have theirs. So
    only inline-style reports from axe are left out; any other report, and every
    report the page's own HTML or scripts cause, still fails the test. Told apart
    by where the report comes from rather than when it arrives, no check waits for
    late console events (axe_violations slept 50 ms after each run for them: about
    10 s of the folder's 208 axe runs).
    """
    source = message.location.get("url", "")
    return "Applying inline style" in message.text and (not source or source.endswith(AXE_URL))


def _inject_axe(page) -> None:
    """Put axe-core into every frame of the current document that lacks it.

    Only here, when axe is about to run, rather than into every document at its
    start (add_init_script): most documents a test opens are never checked, and each
    would parse the half-megabyte script for nothing. Loaded as a script from our
    own origin (the page's CSP allows 'self'), not evaluated through the DevTools
    protocol: then the 650 kB are not copied through Python, Playwright's driver and
    Chromium's browser process at every check (about 60 ms of CPU and 0.07 s each,
    measured over 12 pages). A frame that cannot load it (not one of our pages) is
    given the source itself. Any frame is given axe, as the init script did, so axe
    still reaches inside it.
    """
    for frame in page.frames:
        loaded = frame.evaluate("typeof window.axe !== 'undefined'")
        if not loaded and not frame.evaluate(LOAD_AXE, AXE_URL):
            frame.evaluate(AXE_SCRIPT)


def axe_violations(page) -> list[dict]:
    """Run axe-core on the current page; return the violations (empty is the goal)."""
    # A click on a link returns once the next document has started loading, not once
    # it is parsed: axe must wait for the whole page (CI once caught the new document
    # with no <head> yet). On a page already loaded this returns at once.
    page.wait_for_load_state("load")
    _inject_axe(page)
    # Every rule of the tags runs and every violating node is reported, as before;
    # resultTypes only spares axe describing each passing (and inapplicable) node
    # beyond the first (a CSS selector and an HTML snippet apiece), and the mapping in
    # the page sends back only what is reported here, not axe's whole result.
    violations = page.evaluate(
        """tags => axe.run(document, {
            runOnly: {type: 'tag', values: tags},
            resultTypes: ['violations'],
        }).then(result => result.violations.map(violation => ({
            id: violation.id,
            impact: violation.impact,
            help: violation.help,
            nodes: violation.nodes.map(node => node.target).slice(0, 5),
        })))""",
        AXE_TAGS,
    )
    return violations


@pytest.fixture
def assert_accessible():
    def check(page):
        violations = axe_violations(page)
        assert violations == [], f"axe found accessibility violations on {page.url}: {violations}"

    return check
