"""An integrator drives a claim from filing to its final state through the API alone: a
payment, and a denial upheld by a jury.

On PostgreSQL, with the Celery tasks run as the suite runs them (eager, each request's
follow-ups handed over when its transaction commits). Time moves with time-machine in
Beijing time; what only the beat does (a sharing period opening after the batch's
objection window, a panel closing at its deadline) runs as the beat runs it: its task.
Every other step is an API call by the role that takes it, each with its own token.
"""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from claims.definitions.examples import facts_meeting, facts_missing
from jury import tasks as jury_tasks
from members.models import Plan
from sharing import tasks as sharing_tasks
from tests.api.clients import token_client
from tests.factories import BEIJING, PDF_BYTES, EnrolmentFactory, staff
from tests.jury.factories import eligible_member, qualified_juror

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def at(*args) -> datetime:
    return datetime(*args, tzinfo=BEIJING)


class Integrator:
    """The API calls of one journey: each is sent at a moment of the journey's clock, by
    one role's client, and its follow-ups run after its commit (as the workers would)."""

    def __init__(self, capture) -> None:
        self.capture = capture

    def call(self, when, client, method: str, path: str, body=None, status=200, **kwargs):
        with time_machine.travel(when, tick=False), self.capture(execute=True):
            response = getattr(client, method)(path, body, **kwargs)
        assert response.status_code == status, (path, response.content[:600])
        return response.json() if response["Content-Type"] == "application/json" else response

    def sweep(self, when, task):
        """A beat task at ``when``, as beat sends it (eager here), with its follow-ups."""
        with time_machine.travel(when, tick=False), self.capture(execute=True):
            return task.delay().get()


def file_claim_through_the_api(api: Integrator, claimant, member, when) -> str:
    draft = api.call(
        when,
        claimant,
        "post",
        "/api/v1/drafts/",
        {
            "member": member.pk,
            "plan": "critical-illness",
            "condition_code": "malignant_tumour",
            "diagnosis": "Adenocarcinoma of the lung, pathology confirmed",
            "hospital": "Zhejiang 1st",
            "city": "Hangzhou",
            "diagnosis_date": "2025-03-01",
        },
        status=201,
        format="json",
    )
    upload = SimpleUploadedFile("pathology.pdf", PDF_BYTES, content_type="application/pdf")
    api.call(
        when,
        claimant,
        "post",
        f"/api/v1/drafts/{draft['id']}/documents/",
        {"kind": "pathology_report", "file": upload},
        status=201,
        format="multipart",
    )
    claim = api.call(when, claimant, "post", f"/api/v1/drafts/{draft['id']}/file/", status=201)
    assert claim["state"] == "filed"
    return claim["reference"]


def investigate_through_the_api(api, reviewer, investigator, reference, *, meets: bool):
    """Assigned by the reviewer; the investigator visits, records facts read against the
    definition the API gives, and signs off (10–11 March)."""
    case = f"/api/v1/office/claims/{reference}/"
    assigned = api.call(
        at(2025, 3, 10, 11, 0),
        reviewer,
        "post",
        case + "assign/",
        {"investigator": "inv-e2e"},
        format="json",
    )
    criteria = assigned["investigation"]["definition"]["criteria"]
    visit = {
        "kind": "hospital",
        "visited_on": "2025-03-11",
        "place": "Zhejiang 1st, oncology ward",
        "notes": "Pathology slides and the discharge summary checked",
    }
    api.call(at(2025, 3, 11, 10), investigator, "post", case + "visits/", visit, format="json")
    facts = facts_meeting(criteria) if meets else facts_missing(criteria)
    evaluated = api.call(
        at(2025, 3, 11, 11),
        investigator,
        "post",
        case + "facts/",
        {"facts": facts, "non_disclosure_found": False},
        format="json",
    )
    assert evaluated["proposal"]["decision"] == ("approve" if meets else "deny")
    signed = api.call(
        at(2025, 3, 11, 12),
        investigator,
        "post",
        case + "complete/",
        {"summary": "Facts recorded against the definition; one hospital visit"},
        format="json",
    )
    assert signed["waiting"] == ["decision"]


def decide_and_publish(api, reviewer, reference, reason: str) -> dict:
    """Confirmed on 12 March, published in the batch of 21 March (公示)."""
    decided = api.call(
        at(2025, 3, 12, 10),
        reviewer,
        "post",
        f"/api/v1/office/claims/{reference}/decide/",
        {"reason": reason},
        format="json",
    )
    assert decided["claim"]["state"] == "investigated" and decided["next_batch"] == "2025-03-21"
    batch = api.call(
        at(2025, 3, 21, 0, 30),
        reviewer,
        "post",
        "/api/v1/office/publicity/publish/",
        {"batch_date": "2025-03-21"},
        format="json",
    )
    assert batch["claims_count"] == 1
    return batch


def dispute_and_vote(api, claimant, juror_clients, reference):
    """The claimant disputes on 22 March; every juror finds their seat on the panel, reads
    the case file and votes: deny, deny, pay. Returns the (client, panel) pairs and the
    panel's id."""
    disputed = api.call(
        at(2025, 3, 22, 10),
        claimant,
        "post",
        f"/api/v1/claims/{reference}/dispute/",
        {"reason": "A second pathology report shows the tumour is malignant"},
        format="json",
    )
    assert disputed["state"] == "disputed"
    seated = []
    for client in juror_clients.values():
        (row,) = api.call(at(2025, 3, 22, 11), client, "get", "/api/v1/jury/panels/")
        assert row["section"] == "mine" and row["seat"]["status"] == "offered"
        seated.append((client, row["id"]))
    panel_id = seated[0][1]
    assert {pid for _c, pid in seated} == {panel_id}

    for (client, _pid), verdict in zip(seated, ["deny", "deny", "approve"], strict=True):
        case = api.call(at(2025, 3, 22, 12), client, "get", f"/api/v1/jury/panels/{panel_id}/")
        assert case["may_vote"] and reference not in str(case)
        keys = [n["clause"]["key"] for n in case["case"]["criteria"] if n["clause"]]
        answer = "met" if verdict == "approve" else "not_met"
        ballot = {
            "clause_answers": dict.fromkeys(keys, answer),
            "verdict": verdict,
            "reason": "On the clauses and the recorded facts",
        }
        path = f"/api/v1/jury/panels/{panel_id}/ballot/"
        api.call(at(2025, 3, 22, 13), client, "post", path, ballot, format="json")

    return seated, panel_id


def test_a_payment_from_filing_to_paid_through_the_api(django_capture_on_commit_callbacks):
    api = Integrator(django_capture_on_commit_callbacks)
    enrolment = EnrolmentFactory()
    EnrolmentFactory.create_batch(3)  # other members of the plan, who share too
    claimant = token_client(enrolment.member.account)
    reviewer = token_client(staff("reviewer", "rev-e2e"))
    investigator = token_client(staff("investigator", "inv-e2e"))
    finance = token_client(staff("finance", "fin-e2e"))

    reference = file_claim_through_the_api(api, claimant, enrolment.member, at(2025, 3, 10, 10))
    investigate_through_the_api(api, reviewer, investigator, reference, meets=True)
    decide_and_publish(api, reviewer, reference, "Pathology confirms it: every clause met")

    # On the public board, under notice until 28 March 24:00.
    board = "/api/v1/board/batches/2025-03-21/claims/"
    cards = api.call(at(2025, 3, 22, 9), APIClient(), "get", board)  # anyone reads it
    assert [c["reference"] for c in cards["results"]] == [reference]
    # The notice has ended with no objection: the reviewer closes it; the approval is payable.
    closed = api.call(
        at(2025, 3, 29, 0, 10),
        reviewer,
        "post",
        f"/api/v1/office/claims/{reference}/close-publicity/",
    )
    assert closed["claim"]["payable_at"] and "payout" in closed["waiting"]

    # The beat opens the batch's sharing period; the workers write its shares and check
    # its books.
    assert api.sweep(at(2025, 3, 29, 0, 15), sharing_tasks.open_due_periods) == 1
    (period,) = api.call(at(2025, 3, 29, 9), finance, "get", "/api/v1/sharing/periods/")["results"]
    assert period["sharing_day"] == "2025-03-21" and period["status"] == "complete"
    assert period["members_count"] == 4 and period["members_written"] == 4
    books = api.call(at(2025, 3, 29, 9), finance, "get", f"/api/v1/sharing/periods/{period['id']}/")
    (payout,) = books["payouts"]
    assert payout["claim"] == reference and payout["due_on"] == "2025-03-28"
    assert payout["issued_at"] is None

    # Finance issues the payout that is due; the claim is paid with its reference.
    issued = api.call(
        at(2025, 3, 29, 9, 30), finance, "post", f"/api/v1/sharing/payouts/{payout['id']}/issue/"
    )
    assert issued["reference"].startswith("PO20250328")
    bank_file = api.call(
        at(2025, 3, 29, 10), finance, "get", "/api/v1/sharing/bank-file/", {"day": "2025-03-29"}
    )
    assert issued["reference"] in bank_file.content.decode()
    final = api.call(at(2025, 3, 29, 10), claimant, "get", f"/api/v1/claims/{reference}/")
    assert final["state"] == "paid" and final["payout_reference"] == issued["reference"]
    (ledger,) = api.call(at(2025, 3, 29, 10), claimant, "get", "/api/v1/sharing/me/")
    assert [line["period"]["id"] for line in ledger["lines"]] == [period["id"]]
    assert [e["event_type"] for e in final["events"]][-4:] == [
        "investigation_recorded",
        "published",
        "publicity_closed",
        "paid",
    ]


def test_a_denial_upheld_by_a_jury_through_the_api(django_capture_on_commit_callbacks):
    api = Integrator(django_capture_on_commit_callbacks)
    Plan.objects.filter(code="critical-illness").update(
        jury_panel_size=3, jury_quorum=2, jury_voting_hours=24
    )
    jurors = [qualified_juror(eligible_member()) for _ in range(3)]
    juror_clients = {j.account_id: token_client(j.account) for j in jurors}
    enrolment = EnrolmentFactory()
    claimant = token_client(enrolment.member.account)
    reviewer = token_client(staff("reviewer", "rev-e2e"))
    investigator = token_client(staff("investigator", "inv-e2e"))

    reference = file_claim_through_the_api(api, claimant, enrolment.member, at(2025, 3, 10, 10))
    investigate_through_the_api(api, reviewer, investigator, reference, meets=False)
    decide_and_publish(api, reviewer, reference, "The pathology does not meet clause 1")

    # The claimant disputes the denial: a panel of three opens when the dispute commits;
    # each juror reads the anonymised file and votes on its clauses: two deny, one pays.
    seated, panel_id = dispute_and_vote(api, claimant, juror_clients, reference)

    # At the deadline the beat closes the panel and records its tally on the claim.
    assert api.sweep(at(2025, 3, 23, 10, 5), jury_tasks.close_due_panels) == 1
    result = api.call(
        at(2025, 3, 23, 11), seated[2][0], "get", f"/api/v1/jury/panels/{panel_id}/result/"
    )
    assert result["verdict"] == "deny" and (result["tally"]["pay"], result["tally"]["deny"]) == (
        1,
        2,
    )
    assert result["my_vote"]["verdict"] == "approve" and result["my_vote"]["agrees"] is False
    voted = api.call(at(2025, 3, 23, 11), claimant, "get", f"/api/v1/claims/{reference}/")
    assert voted["state"] == "jury_voted" and voted["jury_verdict"] == "deny"

    # No appeal in the window: the reviewer makes the jury's result final.
    case = f"/api/v1/office/claims/{reference}/"
    early = api.call(at(2025, 3, 24, 9), reviewer, "post", case + "settle-jury-result/", status=409)
    assert early["code"] == "transition_not_allowed"
    appeal_ends = datetime.fromisoformat(voted["appeal_ends_at"])
    settled = api.call(
        appeal_ends + timedelta(minutes=5), reviewer, "post", case + "settle-jury-result/"
    )
    assert settled["claim"]["state"] == "denied" and settled["claim"]["closed_at"]
    final = api.call(
        appeal_ends + timedelta(hours=1), claimant, "get", f"/api/v1/claims/{reference}/"
    )
    assert final["state"] == "denied"
    assert [e["event_type"] for e in final["events"]][-3:] == [
        "dispute_lodged",
        "jury_result_recorded",
        "jury_result_settled",
    ]
