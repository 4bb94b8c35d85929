"""The web benchmark's database builder (bench/builders.py) at a tiny size, and every page
the load requests (bench/pages.py) answering 200 with its content, as the load checks it.

Kept in the suite so the builder follows the models and the pages: a new NOT NULL column,
a renamed field or a page that no longer shows what the load looks for fails here, not in
the next benchmark run. Timings are the benchmark's business, never asserted here.
"""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from bench import builders
from bench.pages import ROLE_LOGINS, pages
from claims.models import Claim, ClaimEvent, DocumentRequest, Investigation, PublicityBatch
from claims.states import ClaimState
from core import clock
from core.api.tokens import api_token_create
from jury.models import Ballot, Panel
from members.models import Member
from sharing.models import MemberShare, SharingPeriod

# VACUUM and the services' follow-ups need real commits; the seeded plans come back after.
# One test: the build is the slow part (about 10 s).
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SIZE = builders.SMALL
URLS_PER_PAGE = 3  # a page's first few URLs (the claim pages cycle through many)


def test_the_builder_fills_every_state_and_every_page_answers_with_its_content():
    said = []
    steps = builders.build(SIZE, say=said.append)
    targets = builders.targets()
    the_data_holds_every_state_at_the_asked_size(steps, targets, said)
    every_page_of_the_load_answers_with_its_content(targets)


def the_data_holds_every_state_at_the_asked_size(steps, targets, said):
    assert set(steps) >= {"members and jurors (generate_series)", "clones (INSERT … SELECT)"}
    assert any(line.startswith("clones (INSERT … SELECT): ") for line in said)
    assert Claim.objects.count() == SIZE.claims
    assert Member.objects.count() >= SIZE.members
    assert set(Claim.objects.values_list("state", flat=True)) == set(ClaimState.values)
    # Every claim has its filing event; investigations carry the facts and the evaluation.
    assert not Claim.objects.exclude(events__event_type="filed").exists()
    assert ClaimEvent.objects.count() > 5 * SIZE.claims
    assert not Investigation.objects.filter(completed_at__isnull=False, facts={}).exists()
    assert not Investigation.objects.filter(completed_at__isnull=False, evaluation={}).exists()
    assert DocumentRequest.objects.exists()
    # The batches: the requested number, the latest the largest, counts that add up.
    batches = list(PublicityBatch.objects.order_by("-batch_date"))
    assert len(batches) == SIZE.batches
    assert batches[0].claims_count == max(b.claims_count for b in batches)
    assert (
        sum(b.claims_count for b in batches)
        == Claim.objects.filter(publicity_batch__isnull=False).count()
    )
    # The open panel and its ballots; two sharing periods with a share per member.
    assert Ballot.objects.filter(panel_id=targets["open_panel"]).count() == SIZE.ballots
    assert Panel.objects.get(pk=targets["open_panel"]).size is None
    assert SharingPeriod.objects.filter(status="complete").count() == 2
    for period in SharingPeriod.objects.all():
        assert MemberShare.objects.filter(period=period).count() == period.members_count
    # Clones are consistent: a published claim's time is its batch's; references unique.
    assert not Claim.objects.filter(
        publicity_batch__isnull=False, published_at__lt=clock.now().replace(year=2000)
    ).exists()
    assert Claim.objects.values("reference").distinct().count() == SIZE.claims
    assert len(targets["claimant_refs"]) == SIZE.claimant_claims
    assert targets["seated_panels"]


def every_page_of_the_load_answers_with_its_content(targets):
    users = get_user_model().objects
    clients = {"public": Client()}
    for role, login in ROLE_LOGINS.items():
        clients[role] = Client()
        clients[role].force_login(users.get(username=targets["logins"][login]["username"]))
    for role, username in (("api_staff", builders.REVIEWER), ("api_claimant", builders.CLAIMANT)):
        _token, key = api_token_create(user=users.get(username=username), name="smoke")
        clients[role] = Client(headers={"authorization": f"Token {key}"})
    checked = []
    for page in pages(targets):
        for path, expected in page.urls[:URLS_PER_PAGE]:
            answer = clients[page.role].get(path)
            assert answer.status_code == 200, (page.name, path, answer.status_code)
            assert expected in answer.content.decode(), (page.name, path, expected)
            checked.append(page.name)
    assert len(set(checked)) == len(pages(targets)) >= 25
