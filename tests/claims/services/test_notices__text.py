"""The claimant's emails say what was decided (never the state "已调查"), why, by when the
next step is due, and link to a page that exists; the site's address follows the port
`make run` serves on."""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.core import mail
from django.urls import resolve

from claims import services
from claims.selectors import claim_decision_clauses
from claims.states import ClaimState
from core.clock import format_deadline
from tests.factories import claim_in_state, staff

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]


def mails_about(claim):
    return [m for m in mail.outbox if claim.reference in m.subject]


def test_the_decision_email_names_the_approval_and_its_amount(
    settings, django_capture_on_commit_callbacks
):
    settings.LANGUAGE_CODE = "en"
    with django_capture_on_commit_callbacks(execute=True):
        claim = claim_in_state(ClaimState.INVESTIGATED)
    decision = mails_about(claim)[-1]
    assert decision.subject == f"Claim {claim.reference}: Decision: Approved: ¥300,000.00"
    assert "Investigated" not in decision.subject + decision.body
    assert "Reason: Pathology report meets the definition" in decision.body
    assert "7 days of public notice" in decision.body


def test_the_denial_email_names_the_clauses_and_the_dispute_deadline(
    settings, django_capture_on_commit_callbacks
):
    settings.LANGUAGE_CODE = "en"
    with django_capture_on_commit_callbacks(execute=True):
        claim = claim_in_state(ClaimState.PUBLICISED, approve=False)
    decided, published = mails_about(claim)[-2:]
    assert decided.subject.endswith("Decision: Denied")
    clauses = claim_decision_clauses(claim=claim)
    assert "Not met:\n" + "\n".join(f"- {c}" for c in clauses) in decided.body
    assert "Reason: Coma under 96 hours" in decided.body
    until = format_deadline(claim.publicity_ends_at)
    assert f"You may dispute the denial on the claim's page until {until}" in published.body


def test_in_chinese_the_decision_is_named_and_each_clause_has_its_line(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        claim = claim_in_state(ClaimState.INVESTIGATED, approve=False)
    decided = mails_about(claim)[-1]
    assert decided.subject == f"申请 {claim.reference}：审核结论：不予赔付"
    assert "已调查" not in decided.subject + decided.body
    clauses = claim_decision_clauses(claim=claim)
    assert "不符合的条款：\n" + "\n".join(f"- {c}" for c in clauses) in decided.body


def test_a_document_request_email_gives_its_due_date(settings, django_capture_on_commit_callbacks):
    settings.LANGUAGE_CODE = "en"
    claim = claim_in_state(ClaimState.FILED)
    investigator, reviewer = staff("investigator", "inv"), staff("reviewer", "rev")
    investigation = services.investigation_assign(
        claim=claim, investigator=investigator, actor=reviewer
    )
    with django_capture_on_commit_callbacks(execute=True):
        request = services.investigation_request_document(
            investigation=investigation, actor=investigator, kind="test_report", description="CT"
        )
    email = mails_about(claim)[-1]
    assert "The investigator asks for: CT" in email.body
    due = format_deadline(request.due_at)
    assert f"Please upload it by {due} (Beijing time) on the claim's page." in email.body


def test_every_email_links_to_the_claim_page_at_the_site_url(
    settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "http://127.0.0.1:8001"
    with django_capture_on_commit_callbacks(execute=True):
        claim = claim_in_state(ClaimState.PUBLICISED)
    for email in mails_about(claim):
        link = next(w for w in email.body.split() if w.startswith("http://127.0.0.1:8001/"))
        assert resolve(urlparse(link).path).url_name == "claim-detail"
        assert settings.SUPPORT_EMAIL in email.body


def test_the_site_url_follows_the_port():
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    script = (
        "import django; django.setup(); from django.conf import settings; print(settings.SITE_URL)"
    )
    run = subprocess.run(
        [sys.executable, "-c", script],
        env={**env, "PORT": "8001", "DJANGO_SETTINGS_MODULE": "config.settings"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert run.stdout.strip() == "http://127.0.0.1:8001"
    make = subprocess.run(
        ["make", "-n", "run", "PORT=8002"], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert 'SITE_URL="http://127.0.0.1:8002"' in make.stdout
