"""The queue's search by member name (office.selectors.queue.queue_search): a trigram index
on the upper-cased name, the expression Django writes for ``istartswith``/``icontains``, so
a name is found among a million members from its first character, and anywhere in it from
three on. PostgreSQL only (pg_trgm is a trusted extension: the database's owner, who runs
migrate, may create it); a no-op on SQLite."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from core.migration_ops import postgres_only_sql


class Migration(migrations.Migration):
    dependencies = [("members", "0007_plan_document_request_days")]

    operations = [
        TrigramExtension(),  # CREATE EXTENSION IF NOT EXISTS pg_trgm; nothing elsewhere
        postgres_only_sql(
            'CREATE INDEX "member_name_trigram" ON "members_member" '
            'USING gin ((UPPER("full_name"::text)) gin_trgm_ops)',
            'DROP INDEX IF EXISTS "member_name_trigram"',
        ),
    ]
