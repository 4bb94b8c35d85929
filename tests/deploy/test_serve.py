"""`make serve` (deploy/serve.sh) as an operator runs it: the example's variables in a
deploy.env, PostgreSQL as the application role, Redis. Gunicorn serves the pages, the API
and the static files; a Celery worker and beat start beside it; SIGTERM stops all three."""

import http.client
import json
import os
import re
import signal
import subprocess
import time
import uuid
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import psycopg
import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from claims.states import ClaimState
from core.api.tokens import api_token_create
from tests.deploy.support import ROOT, free_port, production_env
from tests.factories import claim_in_state

PASSWORD = "serve-pass-123"


def db_url(user: str, password: str = "") -> str:
    s = connection.settings_dict
    auth = f"{user}:{password}" if password else user
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


class Site:
    """Requests to gunicorn as the reverse proxy sends them (X-Forwarded-Proto: https)."""

    def __init__(self, port: int):
        self.port, self.cookies = port, SimpleCookie()

    def request(self, method, path, *, body=None, headers=None, https=True):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        sent = {"Host": f"127.0.0.1:{self.port}", **(headers or {})}
        if https:
            sent["X-Forwarded-Proto"] = "https"
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={m.value}" for k, m in self.cookies.items())
        conn.request(method, path, body=body, headers=sent)
        response = conn.getresponse()
        data = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            self.cookies.load(header)
        conn.close()
        return response, data


def wait_until_up(site: Site, process: subprocess.Popen, log) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert process.poll() is None, f"serve exited: {log.read_text()[-3000:]}"
        try:
            if site.request("GET", "/healthz", https=False)[0].status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    pytest.fail(f"gunicorn did not answer: {log.read_text()[-3000:]}")


@pytest.fixture
def app_role():
    name = f"test_serve_{uuid.uuid4().hex[:10]}"
    yield name
    with psycopg.connect(db_url(connection.settings_dict["USER"]), autocommit=True) as owner:
        if owner.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [name]).fetchone():
            owner.execute(f'DROP OWNED BY "{name}"')
            owner.execute(f'DROP ROLE "{name}"')


@pytest.fixture
def serve(tmp_path, app_role):
    """Start deploy/serve.sh in a session of its own; stop it (and only it) afterwards."""
    port = free_port()
    deploy_env = tmp_path / "deploy.env"
    real = {
        "DATABASE_URL": db_url(app_role, "app-secret"),
        "DATABASE_OWNER_URL": db_url(connection.settings_dict["USER"]),
        "REDIS_URL": os.environ["REDIS_URL"],
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"https://127.0.0.1:{port}",
        "MEDIA_DIR": str(tmp_path / "media"),
        "STATIC_ROOT": str(tmp_path / "static"),
        "CELERY_BEAT_SCHEDULE_FILE": str(tmp_path / "beat-schedule"),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
        "WORKER_CONCURRENCY": "1",
    }
    env = production_env(**real)
    deploy_env.write_text(
        "".join(f"{k}={v}\n" for k, v in env.items() if k not in ("PATH", "HOME"))
    )
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [str(ROOT / "deploy" / "serve.sh")],
            cwd=ROOT,
            env={"PATH": env["PATH"], "HOME": env["HOME"], "DEPLOY_ENV": str(deploy_env)},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        site = Site(port)
        wait_until_up(site, process, log)
        yield site, process, log
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # the session serve.sh leads
            process.wait()


def login(site: Site, username: str) -> None:
    response, page = site.request("GET", "/accounts/login/")
    assert response.status == 200
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
    response, _ = site.request(
        "POST",
        "/accounts/login/",
        body=urlencode({"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token}),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": f"https://127.0.0.1:{site.port}",
        },
    )
    assert response.status == 302, "sign-in refused"


@pytest.mark.postgres
@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_serve_answers_pages_api_and_static_files(serve):
    site, process, log = serve
    claim = claim_in_state(ClaimState.FILED)
    account = claim.member.account
    # The server's own hasher: the tests' fast MD5 hasher is not among production's.
    account.password = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
    account.save()
    _token, token = api_token_create(user=account, name="serve test")

    response, _ = site.request("GET", "/", https=False)
    assert response.status == 301 and response.headers["Location"].startswith("https://")
    response, home = site.request("GET", "/", headers={"Accept-Language": "en"})
    assert response.status == 200
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]

    css = re.search(rb'href="(/static/css/site\.[0-9a-f]{12}\.css)"', home).group(1).decode()
    response, body = site.request("GET", css, headers={"Accept-Encoding": "gzip"})
    assert response.status == 200 and response.headers["Content-Type"].startswith("text/css")
    assert "immutable" in response.headers["Cache-Control"]
    assert response.headers["Content-Encoding"] == "gzip"

    login(site, account.username)
    assert "Secure" in str(site.cookies["sessionid"]) and "HttpOnly" in str(
        site.cookies["sessionid"]
    )
    for path, text in [("/claims/", claim.reference), ("/board/", "")]:
        response, page = site.request("GET", path)
        assert response.status == 200, path
        assert text.encode() in page

    response, schema = site.request("GET", "/api/schema/")
    assert response.status == 200 and schema.startswith(b"openapi: 3")
    api = Site(site.port)  # no session: the token alone
    response, body = api.request(
        "GET", "/api/v1/claims/", headers={"Authorization": f"Token {token}"}
    )
    assert response.status == 200 and response.headers["Content-Type"] == "application/json"
    assert [c["reference"] for c in json.loads(body)["results"]] == [claim.reference]
    response, body = api.request("GET", "/api/v1/nothing/")
    assert response.status == 404 and json.loads(body)["code"] == "not_found"

    response, body = site.request("GET", "/healthz/ready", https=False)
    assert response.status == 200 and json.loads(body)["status"] == "ok"

    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=60) == 143
    output = log.read_text()
    for line in (
        "Collecting static files",
        "Migrating as the owner of the tables",
        "Granting the application role",
        "Application role test_serve_",
        "Booting worker with pid",
        "ready.",  # the Celery worker
        "beat: Starting",
    ):
        assert line in output, line


def test_serve_refuses_to_start_without_the_services(tmp_path):
    result = subprocess.run(
        [str(ROOT / "deploy" / "serve.sh")],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], "DEPLOY_ENV": str(tmp_path / "none.env")},
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2
    assert "make serve needs DATABASE_URL DATABASE_OWNER_URL REDIS_URL." in result.stderr
    assert "deploy.env.example" in result.stderr


def test_serve_refuses_a_malformed_env_file(tmp_path):
    bad = tmp_path / "deploy.env"
    bad.write_text("DATABASE_URL postgres://nowhere\n")
    result = subprocess.run(
        [str(ROOT / "deploy" / "serve.sh")],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], "DEPLOY_ENV": str(bad)},
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2 and "not a NAME=value line" in result.stderr
