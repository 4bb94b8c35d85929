"""Every read of a medical document by staff: an append-only audit table (a PostgreSQL
trigger refuses UPDATE and DELETE), readable by reviewers in the admin."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from core.migration_ops import append_only_trigger, grant_role_permissions


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0009_document_not_provided'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='DocumentRead',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reader_role', models.CharField(choices=[('administrator', 'administrator'), ('reviewer', 'reviewer'), ('investigator', 'investigator'), ('finance', 'finance'), ('operator', 'operator'), ('staff', 'staff member')], max_length=20, verbose_name='role')),
                ('read_at', models.DateTimeField(verbose_name='read at')),
                ('document', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='reads', to='claims.claimdocument')),
                ('reader', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'document read',
                'verbose_name_plural': 'document reads',
                'ordering': ['-read_at', '-id'],
                'indexes': [models.Index(fields=['document', '-read_at'], name='document_read_recent')],
            },
        ),
        append_only_trigger("claims_documentread"),
        grant_role_permissions("claims", {"reviewer": ["view_documentread"]}),
    ]
