"""Locust users of the web benchmark (bench/web_bench.py starts locust with this file).

Each user plays one role (``bench/pages.py``): it signs in through the real sign-in page
(GET for the CSRF token, POST with it and a same-origin Referer, as a browser behind
the TLS proxy would) or, for the API roles, sends a token; then it reads its role's
pages, weighted, checking that each answer is 200 and holds the text that shows it is
the right page with real content (anything else is counted as an error).

The measured window starts when every user has signed in (the statistics are reset
then) and lasts ``BENCH_WEB_SECONDS``; sign-ins (PBKDF2 on the server) are not in it.

Environment (set by web_bench.py):
- ``BENCH_WEB_TARGETS``: the JSON file of what to request (``bench.builders.targets()``
  plus the API tokens);
- ``BENCH_WEB_SECONDS``: the measured window;
- ``BENCH_WEB_WAIT``: "think" (1–2 s between a user's requests) or "none" (saturated).
"""

import itertools
import json
import os
import random
import re
import sys
from pathlib import Path

import gevent
from locust import FastHttpUser, between, constant, events, task

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pages import ROLE_LOGINS, ROLE_WEIGHTS, pages, user_class_name  # noqa: E402

TARGETS = json.loads(Path(os.environ.get("BENCH_WEB_TARGETS", "/dev/null")).read_text() or "{}")
SECONDS = float(os.environ.get("BENCH_WEB_SECONDS", "60"))
WAIT = between(1, 2) if os.environ.get("BENCH_WEB_WAIT", "think") == "think" else constant(0)
PAGES = pages(TARGETS) if TARGETS else []
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# Behind nginx, which ends TLS and says so (docs/deploy.md); the site checks a secure
# request's Referer against its own host.
PROXY = {"X-Forwarded-Proto": "https"}

_signed_in = {"count": 0, "expected": None, "started": False}


def _all_signed_in(environment) -> None:
    """Every user is in: reset the figures and stop after the measured window."""
    _signed_in["count"] += 1
    if _signed_in["started"] or _signed_in["count"] < (_signed_in["expected"] or 0):
        return
    _signed_in["started"] = True
    environment.stats.reset_all()
    print(f"bench: all {_signed_in['count']} users signed in; measuring {SECONDS:.0f}s", flush=True)
    gevent.spawn_later(SECONDS, environment.runner.quit)


@events.test_start.add_listener
def _test_start(environment, **kwargs):
    _signed_in["expected"] = environment.parsed_options.num_users


class RoleUser(FastHttpUser):
    abstract = True
    role = ""
    wait_time = WAIT
    # 50 users, 2 sync workers: a request may wait a while in the listen queue.
    network_timeout = 120.0
    connection_timeout = 120.0

    def on_start(self):
        self.cycles = {
            p.name: itertools.cycle(random.sample(p.urls, len(p.urls)))
            for p in PAGES
            if p.role == self.role
        }
        self.pages = [p for p in PAGES if p.role == self.role]
        self.weights = [p.weight for p in self.pages]
        self.headers = dict(PROXY)
        host = self.host.split("://", 1)[1]
        self.origin = f"https://{host}"
        try:
            if self.role in ROLE_LOGINS:
                self.sign_in(TARGETS["logins"][ROLE_LOGINS[self.role]])
            elif self.role.startswith("api_"):
                self.headers["Authorization"] = f"Token {TARGETS['tokens'][self.role]}"
        finally:
            # A refused sign-in still counts (its user stops; the failure is in the
            # figures): the window must start. Five refusals in a row would lock the
            # user name out (django-axes), so the bench never retries one.
            _all_signed_in(self.environment)

    def sign_in(self, login):
        with self.client.get(
            "/accounts/login/", headers=self.headers, name="(sign-in page)", catch_response=True
        ) as page:
            token = CSRF.search(page.text or "")
            if page.status_code != 200 or not token:
                page.failure(f"no sign-in form ({page.status_code})")
                raise RuntimeError("no sign-in form")
        with self.client.post(
            "/accounts/login/",
            data={
                "username": login["username"],
                "password": login["password"],
                "csrfmiddlewaretoken": token.group(1),
            },
            headers={**self.headers, "Referer": f"{self.origin}/accounts/login/"},
            name="(sign-in)",
            allow_redirects=False,
            catch_response=True,
        ) as answer:
            if answer.status_code != 302:
                answer.failure(f"sign-in refused ({answer.status_code})")
                raise RuntimeError(f"{login['username']} could not sign in")

    @task
    def read(self):
        page = random.choices(self.pages, self.weights)[0]
        path, expected = next(self.cycles[page.name])
        with self.client.get(
            path, headers=self.headers, name=page.name, catch_response=True
        ) as answer:
            if answer.status_code != 200:
                answer.failure(f"HTTP {answer.status_code}")
            elif expected not in (answer.text or ""):
                answer.failure("the answer lacks its content")


# One user class per role (web_bench.py names them, or HealthzUser, on the command line).
for _role, _weight in ROLE_WEIGHTS.items():
    globals()[user_class_name(_role)] = type(
        user_class_name(_role), (RoleUser,), {"role": _role, "weight": _weight}
    )


class HealthzUser(FastHttpUser):
    """The plain baseline: the liveness check (one ``SELECT 1``), no wait."""

    wait_time = constant(0)

    def on_start(self):
        _all_signed_in(self.environment)

    @task
    def healthz(self):
        self.client.get("/healthz", headers=PROXY, name="healthz")
