"""The queues' orders as indexes (issue 12; docs/decisions.md "Counts, pages and indexes")."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0013_document_request_answered'),
        ('members', '0008_member_name_trigram'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='claim',
            index=models.Index(condition=models.Q(('state', 'filed')), fields=['filed_at', 'id'], name='claim_filed_oldest_first'),
        ),
        migrations.AddIndex(
            model_name='claim',
            index=models.Index(fields=['filed_at', 'id'], name='claim_by_filing'),
        ),
        migrations.AddIndex(
            model_name='claim',
            index=models.Index(fields=['condition_code', 'filed_at', 'id'], name='claim_condition_recent'),
        ),
        migrations.AddIndex(
            model_name='claim',
            index=models.Index(condition=models.Q(('publicity_batch__isnull', False)), fields=['publicity_batch', 'id'], name='claim_batch_cards'),
        ),
        migrations.AddIndex(
            model_name='investigation',
            index=models.Index(condition=models.Q(('completed_at__isnull', True)), fields=['due_at'], name='investigation_open_due'),
        ),
        migrations.AddIndex(
            model_name='investigation',
            index=models.Index(condition=models.Q(('completed_at__isnull', False)), fields=['claim'], name='investigation_signed_off'),
        ),
    ]
