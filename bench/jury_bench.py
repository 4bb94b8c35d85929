#!/usr/bin/env python
"""The jury benchmark (issue 4): 3 million jurors, a 1,001-seat draw, 250,000 ballots, the tally.

    .venv/bin/python bench/jury_bench.py                      # full size
    .venv/bin/python bench/jury_bench.py --jurors 20000 --ballots 5000

It drops and recreates its own PostgreSQL database (``bench_jury`` unless
``--database-url`` says otherwise), migrates it, builds the jurors set-based inside
PostgreSQL, then drives the real services: ``panel_open`` for the draw,
``ballot_cast`` once per ballot from W worker processes, ``panel_tally`` against one
plain SQL statement. Progress goes to stdout; the LAST line is one JSON object.
"""

import argparse
import json
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/bench_jury"
CHUNK = 250_000  # jurors per INSERT … SELECT (one transaction per chunk)
PANEL_SEATS = 1001
TALLY_RUNS = 5


def say(*parts) -> None:
    print(*parts, flush=True)


def code_under_test() -> str:
    """Which code ran: the commit, and a digest of the two modules measured."""
    import hashlib
    import subprocess

    try:
        head = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
    except OSError:
        head = "?"
    digests = []
    for name in ("jury/services/panels.py", "jury/tally.py"):
        digest = hashlib.sha1((ROOT / name).read_bytes()).hexdigest()[:10]
        digests.append(f"{name} {digest}")
    return f"commit {head or '?'}; " + ", ".join(digests)


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} CPUs"


# --- the environment and the database ---------------------------------------------------


def configure_environment(database_url: str, media_dir: str) -> None:
    """Everything Django reads, set before ``django.setup()`` (here and in each worker)."""
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["DJANGO_DEBUG"] = "false"  # as in production: no query log kept in memory
    # DEBUG off refuses the public development keys; a throwaway database needs none better.
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-jury-throwaway-secret-key")
    os.environ.setdefault("IDENTIFIER_HMAC_KEY", "bench-jury-throwaway-identifier-key")
    os.environ["LOG_LEVEL"] = "WARNING"
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    os.environ["MEDIA_DIR"] = media_dir  # the claims' uploaded documents (absolute path)
    os.environ.pop("REDIS_URL", None)  # tasks run in-process; the panel task is patched out


def recreate_database(database_url: str) -> None:
    import psycopg

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    if not name or not name.replace("_", "").isalnum():
        raise SystemExit(f"refusing database name {name!r}: letters, digits and _ only")
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def setup_django() -> None:
    import django

    django.setup()


# --- 1. the jurors, built inside PostgreSQL ---------------------------------------------

USERS_SQL = """
INSERT INTO auth_user (id, password, last_login, is_superuser, username, first_name,
                       last_name, email, is_staff, is_active, date_joined)
SELECT %(u)s + g, '!bench-unusable', NULL, false, 'bench-juror-' || g, '', '',
       'juror' || g || '@bench.example', false, true, %(now)s
FROM generate_series(%(lo)s, %(hi)s) AS g
"""

MEMBERS_SQL = """
INSERT INTO members_member (id, account_id, relation, full_name, national_id_hash,
                            national_id_masked, birth_date, phone, email, city,
                            fraud_found, created_at)
SELECT %(m)s + g, %(u)s + g, 'self',
       (ARRAY['张','王','李','赵','陈','刘','杨','黄'])[1 + g %% 8] || '陪审' || g,
       encode(sha256(convert_to('bench-national-id-' || g, 'UTF8')), 'hex'),
       '110105********' || lpad((g %% 10000)::text, 4, '0'),
       DATE '1950-01-01' + (g %% 20000),
       '', 'juror' || g || '@bench.example',
       (ARRAY['杭州','上海','北京','成都','武汉','广州'])[1 + g %% 6],
       false, %(now)s
FROM generate_series(%(lo)s, %(hi)s) AS g
"""

JURORS_SQL = """
INSERT INTO jury_juror (id, member_id, account_id, status, qualified_at, paused_at,
                        disqualified_at, consecutive_misses, panels_sat, agreed_with_final,
                        created_at)
SELECT %(j)s + g, %(m)s + g, %(u)s + g, 'qualified', %(now)s, NULL, NULL, 0, 0, 0, %(now)s
FROM generate_series(%(lo)s, %(hi)s) AS g
"""


def build_jurors(n: int) -> float:
    """n users, their self members and qualified jurors: three INSERT … SELECT per chunk."""
    from django.db import connection, transaction
    from django.utils import timezone

    now = timezone.now()
    started = time.perf_counter()
    with connection.cursor() as cur:
        bases = {}
        for key, table in (("u", "auth_user"), ("m", "members_member"), ("j", "jury_juror")):
            cur.execute(f"SELECT coalesce(max(id), 0) FROM {table}")
            bases[key] = cur.fetchone()[0]
        for lo in range(1, n + 1, CHUNK):
            hi = min(lo + CHUNK - 1, n)
            params = {**bases, "lo": lo, "hi": hi, "now": now}
            with transaction.atomic():
                cur.execute(USERS_SQL, params)
                cur.execute(MEMBERS_SQL, params)
                cur.execute(JURORS_SQL, params)
            elapsed = time.perf_counter() - started
            say(f"  jurors {hi:>10,} / {n:,}  {elapsed:7.1f}s  ({hi / elapsed:,.0f}/s)")
        for table in ("auth_user", "members_member", "jury_juror"):
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )
        cur.execute("ANALYZE auth_user, members_member, jury_juror")
    return time.perf_counter() - started


# --- 2. the disputed claims and the jurors who may not sit -------------------------------


def disputed_claims(count: int):
    """Disputed claims through the real services (the tests' factories), panel task patched."""
    from unittest import mock

    from claims.states import ClaimState
    from tests.factories import claim_in_state

    with mock.patch("core.followups.followups_hand_over"):
        return [claim_in_state(ClaimState.DISPUTED, approve=False) for _ in range(count)]


def _self_member(account, tag: str):
    from datetime import date

    from members.models import Member, Relation

    member = Member.objects.filter(account=account, relation=Relation.SELF).first()
    if member is None:
        member = Member.objects.create(
            account=account,
            relation=Relation.SELF,
            full_name=f"排除{tag}",
            birth_date=date(1975, 5, 5),
            national_id_hash=f"bench-excluded-{tag}-{account.pk}",
            national_id_masked="110105********0000",
        )
    return member


def _juror(member):
    from django.utils import timezone

    from jury.models import Juror, JurorStatus

    now = timezone.now()
    return Juror.objects.create(
        member=member,
        account_id=member.account_id,
        status=JurorStatus.QUALIFIED,
        qualified_at=now,
        created_at=now,
    )


def conflicted_jurors(claim) -> dict[str, int]:
    """Qualified jurors who must never sit on ``claim``: its claimant, two relatives (a link
    either way), the investigator and the reviewer who decided it."""
    from claims.models import ClaimEvent
    from claims.states import ClaimEventType
    from members.models import FamilyLink, Relation
    from tests.factories import UserFactory

    claimant = claim.member
    spouse = _self_member(UserFactory(), "spouse")
    FamilyLink.objects.create(member=claimant, relative=spouse, relation=Relation.SPOUSE)
    parent = _self_member(UserFactory(), "parent")
    FamilyLink.objects.create(member=parent, relative=claimant, relation=Relation.CHILD)
    reviewer = (
        ClaimEvent.objects.filter(claim=claim, event_type=ClaimEventType.INVESTIGATION_RECORDED)
        .values_list("actor", flat=True)
        .first()
    )
    from django.contrib.auth import get_user_model

    people = {
        "claimant": claimant,
        "spouse (linked by the claimant)": spouse,
        "parent (linked to the claimant)": parent,
        "investigator": _self_member(claim.investigation.investigator, "investigator"),
        "reviewer": _self_member(get_user_model().objects.get(pk=reviewer), "reviewer"),
    }
    return {who: _juror(member).pk for who, member in people.items()}


# --- 3. the draw --------------------------------------------------------------------------


def draw_panel(claim, excluded: dict[str, int]) -> tuple[float, int]:
    from jury.models import Juror, JurorStatus, Seat
    from jury.services import panels
    from members.models import Plan

    Plan.objects.filter(pk=claim.plan_id).update(
        jury_panel_size=PANEL_SEATS, jury_quorum=PANEL_SEATS // 2 + 1, jury_voting_hours=24
    )
    started = time.perf_counter()
    panel = panels.panel_open(claim=claim.pk)
    draw_ms = (time.perf_counter() - started) * 1000

    seated = list(Seat.objects.filter(panel=panel).values_list("juror_id", flat=True))
    assert len(seated) == PANEL_SEATS, f"{len(seated)} seats, not {PANEL_SEATS}"
    assert len(set(seated)) == PANEL_SEATS, "a juror holds two seats"
    assert (
        Juror.objects.filter(pk__in=seated, status=JurorStatus.QUALIFIED).count() == PANEL_SEATS
    ), "an unqualified juror was seated"
    sat = {who: pk for who, pk in excluded.items() if pk in set(seated)}
    assert not sat, f"excluded jurors were seated: {sat}"
    # The seats alone prove little at 1,001 of millions: ask the draw's own filter too.
    eligible = panels.jurors_eligible(panel)
    leaked = {who: pk for who, pk in excluded.items() if eligible.filter(pk=pk).exists()}
    assert not leaked, f"excluded jurors are drawable: {leaked}"
    log = panel.draw_log
    say(
        f"  panel {panel.pk}: {len(seated):,} distinct seats in {draw_ms:,.1f} ms "
        f"(candidates {log['consumed']:,}, rejected {log['rejected']:,}, id range "
        f"{log['low']:,}–{log['high']:,}); none of {len(excluded)} excluded jurors "
        f"({', '.join(excluded)}) seated or drawable"
    )
    return draw_ms, len(seated)


# --- 4. the ballots -----------------------------------------------------------------------

REASONS_PAY = [
    "病理报告明确为恶性肿瘤，符合定义的每一条。",
    "The pathology report confirms a malignant tumour; every clause is met.",
    "组织病理学检查已确诊，分期不属轻度恶性肿瘤，应当给付。",
    "ICD-O-3 behaviour code 3 on the report, stage II, so not a listed mild cancer.",
    "调查员的事实记录完整，医院复核过切片，我认为应赔。",
    "The investigator checked the slides at the hospital; the definition is met.",
]
REASONS_DENY = [
    "材料里看不出组织病理学确诊，只有影像学诊断。",
    "Only imaging, no histopathology: the pathology clause is not shown.",
    "分期为 TNM I 期甲状腺癌，属于规范列明的轻度恶性肿瘤。",
    "Thyroid cancer TNM stage I is listed as mild, so this definition is not met.",
    "证据不足以证明行为编码为 3、6 或 9。",
    "The behaviour code on the report is 2 (in situ), not malignant.",
]
NOTES = [
    "报告虽有瑕疵，但我相信二次会诊的结论。",
    "The second opinion outweighs the missing page of the report.",
    "条款答案是按材料填写的，但整体判断不同。",
]


def make_ballots(keys: list[str], tree: dict, count: int, seed: int) -> list[tuple]:
    """(answers, verdict, reason, note): most jurors answer the clauses consistently with
    their verdict; some are unsure of a clause; about 3% vote against their own answers and
    confirm it with a note."""
    from claims.states import Decision
    from jury import rules

    rng = random.Random(seed)
    out = []
    for i in range(count):
        pay = rng.random() < 0.56
        lean = "met" if pay else "not_met"
        answers = {}
        for key in keys:
            r = rng.random()
            answers[key] = lean if r < 0.80 else ("unsure" if r < 0.93 else "met")
        if rng.random() < 0.03:
            pay = not pay  # a verdict against the juror's own reading of the clauses
        verdict = Decision.APPROVE if pay else Decision.DENY
        reason = rng.choice(REASONS_PAY if pay else REASONS_DENY)
        if rng.random() < 0.5:
            reason = f"{reason} (#{i % 997})"
        note = rng.choice(NOTES) if rules.verdict_contradicts(tree, answers, verdict) else ""
        out.append((answers, verdict, reason, note))
    return out


def _backend_cpu_seconds(pid: int | None) -> float | None:
    """CPU used so far by this worker's PostgreSQL backend (when it runs on this machine)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, TypeError):
        return None


def ballot_worker(index, database_url, media_dir, panel_id, accounts, seed, barrier, results):
    """One process: its own django.setup(), its share of jurors, one ballot_cast per ballot."""
    configure_environment(database_url, media_dir)
    setup_django()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from claims.definitions.criteria import validate
    from core.errors import DomainError
    from jury.models import Panel
    from jury.services.panels import ballot_cast

    user_model = get_user_model()
    tree = Panel.objects.values_list("claim__condition_definition__criteria", flat=True).get(
        pk=panel_id
    )
    keys = [clause.key for clause in validate(tree)]
    ballots = make_ballots(keys, tree, len(accounts), seed)
    actors = [user_model(pk=account_id) for account_id in accounts]  # as request.user would be
    latencies = []
    errors: dict[str, int] = {}
    captured = None
    with connection.cursor() as cur:
        cur.execute("SELECT pg_backend_pid()")
        backend = cur.fetchone()[0]
    backend_started = _backend_cpu_seconds(backend)
    barrier.wait(timeout=600)
    started, cpu_started = time.perf_counter(), time.process_time()
    for n, (actor, (answers, verdict, reason, note)) in enumerate(
        zip(actors, ballots, strict=True)
    ):
        t = time.perf_counter()
        try:
            if n == 1 and index == 0:  # the second ballot: per-panel caches are warm
                with CaptureQueriesContext(connection) as captured:
                    ballot_cast(
                        panel=panel_id,
                        actor=actor,
                        clause_answers=answers,
                        verdict=verdict,
                        reason=reason,
                        contradiction_note=note,
                    )
            else:
                ballot_cast(
                    panel=panel_id,
                    actor=actor,
                    clause_answers=answers,
                    verdict=verdict,
                    reason=reason,
                    contradiction_note=note,
                )
        except DomainError as exc:
            errors[exc.code] = errors.get(exc.code, 0) + 1
        latencies.append(time.perf_counter() - t)
        if (n + 1) % 25_000 == 0:
            elapsed = time.perf_counter() - started
            rate = (n + 1) / elapsed
            say(f"  worker {index}: {n + 1:>8,} ballots  {elapsed:6.1f}s  ({rate:,.0f}/s)")
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    backend_now = _backend_cpu_seconds(backend)
    backend_cpu = None if backend_now is None else backend_now - backend_started
    latencies.sort()
    queries = [q["sql"] for q in captured.captured_queries] if captured is not None else None
    results.put(
        {
            "worker": index,
            "ballots": len(accounts),
            "seconds": elapsed,
            "cpu_seconds": cpu,
            "backend_cpu_seconds": backend_cpu,
            "errors": errors,
            "p50_ms": latencies[len(latencies) // 2] * 1000,
            "p99_ms": latencies[int(len(latencies) * 0.99)] * 1000,
            "queries": queries,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        }
    )
    connection.close()


def _per_ballot_ms(seconds: float | None, ballots: int) -> str:
    return "n/a" if seconds is None else f"{seconds / ballots * 1000:.2f} ms"


def cast_ballots(panel, ballots: int, workers: int, database_url: str, media_dir: str, excluded):
    import multiprocessing

    from django.db import connection

    from jury.models import Ballot, JurorStatus

    # B distinct jurors spread over the whole table, in random order, none of them conflicted.
    with connection.cursor() as cur:
        cur.execute(
            "SELECT count(*) FROM jury_juror WHERE status = %s AND NOT (id = ANY(%s))",
            [JurorStatus.QUALIFIED, list(excluded.values())],
        )
        pool = cur.fetchone()[0]
        if ballots > pool:
            raise SystemExit(f"{ballots:,} ballots need as many jurors; there are {pool:,}")
        stride = max(pool // ballots, 1)
        cur.execute(
            "SELECT account_id FROM (SELECT account_id, row_number() OVER (ORDER BY id) AS r "
            "FROM jury_juror WHERE status = %s AND NOT (id = ANY(%s))) j "
            "WHERE (r - 1) %% %s = 0 LIMIT %s",
            [JurorStatus.QUALIFIED, list(excluded.values()), stride, ballots],
        )
        accounts = [row[0] for row in cur.fetchall()]
    random.Random(4).shuffle(accounts)
    shares = [accounts[i::workers] for i in range(workers)]

    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(workers + 1)
    results = ctx.Queue()
    procs = [
        ctx.Process(
            target=ballot_worker,
            args=(i, database_url, media_dir, panel.pk, share, 1000 + i, barrier, results),
        )
        for i, share in enumerate(shares)
    ]
    for proc in procs:
        proc.start()
    barrier.wait(timeout=600)  # every worker has set Django up and prepared its ballots
    started = time.perf_counter()
    reports = [results.get() for _ in procs]
    seconds = time.perf_counter() - started
    for proc in procs:
        proc.join()
    reports.sort(key=lambda r: r["worker"])
    for r in reports:
        say(
            f"  worker {r['worker']}: {r['ballots']:,} ballots in {r['seconds']:.1f}s "
            f"({r['ballots'] / r['seconds']:,.0f}/s), latency p50 {r['p50_ms']:.2f} ms, "
            f"p99 {r['p99_ms']:.2f} ms, Python CPU {r['cpu_seconds'] / r['ballots'] * 1000:.2f} ms "
            f"per ballot, PostgreSQL backend CPU "
            f"{_per_ballot_ms(r['backend_cpu_seconds'], r['ballots'])} per ballot, "
            f"refused {r['errors'] or 'none'}, "
            f"peak RSS {r['peak_rss_mb']:.0f} MB"
        )
        if r["queries"] is not None:
            say(f"  queries for one ballot_cast: {len(r['queries'])}")
            for sql in r["queries"]:
                say(f"    {sql[:160]}")
    stored = Ballot.objects.filter(panel=panel).count()
    refused = sum(sum(r["errors"].values()) for r in reports)
    assert refused == 0, f"{refused} ballots refused"
    assert stored == ballots, f"{stored:,} ballots stored, {ballots:,} cast"
    return seconds, max(r["peak_rss_mb"] for r in reports)


# --- 5. the tally -------------------------------------------------------------------------

# One statement for the same figures as jury.tally.panel_tally, in its shape.
PLAIN_TALLY_SQL = """
SELECT jsonb_build_object(
  'pay', n.pay,
  'deny', n.deny,
  'contradicting_clauses', n.contradicting,
  'clauses', coalesce((
      SELECT jsonb_object_agg(key, '{"met": 0, "not_met": 0, "unsure": 0}'::jsonb || split)
      FROM (SELECT key, jsonb_object_agg(value, n) AS split
            FROM (SELECT kv.key, kv.value, count(*) AS n
                  FROM jury_ballot b CROSS JOIN LATERAL jsonb_each_text(b.clause_answers) kv
                  WHERE b.panel_id = %(p)s
                  GROUP BY kv.key, kv.value) s
            GROUP BY key) c), '{}'::jsonb),
  'reasons', (
      SELECT jsonb_object_agg(v.verdict, coalesce((
          SELECT jsonb_agg(r.reason ORDER BY r.k, r.id)
          FROM (SELECT reason, (id * 7919) %% 10007 AS k, id FROM jury_ballot
                WHERE panel_id = %(p)s AND verdict = v.verdict
                ORDER BY k, id LIMIT 20) r), '[]'::jsonb))
      FROM (VALUES ('approve'), ('deny')) AS v(verdict))
)
FROM (SELECT count(*) FILTER (WHERE verdict = 'approve') AS pay,
             count(*) FILTER (WHERE verdict = 'deny') AS deny,
             count(*) FILTER (WHERE contradicts_clauses) AS contradicting
      FROM jury_ballot WHERE panel_id = %(p)s) AS n
"""

# The same figures from one scan: group the ballots by their (few) distinct answer sets
# first, then split those groups by clause. Reported for information, not in the ratio.
GROUPED_TALLY_SQL = """
WITH g AS (
  SELECT verdict, contradicts_clauses, clause_answers, count(*) AS n
  FROM jury_ballot WHERE panel_id = %(p)s
  GROUP BY verdict, contradicts_clauses, clause_answers
)
SELECT jsonb_build_object(
  'pay', (SELECT coalesce(sum(n), 0) FROM g WHERE verdict = 'approve'),
  'deny', (SELECT coalesce(sum(n), 0) FROM g WHERE verdict = 'deny'),
  'contradicting_clauses', (SELECT coalesce(sum(n), 0) FROM g WHERE contradicts_clauses),
  'clauses', coalesce((
      SELECT jsonb_object_agg(key, '{"met": 0, "not_met": 0, "unsure": 0}'::jsonb || split)
      FROM (SELECT key, jsonb_object_agg(value, n) AS split
            FROM (SELECT kv.key, kv.value, sum(g.n) AS n
                  FROM g CROSS JOIN LATERAL jsonb_each_text(g.clause_answers) kv
                  GROUP BY kv.key, kv.value) s
            GROUP BY key) c), '{}'::jsonb),
  'reasons', (
      SELECT jsonb_object_agg(v.verdict, coalesce((
          SELECT jsonb_agg(r.reason ORDER BY r.k, r.id)
          FROM (SELECT reason, (id * 7919) %% 10007 AS k, id FROM jury_ballot
                WHERE panel_id = %(p)s AND verdict = v.verdict
                ORDER BY k, id LIMIT 20) r), '[]'::jsonb))
      FROM (VALUES ('approve'), ('deny')) AS v(verdict))
)
"""


def _sql_tally(sql: str, panel_id: int) -> dict:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(sql, {"p": panel_id})
        value = cur.fetchone()[0]
    return json.loads(value) if isinstance(value, str) else value


def time_tallies(panel) -> tuple[float, float, float]:
    from django.db import connection

    from jury.tally import panel_tally

    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE jury_ballot")  # what autovacuum does after bulk inserts
    variants = {
        "ours": lambda: panel_tally(panel),
        "plain": lambda: _sql_tally(PLAIN_TALLY_SQL, panel.pk),
        "grouped": lambda: _sql_tally(GROUPED_TALLY_SQL, panel.pk),
    }
    results = {name: run() for name, run in variants.items()}  # warm-up, and the check
    ours = results["ours"]
    for name in ("plain", "grouped"):
        assert results[name] == ours, f"the {name} SQL tally differs from panel_tally"
    times: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(TALLY_RUNS):  # interleaved, so that neither side gets a warmer cache
        for name, run in variants.items():
            started = time.perf_counter()
            run()
            times[name].append((time.perf_counter() - started) * 1000)
    medians = {name: statistics.median(ms) for name, ms in times.items()}
    for name, ms in times.items():
        say(f"  {name:8} median {medians[name]:8.1f} ms  runs {[round(x, 1) for x in ms]}")
    say(
        f"  tally: pay {ours['pay']:,}, deny {ours['deny']:,}, contradicting "
        f"{ours['contradicting_clauses']:,}, clauses {ours['clauses']}"
    )
    return medians["ours"], medians["plain"], medians["grouped"]


# --- the run ------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--jurors", type=int, default=3_000_000)
    parser.add_argument("--ballots", type=int, default=250_000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    if args.jurors < max(PANEL_SEATS, args.ballots) or args.ballots < 1 or args.workers < 1:
        raise SystemExit("need --jurors ≥ 1,001 and ≥ --ballots, --ballots ≥ 1, --workers ≥ 1")
    media_dir = tempfile.mkdtemp(prefix="jury-bench-media-")
    say(f"code: {code_under_test()}")
    say(load())

    say(f"database {urlsplit(args.database_url)._replace(netloc='…').geturl()}: recreate, migrate")
    recreate_database(args.database_url)
    configure_environment(args.database_url, media_dir)
    setup_django()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)

    say(f"building {args.jurors:,} qualified jurors (users, self members, jurors)")
    build_seconds = build_jurors(args.jurors)
    say(f"  built in {build_seconds:.1f}s")

    say("two disputed claims through the services, and the jurors who may not sit on the first")
    drawn_claim, open_claim = disputed_claims(2)
    excluded = conflicted_jurors(drawn_claim)

    say(f"drawing a {PANEL_SEATS:,}-seat panel from {args.jurors + len(excluded):,} jurors")
    draw_ms, seats = draw_panel(drawn_claim, excluded)

    from jury.services import panels
    from members.models import Plan

    Plan.objects.filter(pk=open_claim.plan_id).update(
        jury_panel_size=None, jury_quorum=1000, jury_voting_hours=24
    )
    open_panel = panels.panel_open(claim=open_claim.pk)
    say(
        f"casting {args.ballots:,} ballots on open panel {open_panel.pk} through "
        f"ballot_cast, {args.workers} worker process(es)"
    )
    say(f"  before: {load()}")
    ballot_seconds, worker_rss = cast_ballots(
        open_panel, args.ballots, args.workers, args.database_url, media_dir, excluded
    )
    say(f"  after: {load()}")
    per_second = args.ballots / ballot_seconds
    say(f"  {args.ballots:,} ballots in {ballot_seconds:.1f}s: {per_second:,.0f} per second")

    say(f"tally of {args.ballots:,} ballots: panel_tally against plain SQL, median of {TALLY_RUNS}")
    tally_ms, tally_sql_ms, grouped_ms = time_tallies(open_panel)
    say(
        f"  ratio {tally_ms / tally_sql_ms:.2f} (one-scan grouped SQL: {grouped_ms:.1f} ms, "
        f"panel_tally / grouped = {tally_ms / grouped_ms:.2f})"
    )

    peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, worker_rss)
    print(
        json.dumps(
            {
                "jurors": args.jurors,
                "build_seconds": round(build_seconds, 1),
                "draw_ms": round(draw_ms, 1),
                "seats": seats,
                "ballots": args.ballots,
                "ballot_seconds": round(ballot_seconds, 1),
                "ballots_per_second": round(per_second, 1),
                "tally_ms": round(tally_ms, 1),
                "tally_sql_ms": round(tally_sql_ms, 1),
                "tally_ratio_vs_sql": round(tally_ms / tally_sql_ms, 3),
                "peak_rss_mb": round(peak, 1),
            }
        ),
        flush=True,
    )


if __name__ == "__main__":
    main()
