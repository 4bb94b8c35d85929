"""A person's way through the pages, in a real browser: every click, typed field, choice,
upload and typed address counts as one interaction; a screenshot at each step; the page
must fit its width. Expected texts are the catalogue's: ``Journey.t`` translates a
message into the page's language, so a test asserts what a person reads in Chinese and in
English alike.

Screenshots go to ``$BROWSER_SHOTS`` (default: ``screenshots/``, git-ignored), with each
journey's interaction count appended to ``interactions.jsonl`` there.
"""

import json
import os
from datetime import datetime, timedelta
from pathlib import Path

from django.utils import translation

from claims.rules import next_batch_date
from core import clock
from tests.browser.support import PASSWORD, SCREENSHOTS

SHOTS = Path(os.environ.get("BROWSER_SHOTS") or SCREENSHOTS)
#: (viewport width, language): the claimant's and the objector's journeys run in all four.
VIEWS = [(390, "zh-hans"), (1280, "zh-hans"), (390, "en"), (1280, "en")]
# Each staff journey runs at a phone's width in one language and a desktop's in the other.
WIDTHS_AND_LANGUAGES = [(390, "zh-hans"), (1280, "en")]
WIDTHS_AND_LANGUAGES_SWAPPED = [(390, "en"), (1280, "zh-hans")]


class Journey:
    """One person's journey on ``page`` (``support.chromium_page``)."""

    def __init__(self, page, base_url: str, name: str, *, width: int, language: str):
        self.page, self.base_url, self.name = page, base_url, name
        self.width, self.language = width, language
        self.interactions = 0
        self.shots = 0
        SHOTS.mkdir(parents=True, exist_ok=True)

    # --- what a person reads -------------------------------------------------------------

    def t(self, message: str, context: str = "", **params) -> str:
        """The message as the person reads it, in the journey's language."""
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

    def text(self, selector: str = "main") -> str:
        return self.page.locator(selector).first.inner_text()

    def main_text(self) -> str:
        return self.text("main")

    def message(self) -> str:
        return self.text(".messages")

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

    def choose(self, selector: str, value: str) -> None:
        self.select(selector, value=value)

    def check(self, selector: str) -> None:
        self.interactions += 1
        self.page.check(selector)

    def upload(self, selector: str, path: Path) -> None:
        self.interactions += 1
        self.page.set_input_files(selector, str(path))

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
        """The whole page, and the screen a person sees (scrolled to ``at`` if given). The
        page must fit its width: nothing to scroll sideways on a phone."""
        overflow = self.page.evaluate("document.documentElement.scrollWidth")
        assert overflow <= self.width, f"{label}: the page is {overflow} px wide"
        self.shots += 1
        tag = "zh" if self.language.startswith("zh") else "en"
        stem = f"{self.name}-{tag}-{self.width}-{self.shots:02d}-{label}"
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
        print(
            f"\njourney {self.name} at {self.width} px in {self.language}: "
            f"{self.interactions} interactions (clicks, fills, choices, uploads, addresses)"
        )
        with (SHOTS / "interactions.jsonl").open("a") as log:
            record = {
                "journey": self.name,
                "width": self.width,
                "language": self.language,
                "interactions": self.interactions,
            }
            log.write(json.dumps(record) + "\n")
        return self.interactions


def days_before_a_batch(days: int) -> tuple[datetime, datetime]:
    """(09:00 Beijing time ``days`` before a publicity batch day at least a week ahead,
    that batch day at 00:05): a future moment, so the browser's cookies outlive the
    server's travelled clock."""
    batch_day = next_batch_date(clock.today() + timedelta(days=7))
    start = clock.beijing_start_of_day(batch_day - timedelta(days=days)) + timedelta(hours=9)
    return start, clock.beijing_start_of_day(batch_day) + timedelta(minutes=5)
