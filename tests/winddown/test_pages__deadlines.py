"""No page shows a passed deadline as open, whether or not a sweep has acted on it yet;
the final report names its plans; an empty count reads as "none yet"."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.cache import cache

from claims.models import DraftStatus
from tests.factories import staff
from tests.winddown.conftest import REPORT_LAST_CLOSE, STOP, at, make_draft, settle_wind_down
from winddown import selectors, services

pytestmark = pytest.mark.django_db
WINDOW_CLOSES = at(2022, 7, 20, 0, 0)  # diagnosed 2022-01-20 + 180 days: 2022-07-19 24:00


@pytest.fixture
def draft(announce, enrol):
    announce()
    enrolment = enrol()
    return make_draft(enrolment, diagnosis_date=date(2022, 1, 20), now=at(2022, 2, 1, 9, 0))


def english(client, user):
    client.cookies["django_language"] = "en"
    client.force_login(user)
    return client


def test_a_draft_past_its_window_reads_as_expired_before_the_sweep_runs(client, draft):
    english(client, draft.account)
    with time_machine.travel(WINDOW_CLOSES - timedelta(minutes=1), tick=False):
        portal = client.get("/claims/").content.decode()
        assert "File by" in portal and "Expired drafts" not in portal
    with time_machine.travel(WINDOW_CLOSES, tick=False):
        draft.refresh_from_db()
        assert draft.status == DraftStatus.OPEN  # the expiry sweep has not run
        notice = client.get("/winddown/").content.decode()
        portal = client.get("/claims/").content.decode()
        page = client.get(f"/claims/drafts/{draft.pk}/").content.decode()
    assert "closed 2022-07-19 24:00" in notice and "Expired" in notice
    assert "Expired drafts" in portal and "File by" not in portal
    assert "This draft has expired" in page


def test_the_banner_and_the_notice_say_when_coverage_and_the_windows_ended(client, announce):
    shutdown = announce()
    english(client, staff("operator", "op-three"))
    with time_machine.travel(STOP - timedelta(minutes=1), tick=False):
        cache.clear()
        page = client.get("/winddown/").content.decode()
        assert "coverage ends 2022-01-28 24:00" in page and "Coverage ends" in page
    with time_machine.travel(STOP, tick=False):
        cache.clear()
        page = client.get("/winddown/").content.decode()
        assert "coverage ended 2022-01-28 24:00" in page and "Coverage ended" in page
        assert "Last day anyone can claim" in page
        office = client.get(f"/winddown/office/{shutdown.pk}/").content.decode()
        assert "Coverage ended" in office and "Last window closes" in office
    with time_machine.travel(shutdown.last_window_closes_at, tick=False):
        cache.clear()
        page = client.get("/winddown/").content.decode()
        assert "Every claim window closed at 2022-07-27 24:00" in page
        assert "Last day anyone can claim" not in page
        office = client.get(f"/winddown/office/{shutdown.pk}/").content.decode()
        assert "Last window closed" in office


def test_no_claim_yet_reads_as_none_yet(client, announce):
    shutdown = announce()
    english(client, staff("operator", "op-three"))
    with time_machine.travel(at(2021, 12, 29, 9, 0), tick=False):
        page = client.get(f"/winddown/office/{shutdown.pk}/").content.decode()
    assert "Claims final: none yet" in page
    assert "0 of 0" not in page and "(100%)" not in page


def test_the_final_report_names_its_plans_and_counts_days_in_words(client, wind_down):
    shutdown, _payable = settle_wind_down(wind_down)
    services.shutdowns_finish_due(now=REPORT_LAST_CLOSE)
    shutdown.refresh_from_db()
    plan = shutdown.plans.get()
    english(client, staff("finance", "fin2"))
    page = client.get(f"/winddown/office/{shutdown.pk}/report/").content.decode()
    periods = page.split("Sharing periods borne by the platform</h2>")[1]
    assert plan.name_en in periods and f">{plan.code}<" not in periods
    rows = selectors.reminder_rows({"draft-1": 2, "draft-7": 1})
    assert [label for label, _n in rows] == [
        "Unfiled claim draft, 7 days before the close",
        "Unfiled claim draft, 1 day before the close",
    ]
