"""The public board's API: open to anyone, read-only, and each card carries what a card on
the page shows, no field more."""

# ruff: noqa: F811 (the fixtures imported from the area's conftest are test arguments)

import json
import re

import pytest
from rest_framework.test import APIClient

from tests.api.clients import token_client
from tests.board.conftest import (  # noqa: F401 (fixtures)
    DIAGNOSIS,
    EMAIL,
    FULL_NAME,
    HOSPITAL,
    PHONE,
    REVIEWER_NOTE,
    USERNAME,
    board,
    on_viewing_day,
)
from tests.factories import staff

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_viewing_day")]
BATCHES = "/api/v1/board/batches/"
CARD_FIELDS = {
    "reference",
    "initials",
    "age_from",
    "age_to",
    "city",
    "plan_name",
    "condition_name",
    "amount",
    "decision",
    "decision_label",
    "deciding_facts",
    "non_disclosure",
    "against_evaluator",
    "state",
    "status_label",
    "window_ends_at",
    "open_to_objection",
}
LINE_FIELDS = {"requirement", "fact", "value", "status", "status_label", "provisional"}


def test_anyone_reads_the_batches_with_their_summaries(board):
    response = APIClient().get(BATCHES)
    assert response.status_code == 200
    (batch,) = response.json()["results"]
    assert batch["batch_date"] == "2025-03-21"
    assert (batch["cases"], batch["approvals"], batch["denials"]) == (3, 2, 1)
    assert batch["approved_total"] == str(
        board.approval.approved_amount + board.coma.approved_amount
    )
    assert [p["cases"] for p in batch["plans"]] == [3]
    one = APIClient().get(BATCHES + "2025-03-21/").json()
    assert one == batch


def test_a_card_shows_what_the_page_shows_and_nothing_personal(board, client):
    cards = APIClient().get(BATCHES + "2025-03-21/claims/").json()["results"]
    assert [c["reference"] for c in cards] == [
        board.approval.reference,
        board.denial.reference,
        board.coma.reference,
    ]
    for card in cards:
        assert set(card) == CARD_FIELDS
        for line in card["deciding_facts"]:
            assert set(line) == LINE_FIELDS
    approval = cards[0]
    assert approval["initials"] == FULL_NAME[0] + "**" and approval["open_to_objection"]
    assert (approval["age_from"], approval["age_to"]) == (30, 39)
    text = json.dumps(cards, ensure_ascii=False)
    for personal in (FULL_NAME, PHONE, EMAIL, USERNAME, HOSPITAL, DIAGNOSIS, REVIEWER_NOTE):
        assert personal not in text
    assert board.claimant.national_id_masked not in text
    # The same cases, in the same order, as the board's page.
    page = client.get("/board/2025-03-21/").content.decode()
    assert re.findall(r'id="case-([A-Z0-9]+)"', page) == [c["reference"] for c in cards]


def test_the_cards_filter_as_the_batch_page_does(board):
    client = APIClient()
    denials = client.get(BATCHES + "2025-03-21/claims/", {"decision": "deny"}).json()
    assert [c["reference"] for c in denials["results"]] == [board.denial.reference]
    coma = client.get(BATCHES + "2025-03-21/claims/", {"condition": "deep_coma"}).json()
    assert [c["reference"] for c in coma["results"]] == [board.coma.reference]
    assert client.get(BATCHES + "2025-03-21/claims/", {"plan": "nope"}).json()["count"] == 0
    bad = client.get(BATCHES + "2025-03-21/claims/", {"decision": "maybe"})
    assert bad.status_code == 400 and bad.json()["code"] == "invalid"
    assert "decision" in bad.json()["detail"]["fields"]


def test_unknown_or_malformed_batches_are_not_found_and_the_board_is_read_only(board):
    client = APIClient()
    for path in ("2025-03-07/", "2025-02-30/", "yesterday/", "2025-03-07/claims/"):
        response = client.get(BATCHES + path)
        assert response.status_code == 404 and response.json()["code"] == "not_found", path
    refused = client.post(BATCHES, {}, format="json")
    assert refused.status_code == 405 and refused.json()["code"] == "method_not_allowed"
    bad_token = APIClient(HTTP_AUTHORIZATION="Token mat_nonsense").get(BATCHES)
    assert bad_token.status_code == 401 and bad_token.json()["code"] == "invalid_token"


def test_staff_and_members_read_the_same_board(board):
    anonymous = APIClient().get(BATCHES + "2025-03-21/claims/").json()
    for user in (board.claimant.account, staff("reviewer", "rev")):
        assert token_client(user).get(BATCHES + "2025-03-21/claims/").json() == anonymous
