from claims.models.claim import Claim
from claims.models.definition import ConditionDefinition, DefinitionSet, Severity
from claims.models.document import ClaimDocument, DocumentRead, ReaderRole
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
    "DocumentRead",
    "DocumentRequest",
    "DraftStatus",
    "Investigation",
    "InvestigationVisit",
    "PublicityBatch",
    "ReaderRole",
    "Severity",
    "VisitKind",
]
