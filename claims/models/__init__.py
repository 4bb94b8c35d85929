from claims.models.claim import Claim
from claims.models.definition import ConditionDefinition, DefinitionSet, Severity
from claims.models.document import ClaimDocument
from claims.models.draft import ClaimDraft, DraftStatus
from claims.models.event import ClaimEvent, ClaimNotice
from claims.models.investigation import (
    DocumentRequest,
    Investigation,
    InvestigationVisit,
    VisitKind,
)
from claims.models.publicity import PublicityBatch

__all__ = [
    "Claim",
    "ClaimDocument",
    "ClaimDraft",
    "ClaimEvent",
    "ClaimNotice",
    "ConditionDefinition",
    "DefinitionSet",
    "DocumentRequest",
    "DraftStatus",
    "Investigation",
    "InvestigationVisit",
    "PublicityBatch",
    "Severity",
    "VisitKind",
]
