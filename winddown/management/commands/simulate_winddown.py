"""Run a whole wind-down on an accelerated clock and print its timeline."""

import logging
from datetime import date

from celery import current_app as celery_app
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from core import clock
from winddown.simulation.checks import database_in_use, default_announcement_day
from winddown.simulation.run import Simulation, member_logins
from winddown.simulation.steps import Outcome


class Command(BaseCommand):
    help = (
        "Build a plan with N members, announce its shutdown (two operators) and run the "
        "whole claim window on a simulated clock through the real services and tasks, "
        "printing the timeline week by week. Also the demo of the wind-down."
    )

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=2000)
        parser.add_argument("--claims", type=int, default=120, help="members who fall ill")
        parser.add_argument(
            "--announce",
            help=(
                "the announcement day, YYYY-MM-DD (default: far enough back to end about "
                "today); the simulation stops at yesterday, so a recent day leaves the "
                "wind-down under way"
            ),
        )
        parser.add_argument("--window-days", type=int, default=180)
        parser.add_argument("--stop-after-days", type=int, default=31)
        parser.add_argument(
            "--days", type=int, default=None, help="stop after this many simulated days"
        )
        parser.add_argument("--seed", type=int, default=2021)
        parser.add_argument(
            "--member-logins",
            metavar="PASSWORD",
            help="give this password to a few simulated members and print their logins",
        )
        parser.add_argument(
            "--keep-mail", action="store_true", help="send the mail to the configured backend"
        )

    def handle(self, *args, **o):
        if o["members"] < 1 or o["claims"] < 0 or o["claims"] > o["members"]:
            raise CommandError("--members must be at least 1 and --claims at most --members")
        if o["window_days"] < 1:
            raise CommandError("--window-days must be at least 1")
        announce_on = self._announcement_day(o)
        busy = database_in_use(announce_on=announce_on)
        if busy:
            raise CommandError(
                f"This database is in use ({busy}). The simulation runs the real beat tasks "
                "on a clock in the past, and they would act on that data too. Run it on a "
                "database of its own, for example:\n"
                "  DATABASE_URL=sqlite:///var/winddown-demo.sqlite3 "
                ".venv/bin/python manage.py migrate\n"
                "  DATABASE_URL=sqlite:///var/winddown-demo.sqlite3 "
                ".venv/bin/python manage.py simulate_winddown\n"
                "(`make winddown-demo` does both and serves the site on port 8001)."
            )
        simulation = Simulation(
            members=o["members"],
            claims=o["claims"],
            announce_on=announce_on,
            stop_after_days=o["stop_after_days"],
            window_days=o["window_days"],
            seed=o["seed"],
            out=self.stdout.write,
        )
        outcome = self._run_quietly(simulation, max_days=o["days"], keep_mail=o["keep_mail"])
        self._report(outcome)
        if o["member_logins"]:
            for username, what in member_logins(outcome.shutdown.plans.get(), o["member_logins"]):
                self.stdout.write(f"  member login {username} / {o['member_logins']}: {what}")

    @staticmethod
    def _announcement_day(o) -> date:
        """``--announce``, else a day far enough back to end about today; not in the future."""
        try:
            announce_on = (
                date.fromisoformat(o["announce"])
                if o["announce"]
                else default_announcement_day(
                    window_days=o["window_days"], stop_after_days=o["stop_after_days"]
                )
            )
        except ValueError as exc:
            raise CommandError(f"--announce must be YYYY-MM-DD: {o['announce']!r}") from exc
        if announce_on > clock.today():
            raise CommandError("--announce must not be in the future")
        return announce_on

    @staticmethod
    def _run_quietly(simulation: Simulation, *, max_days: int | None, keep_mail: bool) -> Outcome:
        """Run with the tasks eager (the simulated clock lives in this process), the mail
        kept in memory unless ``keep_mail``, and the apps' loggers at WARNING."""
        mail = (
            {} if keep_mail else {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
        )
        quiet = [logging.getLogger(name) for name in ("claims", "sharing", "winddown", "jury")]
        levels = [logger.level for logger in quiet]
        for logger in quiet:  # the sweeps log each run; the timeline says it better here
            logger.setLevel(logging.WARNING)
        eager = celery_app.conf.task_always_eager
        celery_app.conf.task_always_eager = True  # the simulated clock lives in this process
        try:
            with override_settings(**mail):
                return simulation.run(max_days=max_days)
        finally:
            celery_app.conf.task_always_eager = eager
            for logger, level in zip(quiet, levels, strict=True):
                logger.setLevel(level)

    def _report(self, outcome: Outcome) -> None:
        """The refused filings, and the final report (or where the dashboard is)."""
        shutdown = outcome.shutdown
        self.stdout.write("")
        if outcome.refusals:
            self.stdout.write(
                "Refused filings: "
                + ", ".join(f"{code} {n}" for code, n in outcome.refusals.most_common())
            )
        if outcome.finished:
            report = shutdown.final_report
            self.stdout.write(
                self.style.SUCCESS(
                    f"Final report issued: {report['claims']} claims, paid ¥{report['paid']} "
                    f"by the platform (periods borne: ¥{report['periods_borne']}); "
                    f"see /winddown/office/{shutdown.pk}/report/"
                )
            )
        else:
            self.stdout.write(
                f"Stopped before the end; the dashboard is /winddown/office/{shutdown.pk}/"
            )
