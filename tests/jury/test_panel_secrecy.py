"""Secret until close: while a panel is open no page or API response shows a count, a
percentage, another juror's ballot or the tally — not to jurors, the claimant or staff."""

from datetime import timedelta
from html import unescape

import pytest
import time_machine
from django.urls import reverse

from claims.states import Decision
from jury.models import Ballot, PanelStatus
from jury.services import panels
from tests.factories import UserFactory
from tests.jury.services.test_panels import T, answers
from tests.jury.test_panel_pages import DURING, english, open_panel

pytestmark = pytest.mark.django_db
SECRETS = ["SECRET-PAY-REASON-1", "SECRET-PAY-REASON-2", "SECRET-DENY-REASON-1"]
TALLY_WORDS = ["to pay", "to deny", "votes to pay", "How the panel decided", 'id="tally"']


def cast_three(panel, claim):
    """Two pay ballots and one deny ballot, each with a reason nobody else may read."""
    voters = [seat.juror for seat in panel.seats.order_by("draw_order")[:3]]
    for juror, verdict, reason in zip(
        voters, [Decision.APPROVE, Decision.APPROVE, Decision.DENY], SECRETS, strict=True
    ):
        clause = "met" if verdict == Decision.APPROVE else "not_met"
        panels.ballot_cast(
            panel=panel,
            actor=juror.account,
            verdict=verdict,
            clause_answers=answers(claim, clause),
            reason=reason,
            now=T + timedelta(minutes=5),
        )
    return voters


def text_of(response) -> str:
    assert response.status_code == 200, (response.status_code, response.request["PATH_INFO"])
    return unescape(response.content.decode())


def assert_secret(text: str, *, own: str | None = None, where: str = ""):
    for secret in SECRETS:
        if secret != own:
            assert secret not in text, (where, secret)
    for word in TALLY_WORDS:
        assert word not in text, (where, word)


def test_nothing_reveals_the_votes_while_the_panel_is_open(client, admin_user):
    claim, panel = open_panel(size=5, quorum=3, pool=10)
    voters = cast_three(panel, claim)
    client = english(client)
    with time_machine.travel(DURING, tick=False):
        # A juror who voted sees their own ballot and nothing of the others'.
        client.force_login(voters[0].account)
        text = text_of(client.get(reverse("jury:panel", args=[panel.pk])))
        assert SECRETS[0] in text  # their own reason, to change it
        assert_secret(text, own=SECRETS[0], where="juror's panel page")
        assert_secret(text_of(client.get(reverse("jury:home"))), where="juror's home")

        # The claimant: the claim page and the API.
        client.force_login(claim.member.account)
        text = text_of(client.get(reverse("claims:claim-detail", args=[claim.reference])))
        assert_secret(text, where="claim page")
        api = client.get(f"/api/v1/claims/{claim.reference}/")
        assert api.status_code == 200
        data = api.json()
        assert (data["jury_pay_votes"], data["jury_deny_votes"], data["jury_verdict"]) == (
            None,
            None,
            "",
        )
        assert_secret(api.content.decode(), where="claim API")

        # Staff: the API, the panels back office, the claims back office, the admin.
        client.force_login(admin_user)
        api = client.get(f"/api/v1/claims/{claim.reference}/")
        assert api.json()["jury_pay_votes"] is None
        assert_secret(api.content.decode(), where="claim API, staff")
        for url in (
            reverse("jury:office"),
            reverse("office:case", args=[claim.reference]),
            reverse("claims:claim-detail", args=[claim.reference]),
            reverse("admin:jury_panel_change", args=[panel.pk]),
            reverse("admin:jury_ballot_changelist"),
            reverse("admin:jury_panelevent_changelist"),
        ):
            text = text_of(client.get(url))
            assert_secret(text, where=url)
        assert_no_ballot_in_the_admin(client, panel)
        assert "field-tally" not in text_of(
            client.get(reverse("admin:jury_panel_change", args=[panel.pk]))
        )


def test_a_panel_waiting_for_the_operator_keeps_its_ballots_secret(client, admin_user):
    claim, panel = open_panel(size=5, quorum=4, pool=12)
    cast_three(panel, claim)  # three of four: the quorum fails three times
    for _ in range(3):
        panel.refresh_from_db()
        panels.panel_close(panel=panel, now=panel.deadline_at)
    panel.refresh_from_db()
    assert panel.status == PanelStatus.NEEDS_OPERATOR
    client.force_login(admin_user)
    for url in (
        f"{reverse('jury:office')}?state=needs_operator",
        reverse("admin:jury_ballot_changelist"),
        reverse("admin:jury_panel_change", args=[panel.pk]),
    ):
        assert_secret(text_of(english(client).get(url)), where=url)
    assert_no_ballot_in_the_admin(client, panel)


def assert_no_ballot_in_the_admin(client, panel):
    listing = text_of(client.get(reverse("admin:jury_ballot_changelist")))
    for ballot in Ballot.objects.filter(panel=panel):
        change = reverse("admin:jury_ballot_change", args=[ballot.pk])
        assert change not in listing
        assert client.get(change).status_code in (302, 404)


def test_the_result_is_published_at_the_close_and_not_before(client):
    claim, panel = open_panel(size=5, quorum=3, pool=10)
    cast_three(panel, claim)
    client.force_login(claim.member.account)
    client = english(client)
    url = reverse("claims:claim-detail", args=[claim.reference])
    with time_machine.travel(panel.deadline_at - timedelta(minutes=1), tick=False):
        assert "votes to pay" not in text_of(client.get(url))
    panels.panel_close(panel=panel, now=panel.deadline_at)
    with time_machine.travel(panel.deadline_at + timedelta(minutes=1), tick=False):
        assert "2 votes to pay, 1 to deny" in text_of(client.get(url))
        data = client.get(f"/api/v1/claims/{claim.reference}/").json()
    assert (data["jury_pay_votes"], data["jury_deny_votes"]) == (2, 1)


@time_machine.travel(DURING, tick=False)
def test_a_juror_of_another_panel_sees_nothing_of_this_one(client):
    claim, panel = open_panel(size=3, quorum=2, pool=6)
    cast_three(panel, claim)
    client.force_login(UserFactory())
    assert client.get(reverse("jury:panel", args=[panel.pk])).status_code == 404
