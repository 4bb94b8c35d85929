from claims.models.claim import Claim
from claims.models.document import ClaimDocument
from claims.models.draft import ClaimDraft, DraftStatus
from claims.models.event import ClaimEvent, ClaimNotice

__all__ = ["Claim", "ClaimDocument", "ClaimDraft", "ClaimEvent", "ClaimNotice", "DraftStatus"]
