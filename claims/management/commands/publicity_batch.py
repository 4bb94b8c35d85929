"""``manage.py publicity_batch [--date YYYY-MM-DD | --catch-up]``: publish 公示 batches.

With ``--date`` the batch of that date (a 7th or 21st, Beijing time) is published or
finished; with ``--catch-up`` (the default) every batch date since the last batch up
to today. Both are safe to run again: a batch never publishes a claim twice.
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from claims.services.publicity import publicity_batch_publish, publicity_batches_catch_up
from core import clock
from core.errors import DomainError
from core.templatetags.core_tags import deadline


def iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"not a date (YYYY-MM-DD): {value}") from exc


def plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


class Command(BaseCommand):
    help = "Publish the publicity batch (公示) of a date, or catch up every missed batch date."

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group()
        which.add_argument(
            "--date", dest="batch_date", type=iso_date, help="the batch date, YYYY-MM-DD (Beijing)"
        )
        which.add_argument(
            "--catch-up",
            action="store_true",
            help="every batch date since the last batch up to today (the default)",
        )

    def handle(self, *args, batch_date=None, catch_up=False, **options):
        now = clock.now()
        progress = self._progress
        try:
            if batch_date is not None:
                batches = [
                    publicity_batch_publish(batch_date=batch_date, now=now, on_chunk=progress)
                ]
            else:
                batches = publicity_batches_catch_up(now=now, on_chunk=progress)
        except DomainError as error:
            raise CommandError(str(error.message)) from error
        if not batches:
            self.stdout.write("no batch date to publish")
        for batch in batches:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{batch.batch_date}: {plural(batch.claims_count, 'claim')} in the batch, "
                    f"objections until {deadline(batch.window_ends_at)} (Beijing time)"
                )
            )

    def _progress(self, published: int) -> None:
        self.stdout.write(f"  {plural(published, 'claim')} published so far")
