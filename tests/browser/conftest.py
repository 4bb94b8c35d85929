"""The browser tests' ``page``: a phone-width page in Chinese (``support.chromium_page``),
which also fails the test if the Content-Security-Policy refused anything or axe finds a
serious violation on a page the test opened."""

import pytest

from tests.browser.support import chromium_page


@pytest.fixture
def page():
    with chromium_page() as new_page:
        yield new_page
