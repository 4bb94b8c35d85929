"""A juror's journey in a real browser, read as a juror deciding a case reads it: volunteer,
pass the exam, read the case with each clause's fact in the clause's own terms, cast a
ballot and change it, and decline a seat, which asks first (a dialog with JavaScript, a
page without). The ballot is read at 390 px and 1280 px, in Chinese and in English.
"""

import re

import pytest

from claims.definitions.criteria import validate
from claims.states import ClaimState
from jury.models import Ballot, ExamQuestion, Panel, Seat, SeatStatus
from members.models import Plan
from tests.browser.support import (
    PASSWORD,
    SCREENSHOTS,
    closes_db_connections,
    set_language,
    sign_in,
)
from tests.factories import EnrolmentFactory, UserFactory, claim_in_state

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
#: What a juror reads for the deep-coma denial (facts that miss every clause), in words.
READS = {
    "zh-hans": {
        "heading": "您的选票",
        "clauses": ["格拉斯哥昏迷评分（GCS）≤ 5 分", "并非因酗酒或药物滥用导致"],
        "found": [
            "格拉斯哥昏迷评分（GCS）：6 分",
            "持续使用呼吸机及其他生命维持系统的时间：95 小时",
            "因酗酒或药物滥用导致：是",
        ],
        "status": "不符合",
        "denial": "不予赔付的依据",
    },
    "en": {
        "heading": "Your ballot",
        "clauses": ["Glasgow Coma Scale ≤ 5", "Not caused by alcohol or drug abuse"],
        "found": [
            "Glasgow Coma Scale score: 6 points",
            "Time on a ventilator and other life support without a break: 95 hours",
            "Caused by alcohol or drug abuse: yes",
        ],
        "status": "Not met",
        "denial": "the denial rests on it",
    },
}
IDENTIFIER = re.compile(r"\b[a-z]+_[a-z_]+\b")


def _juror_account():
    user = UserFactory(username="browser-juror")
    user.set_password(PASSWORD)
    user.save()
    EnrolmentFactory(member__account=user, member__full_name="王陪审")
    return user


def _pass_the_exam(page, base_url: str) -> None:
    page.goto(f"{base_url}/jury/")
    page.check("input[name=agree]")
    with page.expect_navigation():
        page.click("form[action$='/jury/volunteer/'] button")
    assert page.url.endswith("/jury/exam/")
    with page.expect_navigation():
        page.click("form[action$='/jury/exam/start/'] button")
    names = sorted(set(page.eval_on_selector_all("input[type=radio]", "es => es.map(e => e.name)")))
    assert len(names) == 6
    for name in names:
        answer = ExamQuestion.objects.get(pk=int(name[1:])).answer
        page.check(f"input[name={name}][value={answer}]")
    page.screenshot(path=SCREENSHOTS / "jury-exam-answered.png", full_page=True)
    with page.expect_navigation():
        page.click("main form.exam-form button[type=submit]")
    assert "/jury/exam/sittings/" in page.url
    assert "您已成为合格赔审员" in page.locator("main").inner_text()


def _disputed_denial(*, seats: int | None) -> Panel:
    """A deep-coma denial the claimant disputes; its panel opens once the dispute commits
    (open to every qualified juror, or with ``seats`` seats drawn)."""
    Plan.objects.filter(code="critical-illness").update(
        jury_panel_size=seats, jury_quorum=1, jury_voting_hours=24
    )
    claim = claim_in_state(ClaimState.DISPUTED, approve=False, condition_code="deep_coma")
    return Panel.objects.get(claim=claim)


def _main_text(page) -> str:
    return page.locator("main").inner_text()


def _reads_the_case(page, language: str, panel: Panel) -> str:
    text = _main_text(page)
    words = READS[language]
    assert words["heading"] in text
    for clause in validate(panel.claim.condition_definition.criteria):
        # Each clause once: in the case file and the ballot together.
        assert text.count(clause.label(language)) == 1, clause.key
    for found in words["found"]:
        assert found in text, found
    assert words["status"] in text and words["denial"] in text
    assert not IDENTIFIER.findall(text), IDENTIFIER.findall(text)
    return text


def _answer(page, value: str, verdict: str, reason: str) -> None:
    for fieldset in page.locator("fieldset.ballot-clause").all():
        fieldset.locator(f"label.bchoice-{value}").click()
    page.locator(f"label.bchoice-{verdict}").click()
    page.fill("textarea[name=reason]", reason)
    with page.expect_navigation():
        page.click("form.ballot-form button[type=submit]")


@closes_db_connections
def test_a_juror_passes_the_exam_reads_the_facts_votes_changes_and_declines(
    live_server, transactional_db, django_db_serialized_rollback, page
):
    base = live_server.url
    juror_account = _juror_account()
    sign_in(page, base, juror_account.username)
    _pass_the_exam(page, base)

    panel = _disputed_denial(seats=None)
    page.goto(f"{base}/jury/")
    with page.expect_navigation():
        page.click(f"a.button[href='/jury/panels/{panel.pk}/']")
    text = _reads_the_case(page, "zh-hans", panel)
    assert "查明" in text and "（北京时间）" in text
    page.screenshot(path=SCREENSHOTS / "jury-ballot-zh-390.png", full_page=True)

    # The juror judges each clause not met, and denies; then changes the ballot.
    _answer(page, "not_met", "deny", "GCS 6 分，未达到 5 分以下；呼吸机 95 小时，不足 96 小时。")
    assert "您的选票已保存" in _main_text(page)
    ballot = Ballot.objects.get(panel=panel)
    assert ballot.verdict == "deny" and set(ballot.clause_answers.values()) == {"not_met"}
    _answer(page, "unsure", "deny", "病历不足以判断：请补充呼吸机使用记录。")
    ballot.refresh_from_db()
    assert set(ballot.clause_answers.values()) == {"unsure"}
    page.screenshot(path=SCREENSHOTS / "jury-ballot-changed-zh-390.png", full_page=True)

    # The same file as a juror reads it on a desktop, and in English, on both.
    for language, size, name in (
        ("zh-hans", DESKTOP, "zh-1280"),
        ("en", PHONE, "en-390"),
        ("en", DESKTOP, "en-1280"),
    ):
        set_language(page, base, language)
        page.set_viewport_size(size)
        page.goto(f"{base}/jury/panels/{panel.pk}/")
        _reads_the_case(page, language, panel)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= size["width"], f"{name}: the page is {width}px wide"
        page.screenshot(path=SCREENSHOTS / f"jury-ballot-{name}.png", full_page=True)

    # A seat on a drawn panel: declining asks first.
    set_language(page, base, "zh-hans")
    page.set_viewport_size(PHONE)
    seated = _disputed_denial(seats=1)
    seat = Seat.objects.get(panel=seated, juror__account=juror_account)
    page.goto(f"{base}/jury/panels/{seated.pk}/")
    page.click("a[data-confirm=decline-dialog]")
    dialog = page.locator("dialog#decline-dialog")
    assert dialog.is_visible()
    assert "谢绝本案的席位？" in dialog.inner_text()
    assert "无法撤回" in dialog.inner_text()
    page.screenshot(path=SCREENSHOTS / "jury-decline-dialog-zh-390.png", full_page=True)
    dialog.locator("[data-dialog-close]").click()  # "Keep my seat"
    assert not dialog.is_visible()
    seat.refresh_from_db()
    assert seat.status == SeatStatus.OFFERED

    # Without JavaScript the same link asks on a page of its own.
    browser = page.context.browser
    plain = browser.new_context(java_script_enabled=False, viewport=PHONE, locale="zh-CN")
    plain.add_cookies(page.context.cookies())
    no_js = plain.new_page()
    no_js.goto(f"{base}/jury/panels/{seated.pk}/")
    with no_js.expect_navigation():
        no_js.click("a[data-confirm=decline-dialog]")
    assert no_js.url.endswith(f"/jury/seats/{seat.pk}/decline/")
    assert "谢绝本案的席位？" in no_js.locator("main").inner_text()
    no_js.screenshot(path=SCREENSHOTS / "jury-decline-page-zh-390.png", full_page=True)
    with no_js.expect_navigation():
        no_js.click("main a.button.secondary")  # "Keep my seat": back to the case
    assert no_js.url.endswith(f"/jury/panels/{seated.pk}/")
    plain.close()
    seat.refresh_from_db()
    assert seat.status == SeatStatus.OFFERED

    page.click("a[data-confirm=decline-dialog]")
    with page.expect_navigation():
        page.locator("dialog#decline-dialog button[type=submit]").click()
    assert page.url.endswith("/jury/")
    assert "您已谢绝这个席位" in _main_text(page)
    seat.refresh_from_db()
    assert seat.status == SeatStatus.DECLINED
    page.screenshot(path=SCREENSHOTS / "jury-declined-zh-390.png", full_page=True)
