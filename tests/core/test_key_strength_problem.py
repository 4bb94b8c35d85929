"""core.secrets.key_strength_problem: the rule a secret key must pass in production."""

import secrets

import pytest
from django.core.management.utils import get_random_secret_key

from core.secrets import key_entropy_bits, key_strength_problem, smallest_period, stepped_share


@pytest.mark.parametrize(
    "make",
    [
        lambda: secrets.token_urlsafe(48),
        lambda: secrets.token_hex(32),
        get_random_secret_key,
        lambda: secrets.token_urlsafe(32),
    ],
    ids=["token_urlsafe(48)", "token_hex(32)", "django", "token_urlsafe(32)"],
)
def test_generated_keys_pass(make):
    assert [key_strength_problem(make()) for _ in range(200)] == [None] * 200


@pytest.mark.parametrize(
    ("key", "words"),
    [
        ("", "is empty"),
        ("dev-only-identifier-key", "development key"),
        ("dev-only-" + secrets.token_urlsafe(48), "development key"),
        ("django-insecure-" + secrets.token_urlsafe(48), "development key"),
        ("x" * 31, "31 bytes long"),
        ("a" * 64, "only 1 distinct"),
        ("0123456789" * 4, "repeats a pattern of 10"),
        ("Kq3!x9Lm2#" * 4, "repeats a pattern of 10"),
        ("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKL", "mostly a sequence"),
        # secrets.token_hex(16): 32 hex digits, about 116 bits by the estimate.
        ("8dd5f8dee5fa3ce8b7e60556061f70a2", "bits of entropy"),
    ],
)
def test_weak_keys_are_refused_with_the_reason(key, words):
    problem = key_strength_problem(key)
    assert problem is not None and words in problem


def test_the_boundaries():
    # 32 bytes is enough length; 31 is not (bytes, so a Chinese character counts three).
    assert "bytes long" in key_strength_problem("密" * 10)  # 30 bytes
    assert "bytes long" not in (key_strength_problem("密钥" * 5 + "ab") or "")  # 32 bytes
    # 128 bits is enough; the estimate of 32 distinct characters (5 bits each) is exact.
    key = "2RLK4BFEHQJT6NWAV5GMUXOPD7CYZ3SI"  # base32's alphabet shuffled: each once
    assert key_entropy_bits(key) == pytest.approx(160)
    assert key_strength_problem(key, min_bits=160) is None
    assert "bits of entropy" in key_strength_problem(key, min_bits=161)
    # 16 hex digits, each twice: 4 bits × 32 = 128, just enough.
    assert key_strength_problem("3f9a0c7e51b2d846a1c0e9f73b5d2486") is None


def test_periods_and_steps():
    assert smallest_period("abcabcab") == 3
    assert smallest_period("abcd") == 4
    assert stepped_share("abcdef") == 1.0
    assert stepped_share("a1Zq") == 0.0
