"""Secret keys: refuse a key that is short, public, repetitive or low in entropy. Pure.

``key_strength_problem`` says in words what is wrong with a key, or returns None. The
settings refuse to start in production with such a key (``config/settings/domain.py``)
and a system check (``core.checks``, id ``core.E001``) reports it; both ask this one
function, so any other key (a production profile's) can be held to the same rule.

The entropy is an estimate from the key itself: the Shannon entropy of its characters'
frequencies, times its length. It cannot see that a key was typed by a person, but it
does catch few distinct characters (``aaaa…``, ``0101…``); two more checks catch what it
misses, a repeated unit (``abcdabcd…``) and a run of steps (``abcdefgh…``, ``13579…``).
A key from ``secrets.token_urlsafe(48)``, ``openssl rand -hex 32`` or Django's
``get_random_secret_key()`` passes with room to spare (about 250 bits).
"""

import math
from collections import Counter

MIN_BYTES = 32
MIN_BITS = 128
MIN_DISTINCT = 10
# Keys whose text is public: the project's development defaults and Django's template.
PUBLIC_PREFIXES = (
    "dev-only",
    "django-insecure",
    "changeme",
    "change-me",
    "insecure",
    "replace-with",  # deploy.env.example's placeholders
)


def key_entropy_bits(value: str) -> float:
    """Shannon entropy per character of ``value`` (by its own frequencies), times its length."""
    if not value:
        return 0.0
    total = len(value)
    per_char = -sum(n / total * math.log2(n / total) for n in Counter(value).values())
    return per_char * total


def smallest_period(value: str) -> int:
    """The length of the shortest unit that ``value`` repeats (its own length if none)."""
    failure = [0] * len(value)  # Knuth–Morris–Pratt prefix function
    k = 0
    for i in range(1, len(value)):
        while k and value[i] != value[k]:
            k = failure[k - 1]
        if value[i] == value[k]:
            k += 1
        failure[i] = k
    return len(value) - (failure[-1] if value else 0)


def stepped_share(value: str) -> float:
    """The share of characters that continue the step of the two before them (``abc``,
    ``aaa``, ``975``): about 1/64 in a random base64 key."""
    if len(value) < 3:
        return 0.0
    codes = [ord(c) for c in value]
    steps = sum(
        1 for i in range(2, len(codes)) if codes[i] - codes[i - 1] == codes[i - 1] - codes[i - 2]
    )
    return steps / (len(codes) - 2)


def key_strength_problem(
    value: str, *, min_bytes: int = MIN_BYTES, min_bits: int = MIN_BITS
) -> str | None:
    """What makes ``value`` unfit as a secret key, in words; None when it is fit."""
    if not value:
        return "is empty"
    if value.lower().startswith(PUBLIC_PREFIXES):
        return "is a development key, whose text is public"
    size = len(value.encode())
    if size < min_bytes:
        return f"is {size} bytes long; at least {min_bytes} are needed"
    distinct = len(set(value))
    if distinct < MIN_DISTINCT:
        return f"has only {distinct} distinct characters; at least {MIN_DISTINCT} are needed"
    period = smallest_period(value)
    if period <= len(value) // 2:
        return f"repeats a pattern of {period} characters"
    if stepped_share(value) > 0.25:
        return "is mostly a sequence (such as abcd… or 1234…)"
    bits = key_entropy_bits(value)
    if bits < min_bits:
        return f"has about {int(bits)} bits of entropy; at least {min_bits} are needed"
    return None
