"""The production environment for the deploy tests: deploy.env.example with real values."""

import os
import re
import secrets
import socket
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "deploy.env.example"
LINE = re.compile(r"^(#\s*)?([A-Z][A-Z0-9_]*)=(.*)$")


def example_variables() -> tuple[dict[str, str], dict[str, str]]:
    """The example's variables: (set, commented-out optional ones), each with its value."""
    active, optional = {}, {}
    for line in EXAMPLE.read_text().splitlines():
        if match := LINE.match(line):
            (optional if match.group(1) else active)[match.group(2)] = match.group(3)
    return active, optional


def production_env(**real: str) -> dict[str, str]:
    """The example's variables with real values substituted, as a process's whole
    environment: fresh random keys, and ``real`` (URLs, paths) over the placeholders."""
    active, _optional = example_variables()
    values = {
        **active,
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "IDENTIFIER_HMAC_KEY": secrets.token_urlsafe(50),
        **real,
    }
    return {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/root"), **values}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
