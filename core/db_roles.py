"""The application role: what the web and the workers connect to PostgreSQL as.

Migrations run as the owner of the tables (``DATABASE_OWNER_URL``). The application role
(``DATABASE_URL``) is made here, from the owner's connection, so that it:

- is not a superuser, may not create roles or databases, is no member of the owner;
- owns nothing, so it can neither ``ALTER TABLE … DISABLE TRIGGER`` nor drop anything;
- may SELECT, INSERT, UPDATE and DELETE rows, and use the sequences, with no TRUNCATE,
  REFERENCES or TRIGGER privilege anywhere;
- may only read and insert rows of the event tables (the append-only audit trails), so
  nobody connected as it can rewrite or empty one;
- gets the same row privileges on the tables the owner creates later (default privileges).

Idempotent: run it after every ``migrate`` (``make serve`` does) so that a new event table
loses UPDATE and DELETE too. It checks the result before committing.
"""

from dataclasses import dataclass, field
from typing import Any

import psycopg
from django.apps import apps
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict

from core.models import AppendOnlyModel

ROW_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE"
ROLE_ATTRIBUTES = "NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT"


class AppRoleError(Exception):
    """The role cannot be made safe from the owner's connection (the message says why)."""


@dataclass
class AppRoleReport:
    role: str
    database: str
    created: bool
    tables: int
    event_tables: list[str] = field(default_factory=list)


def event_tables_find(*, cursor: psycopg.Cursor) -> list[str]:
    """Append-only tables: the models on ``AppendOnlyModel`` and any table whose trigger
    refuses UPDATE and DELETE (``core.migration_ops.append_only_trigger``)."""
    names = {m._meta.db_table for m in apps.get_models() if issubclass(m, AppendOnlyModel)}
    cursor.execute(
        "SELECT DISTINCT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
        " WHERE NOT t.tgisinternal AND t.tgname LIKE %s",
        ["%append_only"],
    )
    names |= {row[0] for row in cursor.fetchall()}
    cursor.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
        " AND tablename = ANY(%s)",
        [sorted(names)],
    )
    return sorted(row[0] for row in cursor.fetchall())


def _target(*, owner_url: str, app_url: str) -> tuple[str, str | None]:
    owner, app = conninfo_to_dict(owner_url), conninfo_to_dict(app_url)
    if not app.get("user"):
        raise AppRoleError("DATABASE_URL names no user: it must name the application role")
    if app["user"] == owner.get("user"):
        raise AppRoleError(
            f"DATABASE_URL and DATABASE_OWNER_URL both name {app['user']!r}: "
            "the web and the workers must not connect as the owner of the tables"
        )
    where = [(d.get("host"), d.get("port"), d.get("dbname")) for d in (owner, app)]
    if where[0] != where[1]:
        raise AppRoleError("DATABASE_URL and DATABASE_OWNER_URL name different databases")
    password = app.get("password")
    return str(app["user"]), None if password is None else str(password)


def _fetch_one(cursor: psycopg.Cursor) -> tuple[Any, ...]:
    """The row of a query that always returns one (a count, the current user)."""
    row = cursor.fetchone()
    if row is None:
        raise AppRoleError("the database answered no row to a query that always has one")
    return row


def _role_ensure(cursor: psycopg.Cursor, *, role: str, password: str | None) -> bool:
    cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = %s", [role])
    row = cursor.fetchone()
    if row and row[0]:
        raise AppRoleError(f"role {role!r} is a superuser: ask a superuser to make it NOSUPERUSER")
    if row:
        return False
    cursor.execute("SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = current_user")
    if not _fetch_one(cursor)[0]:
        raise AppRoleError(
            f"role {role!r} does not exist and the owner may not create roles: ask a superuser"
            f" to run CREATE ROLE {role} LOGIN PASSWORD '…' (docs/deploy.md), then run this again"
        )
    login = (
        sql.SQL("LOGIN PASSWORD {}").format(sql.Literal(password)) if password else sql.SQL("LOGIN")
    )
    cursor.execute(
        sql.SQL("CREATE ROLE {} {} " + ROLE_ATTRIBUTES).format(sql.Identifier(role), login)
    )
    return True


def app_role_statements(
    *, role: str, owner: str, database: str, schema: str, event_tables: list[str]
) -> list[sql.Composed]:
    """The grants, in order; revoking first makes a second run give the same result."""
    ident = {
        "role": sql.Identifier(role),
        "owner": sql.Identifier(owner),
        "db": sql.Identifier(database),
        "schema": sql.Identifier(schema),
    }
    texts = [
        "GRANT CONNECT ON DATABASE {db} TO {role}",
        "GRANT USAGE ON SCHEMA {schema} TO {role}",
        "REVOKE CREATE ON SCHEMA {schema} FROM {role}",
        "REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {role}",
        f"GRANT {ROW_PRIVILEGES} ON ALL TABLES IN SCHEMA {{schema}} TO {{role}}",
        "REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM {role}",
        "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {role}",
        "ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {schema}"
        f" GRANT {ROW_PRIVILEGES} ON TABLES TO {{role}}",
        "ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {schema}"
        " GRANT USAGE, SELECT ON SEQUENCES TO {role}",
    ]
    statements = [sql.SQL(t).format(**ident) for t in texts]
    if event_tables:
        tables = sql.SQL(", ").join(sql.Identifier(schema, t) for t in event_tables)
        statements.append(
            sql.SQL("REVOKE UPDATE, DELETE ON {} FROM {}").format(tables, ident["role"])
        )
    return statements


# Each check is a query answering true when the role is unsafe in that way. The parameters
# are cast: PostgreSQL cannot guess the type of a bare parameter in these functions.
_TABLES = (
    " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
    " WHERE n.nspname = %(schema)s::name AND c.relkind IN ('r', 'p')"
)
AUDIT_CHECKS = [
    (
        "is a superuser, or may create roles or databases, or bypasses row security",
        "SELECT rolsuper OR rolcreaterole OR rolcreatedb OR rolbypassrls OR rolreplication"
        " FROM pg_roles WHERE rolname = %(role)s::name",
    ),
    (
        "is a member of the owner role",
        "SELECT pg_has_role(%(role)s::name, %(owner)s::name, 'MEMBER')",
    ),
    (
        "owns objects in this database",
        "SELECT count(*) > 0 FROM pg_shdepend d WHERE d.deptype = 'o'"
        " AND d.refobjid = (SELECT oid FROM pg_roles WHERE rolname = %(role)s::name)"
        " AND d.dbid IN (0, (SELECT oid FROM pg_database WHERE datname = current_database()))",
    ),
    (
        "may create objects in the schema",
        "SELECT has_schema_privilege(%(role)s::name, %(schema)s::text, 'CREATE')",
    ),
    (
        "has TRUNCATE, REFERENCES or TRIGGER on a table",
        "SELECT bool_or(has_table_privilege(%(role)s::name, c.oid,"
        " 'TRUNCATE, REFERENCES, TRIGGER'))" + _TABLES,
    ),
    (
        "may UPDATE or DELETE rows of an event table",
        "SELECT bool_or(has_table_privilege(%(role)s::name,"
        " format('%%I.%%I', %(schema)s::text, t), 'UPDATE, DELETE'))"
        " FROM unnest(%(events)s::text[]) AS t",
    ),
    (
        "may not read or insert rows of some table",
        "SELECT bool_or(NOT (has_table_privilege(%(role)s::name, c.oid, 'SELECT')"
        " AND has_table_privilege(%(role)s::name, c.oid, 'INSERT')))" + _TABLES,
    ),
]


def app_role_audit(
    *, cursor: psycopg.Cursor, role: str, owner: str, schema: str, event_tables: list[str]
) -> list[str]:
    """What is wrong with the role, checked in the catalogue; empty when it is safe."""
    params = {"role": role, "owner": owner, "schema": schema, "events": event_tables}
    problems = []
    for problem, query in AUDIT_CHECKS:
        cursor.execute(query, params)
        if _fetch_one(cursor)[0]:
            problems.append(f"role {role!r} {problem}")
    return problems


def _owner_facts(cursor: psycopg.Cursor) -> tuple[str, str, str]:
    cursor.execute("SELECT current_user, current_database(), current_schema()")
    user, database, schema = _fetch_one(cursor)
    return user, database, schema


def app_role_sql(*, owner_url: str, app_url: str) -> list[str]:
    """The statements ``app_role_grant`` would run (after creating the role if missing)."""
    role, _password = _target(owner_url=owner_url, app_url=app_url)
    with psycopg.connect(owner_url) as conn, conn.cursor() as cursor:
        owner, database, schema = _owner_facts(cursor)
        statements = app_role_statements(
            role=role,
            owner=owner,
            database=database,
            schema=schema,
            event_tables=event_tables_find(cursor=cursor),
        )
        return [s.as_string(conn) + ";" for s in statements]


def app_role_grant(*, owner_url: str, app_url: str) -> AppRoleReport:
    """Create (if missing) and grant the application role, in one transaction, checked
    before it commits: a failed check rolls everything back and raises AppRoleError."""
    role, password = _target(owner_url=owner_url, app_url=app_url)
    with psycopg.connect(owner_url) as conn, conn.cursor() as cursor:
        owner, database, schema = _owner_facts(cursor)
        events = event_tables_find(cursor=cursor)
        created = _role_ensure(cursor, role=role, password=password)
        for statement in app_role_statements(
            role=role, owner=owner, database=database, schema=schema, event_tables=events
        ):
            cursor.execute(statement)
        problems = app_role_audit(
            cursor=cursor, role=role, owner=owner, schema=schema, event_tables=events
        )
        if problems:
            conn.rollback()
            raise AppRoleError("; ".join(problems))
        cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = %s", [schema])
        tables = _fetch_one(cursor)[0]
    return AppRoleReport(
        role=role, database=database, created=created, tables=tables, event_tables=events
    )
