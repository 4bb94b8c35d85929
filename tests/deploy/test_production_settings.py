"""The production profile (config.settings.production) with deploy.env.example's
variables: ``check --deploy`` passes, and unsafe values are refused at start-up."""

import re
import subprocess
import sys

import pytest

from core.secrets import key_strength_problem
from tests.deploy.support import ROOT, example_variables, production_env

PYTHON = sys.executable
REAL = {
    "DATABASE_URL": "postgres://mutual_aid_app:app-pass@127.0.0.1:5432/mutual_aid",
    "DATABASE_OWNER_URL": "postgres://mutual_aid_owner:owner-pass@127.0.0.1:5432/mutual_aid",
}
# Read from the environment but rightly absent from the production example.
NOT_FOR_PRODUCTION = {
    "DJANGO_DEBUG": "refused when true",
    "EMAIL_FILE_PATH": "the demo's file mail backend",
    "HOST": "make's listen address (GUNICORN_BIND in production)",
    "PORT": "make's listen port (GUNICORN_BIND in production)",
    "DEPLOY_ENV": "which file deploy/serve.sh reads",
    "VENV": "where deploy/serve.sh finds the virtualenv",
}


def run(code: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [PYTHON, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_finds_nothing():
    result = subprocess.run(
        [PYTHON, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(**REAL),
        capture_output=True,
        text=True,
        timeout=120,
    )
    issues = set(re.findall(r"^\S*: \(([\w.]+)\)", result.stdout + result.stderr, re.M))
    assert result.returncode == 0 and issues == set(), result.stdout + result.stderr


def test_the_profile_is_hardened():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE,"
        " s.CSRF_COOKIE_SECURE, s.SECURE_PROXY_SSL_HEADER, s.CSRF_TRUSTED_ORIGINS,"
        " s.SESSION_COOKIE_AGE, s.DATABASES['default']['CONN_HEALTH_CHECKS'],"
        " s.STORAGES['staticfiles']['BACKEND'].rsplit('.', 1)[1],"
        " s.REST_FRAMEWORK['DEFAULT_RENDERER_CLASSES'])"
    )
    result = run(code, production_env(**REAL))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[0] == (
        "False True 31536000 True True ('HTTP_X_FORWARDED_PROTO', 'https') "
        "['https://claims.example.org'] 28800 True CompressedManifestStaticFilesStorage "
        "['rest_framework.renderers.JSONRenderer']"
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"DJANGO_SECRET_KEY": "dev-only-insecure-key-change-me-in-production"}, "public"),
        ({"DJANGO_SECRET_KEY": "short-but-random-Zq8"}, "at least 32 are needed"),
        ({"DJANGO_SECRET_KEY": "ab" * 40}, "distinct characters"),
        ({"IDENTIFIER_HMAC_KEY": "0123456789abcdef" * 4}, "repeats a pattern"),
        ({"DJANGO_DEBUG": "true"}, "DJANGO_DEBUG is true"),
        ({"DATABASE_URL": ""}, "DATABASE_URL must name the PostgreSQL database"),
        ({"DATABASE_URL": "sqlite:///db.sqlite3"}, "DATABASE_URL must name the PostgreSQL"),
        ({"REDIS_URL": ""}, "REDIS_URL must name the Redis broker"),
        ({"DJANGO_ALLOWED_HOSTS": ""}, "DJANGO_ALLOWED_HOSTS must list"),
        ({"SITE_URL": ""}, "SITE_URL must say where"),
    ],
)
def test_start_up_is_refused_with_the_reason(change, message):
    result = run("import django; django.setup()", production_env(**{**REAL, **change}))
    assert result.returncode != 0
    assert "ImproperlyConfigured: Production settings:" in result.stderr
    assert message in result.stderr


def test_the_example_placeholders_are_refused_until_replaced():
    active, _optional = example_variables()
    assert key_strength_problem(active["DJANGO_SECRET_KEY"])
    assert key_strength_problem(active["IDENTIFIER_HMAC_KEY"])


def test_the_example_lists_every_variable_production_reads():
    sources = [*(ROOT / "config").rglob("*.py"), ROOT / "deploy" / "serve.sh"]
    pattern = re.compile(
        r"""env(?:_bool)?\(\s*"([A-Z][A-Z0-9_]+)"|environ(?:\.get|\.setdefault)?[\[(]\s*["']([A-Z][A-Z0-9_]+)"""
        r"""|\$\{?([A-Z][A-Z0-9_]+)"""
    )
    read = {
        name
        for path in sources
        for match in pattern.finditer(path.read_text())
        for name in match.groups()
        if name
    }
    active, optional = example_variables()
    listed = set(active) | set(optional)
    assert read - listed - set(NOT_FOR_PRODUCTION) == set()
    assert listed - read == set()  # nothing stale in the example


def test_every_example_variable_has_a_comment_above_it():
    lines = (ROOT / "deploy.env.example").read_text().splitlines()
    for i, line in enumerate(lines):
        if re.match(r"^[A-Z][A-Z0-9_]*=", line):
            above = lines[i - 1]
            assert above.startswith("#"), f"{line.split('=')[0]} has no comment"
