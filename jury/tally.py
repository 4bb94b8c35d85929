"""The tally: counts by verdict, per-clause splits and anonymised reasons, in SQL."""

from typing import Any

from django.db import connection

REASONS_PER_SIDE = 20


def _clause_split_sql() -> str:
    if connection.vendor == "postgresql":
        return (
            "SELECT kv.key, kv.value, count(*) FROM jury_ballot b, "
            "jsonb_each_text(b.clause_answers) kv WHERE b.panel_id = %s GROUP BY kv.key, kv.value"
        )
    return (
        "SELECT kv.key, kv.value, count(*) FROM jury_ballot b, json_each(b.clause_answers) kv "
        "WHERE b.panel_id = %s GROUP BY kv.key, kv.value"
    )


def panel_tally(panel) -> dict[str, Any]:
    """What the panel decided, computed by the database; no running count exists before."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT verdict, count(*), sum(CASE WHEN contradicts_clauses THEN 1 ELSE 0 END) "
            "FROM jury_ballot WHERE panel_id = %s GROUP BY verdict",
            [panel.pk],
        )
        counts = {verdict: (n, contradicting) for verdict, n, contradicting in cursor.fetchall()}
        cursor.execute(_clause_split_sql(), [panel.pk])
        clauses: dict[str, dict[str, int]] = {}
        for key, value, n in cursor.fetchall():
            clauses.setdefault(key, {"met": 0, "not_met": 0, "unsure": 0})[value] = n
        reasons: dict[str, list[str]] = {}
        for verdict in ("approve", "deny"):
            # A fixed, spread-out sample of reasons, with nothing that names the juror.
            cursor.execute(
                "SELECT reason FROM jury_ballot WHERE panel_id = %s AND verdict = %s "
                "ORDER BY (id * 7919) %% 10007, id LIMIT %s",
                [panel.pk, verdict, REASONS_PER_SIDE],
            )
            reasons[verdict] = [row[0] for row in cursor.fetchall()]
    pay, pay_contra = counts.get("approve", (0, 0))
    deny, deny_contra = counts.get("deny", (0, 0))
    return {
        "pay": pay,
        "deny": deny,
        "contradicting_clauses": (pay_contra or 0) + (deny_contra or 0),
        "clauses": clauses,
        "reasons": reasons,
    }
