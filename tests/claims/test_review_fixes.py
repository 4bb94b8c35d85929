"""Rules that guard money and privacy around the claim services."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from claims import services
from claims.admin import ClaimAdmin
from claims.models import Claim, ClaimDocument, ClaimEvent
from claims.states import ClaimState
from core.errors import DomainError, NotPermitted, RuleViolation
from tests.claims.publicity_helpers import approval_on_board
from tests.factories import PDF_BYTES, EnrolmentFactory, UserFactory, claim_in_state, staff

pytestmark = pytest.mark.django_db


def test_the_lump_sum_is_paid_once_per_member_and_plan():
    first = claim_in_state("publicised_payable")
    enrolment = first.enrolment
    second = claim_in_state("publicised_payable", condition_code="deep_coma", enrolment=enrolment)
    finance = staff("finance", "fin")
    services.claim_mark_paid(claim=first, actor=finance, payout_reference="PAY-A")
    with pytest.raises(RuleViolation) as refusal:
        services.claim_mark_paid(claim=second, actor=finance, payout_reference="PAY-B")
    assert refusal.value.code == "benefit_already_paid"
    assert Claim.objects.get(pk=second.pk).state == ClaimState.PUBLICISED


def test_a_payout_reference_is_used_once():
    a = claim_in_state("publicised_payable")
    b = claim_in_state("publicised_payable")
    finance = staff("finance", "fin")
    services.claim_mark_paid(claim=a, actor=finance, payout_reference="PAY-SAME")
    with pytest.raises(RuleViolation) as refusal:
        services.claim_mark_paid(claim=b, actor=finance, payout_reference="PAY-SAME")
    assert refusal.value.code == "payout_reference_used"


def test_permission_is_asked_before_anything_about_the_state():
    claim = claim_in_state(ClaimState.PUBLICISED)
    with pytest.raises(NotPermitted):  # not a quiet "already published"
        services.claim_publish(claim=claim, batch=claim.publicity_batch, actor=claim.member.account)
    with pytest.raises(NotPermitted):  # not a 409 that reveals the state
        services.claim_decide(claim=claim, actor=claim.member.account, reason="mine")


def test_the_admin_never_saves_its_copy_of_a_claim():
    claim = claim_in_state(ClaimState.PUBLICISED)
    stale = Claim.objects.get(pk=claim.pk)
    services.claim_close_publicity(claim=claim, actor=None, now=claim.publicity_ends_at)
    ClaimAdmin(Claim, None).save_model(request=None, obj=stale, form=None, change=True)
    fresh = Claim.objects.get(pk=claim.pk)
    assert fresh.payable_at is not None and fresh.publicity_closed_at is not None


def test_an_objector_gets_back_only_the_reference_and_state():
    import time_machine

    claim = approval_on_board()
    objector = EnrolmentFactory().member.account
    client = APIClient()
    client.force_authenticate(objector)
    with time_machine.travel(claim.published_at, tick=False):
        response = client.post(
            f"/api/v1/claims/{claim.reference}/dispute/",
            {"reason": "The record shows a different date"},
            format="json",
        )
    assert response.status_code == 200
    assert response.json() == {"reference": claim.reference, "state": "disputed"}


def test_someone_outside_the_plan_cannot_object():
    import time_machine

    claim = claim_in_state(ClaimState.PUBLICISED)
    stranger = UserFactory()
    with time_machine.travel(claim.published_at, tick=False), pytest.raises(NotPermitted):
        services.claim_lodge_dispute(
            claim=claim, actor=stranger, reason="I am not a member of this plan at all"
        )
    assert not ClaimEvent.objects.filter(claim=claim, event_type="dispute_lodged").exists()


def test_staff_see_what_their_role_allows(client):
    claim = claim_in_state(ClaimState.FILED)
    document = ClaimDocument.objects.get(claim=claim)
    url = f"/claims/documents/{document.pk}/"
    client.force_login(staff("finance", "fin"))
    assert client.get(url).status_code == 404  # finance has no view_claimdocument
    client.force_login(staff("investigator", "inv"))
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert response["X-Content-Type-Options"] == "nosniff"
    plain_staff = UserFactory(username="clerk", is_staff=True)
    client.force_login(plain_staff)
    assert client.get(f"/claims/{claim.reference}/").status_code == 404


def test_another_account_cannot_touch_a_claim_through_the_portal(client):
    claim = claim_in_state(ClaimState.FILED)
    document = ClaimDocument.objects.get(claim=claim)
    client.force_login(EnrolmentFactory().member.account)
    assert client.get(f"/claims/documents/{document.pk}/").status_code == 404
    for action in ("withdraw", "dispute", "documents"):
        response = client.post(
            f"/claims/{claim.reference}/{action}/",
            {
                "reason": "not mine at all",
                "kind": "evidence",
                "file": SimpleUploadedFile("x.pdf", PDF_BYTES),
            },
        )
        assert response.status_code == 404
    assert Claim.objects.get(pk=claim.pk).state == ClaimState.FILED


def test_the_draft_api_offers_only_the_callers_members():
    mine = EnrolmentFactory()
    theirs = EnrolmentFactory()
    client = APIClient()
    client.force_authenticate(mine.member.account)
    response = client.post("/api/v1/drafts/", {"member": theirs.member.pk}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "invalid"


def test_a_sweep_goes_on_past_a_claim_that_fails(monkeypatch):
    broken = claim_in_state(ClaimState.PUBLICISED)
    fine = claim_in_state(ClaimState.PUBLICISED)
    real = services.sweeps.claim_close_publicity

    def flaky(*, claim, actor, now):
        if claim == broken.pk:
            raise RuntimeError("disk on fire")
        return real(claim=claim, actor=actor, now=now)

    flaky.__name__ = "claim_close_publicity"
    monkeypatch.setattr(services.sweeps, "claim_close_publicity", flaky)
    assert services.claims_close_due_publicity(now=fine.publicity_ends_at) == 1
    assert Claim.objects.get(pk=fine.pk).payable_at is not None


def test_a_birth_date_that_disagrees_with_the_id_is_refused():
    from members.models import Relation
    from members.services import member_add
    from tests.factories import national_id

    with pytest.raises(RuleViolation) as refusal:
        member_add(
            account=UserFactory(),
            relation=Relation.SELF,
            full_name="x",
            national_id=national_id(date(1990, 1, 1)),
            birth_date=date(1990, 1, 2),
        )
    assert refusal.value.code == "birth_date_mismatch"


def test_the_mask_hides_the_birth_date_and_the_sequence():
    from core.identifiers import mask_identifier

    assert mask_identifier("11010519900101123X") == "11**************3X"


def test_a_refusal_is_a_domain_error_with_a_code():
    claim = claim_in_state(ClaimState.PAID)
    with pytest.raises(DomainError) as refusal:
        services.claim_withdraw(claim=claim, actor=claim.member.account)
    assert refusal.value.code == "transition_not_allowed"
