"""The public board in a real browser, read as the public reads it: the header's promise,
a batch's cards with the facts each decision rests on in the clause's own terms, at
390 px and 1280 px, in Chinese and in English."""

from datetime import timedelta

import pytest

from claims.rules import latest_batch_date
from core import clock
from tests.browser.support import SCREENSHOTS, closes_db_connections
from tests.claims.publicity_helpers import decided_claim, publish

pytestmark = pytest.mark.browser

VIEWS = [
    ("zh-hans", {"width": 390, "height": 844}, "zh-390"),
    ("zh-hans", {"width": 1280, "height": 900}, "zh-1280"),
    ("en", {"width": 390, "height": 844}, "en-390"),
    ("en", {"width": 1280, "height": 900}, "en-1280"),
]
READS = {
    "zh-hans": {
        "promise": "案件只显示申请人姓名的首字、年龄段、就诊城市",
        "never": "全名、身份证号、联系方式和医院名称一律不予公示",
        "rests_on": "结论所依据的事实",
        "coma": [
            "并非因酗酒或药物滥用导致",
            "查明因酗酒或药物滥用导致：否",
            "持续使用呼吸机及其他生命维持系统的时间：96 小时",
            "格拉斯哥昏迷评分（GCS）：5 分",
        ],
        "met": "符合",
        "hospital": "（公示不公布医院名称）",
        "beijing": "（北京时间）",
        "object": "对此赔付结论提出异议",
    },
    "en": {
        "promise": "A case shows the first character of the claimant's name, the age band",
        "never": "never the full name, the identity number, contact details or the hospital",
        "rests_on": "What the decision rests on",
        "coma": [
            "Not caused by alcohol or drug abuse",
            "FoundCaused by alcohol or drug abuse: no",
            "Time on a ventilator and other life support without a break: 96 hours",
            "Glasgow Coma Scale score: 5 points",
        ],
        "met": "Met",
        "hospital": "(hospitals are not named on the board)",
        "beijing": "(Beijing time)",
        "object": "Object to this approval",
    },
}


def _flat(text: str) -> str:
    return "".join(text.split())


@closes_db_connections
def test_the_public_reads_the_board_and_the_facts_of_each_case(
    live_server, transactional_db, django_db_serialized_rollback, page
):
    now = clock.now()
    batch_day = latest_batch_date(clock.beijing_date(now))
    decided = clock.beijing_start_of_day(batch_day) - timedelta(days=1)
    coma = decided_claim(decided_at=decided, condition_code="deep_coma")
    decided_claim(decided_at=decided, approve=False)
    publish(batch_day, now)
    base = live_server.url

    for language, size, name in VIEWS:
        page.context.add_cookies([{"name": "django_language", "value": language, "url": base}])
        page.set_viewport_size(size)
        words = READS[language]
        page.goto(f"{base}/board/")
        header = page.locator("main .board-intro").inner_text()
        assert words["promise"] in header and words["never"] in header
        page.screenshot(path=SCREENSHOTS / f"board-index-{name}.png", full_page=True)
        with page.expect_navigation():
            page.click(f"a[href='/board/{batch_day.isoformat()}/']")
        card = page.locator(f"#case-{coma.reference}")
        text = card.inner_text()
        assert words["rests_on"] in text and words["met"] in text
        for line in words["coma"]:
            assert _flat(line) in _flat(text), line
        assert _flat(words["hospital"]) in _flat(text)
        assert _flat(words["beijing"]) in _flat(text)
        assert card.locator("a.button", has_text=words["object"]).count() == 1
        assert "caused_by" not in text and "deep_coma" not in text
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= size["width"], f"{name}: the page is {width}px wide"
        page.screenshot(path=SCREENSHOTS / f"board-batch-{name}.png", full_page=True)
        card.screenshot(path=SCREENSHOTS / f"board-card-{name}.png")
