"""The jury (赔审团): jurors, the qualification exam, panels, seats and ballots."""

from jury.models.exam import ExamQuestion, ExamSitting, ExamTopic
from jury.models.jurors import Juror, JurorEvent, JurorEventType, JurorStatus
from jury.models.panels import MAX_EXTENSIONS, Panel, PanelEvent, PanelEventType, PanelStatus
from jury.models.seats import Ballot, ClauseAnswer, Seat, SeatStatus

__all__ = [
    "MAX_EXTENSIONS",
    "Ballot",
    "ClauseAnswer",
    "ExamQuestion",
    "ExamSitting",
    "ExamTopic",
    "Juror",
    "JurorEvent",
    "JurorEventType",
    "JurorStatus",
    "Panel",
    "PanelEvent",
    "PanelEventType",
    "PanelStatus",
    "Seat",
    "SeatStatus",
]
