import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from claims.states import ClaimState
from tests.factories import claim_in_state
from tests.jury.test_panel_office import flagged_panel


def test_every_project_model_has_an_admin():
    missing = [
        model.__name__
        for app in ("core", "members", "claims", "jury", "sharing", "winddown")
        for model in apps.get_app_config(app).get_models()
        if model not in admin.site._registry
    ]
    assert missing == []


@pytest.mark.django_db
def test_every_admin_list_and_change_page_opens_for_a_superuser(client, django_user_model):
    """Deadline columns are displays (core.admin.DeadlinesAdminMixin): every list and a
    change page of each model with a row must still open."""
    claim_in_state(ClaimState.JURY_VOTED)  # claims, investigations, events, notices
    flagged_panel()  # a panel with seats and events
    client.force_login(
        django_user_model.objects.create(username="root", is_staff=True, is_superuser=True)
    )
    for model in admin.site._registry:
        meta = model._meta
        changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        assert client.get(changelist).status_code == 200, changelist
        row = model.objects.first()
        if row is not None:
            change = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[row.pk])
            assert client.get(change).status_code == 200, change
