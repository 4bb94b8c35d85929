"""``manage.py db_app_role``: the application role the web and the workers connect as,
checked by connecting as it to the test database."""

import uuid
from io import StringIO

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from psycopg import errors

from claims.models import Claim
from claims.states import ClaimState
from core.db_roles import app_role_audit
from tests.factories import claim_in_state

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EVENT_TABLES = [
    "claims_claimevent",
    "claims_documentread",
    "jury_jurorevent",
    "jury_panelevent",
    "members_membershipevent",
    "sharing_sharingevent",
    "winddown_shutdownevent",
]


def url(user: str, password: str = "") -> str:
    s = connection.settings_dict
    auth = f"{user}:{password}" if password else user
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture
def owner_url():
    return url(connection.settings_dict["USER"])


@pytest.fixture
def app_role(monkeypatch, owner_url):
    """A fresh role name, in the environment as the command reads it; dropped afterwards."""
    name = f"test_app_{uuid.uuid4().hex[:10]}"
    monkeypatch.setenv("DATABASE_OWNER_URL", owner_url)
    monkeypatch.setenv("DATABASE_URL", url(name, "app-secret"))
    yield name
    with psycopg.connect(owner_url, autocommit=True) as owner:
        owner.execute("DROP TABLE IF EXISTS test_future_event, test_future_rows")
        if owner.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [name]).fetchone():
            owner.execute(f'DROP OWNED BY "{name}"')  # its grants and default privileges
            owner.execute(f'DROP ROLE "{name}"')


def as_app(role: str) -> psycopg.Connection:
    return psycopg.connect(url(role, "app-secret"), autocommit=True)


def refused(conn: psycopg.Connection, statement: str) -> bool:
    try:
        conn.execute(statement)
    except errors.InsufficientPrivilege:
        return True
    return False


def test_the_role_is_made_and_holds_only_row_privileges(app_role):
    claim = claim_in_state(ClaimState.FILED)
    out = StringIO()
    call_command("db_app_role", stdout=out)
    assert f"Application role {app_role} (created)" in out.getvalue()
    assert f"{len(EVENT_TABLES)} event tables (" + ", ".join(EVENT_TABLES) + ")" in out.getvalue()

    with as_app(app_role) as app:
        assert app.execute(
            "SELECT rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = current_user"
        ).fetchone() == (False, False, False)
        owned = app.execute(
            "SELECT count(*) FROM pg_class WHERE relowner ="
            " (SELECT oid FROM pg_roles WHERE rolname = current_user)"
        )
        assert owned.fetchone() == (0,)
        for table in EVENT_TABLES:
            assert refused(app, f"TRUNCATE {table}")
            assert refused(app, f"UPDATE {table} SET id = id")
            assert refused(app, f"DELETE FROM {table}")
            assert refused(app, f"ALTER TABLE {table} DISABLE TRIGGER ALL")
        assert refused(app, "SET session_replication_role = replica")  # triggers stay on
        assert refused(app, "TRUNCATE claims_claim")  # no TRUNCATE anywhere
        assert refused(app, "CREATE TABLE mine (id int)")  # it can own nothing

        # What the site does: read, insert an event, change a row under a lock.
        inserted = app.execute(
            "INSERT INTO claims_claimevent (claim_id, event_type, from_state, to_state,"
            " reason, payload, created_at) VALUES (%s, 'filed', '', 'filed', 'by the app role',"
            " '{}', now()) RETURNING id",
            [claim.pk],
        ).fetchone()[0]
        read = app.execute("SELECT reason FROM claims_claimevent WHERE id = %s", [inserted])
        assert read.fetchone() == ("by the app role",)
        with app.transaction():
            app.execute("SELECT id FROM claims_claim WHERE id = %s FOR UPDATE", [claim.pk])
            app.execute("UPDATE claims_claim SET reference = reference WHERE id = %s", [claim.pk])
        assert app.execute("SELECT count(*) FROM django_session").fetchone() == (0,)
    assert Claim.objects.get(pk=claim.pk).events.filter(reason="by the app role").exists()


def test_a_second_run_is_the_same_and_covers_tables_made_after(app_role, owner_url):
    call_command("db_app_role", stdout=StringIO())
    with psycopg.connect(owner_url, autocommit=True) as owner:  # a later migration's tables
        owner.execute("CREATE TABLE test_future_rows (id int)")
        owner.execute("CREATE TABLE test_future_event (id int)")
        owner.execute(
            "CREATE TRIGGER test_future_event_append_only BEFORE UPDATE OR DELETE ON"
            " test_future_event FOR EACH ROW EXECUTE FUNCTION claims_claimevent_append_only()"
        )
    with as_app(app_role) as app:  # default privileges: rows at once, never TRUNCATE
        app.execute("INSERT INTO test_future_rows VALUES (1)")
        app.execute("UPDATE test_future_event SET id = 2")
        assert refused(app, "TRUNCATE test_future_rows")

    out = StringIO()
    call_command("db_app_role", stdout=out)
    assert f"Application role {app_role} (already existed)" in out.getvalue()
    assert f"{len(EVENT_TABLES) + 1} event tables" in out.getvalue()
    with as_app(app_role) as app:
        app.execute("INSERT INTO test_future_event VALUES (1)")
        assert refused(app, "UPDATE test_future_event SET id = 2")
        app.execute("UPDATE test_future_rows SET id = 2")


def test_the_sql_can_be_printed_for_a_database_administrator(app_role):
    out = StringIO()
    call_command("db_app_role", print_sql=True, stdout=out)
    assert 'REVOKE UPDATE, DELETE ON "public"."claims_claimevent"' in out.getvalue()
    assert f'FROM "{app_role}";' in out.getvalue()
    exists = psycopg.connect(url(connection.settings_dict["USER"]), autocommit=True)
    with exists:
        assert (
            exists.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [app_role]).fetchone()
            is None
        )


def test_the_owner_is_refused_as_the_application_role(monkeypatch, owner_url):
    monkeypatch.setenv("DATABASE_OWNER_URL", owner_url)
    monkeypatch.setenv("DATABASE_URL", owner_url)
    with pytest.raises(CommandError, match="must not connect as the owner"):
        call_command("db_app_role", stdout=StringIO())
    monkeypatch.delenv("DATABASE_OWNER_URL")
    with pytest.raises(CommandError, match="Set DATABASE_OWNER_URL"):
        call_command("db_app_role", stdout=StringIO())


def test_a_privilege_granted_by_hand_is_found_and_taken_back(app_role, owner_url):
    call_command("db_app_role", stdout=StringIO())
    with psycopg.connect(owner_url, autocommit=True) as owner:
        owner.execute(f'GRANT TRUNCATE ON claims_claim TO "{app_role}"')
        owner.execute(f'GRANT UPDATE ON claims_claimevent TO "{app_role}"')
        with owner.cursor() as cursor:
            problems = app_role_audit(
                cursor=cursor,
                role=app_role,
                owner=connection.settings_dict["USER"],
                schema="public",
                event_tables=EVENT_TABLES,
            )
    assert problems == [
        f"role {app_role!r} has TRUNCATE, REFERENCES or TRIGGER on a table",
        f"role {app_role!r} may UPDATE or DELETE rows of an event table",
    ]
    call_command("db_app_role", stdout=StringIO())  # the next run takes them back
    with as_app(app_role) as app:
        assert refused(app, "TRUNCATE claims_claim")
        assert refused(app, "UPDATE claims_claimevent SET id = id")
