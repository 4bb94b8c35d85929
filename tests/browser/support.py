"""What every browser test uses: Debian's Chromium driven by Playwright (never
downloaded), signing in and out, the page's language, and the checks each page a test
opened must pass once the test is done.

Every page is checked twice over: the Content-Security-Policy refused nothing on it (an
inline script or style, a resource from elsewhere), and axe-core finds no serious or
critical violation on it (``tests/browser/axe.py``), opened again at the width it was
seen once the test has finished.
"""

import functools
import os
from contextlib import contextmanager
from pathlib import Path

from django.db import connections

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
#: Where the tests save what the browser showed (git-ignored); SCREENSHOTS_DIR moves it.
SCREENSHOTS = Path(
    os.environ.get("SCREENSHOTS_DIR") or Path(__file__).resolve().parents[2] / "screenshots"
)
#: The password every browser test's accounts are given.
PASSWORD = "browser-pass-123"
#: The browser's locale for each of the site's languages.
LOCALES = {"zh-hans": "zh-CN", "en": "en-US"}


def closes_db_connections(test):
    """Close the connection the test body's ORM calls opened.

    With Playwright's loop started, the test body runs in its own context, so its
    connection is not the one pytest-django closes; left open, it stops the test
    database being dropped at the end of the session.
    """

    @functools.wraps(test)
    def run(*args, **kwargs):
        try:
            return test(*args, **kwargs)
        finally:
            connections.close_all()

    return run


@contextmanager
def chromium_page(*, width: int = 390, language: str = "zh-hans", audit: bool = True):
    """A page of Debian's Chromium at ``width`` px asking for ``language``. When the
    test is done with it (and only if the test passed), every page it opened must have
    passed the Content-Security-Policy and, with ``audit``, axe."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the test
    # makes alongside it are still synchronous and safe.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    context = browser.new_context(
        viewport={"width": width, "height": 844 if width < 600 else 900},
        locale=LOCALES[language],
        accept_downloads=True,
    )
    context.set_default_timeout(20_000)
    page = context.new_page()
    # Chromium reports each resource the Content-Security-Policy refused on the console.
    refused: list[str] = []
    page.on(
        "console",
        lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None,
    )
    # Every page the test opened (address and width), for axe once the test is done.
    seen: dict[tuple[str, int], None] = {}
    page.on(
        "framenavigated",
        lambda f: (
            seen.setdefault((f.url, page.viewport_size["width"]), None)
            if f == page.main_frame and f.url.startswith("http")
            else None
        ),
    )
    failures: list[str] = []
    try:
        yield page
        if audit:
            failures = _axe_on_every_page(page, list(seen))
    finally:
        # The ORM calls made while Playwright's loop ran opened connections of their own
        # (Django's connections are context-local): close them before the loop goes, or
        # the test database cannot be dropped at the end of the session.
        connections.close_all()
        context.close()
        browser.close()
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous
    assert refused == [], f"the Content-Security-Policy refused something: {refused}"
    assert not failures, "axe, on the pages this test opened:\n\n" + "\n\n".join(failures)


def sign_in(page, base_url: str, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert "/accounts/login/" not in page.url, f"{username} could not sign in"


def sign_out(page) -> None:
    with page.expect_navigation():
        page.click("form[action$='/logout/'] button")


def set_language(page, base_url: str, language: str) -> None:
    """The language a person picked with the site's switch (its cookie)."""
    page.context.add_cookies([{"name": "django_language", "value": language, "url": base_url}])


def _axe_on_every_page(page, pages: list[tuple[str, int]]) -> list[str]:
    """axe-core on each page the test opened, opened again as the test left the session
    and language, at the width it was seen. A page that no longer answers (a form's
    one-off result, a right given up) is skipped."""
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
