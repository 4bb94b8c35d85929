"""Helpers for the journey tests: a browser page at a given width and language, and a
journey that counts the interactions (clicks, fills, choices, uploads) a person needs.

Screenshots go to ``$BROWSER_SHOTS`` (default: ``screenshots/``, git-ignored).
"""

import os
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

from django.db import connections
from django.utils import translation

from claims.rules import next_batch_date
from core import clock
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS

SHOTS = Path(os.environ.get("BROWSER_SHOTS") or SCREENSHOTS)
PASSWORD = "journey-pass-123"
#: (viewport width, browser locale, Django language)
VIEWS = [
    (390, "zh-CN", "zh-hans"),
    (1280, "zh-CN", "zh-hans"),
    (390, "en-US", "en"),
    (1280, "en-US", "en"),
]


@contextmanager
def browser_page(*, width: int, locale: str):
    """Debian's Chromium at ``width`` px, asking for ``locale``. Playwright's sync API
    runs an event loop in this thread; the ORM calls the test makes alongside it are
    still synchronous and safe (as the ``page`` fixture says too)."""
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    context = browser.new_context(viewport={"width": width, "height": 900}, locale=locale)
    context.set_default_timeout(15_000)
    try:
        yield context.new_page()
    finally:
        # The ORM calls made while Playwright's loop ran used connections of their own
        # context: close them here, or the test database cannot be dropped at the end.
        connections.close_all()
        context.close()
        browser.close()
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


class Journey:
    """A person's way through the pages: every click, fill, choice and upload counts."""

    def __init__(self, page, *, base_url: str, name: str, width: int, language: str):
        self.page, self.base_url, self.name = page, base_url, name
        self.width, self.language = width, language
        self.interactions = 0
        self.shots = 0
        SHOTS.mkdir(parents=True, exist_ok=True)

    def t(self, text: str) -> str:
        """The text as the person reads it, in the journey's language."""
        with translation.override(self.language):
            return translation.gettext(text)

    def click(self, selector: str, *, navigates: bool = True) -> None:
        self.interactions += 1
        if navigates:
            with self.page.expect_navigation():
                self.page.click(selector)
        else:
            self.page.click(selector)

    def fill(self, selector: str, value: str) -> None:
        self.interactions += 1
        self.page.fill(selector, value)

    def choose(self, selector: str, value: str) -> None:
        self.interactions += 1
        self.page.select_option(selector, value)

    def upload(self, selector: str, path: Path) -> None:
        self.interactions += 1
        self.page.set_input_files(selector, str(path))

    def sign_in(self, username: str) -> None:
        self.page.goto(f"{self.base_url}/accounts/login/")
        self.fill("#id_username", username)
        self.fill("#id_password", PASSWORD)
        self.click("main button[type=submit]")
        assert "/accounts/login/" not in self.page.url, "sign-in failed"

    def text(self, selector: str = "main") -> str:
        return self.page.locator(selector).first.inner_text()

    def message(self) -> str:
        return self.text(".messages")

    def shot(self, step: str) -> None:
        """A screenshot of the whole page; it must fit the width (nothing to scroll
        sideways on a phone)."""
        overflow = self.page.evaluate("document.documentElement.scrollWidth")
        assert overflow <= self.width, f"{step}: the page is {overflow} px wide"
        self.shots += 1
        tag = "zh" if self.language.startswith("zh") else "en"
        path = SHOTS / f"{self.name}-{tag}-{self.width}-{self.shots:02d}-{step}.png"
        self.page.screenshot(path=path, full_page=True)

    def report(self) -> None:
        print(
            f"\n{self.name} journey at {self.width} px in {self.language}: "
            f"{self.interactions} interactions (clicks, fills, choices, uploads)"
        )


def days_before_a_batch(days: int) -> tuple[datetime, datetime]:
    """(09:00 Beijing time ``days`` before a publicity batch day at least a week ahead,
    that batch day at 00:05): a future moment, so the browser's cookies outlive the
    server's travelled clock."""
    batch_day = next_batch_date(clock.today() + timedelta(days=7))
    start = clock.beijing_start_of_day(batch_day - timedelta(days=days)) + timedelta(hours=9)
    return start, clock.beijing_start_of_day(batch_day) + timedelta(minutes=5)
