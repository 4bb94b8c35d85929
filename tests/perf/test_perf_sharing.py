"""The members' ledger (/sharing/me/) and the public history cost as many queries for five
times the sharing periods (and, on the ledger, more members on the account)."""

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from members.models import Plan
from members.services import member_add
from sharing import services
from tests.factories import EnrolmentFactory, claim_in_state, national_id
from tests.perf.flat import assert_flat, ok
from tests.sharing.conftest import AFTER, JOINED, SHARING_DAY

pytestmark = pytest.mark.django_db


def _periods(plan, first: int, n: int) -> None:
    """Complete periods ``first`` … ``first + n - 1``, a fortnight apart, each sharing a
    payable claim among the plan's members."""
    for k in range(first, first + n):
        claim_in_state("publicised_payable")
        now = AFTER + timedelta(days=14 * k)
        with time_machine.travel(now, tick=False):
            period = services.sharing_period_open(
                plan=plan, sharing_day=SHARING_DAY + timedelta(days=14 * k), now=now
            )
            services.sharing_period_write_shares(period=period, now=now)
            services.sharing_period_complete(period=period, now=now)


def _family_member(account, seq: int):
    member = member_add(
        account=account,
        relation="child",
        full_name=f"张小{seq}",
        national_id=national_id(date(2015, 5, 1), 700 + seq),
        birth_date=date(2015, 5, 1),
        now=JOINED,
    )
    return EnrolmentFactory(member=member, joined_at=JOINED)


def test_the_ledger_costs_the_same_for_five_times_the_periods_and_more_members(
    client, django_assert_max_num_queries
):
    plan = Plan.objects.get(code="critical-illness")
    sharer = EnrolmentFactory(plan=plan, joined_at=JOINED)
    account = sharer.member.account
    _periods(plan, 0, 1)
    client.force_login(account)

    def grow():
        _family_member(account, 1)
        _periods(plan, 1, 4)

    def rows(response):
        return sum(len(ledger.lines) for ledger in response.context["ledgers"])

    with time_machine.travel(AFTER + timedelta(days=90), tick=False):
        assert_flat(
            django_assert_max_num_queries,
            6,
            lambda: ok(client.get(reverse("sharing:ledger"))),
            grow,
            rows=rows,
        )


def test_the_history_costs_the_same_for_five_times_the_periods(
    client, django_assert_max_num_queries
):
    plan = Plan.objects.get(code="critical-illness")
    for _ in range(3):
        EnrolmentFactory(plan=plan, joined_at=JOINED)
    _periods(plan, 0, 2)
    with time_machine.travel(AFTER + timedelta(days=180), tick=False):
        assert_flat(
            django_assert_max_num_queries,
            2,
            lambda: ok(client.get(reverse("sharing:history"))),
            lambda: _periods(plan, 2, 8),
            rows=lambda response: len(response.context["periods"]),
        )
