"""The browser tests' page: Debian's Chromium driven by Playwright (never downloaded).

Every browser test also fails if the Content-Security-Policy refused anything on a page it
opened (an inline script or style, a resource from elsewhere)."""

import os
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
#: Where the tests save what the browser showed (git-ignored); SCREENSHOTS_DIR moves it.
SCREENSHOTS = Path(
    os.environ.get("SCREENSHOTS_DIR") or Path(__file__).resolve().parents[2] / "screenshots"
)


@pytest.fixture
def page(monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the ORM calls the test
    # makes alongside it are still synchronous and safe.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    context.set_default_timeout(15_000)
    new_page = context.new_page()
    # Chromium reports each resource the Content-Security-Policy refused on the console.
    refused = []
    new_page.on(
        "console",
        lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None,
    )
    # Every page the journey opened (address and width), for axe once the journey is done.
    seen: dict[tuple[str, int], None] = {}
    new_page.on(
        "framenavigated",
        lambda f: (
            seen.setdefault((f.url, new_page.viewport_size["width"]), None)
            if f == new_page.main_frame and f.url.startswith("http")
            else None
        ),
    )
    failures: list[str] = []
    try:
        yield new_page
        failures = _axe_on_every_page(new_page, list(seen))
    finally:
        context.close()
        browser.close()
        playwright.stop()
    assert refused == [], "the Content-Security-Policy refused something on a page"
    assert not failures, "axe, on the pages this journey opened:\n\n" + "\n\n".join(failures)


def _axe_on_every_page(page, pages: list[tuple[str, int]]) -> list[str]:
    """axe-core (tests/browser/axe.py) on each page the test opened, opened again as the
    journey left the session and language, at the width it was seen. A page that no
    longer answers (a form's one-off result, a right given up) is skipped."""
    from playwright.sync_api import Error as PlaywrightError

    from tests.browser.axe import NOT_OURS, describe, violations

    failures = []
    for url, width in pages:
        if any(part in url for part in NOT_OURS):
            continue
        page.set_viewport_size({"width": width, "height": 900})
        try:
            response = page.goto(url)
        except PlaywrightError:  # a POST action's address, a download: no page to read
            continue
        if response is None or response.status >= 400 or page.url != url:
            continue
        if found := violations(page):
            failures.append(f"{url} ({width} px)\n{describe(found)}")
    return failures
