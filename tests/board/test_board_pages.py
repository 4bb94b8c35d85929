"""The public board (公示栏) through Django's test client, signed out."""

import pytest
from django.conf import settings
from django.urls import reverse

from claims.definitions.criteria import validate
from claims.rules import age_band
from tests.board.conftest import BATCH_DAY, PHONE
from tests.claims.publicity_helpers import beijing, publish

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_viewing_day")]


def batch_url(day=BATCH_DAY) -> str:
    return reverse("board:batch", args=[day.isoformat()])


def card_of(page: str, claim) -> str:
    """The HTML of one claim's card."""
    start = page.index(f'id="case-{claim.reference}"')
    return page[start : page.index("</article>", start)]


def test_everyone_sees_the_link_to_the_board(client):
    page = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("board:index")}"' in page


def test_the_board_lists_batches_newest_first_with_their_summary(english, board):
    publish(BATCH_DAY.replace(day=7), beijing(2025, 3, 7, 0, 5))
    response = english.get(reverse("board:index"))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.index("2025-03-21") < page.index("2025-03-07")
    assert f'href="{batch_url()}"' in page
    total = board.approval.approved_amount + board.coma.approved_amount
    summary = page[page.index("2025-03-21") : page.index("2025-03-07")]
    assert "<dt>Cases</dt><dd>3</dd>" in summary
    assert "<dt>Approvals</dt><dd>2</dd>" in summary
    assert "<dt>Denials</dt><dd>1</dd>" in summary
    assert f"¥{total:,.2f}" in summary
    assert board.approval.plan.name_en in summary  # the by-plan table
    assert "Objections until 2025-03-28 24:00" in summary


def test_a_batch_page_shows_anonymised_cards(english, board):
    response = english.get(batch_url())
    assert response.status_code == 200
    page = response.content.decode()
    card = card_of(page, board.approval)
    assert "欧**" in card
    assert "aged 30–39" in card
    assert "Hangzhou" in card and "hospitals are not named" in card
    assert board.approval.plan.name_en in card
    assert "Malignant tumour (severe)" in card
    assert f"¥{board.approval.approved_amount:,.2f}" in card
    assert "Approve" in card and "Under public notice" in card
    assert "2025-03-28 24:00" in card  # published 21 March 00:05: 22–28 March
    for clause in validate(board.approval.condition_definition.criteria):
        assert clause.label_en in card  # every clause met, in the definition's words
    assert reverse("board:claim-object", args=[board.approval.reference]) in card

    denial = card_of(page, board.denial)
    assert "Deny" in denial and "Not met" in denial
    assert reverse("board:claim-object", args=[board.denial.reference]) not in denial


def test_cards_show_the_deciding_facts_in_the_readers_language(client, board):
    page = client.get(batch_url()).content.decode()  # Chinese by default
    card = card_of(page, board.coma)
    assert "格拉斯哥昏迷评分（GCS）≤ 5 分" in card


def test_filters_by_decision_plan_and_condition(english, board):
    def shown(**query):
        page = english.get(batch_url(), query).content.decode()
        return {
            c.reference for c in (board.approval, board.denial, board.coma) if c.reference in page
        }

    everything = {board.approval.reference, board.denial.reference, board.coma.reference}
    assert shown() == everything
    assert shown(decision="deny") == {board.denial.reference}
    assert shown(decision="approve") == {board.approval.reference, board.coma.reference}
    assert shown(condition="deep_coma") == {board.coma.reference}
    assert shown(plan=board.approval.plan.code, decision="approve") == {
        board.approval.reference,
        board.coma.reference,
    }
    assert shown(decision="bogus") == everything  # an unknown value is ignored


def test_an_unknown_or_malformed_batch_date_is_not_found(client, board):
    assert client.get(batch_url(BATCH_DAY.replace(day=22))).status_code == 404
    assert client.get("/board/2025-13-45/").status_code == 404
    assert client.get("/board/tomorrow/").status_code == 404


def test_the_board_uses_few_queries(client, board, django_assert_max_num_queries):
    # the batch, the filters' choices, the count, a page of ids, its cards with their
    # plans and definitions, the summary and its plans, the wind-down notice (tests/perf:
    # as many for more claims)
    with django_assert_max_num_queries(10):
        client.get(batch_url())
    with django_assert_max_num_queries(6):
        client.get(reverse("board:index"))


def test_a_page_number_out_of_range_shows_the_last_page(client, board):
    assert client.get(batch_url(), {"page": "99"}).status_code == 200
    assert PHONE not in client.get(batch_url(), {"page": "x"}).content.decode()


def test_cards_say_the_fact_found_for_a_negated_clause(client, board):
    """Deep coma's "Not caused by alcohol or drug abuse" is met when the fact found is
    "caused by alcohol or drug abuse: no": the card says the fact, not the clause
    inverted, and the unit in words."""
    chinese = card_of(client.get(batch_url()).content.decode(), board.coma)
    assert "并非因酗酒或药物滥用导致" in chinese and "因酗酒或药物滥用导致：否" in chinese
    assert "持续使用呼吸机及其他生命维持系统的时间：96 小时" in chinese
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = card_of(client.get(batch_url()).content.decode(), board.coma)
    assert "Caused by alcohol or drug abuse: no" in english
    assert "Time on a ventilator and other life support without a break: 96 hours" in english
    assert "caused_by_alcohol_or_drugs" not in english and "life_support" not in english


def test_the_header_promises_what_a_card_shows(english, board):
    """The privacy sentence names what a card shows, and a card shows just that."""
    header = english.get(reverse("board:index")).content.decode()
    assert "the first character of the claimant's name, the age band, the city" in header
    assert "never the full name, the identity number, contact details or the hospital" in header
    card = card_of(english.get(batch_url()).content.decode(), board.approval)
    claimant = board.claimant
    assert f"{claimant.full_name[0]}**" in card  # the first character of the name
    low, high = age_band(board.approval.age_at_diagnosis)
    assert f"aged {low}–{high}" in card  # the age band, not the age
    assert f"in {board.approval.city}" in card  # the city of treatment
    assert claimant.full_name not in card and board.approval.hospital not in card
    assert claimant.national_id_masked not in card and claimant.phone not in card
