"""The claims API's serializers, by topic: claim, investigation, steps, plan.

Callers import from the module that holds a serializer; the names below are those the
office API (claims/api/office*.py, moving to its own app) still imports from here.
"""

from claims.serializers.claim import (
    ClaimDocumentSerializer,
    ClaimEventSerializer,
    ClaimSerializer,
)
from claims.serializers.investigation import FactsSerializer, InvestigationSerializer
from claims.serializers.steps import JuryResultSerializer

__all__ = [
    "ClaimDocumentSerializer",
    "ClaimEventSerializer",
    "ClaimSerializer",
    "FactsSerializer",
    "InvestigationSerializer",
    "JuryResultSerializer",
]
