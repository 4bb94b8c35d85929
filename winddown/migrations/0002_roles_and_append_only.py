"""Operators propose and confirm shutdowns (a new staff role); finance and reviewers see
the wind-down dashboard; operators and finance export the insurer's list. Shutdown
events are append-only below the ORM as well (a trigger on PostgreSQL)."""

from django.db import migrations

from core.migration_ops import append_only_trigger, grant_role_permissions

ROLES = {
    "operator": [
        "view_shutdown",
        "announce_shutdown",
        "export_insurance_moves",
        "view_shutdownevent",
        "view_windowreminder",
        "view_insurancemove",
    ],
    "finance": ["view_shutdown", "export_insurance_moves", "view_shutdownevent"],
    "reviewer": ["view_shutdown", "view_shutdownevent"],
}


class Migration(migrations.Migration):
    dependencies = [
        ("winddown", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        grant_role_permissions("winddown", ROLES),
        append_only_trigger("winddown_shutdownevent"),
    ]
