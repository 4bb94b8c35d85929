"""Environment handling: the one place that reads deployment variables."""

import math
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    value = env(name)
    if not value:
        return default
    return value.lower() in {"1", "true", "yes", "on"}


DATABASE_URL = env("DATABASE_URL")
REDIS_URL = env("REDIS_URL")


KEY_MIN_LENGTH = 50
KEY_MIN_DISTINCT = 10
KEY_MIN_BITS_PER_CHAR = 3.0
KEY_MIN_PAIR_SHARE = 0.6
PUBLIC_KEY_PREFIXES = ("dev-only", "django-insecure-", "replace-with", "change-me")


def weak_key_reason(value: str) -> str | None:
    """Why a secret key is unfit for production, or None when it looks random enough.

    Refused: the public development keys and the example file's placeholders; fewer than
    50 characters; fewer than 10 different characters; a character distribution whose
    Shannon entropy is under 3 bits a character; or a repeated pattern (fewer than 60% of
    its adjacent pairs different). ``secrets.token_urlsafe(50)``, Django's
    ``get_random_secret_key()`` and a 64-digit ``secrets.token_hex(32)`` pass.
    """
    if value.lower().startswith(PUBLIC_KEY_PREFIXES):
        return "it is a public development key or the example's placeholder"
    if len(value) < KEY_MIN_LENGTH:
        return f"it has {len(value)} characters, fewer than {KEY_MIN_LENGTH}"
    if len(set(value)) < KEY_MIN_DISTINCT:
        return f"it has {len(set(value))} different characters, fewer than {KEY_MIN_DISTINCT}"
    counts = [value.count(c) for c in set(value)]
    bits = -sum(n / len(value) * math.log2(n / len(value)) for n in counts)
    if bits < KEY_MIN_BITS_PER_CHAR:
        return f"it is too regular ({bits:.1f} bits a character, under {KEY_MIN_BITS_PER_CHAR})"
    pairs = [value[i : i + 2] for i in range(len(value) - 1)]
    if len(set(pairs)) < KEY_MIN_PAIR_SHARE * len(pairs):
        return "it repeats a pattern"
    return None
