"""The operators' journey in a real browser, on PostgreSQL: one operator proposes a
shutdown, a second confirms it (the announcement) and reads the dashboard, then opens the
final report of a wind-down that has finished, which names its plans."""

from datetime import date, timedelta

import pytest

from core import clock
from members.models import Plan
from tests.browser.journey import (
    PASSWORD,
    WIDTHS_AND_LANGUAGES_SWAPPED,
    Journey,
)
from tests.browser.support import chromium_page, closes_db_connections
from tests.factories import staff
from tests.winddown.conftest import at
from winddown import services
from winddown.models import Shutdown, ShutdownStatus


def _operator(username: str):
    user = staff("operator", username)
    user.set_password(PASSWORD)
    user.save()
    return user


def _finished_wind_down(first, second) -> Shutdown:
    """The senior-cancer plan's wind-down, announced in 2025 and long finished."""
    plan = Plan.objects.get(code="senior-cancer")
    proposal = services.shutdown_propose(
        actor=first,
        plans=[plan],
        stop_day=date(2025, 3, 31),
        window_days=30,
        notice_zh="老年防癌互助计划将于2025年3月31日24时停止运行。",
        notice_en="The senior cancer plan stops at 24:00 on 31 March 2025.",
        now=at(2025, 3, 12, 9, 0),
    )
    shutdown = services.shutdown_confirm(shutdown=proposal, actor=second, now=at(2025, 3, 12, 10))
    return services.shutdown_finish(shutdown=shutdown, now=at(2025, 5, 1, 0, 0))


pytestmark = [pytest.mark.browser, pytest.mark.postgres]


@pytest.mark.parametrize(("width", "language"), WIDTHS_AND_LANGUAGES_SWAPPED)
@closes_db_connections
def test_two_operators_announce_read_the_dashboard_and_the_final_report(
    live_server, transactional_db, django_db_serialized_rollback, width, language
):
    first, second = _operator("op-journey-1"), _operator("op-journey-2")
    finished = _finished_wind_down(first, second)
    plan = Plan.objects.get(code="transport-accident")
    stop_day = clock.today() + timedelta(days=31)
    with chromium_page(width=width, language=language) as page:
        j = Journey(page, live_server.url, "operator", width=width, language=language)
        j.sign_in(first.username)
        assert page.url.endswith("/winddown/office/")  # the operators' start page
        j.reads(j.t("Propose a shutdown"))
        j.nav_fits_one_row()
        j.shot("office")

        j.check(f"input[name=plans][value='{plan.pk}']")
        j.fill("#id_stop_day", stop_day.isoformat())
        j.fill("#id_notice_zh", "公共交通意外互助计划将停止运行，此前发生的意外仍可申请。")
        j.fill(
            "#id_notice_en",
            "The public-transport accident plan stops; earlier accidents may still claim.",
        )
        j.click("main form.form button[type=submit]")
        proposal = Shutdown.objects.get(status=ShutdownStatus.PROPOSED)
        assert page.url.endswith(f"/winddown/office/{proposal.pk}/")
        assert j.messages() == [j.t("Proposed. A second operator must confirm it.")]
        j.reads(j.t("You proposed this shutdown: another operator must confirm it."))
        j.shot("proposed")
        j.sign_out()

        j.sign_in(second.username)
        j.click(page.get_by_role("link", name=j.label(lambda: plan.name)))
        j.click(page.get_by_role("button", name=j.t("Confirm and announce")))
        assert j.messages() == [j.t("The shutdown is announced.")]
        j.reads(
            j.t("The platform's liability"),
            j.t("Claims final: none yet (no claim in the wind-down so far)."),
            f"{stop_day.isoformat()} 24:00",
        )
        assert "0 / 0" not in j.main_text() and "(100%)" not in j.main_text()
        j.nav_fits_one_row()
        j.shot("dashboard")

        j.click(page.get_by_role("link", name=j.t("Wind-down", "staff nav")))
        finished_plan = finished.plans.get()
        finished_name = j.label(lambda: finished_plan.name)
        j.click(page.get_by_role("link", name=finished_name))
        j.reads(j.t("Coverage ended"), j.t("Last window closed"))
        j.click(page.get_by_role("link", name=j.t("Final report")))
        j.reads(j.t("Final report of the wind-down"), finished_name)
        assert finished_plan.code not in j.main_text()
        j.shot("report")
        assert j.report() == 19

    proposal.refresh_from_db()
    assert proposal.status == ShutdownStatus.ANNOUNCED
    assert (proposal.proposed_by, proposal.confirmed_by) == (first, second)
