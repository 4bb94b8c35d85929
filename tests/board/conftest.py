"""A published batch with an approval, a denial and a deep-coma case, seen on 22 March."""

from dataclasses import dataclass
from datetime import date

import pytest
import time_machine
from django.conf import settings

from claims.models import Claim, PublicityBatch
from members.models import Member
from tests.claims.publicity_helpers import beijing, decided_claim, publish
from tests.factories import EnrolmentFactory, MemberFactory, UserFactory

BATCH_DAY = date(2025, 3, 21)
VIEWED_AT = beijing(2025, 3, 22, 10, 0)

# Personal data that must never reach a public page.
FULL_NAME = "欧阳慕容雪"
PHONE = "13987654321"
EMAIL = "murong.snow.private@example.org"
USERNAME = "murong_snow_account"
HOSPITAL = "慕容专科医院东院区"
DIAGNOSIS = "Distinctive diagnosis text QX-77"
REVIEWER_NOTE = "Reviewer note naming the family QX-88"


@dataclass
class Board:
    batch: PublicityBatch
    approval: Claim
    denial: Claim
    coma: Claim
    claimant: Member


@pytest.fixture
def board(db) -> Board:
    account = UserFactory(username=USERNAME, email=EMAIL)
    claimant = MemberFactory(account=account, full_name=FULL_NAME, phone=PHONE, email=EMAIL)
    approval = decided_claim(
        decided_at=beijing(2025, 3, 15, 10),
        enrolment=EnrolmentFactory(member=claimant),
        hospital=HOSPITAL,
    )
    Claim.objects.filter(pk=approval.pk).update(diagnosis=DIAGNOSIS, decision_reason=REVIEWER_NOTE)
    denial = decided_claim(decided_at=beijing(2025, 3, 16, 10), approve=False)
    coma = decided_claim(decided_at=beijing(2025, 3, 17, 10), condition_code="deep_coma")
    batch = publish(BATCH_DAY, beijing(2025, 3, 21, 0, 5))
    return Board(
        batch=batch,
        approval=Claim.objects.get(pk=approval.pk),
        denial=Claim.objects.get(pk=denial.pk),
        coma=Claim.objects.get(pk=coma.pk),
        claimant=Member.objects.get(pk=claimant.pk),
    )


@pytest.fixture
def on_viewing_day():
    with time_machine.travel(VIEWED_AT, tick=False):
        yield


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
