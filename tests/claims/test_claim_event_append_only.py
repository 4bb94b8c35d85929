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


@pytest.mark.postgres
def test_every_audit_table_refuses_raw_changes():
    from datetime import date

    from jury.services.panels import panel_open
    from members.models import Relation
    from members.services import member_add
    from tests.factories import UserFactory, national_id
    from tests.jury.services.test_panels import T, disputed_claim, qualified_jurors

    member_add(
        account=UserFactory(),
        relation=Relation.SELF,
        full_name="王五",
        national_id=national_id(date(1990, 1, 1)),
        birth_date=date(1990, 1, 1),
    )
    claim = disputed_claim(size=3, quorum=2)
    juror = qualified_jurors(3)[0]
    from jury.models import JurorEvent

    JurorEvent.objects.create(juror=juror, event_type="enrolled", created_at=T)
    panel_open(claim=claim, now=T)  # a panel event
    for table in ("jury_jurorevent", "jury_panelevent", "members_membershipevent"):
        with pytest.raises(DatabaseError, match="append-only"):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {table}")
