"""Load the juror qualification exam's question bank (jury.exam_bank): 8 questions on
each of joining rules, payout rules and juror ethics, in Chinese and English."""

from django.db import migrations


def load_questions(apps, schema_editor):
    from jury.exam_bank import exam_bank_load

    exam_bank_load(apps.get_model("jury", "ExamQuestion"))


def unload_questions(apps, schema_editor):
    from jury.exam_bank import QUESTIONS

    ExamQuestion = apps.get_model("jury", "ExamQuestion")
    ExamQuestion.objects.filter(code__in=[q["code"] for q in QUESTIONS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("jury", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load_questions, unload_questions),
    ]
