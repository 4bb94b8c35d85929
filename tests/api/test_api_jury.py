"""The jury's API: a juror's panels, the anonymised case file, the ballot, declining a seat,
the result after the close; the panels office. Scoped as the panel pages are."""

import json
from datetime import timedelta

import pytest
import time_machine
from rest_framework.test import APIClient

from claims.states import Decision
from jury.models import Ballot, PanelStatus, SeatStatus
from jury.services import panels
from tests.api.clients import signed_in, token_client
from tests.factories import UserFactory, staff
from tests.jury.services.test_panels import T, answers
from tests.jury.test_panel_pages import EMAIL, NAME, PHONE, open_panel, seat_juror

pytestmark = pytest.mark.django_db
DURING = T + timedelta(hours=1)


def ballot(claim, clause: str, verdict: str, **extra) -> dict:
    return {
        "clause_answers": answers(claim, clause),
        "verdict": verdict,
        "reason": "On the clauses and the recorded facts",
        **extra,
    }


@time_machine.travel(DURING, tick=False)
def test_a_seated_juror_lists_the_panel_and_reads_the_case_file_without_personal_data():
    claim, panel = open_panel()
    juror = token_client(seat_juror(panel).account)

    rows = juror.get("/api/v1/jury/panels/")
    assert rows.status_code == 200
    (row,) = rows.json()
    assert row["section"] == "mine" and row["id"] == panel.pk
    assert row["seat"]["status"] == SeatStatus.OFFERED and row["voted"] is False
    assert row["verdict"] == "" and row["my_verdict"] == ""

    response = juror.get(f"/api/v1/jury/panels/{panel.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["may_vote"] is True and body["may_decline"] is True and body["ballot"] is None
    case = body["case"]
    assert case["age_band"] == "30–39" and case["decision"] == Decision.DENY
    clauses = [n["clause"] for n in case["criteria"] if n["clause"]]
    assert {c["key"] for c in clauses} == set(answers(claim, "met"))
    assert case["criteria"][0]["parent"] is None and case["criteria"][1]["parent"] == 0
    text = json.dumps(body, ensure_ascii=False)
    member = claim.member
    for personal in (NAME, PHONE, EMAIL, member.national_id_masked, claim.hospital, claim.city):
        assert personal not in text
    assert claim.reference not in text and "record.pdf" not in text
    assert "▇▇▇" in case["summary"]  # the investigator's summary named the claimant


@time_machine.travel(DURING, tick=False)
def test_a_panel_is_not_there_for_anyone_without_a_seat_and_needs_a_sign_in():
    claim, panel = open_panel()
    seated = {s.juror.account_id for s in panel.seats.select_related("juror")}
    from jury.models import Juror

    unseated = Juror.objects.exclude(account_id__in=seated).first().account
    for user in (unseated, claim.member.account, staff("reviewer", "rev")):
        client = signed_in(user)
        for path in ("", "result/"):
            response = client.get(f"/api/v1/jury/panels/{panel.pk}/{path}")
            assert response.status_code == 404 and response.json()["code"] == "not_found"
        refused = client.post(
            f"/api/v1/jury/panels/{panel.pk}/ballot/", ballot(claim, "met", "approve"), "json"
        )
        assert refused.status_code == 404
    assert signed_in(unseated).get("/api/v1/jury/panels/").json() == []
    assert signed_in(claim.member.account).get("/api/v1/jury/panels/").json() == []
    anonymous = APIClient().get("/api/v1/jury/panels/")
    assert anonymous.status_code == 401 and anonymous.json()["code"] == "not_authenticated"


@time_machine.travel(DURING, tick=False)
def test_a_juror_casts_changes_and_is_asked_why_a_verdict_contradicts_the_clauses():
    claim, panel = open_panel()
    account = seat_juror(panel).account
    juror = token_client(account)
    url = f"/api/v1/jury/panels/{panel.pk}/ballot/"

    cast = juror.post(url, ballot(claim, "not_met", "deny"), "json")
    assert cast.status_code == 200, cast.content
    assert cast.json()["verdict"] == "deny" and cast.json()["contradicts_clauses"] is False

    contradicts = juror.post(url, ballot(claim, "not_met", "approve"), "json")
    assert contradicts.status_code == 422
    assert contradicts.json()["code"] == "contradiction_needs_reason"
    changed = juror.post(
        url,
        ballot(claim, "not_met", "approve", contradiction_note="The coma lasted longer"),
        "json",
    )
    assert changed.status_code == 200 and changed.json()["contradicts_clauses"] is True
    stored = Ballot.objects.get(panel=panel)
    assert stored.verdict == "approve" and stored.juror.account == account

    detail = juror.get(f"/api/v1/jury/panels/{panel.pk}/").json()
    assert detail["ballot"]["verdict"] == "approve" and detail["may_decline"] is False
    assert detail["seat"]["status"] == SeatStatus.VOTED


@time_machine.travel(DURING, tick=False)
def test_bad_ballots_are_json_errors_with_a_code():
    claim, panel = open_panel()
    juror = token_client(seat_juror(panel).account)
    url = f"/api/v1/jury/panels/{panel.pk}/ballot/"

    shape = juror.post(url, {"clause_answers": {"x": "perhaps"}, "verdict": "maybe"}, "json")
    assert shape.status_code == 400 and shape.json()["code"] == "invalid"
    assert {"clause_answers", "verdict", "reason"} <= set(shape.json()["detail"]["fields"])
    missing = dict(ballot(claim, "met", "approve"), clause_answers={"nonsense": "met"})
    refused = juror.post(url, missing, "json")
    assert refused.status_code == 422 and refused.json()["code"] == "clause_answers_invalid"
    short = juror.post(url, ballot(claim, "met", "approve", reason="ok"), "json")
    assert short.status_code == 422 and short.json()["code"] == "reason_required"
    assert not Ballot.objects.exists()
    assert juror.get("/api/v1/jury/panels/999999/").status_code == 404
    assert juror.get("/api/v1/jury/panels/not-a-number/").json()["code"] == "not_found"


def test_the_result_is_published_only_after_the_close():
    with time_machine.travel(DURING, tick=False):
        claim, panel = open_panel(size=3, quorum=2)
        seats = list(panel.seats.select_related("juror__account").order_by("draw_order"))
        clients = [token_client(s.juror.account) for s in seats]
        url = f"/api/v1/jury/panels/{panel.pk}/"
        for client, verdict in zip(clients, ["deny", "deny", "approve"], strict=True):
            clause = "met" if verdict == "approve" else "not_met"
            assert (
                client.post(url + "ballot/", ballot(claim, clause, verdict), "json").status_code
                == 200
            )
        early = clients[0].get(url + "result/")
        assert early.status_code == 409 and early.json()["code"] == "panel_not_closed"
        assert "tally" not in clients[0].get(url).json()
    with time_machine.travel(panel.deadline_at + timedelta(minutes=1), tick=False):
        panels.panel_close(panel=panel)
        result = clients[2].get(url + "result/")
        assert result.status_code == 200
        body = result.json()
        assert body["verdict"] == "deny" and body["tally"]["pay"] == 1
        assert body["tally"]["deny"] == 2
        assert body["my_vote"]["verdict"] == "approve" and body["my_vote"]["agrees"] is False
        (row,) = clients[2].get("/api/v1/jury/panels/").json()
        assert row["section"] == "closed" and row["my_verdict"] == "approve"
        late = clients[0].post(url + "ballot/", ballot(claim, "met", "approve"), "json")
        assert late.status_code == 409 and late.json()["code"] == "panel_closed"


@time_machine.travel(DURING, tick=False)
def test_a_juror_declines_their_own_offered_seat_only():
    claim, panel = open_panel(pool=8)
    first, second = panel.seats.select_related("juror__account").order_by("draw_order")[:2]
    juror = token_client(first.juror.account)
    other = juror.post(f"/api/v1/jury/seats/{second.pk}/decline/")
    assert other.status_code == 404

    declined = juror.post(f"/api/v1/jury/seats/{first.pk}/decline/")
    assert declined.status_code == 200 and declined.json()["status"] == SeatStatus.DECLINED
    assert panel.seats.filter(status=SeatStatus.OFFERED).count() == 3  # offered again
    assert juror.get(f"/api/v1/jury/panels/{panel.pk}/").status_code == 404

    voter = token_client(second.juror.account)
    assert (
        voter.post(
            f"/api/v1/jury/panels/{panel.pk}/ballot/", ballot(claim, "met", "approve"), "json"
        ).status_code
        == 200
    )
    voted = voter.post(f"/api/v1/jury/seats/{second.pk}/decline/")
    assert voted.status_code == 409 and voted.json()["code"] == "seat_voted"


def flag(panel) -> None:
    """No ballot by the deadline, twice extended: the close flags it for the operator."""
    for _ in range(3):
        panel.refresh_from_db()
        panels.panel_close(panel=panel, now=panel.deadline_at + timedelta(minutes=1))
    panel.refresh_from_db()
    assert panel.status == PanelStatus.NEEDS_OPERATOR


@time_machine.travel(DURING, tick=False)
def test_the_panels_office_is_the_reviewers_and_re_panels_a_flagged_panel():
    _claim, panel = open_panel(size=3, quorum=2)
    reviewer = token_client(staff("reviewer", "rev"))

    listed = reviewer.get("/api/v1/jury/office/panels/")
    assert listed.status_code == 200
    (row,) = listed.json()["results"]
    assert row["id"] == panel.pk and row["seats_offered"] == 3 and row["voted"] == 0
    assert row["verdict"] == "" and row["pay"] is None
    assert reviewer.get("/api/v1/jury/office/panels/", {"state": "closed"}).json()["count"] == 0
    bad = reviewer.get("/api/v1/jury/office/panels/", {"state": "lost"})
    assert bad.status_code == 400 and "state" in bad.json()["detail"]["fields"]

    not_flagged = reviewer.post(f"/api/v1/jury/office/panels/{panel.pk}/repanel/")
    assert not_flagged.status_code == 409 and not_flagged.json()["code"] == "not_flagged"
    flag(panel)
    repanelled = reviewer.post(f"/api/v1/jury/office/panels/{panel.pk}/repanel/")
    assert repanelled.status_code == 200 and repanelled.json()["status"] == PanelStatus.OPEN

    for user in (staff("investigator", "inv"), staff("finance", "fin"), UserFactory()):
        client = signed_in(user)
        assert client.get("/api/v1/jury/office/panels/").status_code == 403
        refused = client.post(f"/api/v1/jury/office/panels/{panel.pk}/repanel/")
        assert refused.status_code == 403 and refused.json()["code"] == "permission_denied"
    assert APIClient().get("/api/v1/jury/office/panels/").status_code == 401
