"""Staff journeys in a real browser: a page at a given width and language that counts the
interactions a person needs (each click, typed field, choice, and typed address), takes
a screenshot at each step, and checks that the staff navigation fits one row.

Expected texts are the catalogue's: ``Journey.t`` translates a message into the page's
language, so a test asserts what a person reads in Chinese and in English alike.
"""

import json
import os
from contextlib import contextmanager
from pathlib import Path

from django.db import connections
from django.utils import translation

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

SHOTS = Path(os.environ.get("STAFF_SHOTS", "/tmp/shots-staff"))
PASSWORD = "journey-pass-123"
LOCALES = {"zh-hans": "zh-CN", "en": "en-US"}
# Each journey runs at a phone's width in one language and a desktop's in the other.
WIDTHS_AND_LANGUAGES = [(390, "zh-hans"), (1280, "en")]
WIDTHS_AND_LANGUAGES_SWAPPED = [(390, "en"), (1280, "zh-hans")]


@contextmanager
def chromium_page(*, width: int, language: str):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the test
    # makes alongside it are still synchronous and safe.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    context = browser.new_context(
        viewport={"width": width, "height": 844 if width < 600 else 900},
        locale=LOCALES[language],
        accept_downloads=True,
    )
    context.set_default_timeout(20_000)
    try:
        yield context.new_page()
    finally:
        # The ORM calls made while Playwright's loop ran opened a connection of their own
        # (Django's connections are context-local): close it before the loop goes, or the
        # test database cannot be dropped at the end of the session.
        connections.close_all()
        context.close()
        browser.close()
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


class Journey:
    def __init__(self, page, base_url: str, name: str, *, width: int, language: str):
        self.page, self.base_url, self.name = page, base_url, name
        self.width, self.language = width, language
        self.interactions = 0
        self.shots = 0
        SHOTS.mkdir(parents=True, exist_ok=True)

    # --- what a person reads -------------------------------------------------------------

    def t(self, message: str, context: str = "", **params) -> str:
        with translation.override(self.language):
            text = (
                translation.pgettext(context, message) if context else translation.gettext(message)
            )
        if self.language != "en":
            assert text != message, f"untranslated: {message!r}"
        return text % params if params else text

    def tn(self, singular: str, plural: str, n: int, **params) -> str:
        with translation.override(self.language):
            text = translation.ngettext(singular, plural, n)
        if self.language != "en":
            assert text not in (singular, plural), f"untranslated: {singular!r}"
        return text % {"n": n, **params}

    def label(self, lazy) -> str:
        """A lazy label (a choice's, a state's), or a callable, in the page's language."""
        with translation.override(self.language):
            return str(lazy() if callable(lazy) else lazy)

    def main_text(self) -> str:
        return self.page.inner_text("main")

    def messages(self) -> list[str]:
        return [m.strip() for m in self.page.locator(".messages li").all_inner_texts()]

    def reads(self, *texts: str) -> None:
        main = self.main_text()
        for text in texts:
            assert text in main, f"{self.name}: “{text}” not on {self.page.url}"

    # --- what a person does --------------------------------------------------------------

    def goto(self, path: str) -> None:
        """Typing an address (or following a link from elsewhere): one interaction."""
        self.interactions += 1
        self.page.goto(self.base_url + path)

    def click(self, target, *, navigates: bool = True) -> None:
        locator = self.page.locator(target) if isinstance(target, str) else target
        self.interactions += 1
        if navigates:
            with self.page.expect_navigation():
                locator.first.click()
        else:
            locator.first.click()

    def fill(self, selector: str, value: str) -> None:
        self.interactions += 1
        self.page.fill(selector, value)

    def select(self, selector: str, **option) -> None:
        self.interactions += 1
        self.page.select_option(selector, **option)

    def check(self, selector: str) -> None:
        self.interactions += 1
        self.page.check(selector)

    def sign_in(self, username: str) -> None:
        self.goto("/accounts/login/")
        self.fill("#id_username", username)
        self.fill("#id_password", PASSWORD)
        self.click("main button[type=submit]")
        assert "/accounts/login/" not in self.page.url, "sign-in failed"

    def sign_out(self) -> None:
        self.click("form[action$='/logout/'] button")

    # --- what the test checks along the way ----------------------------------------------

    def shot(self, label: str, *, at: str = "") -> Path:
        """The whole page, and the screen a person sees (scrolled to ``at`` if given)."""
        self.shots += 1
        stem = f"{self.name}-{self.width}-{self.language}-{self.shots:02d}-{label}"
        self.page.screenshot(path=SHOTS / f"{stem}.png", full_page=True)
        if at:
            self.page.locator(at).first.scroll_into_view_if_needed()
        else:
            self.page.evaluate("window.scrollTo(0, 0)")
        self.page.screenshot(path=SHOTS / f"{stem}-screen.png")
        return SHOTS / f"{stem}.png"

    def nav_fits_one_row(self) -> None:
        """Every item of the staff navigation on one row, nothing wider than the screen."""
        layout = self.page.evaluate(
            """() => {
              const bar = document.querySelector('header.topbar');
              const items = [...bar.querySelectorAll('.brand, nav > a, nav > form')];
              return {
                height: bar.getBoundingClientRect().height,
                tops: items.map(e => Math.round(e.getBoundingClientRect().top)),
                right: Math.max(...items.map(e => e.getBoundingClientRect().right)),
                scroll: document.documentElement.scrollWidth,
                staff: bar.classList.contains('staff'),
              };
            }"""
        )
        assert layout["staff"], "a staff page without the staff navigation"
        assert max(layout["tops"]) - min(layout["tops"]) <= 6, layout
        assert layout["right"] <= self.width and layout["height"] <= 72, layout
        assert layout["scroll"] <= self.width, layout

    def report(self) -> int:
        line = (
            f"journey {self.name} at {self.width}px in {self.language}: "
            f"{self.interactions} interactions"
        )
        print(line)
        with (SHOTS / "interactions.jsonl").open("a") as log:
            log.write(
                json.dumps(
                    {
                        "journey": self.name,
                        "width": self.width,
                        "language": self.language,
                        "interactions": self.interactions,
                    }
                )
                + "\n"
            )
        return self.interactions
