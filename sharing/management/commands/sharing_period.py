"""Open a plan's sharing period (分摊), write its shares with a progress bar, complete it.

    manage.py sharing_period --plan critical-illness --day 2025-03-21

Safe to re-run: an open period is found again, the shares already written are kept
(the unique (period, member) skips them), and a complete period is left alone.
"""

import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from claims.models import PublicityBatch
from core.errors import DomainError
from members.models import Plan
from sharing import services
from sharing.models import Payer

BAR = 30


class Command(BaseCommand):
    help = "Open, write and complete a plan's sharing period for a sharing day."

    def add_arguments(self, parser):
        parser.add_argument("--plan", required=True, help="the plan's code")
        parser.add_argument("--day", required=True, help="the sharing day, YYYY-MM-DD")
        parser.add_argument("--chunk", type=int, default=None, help="member ids per chunk")
        parser.add_argument(
            "--platform", action="store_true", help="the platform bears this period in full"
        )

    def handle(self, *args, **options):
        try:
            day = date.fromisoformat(options["day"])
        except ValueError as exc:
            raise CommandError(f"--day must be YYYY-MM-DD: {options['day']!r}") from exc
        plan = Plan.objects.filter(code=options["plan"]).first()
        if plan is None:
            codes = ", ".join(Plan.objects.values_list("code", flat=True))
            raise CommandError(f"no plan {options['plan']!r} (plans: {codes})")
        batch = PublicityBatch.objects.filter(batch_date=day).first()
        payer = Payer.PLATFORM if options["platform"] else None  # the plan decides
        try:
            period = services.sharing_period_open(
                plan=plan, sharing_day=day, batch=batch, payer=payer
            )
        except DomainError as refusal:
            raise CommandError(str(refusal.message)) from refusal
        self.stdout.write(
            f"Period {period} ({period.get_status_display()}): {period.cases_count} cases, "
            f"approved ¥{period.approved_total:,} + fee ¥{period.fee:,} + carried in "
            f"¥{period.carried_in:,} = ¥{period.total:,}; {period.members_count:,} members "
            f"share ¥{period.share} each; ¥{period.carried_out} carried out."
        )
        if period.is_complete:
            self.stdout.write("Already complete.")
            return
        started = time.perf_counter()

        def progress(p, written, hi):
            done = p.members_written
            total = p.members_count or 1
            filled = BAR * done // total
            elapsed = time.perf_counter() - started
            self.stdout.write(
                f"[{'#' * filled}{'.' * (BAR - filled)}] {done:>12,} / {p.members_count:,} "
                f"({100 * done // total:3d}%)  +{written:,} up to member {hi:,}  "
                f"{elapsed:6.1f}s"
            )
            self.stdout.flush()

        services.sharing_period_write_shares(
            period=period, chunk=options["chunk"], on_progress=progress
        )
        try:
            period = services.sharing_period_complete(period=period)
        except DomainError as refusal:
            raise CommandError(str(refusal.message)) from refusal
        self.stdout.write(
            self.style.SUCCESS(
                f"Complete: {period.members_written:,} shares; the books balance to the fen "
                f"({time.perf_counter() - started:.1f}s)."
            )
        )
