"""Rule parameters of the product (DOMAIN.md); plan-specific values live in the Plan rows."""

from config.env import env
from config.settings.base import DEBUG, SECRET_KEY

PUBLICITY_DAYS = 7  # 公示期 [seed]
INVESTIGATION_DAYS = 15  # an investigation is due 15 days after assignment [product]
DECISION_TARGET_DAYS = 30  # decide within 30 days of filing (insurance law's benchmark)
JURY_APPEAL_DAYS = 7  # one appeal within 7 days of the tally [product]
JURY_MAX_CONSECUTIVE_MISSES = 3  # then a juror is paused (with notice) [product]
# Jurors (赔审员) and their qualification exam [seed: 18+, 6 questions, may be retaken].
JURY_MIN_AGE = 18  # on today's Beijing date [seed]
JURY_EXAM_QUESTIONS_PER_TOPIC = 2  # joining rules, payout rules, juror ethics: 6 in all
JURY_EXAM_PASS_MARK = 5  # correct answers of 6 needed to qualify [product]
JURY_EXAM_COOLDOWN_HOURS = int(env("JURY_EXAM_COOLDOWN_HOURS", "24"))  # after a failed sitting
CREDIT_SCORE_THRESHOLD = int(env("CREDIT_SCORE_THRESHOLD", "650"))
DOCUMENT_MAX_BYTES = int(env("DOCUMENT_MAX_BYTES", str(10 * 1024 * 1024)))
# Key for the HMAC of national identifiers; rotate with a re-hash migration.
IDENTIFIER_HMAC_KEY = env("IDENTIFIER_HMAC_KEY", "dev-only-identifier-key")
# Where the site is reached; used for links in emails.
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

if not DEBUG and (SECRET_KEY.startswith("dev-only") or IDENTIFIER_HMAC_KEY.startswith("dev-only")):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "Set DJANGO_SECRET_KEY and IDENTIFIER_HMAC_KEY: the development keys are public."
    )
