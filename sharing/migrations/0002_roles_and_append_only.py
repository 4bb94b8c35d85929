"""Finance and reviewers see sharing periods; finance exports the payouts bank file.
Sharing events are append-only below the ORM as well (a trigger on PostgreSQL)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = {
    "finance": ["view_sharingperiod", "view_membershare", "view_payout", "view_sharingevent",
                "export_payouts"],
    "reviewer": ["view_sharingperiod", "view_payout", "view_sharingevent"],
}

APPEND_ONLY_SQL = """
CREATE OR REPLACE FUNCTION sharing_event_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'sharing_sharingevent is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER sharing_sharingevent_append_only
    BEFORE UPDATE OR DELETE ON sharing_sharingevent
    FOR EACH ROW EXECUTE FUNCTION sharing_event_append_only();
"""
DROP_SQL = """
DROP TRIGGER IF EXISTS sharing_sharingevent_append_only ON sharing_sharingevent;
DROP FUNCTION IF EXISTS sharing_event_append_only();
"""


def grant(apps, schema_editor):
    app_config = apps.get_app_config("sharing")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="sharing", codename__in=codenames)
        )


def add_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(APPEND_ONLY_SQL, params=None)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_SQL, params=None)


class Migration(migrations.Migration):
    dependencies = [("sharing", "0001_initial"), ("claims", "0002_roles_and_append_only")]
    operations = [
        migrations.RunPython(grant, migrations.RunPython.noop),
        migrations.RunPython(add_trigger, drop_trigger),
    ]
