"""Row locks the ORM does not spell."""

from django.db import connection
from django.db.models import Model


def lock_for_share(model: type[Model], pk: int) -> None:
    """``SELECT … FOR SHARE`` on one row (PostgreSQL): many may hold it at once, but not
    while another transaction holds the row ``FOR UPDATE`` (and the other way round).
    A no-op on SQLite, which locks the whole database on write."""
    if connection.vendor != "postgresql":
        return
    table = connection.ops.quote_name(model._meta.db_table)
    column = connection.ops.quote_name(model._meta.pk.column)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {table} WHERE {column} = %s FOR SHARE", [pk])
