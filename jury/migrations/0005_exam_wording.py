"""The exam bank's Chinese in one register and one vocabulary ("您", "赔付"): the stored
questions are updated from jury.exam_bank by their codes (sittings keep their ids)."""

from django.db import migrations


def reload_questions(apps, schema_editor):
    from jury.exam_bank import exam_bank_load

    exam_bank_load(apps.get_model("jury", "ExamQuestion"))


class Migration(migrations.Migration):
    dependencies = [("jury", "0004_append_only_events")]

    operations = [migrations.RunPython(reload_questions, migrations.RunPython.noop)]
