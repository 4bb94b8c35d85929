#!/usr/bin/env python
"""The web benchmark (issue 12): every page under load on a platform-sized database.

    make bench-web                                     # 1,000,000 members, 200,000 claims
    .venv/bin/python bench/web_bench.py --reuse        # the database built last time
    .venv/bin/python bench/web_bench.py --members 10000000 --claims 1000000

1. Builds the database (``bench/builders.py``: set-based inside PostgreSQL), unless
   ``--reuse`` finds one already built.
2. Serves it the way ``make serve`` does (deploy/serve.sh): the production settings
   (DEBUG off) read from a deploy.env in a temporary folder, ``collectstatic``,
   ``migrate`` as the owner of the tables, ``db_app_role``, then gunicorn with
   config/gunicorn.conf.py and 2 sync workers, connected as the application role. Not
   the Celery worker and beat: their sweeps would change the data under the load (the
   unassigned claims get assigned), and the figures are the web's.
3. Makes the API tokens with ``manage.py api_token create``.
4. Times each page alone, one request at a time (a warm-up, then the median of
   ``--repeat``), through the same sign-ins and tokens.
5. Drives locust (bench/locustfile.py, in its own virtualenv: ``make bench-web``
   installs bench/requirements.txt into .venv-bench) headless: first the plain baseline
   (``/healthz``, no wait, 20 users), then 20 and 50 users who wait 1–2 s between
   requests, then the saturated run (users with no wait); each for ``--seconds``
   after every user has signed in.

Prints per page requests/s, p50, p95, p99 and errors for each run, the load average
before and after each, and, as its LAST line, one JSON object: ``single_ms`` (per page),
``p95_ms`` (per run, per page), ``errors`` and ``requests_per_second`` (per run), the
baseline (``healthz_requests_per_second``) and each run's ratio to it.
Timings are printed, never asserted.
"""

import argparse
import csv
import json
import os
import platform
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/bench_web"
APP_ROLE = "bench_web_app"


def say(*parts) -> None:
    print(*parts, flush=True)


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def commit() -> str:
    try:
        out = subprocess.run(
            ["git", "-C", str(ROOT), "log", "-1", "--format=%h %s"],
            capture_output=True,
            text=True,
            check=True,
        )
        dirty = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        return out.stdout.strip() + (" (with uncommitted changes)" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


# --- the database ----------------------------------------------------------------------------


def configure_builder(database_url: str, media_dir: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["DJANGO_DEBUG"] = "false"  # no query log kept in memory
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(48))
    os.environ.setdefault("IDENTIFIER_HMAC_KEY", secrets.token_urlsafe(48))
    os.environ["LOG_LEVEL"] = "WARNING"
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    os.environ["MEDIA_DIR"] = media_dir
    os.environ.pop("REDIS_URL", None)  # the builder's follow-ups run in-process


def database_name(url: str) -> str:
    name = urlsplit(url).path.lstrip("/")
    if not name or not name.replace("_", "").isalnum():
        raise SystemExit(f"refusing database name {name!r}: letters, digits and _ only")
    return name


def recreate_database(url: str) -> None:
    import psycopg

    name = database_name(url)
    maintenance = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def is_built(url: str) -> bool:
    import psycopg

    try:
        with psycopg.connect(url) as conn:
            row = conn.execute(
                "SELECT count(*) FROM auth_user WHERE username = 'bench-claimant'"
            ).fetchone()
            return bool(row and row[0])
    except psycopg.Error:
        return False


def build_database(args, say) -> dict:
    """(Re)build unless --reuse finds a built database; the targets of the load."""
    import django

    media = tempfile.mkdtemp(prefix="bench-web-media-")
    configure_builder(args.database_url, media)
    reuse = args.reuse and is_built(args.database_url)
    if not reuse:
        say(f"Recreating {database_name(args.database_url)} and migrating")
        recreate_database(args.database_url)
    django.setup()
    from django.core.management import call_command

    from bench import builders

    steps = {}
    if not reuse:
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        steps["migrate"] = round(time.perf_counter() - started, 1)
        size = builders.Size(
            members=args.members,
            claims=args.claims,
            jurors=min(args.jurors, args.members // 2),
            ballots=min(args.ballots, args.jurors, args.members // 2),
        )
        say(f"Building {size}")
        started = time.perf_counter()
        steps.update(builders.build(size, say=say))
        steps["total"] = round(time.perf_counter() - started, 1)
    else:
        say(f"Reusing the database {database_name(args.database_url)} (--reuse)")
    return {"steps": steps, "targets": builders.targets(), "counts": counts()}


def counts() -> dict:
    from django.db import connection

    with connection.cursor() as cur:
        out = {}
        for key, table in (
            ("members", "members_member"),
            ("claims", "claims_claim"),
            ("claim_events", "claims_claimevent"),
            ("investigations", "claims_investigation"),
            ("batches", "claims_publicitybatch"),
            ("ballots", "jury_ballot"),
            ("shares", "sharing_membershare"),
        ):
            cur.execute(f"SELECT count(*) FROM {table}")
            out[key] = cur.fetchone()[0]
    return out


# --- the server --------------------------------------------------------------------------------


def deploy_env(args, folder: Path) -> dict[str, str]:
    """The production environment of docs/deploy.md, in a deploy.env of its own."""
    db = database_name(args.database_url)
    owner = urlsplit(args.database_url)
    app = owner._replace(netloc=f"{APP_ROLE}@{owner.hostname}:{owner.port or 5432}")
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "IDENTIFIER_HMAC_KEY": os.environ["IDENTIFIER_HMAC_KEY"],
        "DATABASE_URL": urlunsplit(app._replace(path=f"/{db}")),
        "DATABASE_OWNER_URL": args.database_url,
        "REDIS_URL": args.redis_url,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"https://127.0.0.1:{args.port}",
        # nginx ends TLS in production and says so in this header; locust sends it. The
        # cookies are not marked Secure, since locust itself speaks plain HTTP.
        "DJANGO_PROXY_SSL_HEADER": "X-Forwarded-Proto",
        "DJANGO_SECURE_COOKIES": "false",
        "MEDIA_DIR": str(folder / "media"),
        "STATIC_ROOT": str(folder / "static"),
        "WEB_CONCURRENCY": str(args.workers),
        "GUNICORN_BIND": f"127.0.0.1:{args.port}",
        "GUNICORN_LOG_LEVEL": "warning",
        "CELERY_BEAT_SCHEDULE_FILE": str(folder / "celerybeat-schedule"),
        "SUPPORT_EMAIL": "support@bench.example",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "DEFAULT_FROM_EMAIL": "claims@bench.example",
        "TRUSTED_PROXY_COUNT": "0",
        "LOG_LEVEL": "WARNING",
    }
    (folder / "deploy.env").write_text("".join(f"{k}={v}\n" for k, v in env.items()))
    return env


def manage(env: dict, *argv: str, owner: bool = False) -> str:
    run_env = {**os.environ, **env}
    if owner:
        run_env["DATABASE_URL"] = env["DATABASE_OWNER_URL"]
    out = subprocess.run(
        [sys.executable, "manage.py", *argv],
        cwd=ROOT,
        env=run_env,
        capture_output=True,
        text=True,
    )
    if out.returncode:
        raise SystemExit(f"manage.py {' '.join(argv)} failed:\n{out.stdout}\n{out.stderr}")
    return out.stdout


def start_server(env: dict, folder: Path, say) -> subprocess.Popen:
    """deploy/serve.sh's steps, then its gunicorn (the web only)."""
    say("Collecting static files, migrating as the owner, granting the application role")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    manage(env, "migrate", "--noinput", "-v", "0", owner=True)
    say("  " + manage(env, "db_app_role").strip().splitlines()[-1])
    log = open(folder / "gunicorn.log", "w")  # noqa: SIM115 (open while the server runs)
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "config/gunicorn.conf.py"],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://{env['GUNICORN_BIND']}/healthz"
    for _ in range(120):
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped; see {folder / 'gunicorn.log'}")
        try:
            with urllib.request.urlopen(  # noqa: S310 (our own server)
                urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"}), timeout=5
            ) as answer:
                if answer.status == 200:
                    say(
                        f"gunicorn answers on {env['GUNICORN_BIND']} "
                        f"({env['WEB_CONCURRENCY']} workers)"
                    )
                    return server
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit("gunicorn did not answer /healthz within a minute")


def api_token(env: dict, username: str) -> str:
    out = manage(env, "api_token", "create", username, "--name", "web benchmark")
    return out.strip().splitlines()[1].strip()


# --- one request at a time ----------------------------------------------------------------------


def _opener(port: int, login: dict | None, token: str | None):
    """A client of the server as a browser behind the TLS proxy: signed in, or a token."""
    import http.cookiejar
    import re

    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    headers = [("X-Forwarded-Proto", "https")]
    if token:
        headers.append(("Authorization", f"Token {token}"))
    opener.addheaders = headers
    if login:
        base = f"http://127.0.0.1:{port}/accounts/login/"
        page = opener.open(base, timeout=60).read().decode()
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        form = urllib.parse.urlencode({**login, "csrfmiddlewaretoken": csrf}).encode()
        request = urllib.request.Request(
            base, data=form, headers={"Referer": f"https://127.0.0.1:{port}/accounts/login/"}
        )
        opener.open(request, timeout=60).read()
    return opener


def single_requests(targets: dict, port: int, repeat: int, say) -> dict[str, float]:
    """Each page alone, one request at a time: a warm-up, then ``repeat`` timed requests
    (cycling through the page's URLs); the median in ms. The answer is checked as the
    load checks it."""
    from bench.pages import ROLE_LOGINS, pages

    openers = {}
    out = {}
    say("")
    say(f"== one request at a time (each page: 1 warm-up, median of {repeat}); load {load()}")
    for page in pages(targets):
        if page.role not in openers:
            login = targets["logins"][ROLE_LOGINS[page.role]] if page.role in ROLE_LOGINS else None
            token = targets["tokens"].get(page.role)
            openers[page.role] = _opener(port, login, token)
        opener = openers[page.role]
        times = []
        for i in range(repeat + 1):
            path, expected = page.urls[i % len(page.urls)]
            started = time.perf_counter()
            body = opener.open(f"http://127.0.0.1:{port}{path}", timeout=120).read().decode()
            if i:
                times.append((time.perf_counter() - started) * 1000)
            if expected not in body:
                raise SystemExit(f"{page.name}: {path} lacks {expected!r}")
        times.sort()
        out[page.name] = round(times[len(times) // 2], 1)
        say(f"{page.name:<28} {out[page.name]:>8.0f} ms  (max {times[-1]:.0f})")
    say(f"load after: {load()}")
    return out


# --- the load ---------------------------------------------------------------------------------


def run_locust(args, *, folder, targets_file, label, users, wait, user_classes) -> dict:
    prefix = folder / f"locust-{label}"
    env = {
        **os.environ,
        "BENCH_WEB_TARGETS": str(targets_file),
        "BENCH_WEB_SECONDS": str(args.seconds if label != "baseline" else args.baseline_seconds),
        "BENCH_WEB_WAIT": wait,
    }
    before = load()
    cmd = [
        args.locust,
        "-f",
        str(ROOT / "bench" / "locustfile.py"),
        "--headless",
        "--host",
        f"http://127.0.0.1:{args.port}",
        "-u",
        str(users),
        "-r",
        str(users),
        # A safety stop; the locustfile quits after the measured window.
        "--run-time",
        f"{int(args.seconds + 300)}s",
        "--csv",
        str(prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
        *user_classes,
    ]
    started = time.perf_counter()
    out = subprocess.run(cmd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if not (Path(f"{prefix}_stats.csv")).exists():
        raise SystemExit(
            f"locust failed ({out.returncode}):\n{out.stdout[-3000:]}\n{out.stderr[-3000:]}"
        )
    after = load()
    rows = list(csv.DictReader(open(f"{prefix}_stats.csv")))
    failures = list(csv.DictReader(open(f"{prefix}_failures.csv")))
    return {
        "users": users,
        "wait": wait,
        "load_before": before,
        "load_after": after,
        "wall_seconds": round(wall, 1),
        "rows": rows,
        "failures": failures,
    }


def _num(row, key) -> float:
    try:
        return float(row[key])
    except (KeyError, TypeError, ValueError):
        return 0.0


def report(label: str, run: dict) -> dict:
    pages = [r for r in run["rows"] if r["Name"] != "Aggregated" and not r["Name"].startswith("(")]
    total = next(r for r in run["rows"] if r["Name"] == "Aggregated")
    say("")
    say(
        f"== {label}: {run['users']} users, wait {run['wait']}; load average {run['load_before']}"
        f" -> {run['load_after']}"
    )
    say(
        f"{'page':<28} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
        f"{'errors':>7} {'requests':>9}"
    )
    for r in sorted(pages, key=lambda r: r["Name"]):
        say(
            f"{r['Name']:<28} {_num(r, 'Requests/s'):>7.2f} {_num(r, '50%'):>8.0f} "
            f"{_num(r, '95%'):>8.0f} {_num(r, '99%'):>8.0f} {int(_num(r, 'Failure Count')):>7} "
            f"{int(_num(r, 'Request Count')):>9}"
        )
    say(
        f"{'all pages':<28} {_num(total, 'Requests/s'):>7.2f} {_num(total, '50%'):>8.0f} "
        f"{_num(total, '95%'):>8.0f} {_num(total, '99%'):>8.0f} "
        f"{int(_num(total, 'Failure Count')):>7} {int(_num(total, 'Request Count')):>9}"
    )
    for f in run["failures"][:10]:
        say(f"  error: {f.get('Name')} {f.get('Error')} x{f.get('Occurrences')}")
    return {
        "p95_ms": {r["Name"]: _num(r, "95%") for r in pages},
        "p50_ms_all": _num(total, "50%"),
        "p95_ms_all": _num(total, "95%"),
        "p99_ms_all": _num(total, "99%"),
        "errors": int(sum(_num(r, "Failure Count") for r in pages)),
        "requests": int(_num(total, "Request Count")),
        "requests_per_second": round(_num(total, "Requests/s"), 2),
        "load_before": run["load_before"],
        "load_after": run["load_after"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--claims", type=int, default=200_000)
    parser.add_argument("--jurors", type=int, default=260_000)
    parser.add_argument("--ballots", type=int, default=250_000)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--reuse", action="store_true", help="use the database built last time")
    parser.add_argument("--build-only", action="store_true")
    parser.add_argument("--seconds", type=float, default=60, help="each run's measured window")
    parser.add_argument("--baseline-seconds", type=float, default=20)
    parser.add_argument(
        "--repeat", type=int, default=5, help="timed requests per page, one at a time"
    )
    parser.add_argument("--users", default="20,50", help="the runs with think time")
    parser.add_argument("--saturated-users", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--redis-url", default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/3")
    )
    parser.add_argument("--locust", default=str(ROOT / ".venv-bench" / "bin" / "locust"))
    args = parser.parse_args()

    say(f"commit {commit()}")
    say(f"machine: {platform.node()} {os.cpu_count()} cores, Python {platform.python_version()}")
    say(f"load average before: {load()}")
    built = build_database(args, say)
    for key, value in built["counts"].items():
        say(f"  {key}: {value:,}")
    if args.build_only:
        print(json.dumps({"build_seconds": built["steps"], **built["counts"]}), flush=True)
        return
    if not Path(args.locust).exists():
        raise SystemExit(f"no locust at {args.locust}: run `make bench-web` (it installs it)")

    folder = Path(tempfile.mkdtemp(prefix="bench-web-"))
    env = deploy_env(args, folder)
    server = start_server(env, folder, say)
    try:
        from bench import builders, pages

        targets = built["targets"]
        targets["tokens"] = {
            "api_staff": api_token(env, builders.REVIEWER),
            "api_claimant": api_token(env, builders.CLAIMANT),
        }
        targets_file = folder / "targets.json"
        targets_file.write_text(json.dumps(targets))
        runs = {}
        single = single_requests(targets, args.port, args.repeat, say)
        say(f"\nThe baseline: /healthz, no wait, 20 users, {args.baseline_seconds:.0f}s")
        baseline = report(
            "baseline /healthz",
            run_locust(
                args,
                folder=folder,
                targets_file=targets_file,
                label="baseline",
                users=20,
                wait="none",
                user_classes=["HealthzUser"],
            ),
        )
        plan = [(f"{n} users", int(n), "think") for n in args.users.split(",") if n]
        plan.append(
            (f"saturated ({args.saturated_users} users, no wait)", args.saturated_users, "none")
        )
        for label, users, wait in plan:
            key = "saturated" if wait == "none" else str(users)
            runs[key] = report(
                label,
                run_locust(
                    args,
                    folder=folder,
                    targets_file=targets_file,
                    label=key,
                    users=users,
                    wait=wait,
                    user_classes=[pages.user_class_name(role) for role in pages.ROLE_WEIGHTS],
                ),
            )
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    healthz = baseline["requests_per_second"]
    say("")
    say(f"baseline /healthz: {healthz:.1f} requests/s (20 users, no wait)")
    for key, run in runs.items():
        say(
            f"{key:>10}: {run['requests_per_second']:.2f} requests/s = "
            f"{run['requests_per_second'] / healthz:.3f} of /healthz; "
            f"p95 {run['p95_ms_all']:.0f} ms,"
            f" {run['errors']} errors; load {run['load_before']} -> {run['load_after']}"
        )
    say(f"server log: {folder / 'gunicorn.log'}")
    result = {
        "commit": commit(),
        **built["counts"],
        "build_seconds": built["steps"],
        "seconds": args.seconds,
        "workers": args.workers,
        "single_ms": single,
        "p95_ms": {k: r["p95_ms"] for k, r in runs.items()},
        "errors": {k: r["errors"] for k, r in runs.items()},
        "requests_per_second": {k: r["requests_per_second"] for k, r in runs.items()},
        "p95_ms_all": {k: r["p95_ms_all"] for k, r in runs.items()},
        "healthz_requests_per_second": healthz,
        "ratio_vs_healthz": {
            k: round(r["requests_per_second"] / healthz, 4) for k, r in runs.items()
        },
        "load": {k: [r["load_before"], r["load_after"]] for k, r in runs.items()},
    }
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
