"""Rule parameters of the product (DOMAIN.md); plan-specific values live in the Plan rows."""

from decimal import Decimal

from config.env import env
from config.settings.base import DEBUG, SECRET_KEY

PUBLICITY_DAYS = 7  # 公示期 [seed]
# Objections to approvals per account per Beijing day, against abuse [product].
OBJECTIONS_PER_DAY = int(env("OBJECTIONS_PER_DAY", "5"))
# A requested document is due the plan's Plan.document_request_days (default 30) after
# the request; past its due time it may be closed as not provided. This is the fallback
# for a request with no due time on record [product].
DOCUMENT_REQUEST_DAYS = 30
# Reminders before a document request's due time, in every plan (days before) [product].
DOCUMENT_REQUEST_REMINDER_DAYS = (7, 1)
INVESTIGATION_DAYS = 15  # an investigation is due 15 days after assignment [product]
DECISION_TARGET_DAYS = 30  # decide within 30 days of filing (insurance law's benchmark)
# Pay within 10 days of the moment a claim became payable (insurance law's benchmark).
PAYMENT_TARGET_DAYS = 10
JURY_APPEAL_DAYS = 7  # one appeal within 7 days of the tally [product]
JURY_MAX_CONSECUTIVE_MISSES = 3  # then a juror is paused (with notice) [product]
# Jurors (赔审员) and their qualification exam [seed: 18+, 6 questions, may be retaken].
JURY_MIN_AGE = 18  # on today's Beijing date [seed]
JURY_EXAM_QUESTIONS_PER_TOPIC = 2  # joining rules, payout rules, juror ethics: 6 in all
JURY_EXAM_PASS_MARK = 5  # correct answers of 6 needed to qualify [product]
JURY_EXAM_COOLDOWN_HOURS = int(env("JURY_EXAM_COOLDOWN_HOURS", "24"))  # after a failed sitting
# Sharing periods (分摊) and payouts.
MANAGEMENT_FEE_RATE = Decimal("0.08")  # on the approved amounts of each period [seed]
SHARING_YEARLY_PROMISE = Decimal("188")  # CNY a year at most, ages 0–59 (the original promise)
SHARING_PROMISE_MAX_AGE = 59
PAYOUT_DAYS = 7  # each approved case is paid within 7 days after the sharing day [product]
SHARING_CHUNK = int(env("SHARING_CHUNK", "200000"))  # member ids per set-based INSERT
# The wind-down (停运) [seed: 180 days, day 180 included; the rest product].
WINDDOWN_WINDOW_DAYS = 180  # the default claim window after a plan stops
WINDDOWN_REMINDER_DAYS = (30, 7, 1)  # reminders this many days before a window closes
WINDDOWN_DOCUMENT_MIN_DAYS = 14  # a document asked for in the window: at least this long
# Text messages: a dotted path to a class with send(to=, body=, key=). The default keeps
# each message in the database outbox (winddown.SmsMessage) for a gateway to pick up.
SMS_BACKEND = env("SMS_BACKEND", "winddown.sms.OutboxBackend")
CREDIT_SCORE_THRESHOLD = int(env("CREDIT_SCORE_THRESHOLD", "650"))
DOCUMENT_MAX_BYTES = int(env("DOCUMENT_MAX_BYTES", str(10 * 1024 * 1024)))
# One request may carry this much (a claimant may attach several files at once); over
# it, or with one file over DOCUMENT_MAX_BYTES, the upload is refused with 413 before
# its body is read (core.uploads). Set the reverse proxy's body limit to the same.
DOCUMENT_MAX_FILES_PER_REQUEST = 5
UPLOAD_MAX_REQUEST_BYTES = int(
    env(
        "UPLOAD_MAX_REQUEST_BYTES",
        str(DOCUMENT_MAX_BYTES * DOCUMENT_MAX_FILES_PER_REQUEST + 1024 * 1024),
    )
)
# Images are decoded to be checked: a decompression bomb (a small file of huge
# dimensions) is refused before decoding. 64 megapixels is a 48 MP phone photo with room.
DOCUMENT_IMAGE_MAX_PIXELS = int(env("DOCUMENT_IMAGE_MAX_PIXELS", "64000000"))
DOCUMENT_IMAGE_MAX_SIDE = 20_000  # pixels, either way
DOCUMENT_IMAGE_MIN_SIDE = 16  # pixels: anything smaller cannot be read
# Key for the HMAC of national identifiers; rotate with a re-hash migration.
IDENTIFIER_HMAC_KEY = env("IDENTIFIER_HMAC_KEY", "dev-only-identifier-key")
# Where the site is reached; used for links in emails. `make run` sets it from HOST and
# PORT (`make run PORT=8001` links to port 8001); without it, PORT or 8000 on 127.0.0.1.
SITE_URL = (env("SITE_URL", "") or f"http://127.0.0.1:{env('PORT', '8000')}").rstrip("/")
# Where members reach a person: shown in the footer and wherever a page says "contact us".
SUPPORT_EMAIL = env("SUPPORT_EMAIL", "support@mutual-aid.example")
SUPPORT_PHONE = env("SUPPORT_PHONE", "")  # shown beside the email when set

if not DEBUG:
    # Out of debug mode, refuse to start with a weak key (core.secrets: at least 32 bytes,
    # about 128 bits of entropy, no development key); `manage.py check` says the same.
    from core.secrets import key_strength_problem

    for _name, _value in (
        ("DJANGO_SECRET_KEY", SECRET_KEY),
        ("IDENTIFIER_HMAC_KEY", IDENTIFIER_HMAC_KEY),
    ):
        if _problem := key_strength_problem(_value):
            from django.core.exceptions import ImproperlyConfigured

            raise ImproperlyConfigured(
                f"{_name} {_problem}. Generate one with: python -c "
                "'import secrets; print(secrets.token_urlsafe(48))'"
            )
