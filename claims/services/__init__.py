"""Claim writes. Every state change goes through these functions."""

from claims.services.assignment import investigation_assign, investigation_assign_next
from claims.services.disputes import (
    claim_lodge_appeal,
    claim_lodge_dispute,
    claim_record_appeal_result,
    claim_record_jury_result,
    claim_settle_jury_result,
)
from claims.services.document_requests import (
    investigation_close_request_not_provided,
    investigation_receive_document,
    investigation_request_document,
)
from claims.services.documents import (
    claim_attach_document,
    document_read_record,
    document_request_answer,
    draft_attach_document,
    draft_document_remove,
)
from claims.services.filing import claim_file, draft_delete, draft_save
from claims.services.investigations import (
    investigation_complete,
    investigation_record_facts,
    investigation_record_visit,
)
from claims.services.lifecycle import (
    claim_close_publicity,
    claim_decide,
    claim_mark_paid,
    claim_withdraw,
)
from claims.services.notices import claim_event_notify
from claims.services.publicity import (
    claim_publish,
    publicity_batch_open,
    publicity_batch_publish,
    publicity_batches_catch_up,
)
from claims.services.sweeps import (
    claims_assign_unassigned,
    claims_close_due_publicity,
    claims_settle_due_jury_votes,
)

__all__ = [
    "claim_attach_document",
    "claim_close_publicity",
    "claim_event_notify",
    "claim_file",
    "claim_lodge_appeal",
    "claim_lodge_dispute",
    "claim_mark_paid",
    "claim_publish",
    "claim_decide",
    "claim_record_appeal_result",
    "claim_record_jury_result",
    "claim_settle_jury_result",
    "claim_withdraw",
    "claims_assign_unassigned",
    "claims_close_due_publicity",
    "claims_settle_due_jury_votes",
    "document_read_record",
    "document_request_answer",
    "draft_attach_document",
    "draft_delete",
    "draft_document_remove",
    "draft_save",
    "investigation_assign",
    "investigation_assign_next",
    "investigation_complete",
    "investigation_close_request_not_provided",
    "investigation_receive_document",
    "investigation_record_facts",
    "investigation_record_visit",
    "investigation_request_document",
    "publicity_batch_open",
    "publicity_batch_publish",
    "publicity_batches_catch_up",
]
