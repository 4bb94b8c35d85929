from decimal import Decimal

from django.db import migrations

from members.plan_catalogue import PLANS


def seed_plans(apps, schema_editor):
    Plan = apps.get_model("members", "Plan")
    BenefitBand = apps.get_model("members", "BenefitBand")
    for spec in PLANS:
        fields = {k: v for k, v in spec.items() if k not in ("code", "bands")}
        plan, _ = Plan.objects.update_or_create(code=spec["code"], defaults=fields)
        for min_age, max_age, amount in spec["bands"]:
            BenefitBand.objects.update_or_create(
                plan=plan, min_age=min_age, defaults={"max_age": max_age, "amount": Decimal(amount)}
            )


class Migration(migrations.Migration):
    dependencies = [("members", "0001_initial")]
    operations = [migrations.RunPython(seed_plans, migrations.RunPython.noop)]
