"""Load the shipped definition sets, and give the roles their investigation permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.utils import timezone

from claims.definitions.io import DATA_DIR, SHIPPED, load_file

ROLE_PERMISSIONS = {
    "investigator": ["investigate_claim", "view_investigation", "view_conditiondefinition",
                     "view_definitionset"],
    "reviewer": ["decide_claim", "assign_investigation", "view_investigation",
                 "view_conditiondefinition", "view_definitionset"],
}


def load_definitions(apps, schema_editor):
    DefinitionSet = apps.get_model("claims", "DefinitionSet")
    ConditionDefinition = apps.get_model("claims", "ConditionDefinition")
    Plan = apps.get_model("members", "Plan")
    plans = {p.code: p for p in Plan.objects.all()}
    for name in SHIPPED:
        parsed = load_file(DATA_DIR / name)
        definition_set, _ = DefinitionSet.objects.update_or_create(
            code=parsed["code"],
            defaults={
                "title_zh": parsed["title_zh"],
                "title_en": parsed["title_en"],
                "in_force_from": parsed["in_force_from"],
                "in_force_to": parsed["in_force_to"],
                "imported_at": timezone.now(),
            },
        )
        for spec in parsed["conditions"]:
            condition, _ = ConditionDefinition.objects.update_or_create(
                definition_set=definition_set,
                code=spec["code"],
                defaults={k: spec[k] for k in ("name_zh", "name_en", "severity", "benefit_share",
                                               "description_zh", "description_en", "criteria")},
            )
            condition.plans.set([plans[code] for code in spec["plans"] if code in plans])


def grant_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="claims", codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0003_definitions_and_investigations"),
        ("members", "0003_remove_plan_covered_conditions"),
    ]
    operations = [
        migrations.RunPython(load_definitions, migrations.RunPython.noop),
        migrations.RunPython(grant_roles, migrations.RunPython.noop),
    ]
