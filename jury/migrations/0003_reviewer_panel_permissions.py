"""Reviewers run the panels' back office: see panels and re-panel a flagged one."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="reviewer")
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="jury",
                                   codename__in=["view_panel", "change_panel"])
    )


class Migration(migrations.Migration):
    dependencies = [("jury", "0002_exam_questions"), ("claims", "0002_roles_and_append_only")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
