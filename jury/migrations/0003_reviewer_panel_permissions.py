"""Reviewers run the panels' back office: see panels and re-panel a flagged one."""

from django.db import migrations

from core.migration_ops import grant_role_permissions


class Migration(migrations.Migration):
    dependencies = [("jury", "0002_exam_questions"), ("claims", "0002_roles_and_append_only")]
    operations = [grant_role_permissions("jury", {"reviewer": ["view_panel", "change_panel"]})]
