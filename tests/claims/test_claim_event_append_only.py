import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from claims.models import ClaimEvent
from claims.states import ClaimState
from tests.factories import claim_in_state

pytestmark = pytest.mark.django_db


def test_the_orm_refuses_to_change_or_delete_events():
    claim = claim_in_state(ClaimState.FILED)
    event = ClaimEvent.objects.get(claim=claim)
    event.reason = "rewritten"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        ClaimEvent.objects.filter(pk=event.pk).update(reason="x")
    with pytest.raises(TypeError):
        ClaimEvent.objects.all().delete()


@pytest.mark.postgres
def test_postgresql_refuses_raw_updates_of_events():
    claim = claim_in_state(ClaimState.FILED)
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "UPDATE claims_claimevent SET reason = 'x' WHERE claim_id = %s", [claim.pk]
            )
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM claims_claimevent WHERE claim_id = %s", [claim.pk])
