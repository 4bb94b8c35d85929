"""``manage.py db_app_role``: make the application role from the owner's connection."""

from django.core.management.base import BaseCommand, CommandError

from config.env import env
from core.db_roles import AppRoleError, app_role_grant, app_role_sql


class Command(BaseCommand):
    help = (
        "Create (if missing) and grant the application role named in DATABASE_URL, "
        "connected as the owner of the tables (DATABASE_OWNER_URL). Idempotent: run it after "
        "every migrate. See docs/deploy.md."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--print-sql",
            action="store_true",
            help="print the GRANT and REVOKE statements instead of running them",
        )

    def handle(self, *args, print_sql: bool = False, **options):
        owner_url, app_url = env("DATABASE_OWNER_URL"), env("DATABASE_URL")
        if not owner_url or not app_url:
            raise CommandError(
                "Set DATABASE_OWNER_URL (the owner of the tables) and DATABASE_URL "
                "(the application role): see deploy.env.example."
            )
        try:
            if print_sql:
                self.stdout.write("\n".join(app_role_sql(owner_url=owner_url, app_url=app_url)))
                return
            report = app_role_grant(owner_url=owner_url, app_url=app_url)
        except AppRoleError as exc:
            raise CommandError(f"The application role is not safe: {exc}") from exc
        verb = "created" if report.created else "already existed"
        self.stdout.write(
            f"Application role {report.role} ({verb}) on {report.database}: "
            f"{report.tables} tables, rows only (no TRUNCATE); read and insert only on "
            f"{len(report.event_tables)} event tables ({', '.join(report.event_tables)}). "
            "Checked: not a superuser, owns nothing."
        )
