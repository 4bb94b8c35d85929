"""The wind-down for integrators: the announced shutdowns, read-only and public."""

from rest_framework import permissions, viewsets

from core.api_input import LookupMixin
from winddown import selectors
from winddown.serializers import ShutdownSerializer


class ShutdownViewSet(LookupMixin, viewsets.ReadOnlyModelViewSet):
    """Announced shutdowns (停运): the plans, the stop moment, the claim window, the
    notice. Proposals not yet confirmed are not public."""

    serializer_class = ShutdownSerializer
    permission_classes = [permissions.AllowAny]

    def get_queryset(self):
        return selectors.shutdowns_announced()
