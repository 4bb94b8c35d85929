import django_fsm
from django.db import migrations, models


class Migration(migrations.Migration):
    """The shutdown's event table takes the shape of every trail (core.models.AuditEvent):
    its from/to columns are renamed, not dropped (their rows are kept, and a rename is no
    UPDATE, so the append-only trigger stays as it is), widened, and a reason is added."""

    dependencies = [
        ("winddown", "0003_insurance_exported_event"),
    ]

    operations = [
        migrations.RenameField(
            model_name="shutdownevent", old_name="from_status", new_name="from_state"
        ),
        migrations.RenameField(
            model_name="shutdownevent", old_name="to_status", new_name="to_state"
        ),
        migrations.AlterField(
            model_name="shutdownevent",
            name="from_state",
            field=models.CharField(blank=True, max_length=20),
        ),
        migrations.AlterField(
            model_name="shutdownevent",
            name="to_state",
            field=models.CharField(blank=True, max_length=20),
        ),
        migrations.AddField(
            model_name="shutdownevent",
            name="reason",
            field=models.TextField(blank=True, verbose_name="reason"),
        ),
        migrations.AlterField(
            model_name="shutdown",
            name="status",
            field=django_fsm.FSMField(
                choices=[
                    ("proposed", "Awaiting a second operator"),
                    ("announced", "Announced"),
                    ("cancelled", "Cancelled before announcement"),
                    ("finished", "Finished (final report issued)"),
                ],
                default="proposed",
                max_length=10,
                protected=True,
                verbose_name="status",
            ),
        ),
    ]
