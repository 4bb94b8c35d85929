"""Who may investigate: one query (``investigators_eligible``) behind the assignment's
choices and "assign next", so the two agree, and a right held twice counts once."""

from datetime import datetime

import pytest
from django.contrib.auth.models import Group, Permission

from claims import services
from claims.selectors import investigators_eligible
from claims.states import ClaimState
from office.selectors.case import investigators_for_assignment
from tests.factories import BEIJING, UserFactory, claim_in_state, staff

pytestmark = pytest.mark.django_db
NOW = datetime(2025, 3, 11, 9, 0, tzinfo=BEIJING)


def investigate_right() -> Permission:
    return Permission.objects.get(codename="investigate_claim", content_type__app_label="claims")


def holding_the_right_twice(username: str):
    """An investigator who holds the right three ways: the investigators' group, a second
    group that grants it too, and directly."""
    user = staff("investigator", username)
    second = Group.objects.create(name=f"senior {username}")
    second.permissions.add(investigate_right())
    user.groups.add(second)
    user.user_permissions.add(investigate_right())
    return type(user).objects.get(pk=user.pk)


def give_open_cases(investigator, n: int) -> None:
    for _ in range(n):
        claim = claim_in_state(ClaimState.FILED)
        services.investigation_assign(claim=claim, investigator=investigator, now=NOW)


def test_a_right_held_three_ways_lists_the_investigator_once():
    twice = holding_the_right_twice("twice")
    once = staff("investigator", "once")
    UserFactory(username="member-only")
    inactive = staff("investigator", "gone")
    type(inactive).objects.filter(pk=inactive.pk).update(is_active=False)

    assert sorted(u.username for u in investigators_eligible()) == ["once", "twice"]
    choices = list(investigators_for_assignment())
    assert [u.username for u in choices] == ["once", "twice"]
    assert {u.pk for u in choices} == {twice.pk, once.pk}


def test_assign_next_counts_each_open_case_once_however_the_right_is_held():
    """Two open cases for the investigator holding the right three ways, three for the
    other: the first is the less loaded. Counting over the permission joins made their
    two cases six, and sent the claim to the busier investigator."""
    twice = holding_the_right_twice("twice")
    once = staff("investigator", "once")
    give_open_cases(twice, 2)
    give_open_cases(once, 3)
    claim = claim_in_state(ClaimState.FILED)
    assert services.investigation_assign_next(claim=claim, now=NOW).investigator == twice


def test_assign_next_picks_only_from_the_assignment_choices():
    staff("investigator", "inv-a")
    staff("investigator", "inv-b")
    holding_the_right_twice("inv-c")
    choices = set(investigators_for_assignment().values_list("pk", flat=True))
    for _ in range(4):
        claim = claim_in_state(ClaimState.FILED)
        assert services.investigation_assign_next(claim=claim, now=NOW).investigator_id in choices
