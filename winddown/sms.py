"""Pluggable text messages, like Django's email backends: ``settings.SMS_BACKEND`` names a
class with ``send(*, to, body, key, now)``. ``key`` is an idempotency key: a backend must
send a message with a key it has seen only once (a retried sweep passes the same key).

- ``OutboxBackend`` (the default): a row in ``winddown.SmsMessage``, written in the
  caller's transaction, so a message exists exactly when its reminder was recorded; a
  gateway process hands the rows to the carrier and stamps ``delivered_at``.
- ``ConsoleBackend``: prints the message (development).
"""

import sys
from datetime import datetime

from django.conf import settings
from django.utils.module_loading import import_string

from core import clock


class OutboxBackend:
    def send(self, *, to: str, body: str, key: str, now: datetime) -> None:
        from winddown.models import SmsMessage

        SmsMessage.objects.get_or_create(
            key=key, defaults={"to": to, "body": body, "created_at": now}
        )


class ConsoleBackend:
    def send(self, *, to: str, body: str, key: str, now: datetime) -> None:
        sys.stdout.write(f"SMS to {to} [{key}]: {body}\n")


def send_sms(*, to: str, body: str, key: str, now: datetime | None = None) -> None:
    backend = import_string(settings.SMS_BACKEND)()
    backend.send(to=to, body=body, key=key, now=now or clock.now())
