"""Load the demo data set: plans (by migration), staff for each role, a few hundred
members, and claims in every state, all made through the services. Idempotent.

The steps are in ``demo.seeding``."""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction

from claims.models import Claim
from core import clock
from demo.seeding.cases import claims_every_state, refused_draft
from demo.seeding.data import CLAIMANT, JUROR, STAFF
from demo.seeding.jurors import jurors
from demo.seeding.people import crowd, demo_family, login_ensure, staff_ensure
from demo.seeding.shares import sharing_period
from members.models import Member, Plan


class Command(BaseCommand):
    help = "Load the demo data set (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=300)
        parser.add_argument(
            "--staff-only",
            action="store_true",
            help="only the staff logins (for a database the wind-down simulation fills)",
        )

    def handle(self, *args, members: int, staff_only: bool = False, **options):
        now = clock.now()
        staff_ensure()
        if staff_only:
            self.stdout.write("Staff logins (user / password):")
            for username, password, group, _ in STAFF:
                self.stdout.write(f"  {group or 'superuser':<13} {username} / {password}")
            return
        demo = login_ensure(CLAIMANT[0], CLAIMANT[1], email="demo@example.org")
        if Claim.objects.filter(member__account=demo).exists():
            self.stdout.write("Demo data already loaded.")
            self._print_logins()
            return
        with transaction.atomic():  # all or nothing: a failed load leaves nothing half-done
            plan = Plan.objects.get(code="critical-illness")
            joined = now - timedelta(days=400)
            family = demo_family(demo, plan, joined)
            others = crowd(members - len(family), plan, joined)
            jurors(others, plan, joined, now)
            claims_every_state(family, others, now)
            refused_draft(demo, now, self.stdout.write)
            sharing_period(now, self.stdout.write)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data loaded: {Member.objects.count()} members, "
                f"{Claim.objects.count()} claims."
            )
        )
        self._print_logins()

    def _print_logins(self):
        self.stdout.write("\nDemo logins (user / password):")
        self.stdout.write(f"  claimant      {CLAIMANT[0]} / {CLAIMANT[1]}   → /claims/")
        self.stdout.write(f"  juror         {JUROR[0]} / {JUROR[1]}   → /jury/")
        for username, password, group, _ in STAFF:
            where = {
                "investigator": "/office/",
                "reviewer": "/office/",
                "finance": "/sharing/office/",
                "operator": "/winddown/office/",
            }.get(group or "", "/admin/")
            self.stdout.write(f"  {group or 'superuser':<13} {username} / {password}   → {where}")
