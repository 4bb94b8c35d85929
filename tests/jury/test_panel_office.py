"""The panels back office: panels by state, quorum at risk, re-panel."""

from datetime import timedelta
from html import unescape

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.urls import reverse

from claims.states import Decision
from jury.models import Panel, PanelEvent, PanelEventType, PanelStatus, SeatStatus
from jury.services import panels
from tests.factories import UserFactory
from tests.jury.services.test_panels import T, disputed_claim, qualified_jurors, vote

pytestmark = pytest.mark.django_db
OFFICE = "/jury/office/"


def page(response) -> str:
    assert response.status_code == 200, response.status_code
    return unescape(response.content.decode())


def english(client):
    client.cookies["django_language"] = "en"
    return client


def staff_with(*codenames: str):
    user = UserFactory(is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="jury", codename__in=codenames)
    )
    return type(user).objects.get(pk=user.pk)


def flagged_panel() -> Panel:
    """A panel that missed its quorum three times and waits for the operator."""
    claim = disputed_claim(size=3, quorum=2)
    panel = panels.panel_open(claim=claim, now=T)
    for _ in range(3):
        panel.refresh_from_db()
        panels.panel_close(panel=panel, now=panel.deadline_at)
    panel.refresh_from_db()
    assert panel.status == PanelStatus.NEEDS_OPERATOR
    return panel


def test_open_panels_show_seats_deadline_and_quorum_at_risk(client, admin_user):
    qualified_jurors(20)
    near = panels.panel_open(claim=disputed_claim(size=3, quorum=2), now=T)
    later = panels.panel_open(claim=disputed_claim(size=3, quorum=2), now=T + timedelta(hours=19))
    vote(later, later.seats.first().juror, Decision.DENY, later.claim, now=T + timedelta(hours=19))
    client.force_login(admin_user)
    with time_machine.travel(T + timedelta(hours=20), tick=False):  # 4 hours left on `near`
        html = page(english(client).get(OFFICE))
    assert "1 quorum at risk" in html
    rows = html.split("<tbody>")[1].split("</tr>")
    risky = [r for r in rows if "Quorum at risk" in r]
    assert len(risky) == 1 and near.claim.reference in risky[0]
    assert "2025-03-14 10:00" in risky[0]  # the deadline, Beijing time
    assert "3 seats · 3 offered, 0 declined" in risky[0] and "0 / 2" in risky[0]
    calm = next(r for r in rows if later.claim.reference in r)
    assert "1 / 2" in calm and "Quorum at risk" not in calm
    assert "to pay" not in html and "to deny" not in html


def test_an_operator_re_panels_a_flagged_panel(client, admin_user):
    qualified_jurors(12)
    panel = flagged_panel()
    client.force_login(admin_user)
    html = page(english(client).get(f"{OFFICE}?state=needs_operator"))
    assert panel.claim.reference in html and "2 / 2" in html  # extensions used
    repanel = reverse("jury:office-repanel", args=[panel.pk])
    assert f'action="{repanel}"' in html
    now = panel.deadline_at + timedelta(hours=1)
    with time_machine.travel(now, tick=False):
        response = client.post(repanel)
        assert response.status_code == 302 and response["Location"].endswith("?state=open")
        html = page(client.get(response["Location"]))
    panel.refresh_from_db()
    assert panel.status == PanelStatus.OPEN and panel.extensions == 0
    assert panel.deadline_at == now + timedelta(hours=24)
    event = PanelEvent.objects.filter(panel=panel).last()
    assert event.event_type == PanelEventType.REPANELLED and event.actor == admin_user
    assert panel.seats.filter(status=SeatStatus.OFFERED).count() == 3
    assert "re-opened with fresh seats" in html and panel.claim.reference in html
    with time_machine.travel(now, tick=False):  # twice: refused, nothing changes
        client.post(repanel)
    assert PanelEvent.objects.filter(event_type=PanelEventType.REPANELLED).count() == 1


def test_viewing_needs_view_panel_and_re_panelling_change_panel(client):
    qualified_jurors(12)
    panel = flagged_panel()
    repanel = reverse("jury:office-repanel", args=[panel.pk])
    viewer = staff_with("view_panel")
    client.force_login(viewer)
    html = page(english(client).get(f"{OFFICE}?state=needs_operator"))
    assert panel.claim.reference in html and f'action="{repanel}"' not in html
    assert client.post(repanel).status_code == 403

    operator = staff_with("view_panel", "change_panel")
    client.force_login(operator)
    assert f'action="{repanel}"' in page(client.get(f"{OFFICE}?state=needs_operator"))
    assert client.post(repanel).status_code == 302
    assert Panel.objects.get(pk=panel.pk).status == PanelStatus.OPEN


def test_a_member_without_the_permission_gets_403(client):
    qualified_jurors(12)
    panel = flagged_panel()
    assert client.get(OFFICE).status_code == 302  # signed out: to the sign-in page
    client.force_login(UserFactory())
    assert client.get(OFFICE).status_code == 403
    assert client.post(reverse("jury:office-repanel", args=[panel.pk])).status_code == 403
    client.force_login(panel.seats.first().juror.account)  # a juror is not staff either
    assert client.get(OFFICE).status_code == 403
    assert Panel.objects.get(pk=panel.pk).status == PanelStatus.NEEDS_OPERATOR


def test_closed_panels_show_the_published_result(client, admin_user):
    qualified_jurors(10)
    claim = disputed_claim(size=3, quorum=2)
    panel = panels.panel_open(claim=claim, now=T)
    for seat, verdict in zip(
        panel.seats.all(), [Decision.APPROVE, Decision.APPROVE, Decision.DENY], strict=True
    ):
        vote(panel, seat.juror, verdict, claim)
    panels.panel_close(panel=panel, now=panel.deadline_at)
    client.force_login(admin_user)
    html = page(english(client).get(f"{OFFICE}?state=closed"))
    assert claim.reference in html and "2 to pay, 1 to deny" in html
    assert 'Open <span class="count">0</span>' in html
