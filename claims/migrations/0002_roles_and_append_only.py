"""Staff roles as groups with the claim permissions, and an append-only guard for events."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = {
    # change_claim opens the admin's transition buttons; every field stays read-only there.
    "investigator": ["investigate_claim", "change_claim", "view_claim", "view_claimdocument", "view_claimevent"],
    "reviewer": ["publish_claim", "change_claim", "close_publicity", "record_jury_result", "settle_jury_result",
                 "view_claim", "view_claimdocument", "view_claimevent", "view_claimdraft"],
    "finance": ["pay_claim", "change_claim", "view_claim", "view_claimevent"],
}

APPEND_ONLY_SQL = """
CREATE OR REPLACE FUNCTION claims_event_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'claims_claimevent is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER claims_claimevent_append_only
    BEFORE UPDATE OR DELETE ON claims_claimevent
    FOR EACH ROW EXECUTE FUNCTION claims_event_append_only();
"""
DROP_SQL = """
DROP TRIGGER IF EXISTS claims_claimevent_append_only ON claims_claimevent;
DROP FUNCTION IF EXISTS claims_event_append_only();
"""


def create_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="claims", codename__in=codenames)
        )


def add_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(APPEND_ONLY_SQL, params=None)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_SQL, params=None)


class Migration(migrations.Migration):
    dependencies = [("claims", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [
        migrations.RunPython(create_roles, migrations.RunPython.noop),
        migrations.RunPython(add_trigger, drop_trigger),
    ]
