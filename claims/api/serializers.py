"""Pieces the API's serializers share: a clause's fact as people read it."""

from rest_framework import serializers

#: A clause's result on the recorded facts (claims.definitions.wording).
CLAUSE_STATUSES = [
    ("met", "Met"),
    ("not_met", "Not met"),
    ("unknown", "To be confirmed"),
]


class FactLineSerializer(serializers.Serializer):
    """One clause with the fact found for it, in words (``claims.definitions.wording``);
    never a fact key, a choice value or a unit code."""

    requirement = serializers.CharField(help_text="The clause, as the definition words it.")
    fact = serializers.CharField(help_text="What was looked at.")
    value = serializers.CharField(
        allow_blank=True, help_text='What was found, in words; "" when nothing is recorded.'
    )
    status = serializers.ChoiceField(choices=CLAUSE_STATUSES)
    status_label = serializers.CharField()
    provisional = serializers.BooleanField(
        help_text="The medical committee has not yet confirmed the threshold."
    )
