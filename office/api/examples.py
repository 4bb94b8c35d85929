"""The OpenAPI examples of the back office's steps (``office.api.case``)."""

from drf_spectacular.utils import OpenApiExample

ASSIGN_EXAMPLE = OpenApiExample(
    "To an investigator, due on a day",
    value={"investigator": "investigator", "due_on": "2025-03-25"},
    request_only=True,
)
VISIT_EXAMPLE = OpenApiExample(
    "A hospital visit",
    value={
        "kind": "hospital",
        "visited_on": "2025-03-12",
        "place": "Zhejiang 1st, oncology ward",
        "notes": "Pathology slides and the discharge summary checked against the file.",
    },
    request_only=True,
)
REQUEST_EXAMPLE = OpenApiExample(
    "The second page of the discharge summary",
    value={"kind": "discharge_summary", "description": "Page 2, with the doctor's stamp"},
    request_only=True,
)
RECEIVED_EXAMPLE = OpenApiExample(
    "Answered by a document the claimant sent",
    value={"request": 31, "document": 118},
    request_only=True,
)
NOT_PROVIDED_EXAMPLE = OpenApiExample(
    "Overdue after two reminders",
    value={"request": 31, "note": "Reminded by text message 7 and 1 days before"},
    request_only=True,
)
FACTS_EXAMPLE = OpenApiExample(
    "Facts of a deep coma",
    value={
        "facts": {"gcs_score": 4, "life_support_hours": 100},
        "non_disclosure_found": False,
        "non_disclosure_notes": "",
    },
    request_only=True,
)
SUMMARY_EXAMPLE = OpenApiExample(
    "Signed off",
    value={"summary": "Facts recorded against every clause; one hospital visit."},
    request_only=True,
)
CONFIRM_EXAMPLE = OpenApiExample(
    "The proposal confirmed",
    value={"reason": "The pathology report meets every clause of the definition."},
    request_only=True,
)
TALLY_EXAMPLE = OpenApiExample(
    "A panel outside the system", value={"pay_votes": 9, "deny_votes": 12}, request_only=True
)
OVERRIDE_EXAMPLE = OpenApiExample(
    "A denial overridden",
    value={
        "decision": "approve",
        "reason": "The specialist's second report shows clause 2 is met after all.",
    },
    request_only=True,
)
