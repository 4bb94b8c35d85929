"""The claim's states (DOMAIN.md section 3) and the choices that go with them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ClaimState(models.TextChoices):
    FILED = "filed", _("Filed")
    INVESTIGATED = "investigated", _("Investigated")
    PUBLICISED = "publicised", _("Publicised")
    DISPUTED = "disputed", _("Disputed")
    JURY_VOTED = "jury_voted", _("Jury voted")
    PAID = "paid", _("Paid")
    DENIED = "denied", _("Denied")
    WITHDRAWN = "withdrawn", _("Withdrawn")


FINAL_STATES = frozenset({ClaimState.PAID, ClaimState.DENIED, ClaimState.WITHDRAWN})


class Decision(models.TextChoices):
    """The investigation's proposed decision, and the jury's verdict."""

    APPROVE = "approve", _("Approve")
    DENY = "deny", _("Deny")


class ClaimEventType(models.TextChoices):
    FILED = "filed", _("Claim filed")
    DOCUMENT_ATTACHED = "document_attached", _("Document attached")
    INVESTIGATION_ASSIGNED = "investigation_assigned", _("Investigation assigned")
    VISIT_RECORDED = "visit_recorded", _("Visit recorded")
    DOCUMENT_REQUESTED = "document_requested", _("Document requested")
    DOCUMENT_RECEIVED = "document_received", _("Requested document received")
    DOCUMENT_NOT_PROVIDED = "document_not_provided", _("Requested document not provided")
    FACTS_RECORDED = "facts_recorded", _("Facts recorded")
    INVESTIGATION_COMPLETED = "investigation_completed", _("Investigation completed")
    INVESTIGATION_RECORDED = "investigation_recorded", _("Decision recorded")
    PUBLISHED = "published", _("Published for public notice")
    DISPUTE_LODGED = "dispute_lodged", _("Dispute lodged")
    PUBLICITY_CLOSED = "publicity_closed", _("Public notice closed")
    JURY_RESULT_RECORDED = "jury_result_recorded", _("Jury result recorded")
    APPEAL_LODGED = "appeal_lodged", _("Appeal lodged")
    APPEAL_RESULT_RECORDED = "appeal_result_recorded", _("Appeal result recorded")
    JURY_RESULT_SETTLED = "jury_result_settled", _("Jury result final")
    PAID = "paid", _("Paid")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class DocumentKind(models.TextChoices):
    MEDICAL_RECORD = "medical_record", _("Medical record")
    DISCHARGE_SUMMARY = "discharge_summary", _("Discharge summary")
    TEST_REPORT = "test_report", _("Test report")
    PATHOLOGY_REPORT = "pathology_report", _("Pathology report")
    IDENTITY = "identity", _("Proof of identity")
    EVIDENCE = "evidence", _("Other evidence")
