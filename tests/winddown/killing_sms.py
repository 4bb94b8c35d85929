"""An SMS backend for the crash test: it records like the outbox, and on the message
number ``KILL_AT_SMS`` (counted in this process) it kills its own process with SIGKILL,
in the middle of a reminder's transaction, as a lost worker would die."""

import os
import signal

from winddown.sms import OutboxBackend

_sent = 0


class KillingBackend(OutboxBackend):
    def send(self, **kwargs) -> None:
        global _sent
        _sent += 1
        if _sent == int(os.environ["KILL_AT_SMS"]):
            os.kill(os.getpid(), signal.SIGKILL)
        super().send(**kwargs)
