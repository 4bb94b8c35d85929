from django.db import migrations

from core.migration_ops import append_only_trigger


class Migration(migrations.Migration):
    dependencies = [("jury", "0003_reviewer_panel_permissions")]
    operations = [
        append_only_trigger("jury_jurorevent"),
        append_only_trigger("jury_panelevent"),
    ]
