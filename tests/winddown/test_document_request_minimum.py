"""A document asked for in the wind-down is due when the claim's filing window closes,
but never fewer than WINDDOWN_DOCUMENT_MIN_DAYS (14) days after the request, to 24:00
Beijing time (docs/decisions.md, "The wind-down")."""

from datetime import date

import pytest
import time_machine
from django.conf import settings

from claims import services as claim_services
from claims.services.document_requests import document_request_due
from tests.winddown.conftest import at, make_draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim(announce, enrol):
    announce()
    draft = make_draft(enrol(), diagnosis_date=date(2022, 1, 20), now=at(2022, 7, 1, 9, 0))
    with time_machine.travel(at(2022, 7, 1, 10, 0), tick=False):  # window closes 7-19 24:00
        return claim_services.claim_file(draft=draft, actor=draft.account)


def test_the_minimum_is_14_days():
    assert settings.WINDDOWN_DOCUMENT_MIN_DAYS == 14


def test_a_request_long_before_the_close_is_due_at_the_close(claim):
    assert document_request_due(claim, requested_at=at(2022, 7, 1, 11, 0)) == at(2022, 7, 20, 0, 0)


def test_a_request_near_the_close_still_gets_14_full_days(claim):
    # Asked 18 July 09:00: days 19 July to 1 August, due 1 August 24:00.
    due = document_request_due(claim, requested_at=at(2022, 7, 18, 9, 0))
    assert due == at(2022, 8, 2, 0, 0)
    # Asked 5 July at 23:59: 14 days run to 19 July 24:00, the close itself.
    assert document_request_due(claim, requested_at=at(2022, 7, 5, 23, 59)) == at(2022, 7, 20)
    # Asked 6 July 00:00 (a Beijing day later): 20 July 24:00, a day past the close.
    assert document_request_due(claim, requested_at=at(2022, 7, 6, 0, 0)) == at(2022, 7, 21)
