from rest_framework import serializers

from winddown.models import Shutdown


class ShutdownSerializer(serializers.ModelSerializer):
    """A shutdown as announced (停运公告): public, like the notice on every page."""

    plans = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Shutdown
        fields = [
            "id",
            "plans",
            "status",
            "announced_at",
            "stop_day",
            "stops_at",
            "window_days",
            "last_window_closes_at",
            "notice_zh",
            "notice_en",
            "finished_at",
        ]
        read_only_fields = fields
