"""National identifiers (居民身份证号): validated, kept only as an HMAC and a mask.

The plaintext number is never stored. The HMAC (keyed by settings.IDENTIFIER_HMAC_KEY)
lets us find duplicates and match a number a person types again; the mask is what
every page shows.
"""

import hashlib
import hmac
import re
from datetime import date

from django.conf import settings

_ID_RE = re.compile(r"^\d{17}[\dX]$")
_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_CHECK = "10X98765432"


def normalise_identifier(value: str) -> str:
    return value.strip().upper().replace(" ", "")


def identifier_check_digit(first17: str) -> str:
    """ISO 7064 MOD 11-2 check character of an 18-character resident ID."""
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK[total % 11]


def is_valid_identifier(value: str) -> bool:
    value = normalise_identifier(value)
    return bool(_ID_RE.match(value)) and identifier_check_digit(value[:17]) == value[17]


def identifier_birth_date(value: str) -> date | None:
    """The date of birth written in a resident ID (characters 7–14), if it is a date."""
    digits = normalise_identifier(value)[6:14]
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None


def hash_identifier(value: str) -> str:
    key = settings.IDENTIFIER_HMAC_KEY.encode()
    return hmac.new(key, normalise_identifier(value).encode(), hashlib.sha256).hexdigest()


def mask_identifier(value: str) -> str:
    """``11**************3X``: two characters at each end.

    The middle holds the region, the birth date and the sequence; the birth date is
    shown elsewhere, so hiding only it (the common 6+4 mask) would reveal the number.
    """
    value = normalise_identifier(value)
    return value[:2] + "*" * (len(value) - 4) + value[-2:]
