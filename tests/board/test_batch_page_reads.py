"""A batch page reads no more than it shows: the filters' choices from the distinct
(plan, condition) pairs, the count without the member, the cards a page at a time with
links that keep the filters."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from board import selectors as board_selectors
from board import views as board_views
from tests.board.conftest import BATCH_DAY

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_viewing_day")]


def batch_url() -> str:
    return reverse("board:batch", args=[BATCH_DAY.isoformat()])


def test_the_filters_choices_are_the_batchs_plans_and_conditions_in_each_language(board):
    with translation.override("en"), CaptureQueriesContext(connection) as queries:
        english = board_selectors.batch_filter_choices(batch=board.batch)
    assert len(queries.captured_queries) == 1
    assert "DISTINCT" in queries.captured_queries[0]["sql"]
    assert english == {
        "plan": [("critical-illness", board.approval.plan.name_en)],
        "condition": [
            ("deep_coma", "Deep coma"),
            ("malignant_tumour", "Malignant tumour (severe)"),
        ],
    }
    with translation.override("zh-hans"):
        chinese = board_selectors.batch_filter_choices(batch=board.batch)
    names = dict(chinese["condition"])
    assert names == {"deep_coma": "深度昏迷", "malignant_tumour": "恶性肿瘤——重度"}
    assert chinese["plan"] == [("critical-illness", board.approval.plan.name_zh)]


def test_the_count_of_the_cards_does_not_join_the_member(client, board):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(batch_url(), {"decision": "approve"})
    assert response.context["page"].count.value == 2
    counts = [q["sql"] for q in queries.captured_queries if ") capped" in q["sql"]]
    assert len(counts) == 1 and "members_member" not in counts[0]


def test_the_pages_of_a_batch_keep_the_filters(english, board, monkeypatch):
    monkeypatch.setattr(board_views, "CARDS_PER_PAGE", 1)
    page = english.get(batch_url(), {"decision": "approve"}).content.decode()
    assert "2 cases" in page and "Page 1 of 2" in page
    link = re.search(r'href="(\?[^"]*)">Next<', page).group(1).replace("&amp;", "&")
    assert "decision=approve" in link and "page=2" in link and not link.startswith("??")
    second = english.get(batch_url() + link)
    shown = {c.reference for c in second.context["cards"]}
    assert len(shown) == 1 and shown <= {board.approval.reference, board.coma.reference}
