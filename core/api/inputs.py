"""What the API takes in before a query: any path segment as a lookup, and never a NUL.

PostgreSQL cannot hold a NUL character in text, not even as a query parameter: a lookup
with one raises ``DataError`` (a 500). DRF's ``CharField`` refuses NUL already; the
lookups by a path segment or by a slug are guarded here, and answer as any value that
matches nothing does (404, or ``invalid`` for a field).
"""

from datetime import date
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView

NUL = "\x00"
# Any one path segment reaches the view, so a malformed id or reference (a dot, a letter in
# an integer id) is the API's JSON 404; DRF's default ``[^/.]+`` leaves it to Django's
# HTML page. core.api.schema still types the parameter from the model.
ANY_SEGMENT = "[^/]+"


if TYPE_CHECKING:
    _GenericAPIView = GenericAPIView
else:
    _GenericAPIView = object  # a mixin: the viewset it joins is a GenericAPIView


class LookupMixin(_GenericAPIView):
    """For API viewsets: route any path segment, and refuse a NUL before the query."""

    lookup_value_regex = ANY_SEGMENT

    def get_object(self):
        value = self.kwargs.get(self.lookup_url_kwarg or self.lookup_field)
        if isinstance(value, str) and NUL in value:
            raise NotFound()
        return super().get_object()


class SlugRelatedField(serializers.SlugRelatedField):
    """DRF's SlugRelatedField, refusing a NUL as ``invalid`` before the query."""

    def to_internal_value(self, data):
        if isinstance(data, str) and NUL in data:
            self.fail("invalid")
        return super().to_internal_value(data)


class SaneDateField(serializers.DateField):
    """A date between 1900 and 2099: one a deadline, a batch or a day of payouts can be.
    Beyond them a Beijing day's start or end (core.clock) is not a datetime Python or the
    database can hold, so such a date is refused as ``invalid`` before any service sees it."""

    LOW, HIGH = date(1900, 1, 1), date(2099, 12, 31)
    default_error_messages = {
        "out_of_range": _("Enter a date between %(low)s and %(high)s."),
    }

    def to_internal_value(self, value):
        day = super().to_internal_value(value)
        if not self.LOW <= day <= self.HIGH:
            self.fail("out_of_range", low=self.LOW.isoformat(), high=self.HIGH.isoformat())
        return day
