"""Write the bank-batch CSV of the payouts issued on a day.

manage.py payouts_export --day 2025-03-28 [--output payouts.csv]
"""

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sharing.services.payouts import payouts_export_csv, payouts_export_record


class Command(BaseCommand):
    help = "Export the day's payouts (issued that Beijing day) as a bank-batch CSV."

    def add_arguments(self, parser):
        parser.add_argument("--day", required=True, help="YYYY-MM-DD")
        parser.add_argument("--output", help="a file to write (default: standard output)")

    def handle(self, *args, **options):
        try:
            day = date.fromisoformat(options["day"])
        except ValueError as exc:
            raise CommandError(f"--day must be YYYY-MM-DD: {options['day']!r}") from exc
        payouts_export_record(day=day, actor=None)  # the operator at the shell: the system
        text = payouts_export_csv(day=day)
        if options["output"]:
            Path(options["output"]).write_text(text, encoding="utf-8")
            rows = text.count("\r\n") - 1
            self.stdout.write(f"{rows} payouts written to {options['output']}")
        else:
            self.stdout.write(text, ending="")
