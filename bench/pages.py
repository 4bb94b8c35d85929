"""The pages the web benchmark requests, by role, with the text each answer must hold.

Plain Python (no Django): the locustfile (in its own virtualenv) and the smoke test
(tests/bench/test_web_bench_builder.py) read the same list. ``pages(targets)`` takes
what ``bench.builders.targets()`` found in the database.
"""

from dataclasses import dataclass

QUEUE_TABS = ("unassigned", "mine", "due_soon", "overdue", "all")
QUEUE_ROW = 'class="ref" href="/office/claims/'


@dataclass(frozen=True)
class Page:
    """A page as one role reads it: its name in the figures, the URLs it cycles through
    with the text each answer must contain, and how often a user of the role reads it
    (relative to the role's other pages)."""

    name: str
    role: str
    urls: tuple[tuple[str, str], ...]
    weight: int = 1


def pages(t: dict) -> list[Page]:
    large = t["large_batch"]
    claimant_claims = tuple((f"/claims/{r}/", r) for r in t["claimant_refs"])
    cases = tuple((f"/office/claims/{r}/", r) for r in t["case_refs"])
    api_claims = tuple((f"/api/v1/claims/{r}/", f'"reference":"{r}"') for r in t["case_refs"])
    seated = tuple((f"/jury/panels/{p}/", 'id="case-h"') for p in t["seated_panels"])
    period = t["periods"][0]
    search = t["search_reference"]
    filters = f"plan={t['plan_id']}&condition={t['condition']}&state=paid"
    out = [
        # The claimant (signed in).
        Page("portal", "claimant", (("/claims/", 'class="ref" href="/claims/HZ'),), 3),
        Page("claim page", "claimant", claimant_claims, 3),
        Page("sharing/me", "claimant", (("/sharing/me/", 'class="year-total'),), 1),
        # Anyone: the board, the large batch, the sharing history.
        Page("board", "public", (("/board/", f'href="/board/{large}/"'),), 2),
        Page("batch (large)", "public", ((f"/board/{large}/", 'class="card case-card"'),), 2),
        Page(
            "batch (large, page 20)",
            "public",
            ((f"/board/{large}/?page=20", 'class="card case-card"'),),
            1,
        ),
        Page("sharing history", "public", (("/sharing/history/", 'id="chart-title"'),), 1),
        # The investigator: every queue tab, a filter, a search, the case page.
        *(
            Page(f"office {tab}", "investigator", ((f"/office/?tab={tab}", QUEUE_ROW),), 1)
            for tab in QUEUE_TABS
        ),
        Page("office filtered", "investigator", ((f"/office/?tab=all&{filters}", QUEUE_ROW),)),
        Page("office search", "investigator", ((f"/office/?tab=all&q={search}", search),)),
        Page("office case", "investigator", cases, 3),
        # The reviewer: decisions awaiting them, the case page.
        Page("office mine (reviewer)", "reviewer", (("/office/?tab=mine", QUEUE_ROW),), 1),
        Page("office case (reviewer)", "reviewer", cases, 1),
        # The juror: the home page, seated panels, the open panel of 250,000 ballots.
        Page("jury home", "juror", (("/jury/", 'href="/jury/panels/'),), 2),
        Page("jury panel", "juror", seated, 2),
        Page("jury open panel", "juror", ((f"/jury/panels/{t['open_panel']}/", 'id="case-h"'),)),
        # Finance: the periods and one period's page.
        Page("sharing office", "finance", (("/sharing/office/", "/sharing/office/periods/"),), 1),
        Page(
            "sharing office period",
            "finance",
            ((f"/sharing/office/periods/{period}/", f"/sharing/office/periods/{period}/"),),
            1,
        ),
        # The API, with a staff member's token: the claims list and claims' details.
        Page("api claims", "api_staff", (("/api/v1/claims/", '"results":[{'),), 2),
        Page("api claims page 3", "api_staff", ((t["api_claims_page3"], '"results":[{'),)),
        Page("api claim", "api_staff", api_claims, 3),
        Page("api plans", "api_staff", (("/api/v1/plans/", '"results":[{'),)),
        # The API with the claimant's token: their claims, one of them, their members.
        Page("api my claims", "api_claimant", (("/api/v1/claims/", '"results":[{'),), 2),
        Page(
            "api my claim",
            "api_claimant",
            tuple((f"/api/v1/claims/{r}/", f'"reference":"{r}"') for r in t["claimant_refs"]),
            1,
        ),
        Page("api members", "api_claimant", (("/api/v1/members/", '"results":[{'),), 1),
    ]
    return [p for p in out if p.urls]


#: How many locust users of each role for every 13 users (the rest by these weights).
ROLE_WEIGHTS = {
    "claimant": 3,
    "public": 3,
    "investigator": 3,
    "reviewer": 1,
    "juror": 2,
    "finance": 1,
    "api_staff": 2,
    "api_claimant": 1,
}
#: The login each role signs in as (API roles send a token instead).
ROLE_LOGINS = {
    "claimant": "claimant",
    "investigator": "investigator",
    "reviewer": "reviewer",
    "juror": "juror",
    "finance": "finance",
}


def user_class_name(role: str) -> str:
    """The locust user class of a role: ``api_staff`` → ``ApiStaffUser``."""
    return role.title().replace("_", "") + "User"
