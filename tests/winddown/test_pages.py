"""The wind-down pages: the notice on every page, the operators' propose and confirm,
the dashboard, and members' choice to move to the insurance offered."""

import csv
import io
from datetime import date

import pytest
import time_machine

from core.errors import DomainError, NotPermitted
from members.models import Plan
from tests.factories import EnrolmentFactory, MemberFactory, staff
from tests.winddown.conftest import ANNOUNCED, at, make_draft
from winddown import services
from winddown.models import InsuranceMove, Shutdown, ShutdownEventType, ShutdownStatus

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "words"), [("en", "Shutdown notice"), ("zh-hans", "停运公告")]
)
def test_the_notice_is_on_every_page_once_announced(client, announce, language, words):
    for path in ("/", "/board/", "/sharing/history/"):
        assert words not in client.get(path, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    announce()
    for path in ("/", "/board/", "/sharing/history/", "/winddown/"):
        page = client.get(path, HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert words in page and "2022-01-28 24:00" in page, path


def test_two_operators_announce_through_the_pages(client, plan, operators):
    first, second = operators
    client.force_login(first)
    response = client.post(
        "/winddown/office/",
        {
            "plans": [plan.pk],
            "stop_day": "2099-01-28",
            "window_days": "180",
            "notice_zh": "停止运行",
            "notice_en": "The plan stops.",
        },
    )
    shutdown = Shutdown.objects.get()
    assert response.status_code == 302 and response.url == f"/winddown/office/{shutdown.pk}/"

    page = client.get(response.url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "another operator must confirm" in page
    client.post(f"/winddown/office/{shutdown.pk}/confirm/")
    assert Shutdown.objects.get().status == ShutdownStatus.PROPOSED  # refused for the proposer

    client.force_login(second)
    client.post(f"/winddown/office/{shutdown.pk}/confirm/")
    shutdown.refresh_from_db()
    assert shutdown.status == ShutdownStatus.ANNOUNCED and shutdown.confirmed_by == second
    page = client.get(f"/winddown/office/{shutdown.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert "liability" in page.content.decode()


def test_a_bad_proposal_is_shown_with_its_reason(client, plan, operators):
    client.force_login(operators[0])
    response = client.post(
        "/winddown/office/",
        {
            "plans": [plan.pk],
            "stop_day": "2001-01-01",
            "window_days": "180",
            "notice_zh": "停",
            "notice_en": "Stop",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "must be after the announcement" in response.content.decode()
    assert not Shutdown.objects.exists()


def test_the_dashboard_is_for_staff_with_the_permission(client, announce, enrol):
    shutdown = announce()
    make_draft(enrol(), diagnosis_date=date(2022, 1, 20), now=at(2022, 2, 1, 9, 0))
    url = f"/winddown/office/{shutdown.pk}/"
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(EnrolmentFactory().member.account)
    assert client.get(url).status_code == 403
    client.force_login(staff("finance", "fin"))
    with time_machine.travel(at(2022, 2, 2, 9, 0), tick=False):
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Windows closing" in page and "2022-07-19" in page  # the draft's closing day
    assert "Claims by state" in page


def test_a_member_records_and_withdraws_the_move_to_the_insurance(client, announce, enrol):
    shutdown = announce()
    enrolment = enrol()
    account = enrolment.member.account
    client.force_login(account)
    page = client.get("/winddown/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Move to the insurance" in page and enrolment.member.full_name in page

    client.post(f"/winddown/{shutdown.pk}/insurance/", {"member": enrolment.member.pk})
    client.post(f"/winddown/{shutdown.pk}/insurance/", {"member": enrolment.member.pk})
    move = InsuranceMove.objects.get()
    assert move.member == enrolment.member and move.withdrawn_at is None
    assert shutdown.events.filter(event_type=ShutdownEventType.INSURANCE_CHOSEN).count() == 1

    operator = staff("operator", "op-three")
    client.force_login(operator)
    export = client.get(f"/winddown/office/{shutdown.pk}/insurance.csv")
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode())))
    assert rows[0][:3] == ["member_id", "full_name", "national_id_masked"]
    assert rows[1][0] == str(enrolment.member.pk) and rows[1][7] == "2021-01-10"
    (exported,) = shutdown.events.filter(event_type=ShutdownEventType.INSURANCE_EXPORTED)
    assert exported.actor == operator and exported.payload == {"rows": 1}

    client.force_login(account)
    client.post(
        f"/winddown/{shutdown.pk}/insurance/", {"member": enrolment.member.pk, "choice": "withdraw"}
    )
    client.force_login(operator)
    export = client.get(f"/winddown/office/{shutdown.pk}/insurance.csv")
    assert len(list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode())))) == 1


def test_the_insurance_choice_is_for_members_of_the_plans_and_the_account(announce, enrol):
    shutdown = announce()
    enrolment = enrol()
    stranger = MemberFactory()
    with pytest.raises(NotPermitted):
        services.insurance_move_choose(
            shutdown=shutdown, member=enrolment.member, actor=stranger.account, now=ANNOUNCED
        )
    with pytest.raises(DomainError) as refusal:
        services.insurance_move_choose(
            shutdown=shutdown, member=stranger, actor=stranger.account, now=ANNOUNCED
        )
    assert refusal.value.code == "not_in_plan"


def test_the_members_windows_are_listed_on_the_notice(client, announce, enrol):
    announce()
    enrolment = enrol()
    draft = make_draft(enrolment, diagnosis_date=date(2022, 1, 20), now=at(2022, 2, 1, 9, 0))
    client.force_login(enrolment.member.account)
    page = client.get("/winddown/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"#{draft.pk}" in page and "2022-07-19 24:00" in page


def test_the_api_lists_announced_shutdowns_and_draft_windows(client, plan, announce, enrol):
    assert client.get("/api/v1/shutdowns/").json()["results"] == []
    shutdown = announce()
    services.shutdown_propose(  # a proposal not yet confirmed is not public
        actor=staff("operator", "op-four"),
        plans=[Plan.objects.get(code="senior-cancer")],
        stop_day=date(2099, 1, 1),
        window_days=30,
        notice_zh="停",
        notice_en="Stop",
        now=at(2022, 1, 1, 9, 0),
    )
    (row,) = client.get("/api/v1/shutdowns/").json()["results"]
    assert row["id"] == shutdown.pk and row["plans"] == [plan.code]
    assert row["window_days"] == 180 and row["stop_day"] == "2022-01-28"

    enrolment = enrol()
    draft = make_draft(enrolment, diagnosis_date=date(2022, 1, 20), now=at(2022, 2, 1, 9, 0))
    client.force_login(enrolment.member.account)
    body = client.get(f"/api/v1/drafts/{draft.pk}/").json()
    assert body["window_closes_at"].startswith("2022-07-20T00:00:00+08:00")
    assert client.get(f"/api/v1/plans/{plan.code}/").json()["claim_window_days"] == 180


def test_an_unknown_member_is_refused_not_an_error(client, announce, enrol):
    shutdown = announce()
    enrolment = enrol()
    client.force_login(enrolment.member.account)
    response = client.post(
        f"/winddown/{shutdown.pk}/insurance/", {"member": 999999}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 302
    assert not InsuranceMove.objects.exists()


def test_a_choice_cannot_be_withdrawn_once_the_wind_down_has_ended(announce, enrol):
    shutdown = announce()
    enrolment = enrol()
    account = enrolment.member.account
    services.insurance_move_choose(
        shutdown=shutdown, member=enrolment.member, actor=account, now=ANNOUNCED
    )
    Shutdown.objects.filter(pk=shutdown.pk).update(status=ShutdownStatus.FINISHED)
    with pytest.raises(DomainError) as refusal:
        services.insurance_move_withdraw(
            shutdown=shutdown, member=enrolment.member, actor=account, now=ANNOUNCED
        )
    assert refusal.value.code == "offer_closed"


def test_the_notice_is_read_from_the_cache_and_renewed_when_a_shutdown_ends(client, announce):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    shutdown = announce()
    client.get("/")  # fills the cache
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Shutdown notice" in page
    assert not [q for q in queries.captured_queries if "winddown_shutdown" in q["sql"]]

    Shutdown.objects.filter(pk=shutdown.pk).update(status=ShutdownStatus.FINISHED)
    from django.core.cache import cache

    from winddown.selectors import RUNNING_NOTICES_KEY

    cache.delete(RUNNING_NOTICES_KEY)  # what shutdown_finish does
    assert "Shutdown notice" not in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
