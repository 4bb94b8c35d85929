from django.db import migrations

from core.migration_ops import append_only_trigger


class Migration(migrations.Migration):
    dependencies = [("members", "0004_plan_jury_settings")]
    operations = [append_only_trigger("members_membershipevent")]
