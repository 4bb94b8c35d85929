"""axe-core on every role's pages of the seeded demo: 0 serious or critical violations,
at phone width in Chinese and desktop width in Chinese and English.

The journeys' own browser tests call ``assert_accessible`` on the pages they pass
through; this test covers each role's start pages with the demo's data.
"""

import io

import pytest
from django.core.management import call_command
from django.db import connections

from claims.models import Claim, PublicityBatch
from claims.states import ClaimState
from jury.models import Panel
from tests.browser.axe import describe, violations
from tests.browser.support import set_language, sign_in
from winddown.models import Shutdown

pytestmark = pytest.mark.browser

WIDTHS = (("zh-hans", 390), ("zh-hans", 1280), ("en", 1280))


def _pages(role: str) -> list[str]:
    claim = Claim.objects.filter(member__account__username="demo").order_by("id")
    disputed = Claim.objects.filter(state=ClaimState.DISPUTED).first()
    panel = Panel.objects.order_by("id").first()
    batch = PublicityBatch.objects.order_by("-batch_date").first()
    shutdown = Shutdown.objects.order_by("id").first()
    pages = {
        None: ["/", "/board/", "/sharing/history/", "/winddown/", "/accounts/login/"]
        + ([f"/board/{batch.batch_date.isoformat()}/"] if batch else []),
        "demo": ["/claims/", "/claims/new/", "/claims/objections/", "/sharing/me/"]
        + [f"/claims/{c.reference}/" for c in claim[:4]],
        "juror": ["/jury/", "/jury/exam/"] + ([f"/jury/panels/{panel.pk}/"] if panel else []),
        "investigator": ["/office/"],
        "reviewer": [
            "/office/",
            "/office/?tab=all",
            "/office/publicity/",
            "/jury/office/",
            "/sharing/office/",
        ]
        + ([f"/office/claims/{disputed.reference}/"] if disputed else []),
        "finance": ["/sharing/office/", "/sharing/office/payouts/"],
        "operator": ["/winddown/office/"]
        + ([f"/winddown/office/{shutdown.pk}/"] if shutdown else []),
    }
    return pages[role]


PASSWORDS = {
    "demo": "demo12345",
    "juror": "juror12345",
    "investigator": "investigator12345",
    "reviewer": "reviewer12345",
    "finance": "finance12345",
    "operator": "operator12345",
}


def test_every_page_of_each_role_passes_axe(
    live_server, transactional_db, django_db_serialized_rollback, page
):
    """One seed for every role (the demo takes a while to load); every failure listed."""
    failures = []
    try:
        call_command("seed_demo", stdout=io.StringIO())
        call_command("publicity_batch", "--catch-up", stdout=io.StringIO())
        for role in [None, *PASSWORDS]:
            page.context.clear_cookies()
            urls = _pages(role)
            if role:
                sign_in(page, live_server.url, role, PASSWORDS[role])
            for language, width in WIDTHS:
                set_language(page, live_server.url, language)
                page.set_viewport_size({"width": width, "height": 900})
                for url in urls:
                    response = page.goto(f"{live_server.url}{url}")
                    assert response.status < 400, f"{url}: {response.status}"
                    where = f"{url} ({language}, {width} px, {role or 'public'})"
                    found = violations(page)
                    if found:
                        failures.append(f"{where}\n{describe(found)}")
    finally:
        connections.close_all()
    assert not failures, "\n\n".join(failures)
