"""The back office's API: the queues with the page's filters, the case, the investigator's
and the reviewer's steps, the publicity desk. Scoped as the office pages are."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from rest_framework.test import APIClient

from claims.definitions.examples import facts_meeting
from claims.models import Claim, DocumentRequest
from claims.states import ClaimState
from members.services import member_add
from tests.api.clients import signed_in, token_client
from tests.factories import (
    BEIJING,
    EnrolmentFactory,
    UserFactory,
    claim_in_state,
    file_claim,
    national_id,
    staff,
)
from tests.office.helpers import T0, assigned_claim

pytestmark = pytest.mark.django_db
VIEWED_AT = datetime(2025, 3, 12, 12, 0, tzinfo=BEIJING)
CASE = "/api/v1/office/claims/{}/"


def member_with_id(name: str, birth: date, seq: int):
    """A member with a full resident ID number of its own (stored as its HMAC)."""
    full_id = national_id(birth, seq)
    member = member_add(
        account=UserFactory(),
        relation="self",
        full_name=name,
        national_id=full_id,
        birth_date=birth,
        now=datetime(2024, 1, 1, tzinfo=BEIJING),
    )
    return member, full_id


def step(client, claim, name: str, body: dict | None = None):
    return client.post(CASE.format(claim.reference) + name, body or {}, format="json")


@time_machine.travel(VIEWED_AT, tick=False)
def test_the_office_is_for_reviewers_and_investigators_only():
    claim = file_claim(now=T0)
    paths = [
        "/api/v1/office/queue/",
        "/api/v1/office/publicity/",
        CASE.format(claim.reference),
    ]
    posts = [
        ("/api/v1/office/queue/search/", {}),
        ("/api/v1/office/assign/", {"claims": [claim.reference], "investigator": "inv"}),
        ("/api/v1/office/publicity/publish/", {"batch_date": "2025-03-07"}),
        (CASE.format(claim.reference) + "take/", {}),
        (CASE.format(claim.reference) + "assign-next/", {}),
    ]
    for user in (claim.member.account, staff("finance", "fin"), staff("operator", "op")):
        client = signed_in(user)
        for path in paths:
            assert client.get(path).status_code == 403, path
        for path, body in posts:
            refused = client.post(path, body, format="json")
            assert refused.status_code == 403 and refused.json()["code"] == "permission_denied"
    for path in paths:
        assert APIClient().get(path).status_code == 401
    for user in (staff("investigator", "inv"), staff("reviewer", "rev")):
        client = token_client(user)
        for path in paths:
            assert client.get(path).status_code == 200, path
    assert Claim.objects.get(pk=claim.pk).events.count() == 1  # nothing but the filing


@time_machine.travel(VIEWED_AT, tick=False)
def test_the_queue_has_the_pages_tabs_search_filters_and_sort():
    ouyang, ouyang_id = member_with_id("欧阳明华", date(1985, 4, 2), 321)
    first = file_claim(enrolment=EnrolmentFactory(member=ouyang), now=T0)
    second = file_claim(condition_code="deep_coma", now=T0 + timedelta(hours=1))
    assigned = assigned_claim()
    reviewer = token_client(staff("reviewer", "rev"))

    unassigned = reviewer.get("/api/v1/office/queue/").json()
    assert unassigned["tab"] == "unassigned"
    assert [r["reference"] for r in unassigned["results"]] == [first.reference, second.reference]
    tabs = {t["key"]: t["count"] for t in unassigned["tabs"]}
    assert tabs == {"unassigned": 2, "mine": 0, "due_soon": 0, "overdue": 0, "all": 3}
    row = unassigned["results"][0]
    assert row["member"] == "欧***" and row["clock"]["day"] == 2 and row["assignable"] is True
    assert row["investigator"] is None and row["due_at"] is None

    everything = reviewer.get("/api/v1/office/queue/", {"tab": "all", "sort": "-filed"}).json()
    assert everything["results"][0]["reference"] == second.reference  # filed last
    (row,) = [r for r in everything["results"] if r["reference"] == assigned.reference]
    assert row["investigator"] == "inv" and row["due_at"] and row["past_due"] is False
    by_name = reviewer.get("/api/v1/office/queue/", {"tab": "all", "q": "欧阳"}).json()
    assert [r["reference"] for r in by_name["results"]] == [first.reference]
    by_condition = reviewer.get(
        "/api/v1/office/queue/", {"tab": "all", "condition": "deep_coma", "sort": "filed"}
    ).json()
    assert [r["reference"] for r in by_condition["results"]] == [
        assigned.reference,  # filed at T0
        second.reference,  # an hour later
    ]

    in_url = reviewer.get("/api/v1/office/queue/", {"tab": "all", "q": ouyang_id})
    assert in_url.status_code == 400 and in_url.json()["code"] == "invalid"
    assert in_url.json()["detail"]["fields"]["q"]
    by_id = reviewer.post(
        "/api/v1/office/queue/search/", {"tab": "all", "q": ouyang_id}, format="json"
    )
    assert [r["reference"] for r in by_id.json()["results"]] == [first.reference]
    for bad in ({"tab": "nobody"}, {"plan": "no-such-plan"}, {"sort": "random"}):
        answer = reviewer.get("/api/v1/office/queue/", bad)
        assert answer.status_code == 400 and set(bad) <= set(answer.json()["detail"]["fields"])
    assert reviewer.get("/api/v1/office/queue/", {"page": 9}).json()["code"] == "not_found"


@time_machine.travel(VIEWED_AT, tick=False)
def test_an_investigator_takes_and_works_a_claim_through_the_api():
    claim = file_claim(now=T0)
    investigator = token_client(staff("investigator", "inv"))

    taken = step(investigator, claim, "take/")
    assert taken.status_code == 200, taken.content
    case = taken.json()
    assert case["investigation"]["investigator"] == "inv"
    assert "investigate" in case["actions"] and "take" not in case["actions"]
    again = step(token_client(staff("investigator", "inv2")), claim, "take/")
    assert again.status_code == 409 and again.json()["code"] == "already_assigned"

    visit = {
        "kind": "hospital",
        "visited_on": "2025-03-11",
        "place": "Zhejiang 1st",
        "notes": "Slides checked",
    }
    assert step(investigator, claim, "visits/", visit).status_code == 200
    future = step(investigator, claim, "visits/", {**visit, "visited_on": "2025-04-01"})
    assert future.status_code == 400 and future.json()["code"] == "date_out_of_range"
    requested = step(
        investigator, claim, "requests/", {"kind": "discharge_summary", "description": "Page 2"}
    )
    (request,) = requested.json()["investigation"]["document_requests"]
    early = step(
        investigator, claim, "requests/not-provided/", {"request": request["id"], "note": "Called"}
    )
    assert early.status_code == 422 and early.json()["code"] == "request_not_overdue"
    document = claim.documents.get()
    received = step(
        investigator,
        claim,
        "requests/received/",
        {"request": request["id"], "document": document.pk},
    )
    assert received.json()["investigation"]["document_requests"][0]["received_at"]
    closed = step(
        investigator,
        claim,
        "requests/received/",
        {"request": request["id"], "document": document.pk},
    )
    assert closed.status_code == 400 and "request" in closed.json()["detail"]["fields"]

    incomplete = step(investigator, claim, "complete/", {"summary": "Done"})
    assert incomplete.status_code == 422 and incomplete.json()["code"] == "investigation_incomplete"
    facts = facts_meeting(claim.condition_definition.criteria)
    recorded = step(investigator, claim, "facts/", {"facts": facts, "non_disclosure_found": False})
    assert recorded.json()["investigation"]["evaluation"]["outcome"] == "met"
    done = step(investigator, claim, "complete/", {"summary": "Facts recorded"})
    assert done.status_code == 200 and done.json()["investigation"]["completed_at"]
    assert done.json()["waiting"] == ["decision"] and done.json()["actions"] == []
    assert DocumentRequest.objects.filter(investigation__claim=claim).count() == 1


@time_machine.travel(VIEWED_AT, tick=False)
def test_only_the_assigned_investigator_records_and_nobody_works_a_claim_of_their_own():
    claim = assigned_claim()
    other = token_client(staff("investigator", "inv2"))
    refused = step(other, claim, "complete/", {"summary": "Not mine"})
    assert refused.status_code == 403 and refused.json()["code"] == "permission_denied"
    no_investigation = step(other, file_claim(now=T0), "facts/", {"facts": {}})
    assert no_investigation.status_code == 404

    reviewer_account = staff("reviewer", "rev")
    own = file_claim(enrolment=EnrolmentFactory(member__account=reviewer_account), now=T0)
    reviewer = token_client(reviewer_account)
    case = reviewer.get(CASE.format(own.reference)).json()
    assert case["conflicted"] is True and case["actions"] == []
    conflict = step(reviewer, own, "assign/", {"investigator": "inv"})
    assert conflict.status_code == 403 and conflict.json()["code"] == "conflict_of_interest"


@time_machine.travel(VIEWED_AT, tick=False)
def test_a_reviewer_assigns_decides_and_overrides_through_the_api():
    claim = file_claim(now=T0)
    staff("investigator", "inv")
    reviewer = token_client(staff("reviewer", "rev"))

    not_investigator = step(reviewer, claim, "assign/", {"investigator": "rev"})
    assert not_investigator.status_code == 400
    assert "investigator" in not_investigator.json()["detail"]["fields"]
    far = step(reviewer, claim, "assign/", {"investigator": "inv", "due_on": "9999-12-31"})
    assert far.status_code == 400 and "due_on" in far.json()["detail"]["fields"]
    past = step(reviewer, claim, "assign/", {"investigator": "inv", "due_on": "2025-03-01"})
    assert past.status_code == 422 and past.json()["code"] == "due_in_past"
    assigned = step(reviewer, claim, "assign/", {"investigator": "inv", "due_on": "2025-03-20"})
    assert assigned.json()["investigation"]["investigator"] == "inv"
    assert step(reviewer, file_claim(now=T0), "assign-next/").json()["investigation"]

    early = step(reviewer, claim, "decide/", {"reason": "Too early"})
    assert early.status_code == 409
    investigated = claim_in_state("filed_investigated", approve=False)
    short = step(reviewer, investigated, "override/", {"decision": "approve", "reason": "Yes"})
    assert short.status_code == 422
    decided = step(
        reviewer,
        investigated,
        "override/",
        {"decision": "approve", "reason": "The second report meets clause 2"},
    )
    assert decided.status_code == 200, decided.content
    body = decided.json()
    assert body["claim"]["state"] == ClaimState.INVESTIGATED
    assert body["claim"]["decision"] == "approve" and body["next_batch"] == "2025-03-21"
    assert {"invalid"} == {
        step(reviewer, claim, "override/", {"decision": "maybe", "reason": "x"}).json()["code"]
    }


def test_the_publicity_desk_publishes_the_batch_and_closes_and_settles():
    reviewer = token_client(staff("reviewer", "rev"))
    investigator = token_client(staff("investigator", "inv"))
    decided = claim_in_state(ClaimState.INVESTIGATED)  # decided on 2025-03-11
    with time_machine.travel(datetime(2025, 3, 21, 9, 0, tzinfo=BEIJING), tick=False):
        desk = reviewer.get("/api/v1/office/publicity/").json()
        assert desk["batch_due"] == "2025-03-21" and desk["due_count"] == 1
        assert desk["waiting"][0]["reference"] == decided.reference
        for bad, code in (
            ("2025-03-20", "not_a_batch_date"),
            ("2025-04-07", "batch_date_in_future"),
            ("2025-03-07", "batch_date_passed"),
        ):
            refused = reviewer.post(
                "/api/v1/office/publicity/publish/", {"batch_date": bad}, format="json"
            )
            assert refused.status_code == 422 and refused.json()["code"] == code
        not_theirs = investigator.post(
            "/api/v1/office/publicity/publish/", {"batch_date": "2025-03-21"}, format="json"
        )
        assert not_theirs.status_code == 403
        batch = reviewer.post(
            "/api/v1/office/publicity/publish/", {"batch_date": "2025-03-21"}, format="json"
        )
        assert batch.status_code == 200 and batch.json()["claims_count"] == 1
        early = step(reviewer, decided, "close-publicity/")
        assert early.status_code == 409
    decided.refresh_from_db()
    with time_machine.travel(decided.publicity_ends_at + timedelta(minutes=1), tick=False):
        assert reviewer.get("/api/v1/office/publicity/").json()["notices_count"] == 1
        closed = step(reviewer, decided, "close-publicity/")
        assert closed.status_code == 200 and closed.json()["claim"]["payable_at"]
        assert "payout" in closed.json()["waiting"]

    disputed = claim_in_state(ClaimState.DISPUTED, approve=False)
    tally = step(reviewer, disputed, "jury-result/", {"pay_votes": 3, "deny_votes": 5})
    assert tally.status_code == 200 and tally.json()["claim"]["jury_verdict"] == "deny"
    disputed.refresh_from_db()
    with time_machine.travel(disputed.appeal_ends_at + timedelta(minutes=1), tick=False):
        settled = step(reviewer, disputed, "settle-jury-result/")
        assert settled.status_code == 200 and settled.json()["claim"]["state"] == "denied"


@time_machine.travel(VIEWED_AT, tick=False)
def test_a_reviewer_assigns_several_claims_at_once_and_hears_each_refusal():
    claims = [file_claim(now=T0) for _ in range(2)]
    paid = claim_in_state(ClaimState.PAID)
    staff("investigator", "inv")
    body = {
        "claims": [c.reference for c in claims] + [paid.reference, "CL-NOPE"],
        "investigator": "inv",
    }
    refused = signed_in(staff("investigator", "inv2")).post("/api/v1/office/assign/", body, "json")
    assert refused.status_code == 403
    result = token_client(staff("reviewer", "rev")).post("/api/v1/office/assign/", body, "json")
    assert result.status_code == 200
    assert result.json()["assigned"] == [c.reference for c in claims]
    assert [(r["reference"], r["code"]) for r in result.json()["refused"]] == [
        (paid.reference, "not_filed"),
        ("CL-NOPE", "not_found"),
    ]
