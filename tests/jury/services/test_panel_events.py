"""Panel events record the states they move between: opened from none, extended and
flagged at the deadline, re-panelled, closed, and a seat declined (the seat's states,
and who declined)."""

from datetime import timedelta

import pytest

from jury.models import Panel, PanelEvent, PanelEventType, PanelStatus, SeatStatus
from jury.services import panels
from tests.factories import staff
from tests.jury.services.test_panels import T, disputed_claim, qualified_jurors

pytestmark = pytest.mark.django_db


def states(panel):
    return list(
        PanelEvent.objects.filter(panel=panel)
        .order_by("id")
        .values_list("event_type", "from_state", "to_state")
    )


def test_a_panel_short_of_its_quorum_is_extended_flagged_and_repanelled_with_its_states():
    qualified_jurors(12)
    panel = panels.panel_open(claim=disputed_claim(size=3, quorum=3), now=T)
    for extension in range(1, 4):
        panel = panels.panel_close(panel=panel, now=panel.deadline_at + timedelta(seconds=1))
        assert panel.extensions == min(extension, 2)
    assert panel.status == PanelStatus.NEEDS_OPERATOR
    operator = staff("reviewer", "rev")
    panel = panels.panel_repanel(panel=panel, actor=operator, now=panel.deadline_at)

    assert states(panel) == [
        (PanelEventType.OPENED, "", "open"),
        (PanelEventType.EXTENDED, "open", "open"),
        (PanelEventType.EXTENDED, "open", "open"),
        (PanelEventType.FLAGGED, "open", "needs_operator"),
        (PanelEventType.REPANELLED, "needs_operator", "open"),
    ]
    repanelled = PanelEvent.objects.filter(panel=panel).order_by("id").last()
    assert repanelled.actor == operator and repanelled.payload["seats_offered"] == 3
    # The seats nobody voted on were marked no-shows as part of the re-panel.
    assert panel.seats.filter(status=SeatStatus.OFFERED).count() == 3
    assert panel.seats.filter(status=SeatStatus.NO_SHOW).exists()


def test_a_declined_seat_records_the_seat_s_states_and_the_juror():
    qualified_jurors(6)
    panel = panels.panel_open(claim=disputed_claim(size=3, quorum=2), now=T)
    seat = panel.seats.order_by("draw_order").first()
    panels.seat_decline(seat=seat, actor=seat.juror.account, now=T + timedelta(hours=1))

    event = PanelEvent.objects.get(panel=panel, event_type=PanelEventType.SEAT_DECLINED)
    assert (event.from_state, event.to_state) == ("offered", "declined")
    assert event.actor == seat.juror.account
    assert event.payload == {"seat": seat.draw_order, "replaced": True}
    assert Panel.objects.get(pk=panel.pk).seats.count() == 4
