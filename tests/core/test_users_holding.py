"""``users_holding``: who holds a permission, through a group or directly, as ``has_perm``
sees it (superusers aside)."""

import pytest
from django.contrib.auth.models import Group, Permission

from core.access import users_holding
from tests.factories import UserFactory, staff

pytestmark = pytest.mark.django_db


def test_holders_through_a_group_or_directly_and_nobody_else():
    staff("investigator", "inv")
    direct = UserFactory(username="direct")
    direct.user_permissions.add(Permission.objects.get(codename="investigate_claim"))
    both = staff("investigator", "both")
    both.user_permissions.add(Permission.objects.get(codename="investigate_claim"))
    left = staff("investigator", "left")
    left.is_active = False
    left.save()
    staff("reviewer", "rev")
    UserFactory(username="member", is_superuser=True)
    holders = users_holding("claims.investigate_claim").order_by("username")
    assert list(holders.values_list("username", flat=True)) == ["both", "direct", "inv"]
    for user in holders:
        assert user.has_perm("claims.investigate_claim")


def test_a_codename_is_read_within_its_app():
    group = Group.objects.create(name="other")
    group.permissions.add(Permission.objects.get(codename="investigate_claim"))
    user = UserFactory(username="x")
    user.groups.add(group)
    assert list(users_holding("jury.investigate_claim")) == []
    assert list(users_holding("claims.investigate_claim")) == [user]
