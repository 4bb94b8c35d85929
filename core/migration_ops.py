"""Migration operations the apps share."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def append_only_trigger(table: str) -> migrations.RunPython:
    """On PostgreSQL, refuse UPDATE and DELETE on an audit table below the ORM."""
    function = f"{table}_append_only"
    create = f"""
CREATE OR REPLACE FUNCTION {function}() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '{table} is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER {function} BEFORE UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION {function}();
"""
    drop = f"DROP TRIGGER IF EXISTS {function} ON {table}; DROP FUNCTION IF EXISTS {function}();"

    def forward(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(create, params=None)  # no params: % is literal

    def backward(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(drop, params=None)

    return migrations.RunPython(forward, backward)


def postgres_only_sql(forward: str, backward: str) -> migrations.RunPython:
    """SQL that only PostgreSQL has (an index of an extension's operator class): run there,
    a no-op on SQLite (the demo and the tests without DATABASE_URL)."""

    def run(sql):
        def operation(apps, schema_editor):
            if schema_editor.connection.vendor == "postgresql":
                schema_editor.execute(sql, params=None)

        return operation

    return migrations.RunPython(run(forward), run(backward))


def grant_role_permissions(app_label: str, roles: dict[str, list[str]]) -> migrations.RunPython:
    """Give each staff role (a group) the app's permissions named by codename."""

    def forward(apps, schema_editor):
        for app_config in apps.get_app_configs():
            app_config.models_module = True
            create_permissions(app_config, apps=apps, verbosity=0)
            app_config.models_module = None
        Group = apps.get_model("auth", "Group")
        Permission = apps.get_model("auth", "Permission")
        for role, codenames in roles.items():
            group, _ = Group.objects.get_or_create(name=role)
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label=app_label, codename__in=codenames
                )
            )

    return migrations.RunPython(forward, migrations.RunPython.noop)
