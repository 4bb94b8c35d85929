"""`make run` loads the demo data: it must load, and loading twice changes nothing."""

from io import StringIO

import pytest
from django.core.management import call_command

from claims.models import Claim, ClaimEvent
from claims.states import ClaimState
from jury.models import Juror, Panel

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_seed_demo_loads_every_state_and_is_idempotent():
    out = StringIO()
    call_command("seed_demo", members=140, stdout=out)
    states = set(Claim.objects.values_list("state", flat=True))
    assert states >= {s.value for s in ClaimState}
    assert Juror.objects.filter(status="qualified").count() == 31
    assert Panel.objects.filter(status="open").exists()
    counts = (Claim.objects.count(), ClaimEvent.objects.count())
    call_command("seed_demo", members=140, stdout=StringIO())
    assert (Claim.objects.count(), ClaimEvent.objects.count()) == counts
    assert "juror / juror12345" in out.getvalue()
