"""A weak key is refused: by a system check, and at start-up out of debug mode."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

from core.checks import check_secret_keys

ROOT = Path(__file__).resolve().parent.parent.parent
STRONG = secrets.token_urlsafe(48)


def test_in_debug_mode_the_development_keys_are_allowed(settings):
    settings.DEBUG = True
    settings.IDENTIFIER_HMAC_KEY = "dev-only-identifier-key"
    assert check_secret_keys() == []


def test_out_of_debug_mode_a_weak_key_is_an_error(settings):
    settings.DEBUG = False
    settings.SECRET_KEY = STRONG
    settings.IDENTIFIER_HMAC_KEY = "ab" * 20
    errors = check_secret_keys()
    assert [e.id for e in errors] == ["core.E001"]
    assert errors[0].msg.startswith("IDENTIFIER_HMAC_KEY has only 2 distinct characters")
    settings.IDENTIFIER_HMAC_KEY = secrets.token_urlsafe(48)
    assert check_secret_keys() == []
    settings.SECRET_KEY = "dev-only-insecure-key-change-me-in-production"
    assert [e.msg.split()[0] for e in check_secret_keys()] == ["SECRET_KEY"]


def start(**env):
    """Load the settings in a fresh process, as a server would at start-up."""
    environment = {**os.environ, "DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": STRONG, **env}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env={**environment, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_start_up_is_refused_with_a_short_or_repetitive_identifier_key():
    short = start(IDENTIFIER_HMAC_KEY=secrets.token_urlsafe(16))
    assert short.returncode != 0
    assert "IDENTIFIER_HMAC_KEY is 22 bytes long; at least 32 are needed" in short.stderr
    repeated = start(IDENTIFIER_HMAC_KEY="Kq3!x9Lm2#" * 4)
    assert repeated.returncode != 0
    assert "IDENTIFIER_HMAC_KEY repeats a pattern of 10 characters" in repeated.stderr
    assert start(IDENTIFIER_HMAC_KEY=secrets.token_urlsafe(48)).returncode == 0
