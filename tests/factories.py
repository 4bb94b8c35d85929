"""Factories (factory_boy) for rows, and helpers that build claims through the real services."""

import itertools
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from claims import scenarios, services
from claims.models import Claim
from claims.samples import sample_image, sample_pdf
from claims.scenarios import claim_published as publish_in_batch
from claims.states import ClaimState
from core.identifiers import hash_identifier, identifier_check_digit, mask_identifier
from members.models import Enrolment, Member, Plan, Relation

BEIJING = ZoneInfo("Asia/Shanghai")
UTC = ZoneInfo("UTC")
_ids = itertools.count(1)

PDF_BYTES = sample_pdf("Medical record")
PNG_BYTES = sample_image("PNG")
DECLARATION = {
    "serious_illness_history": False,
    "current_treatment": False,
    "abnormal_results": False,
}


def national_id(birth: date, seq: int | None = None) -> str:
    seq = next(_ids) if seq is None else seq
    first17 = f"110105{birth:%Y%m%d}{seq % 1000:03d}"
    return first17 + identifier_check_digit(first17)


def pdf_upload(name: str = "record.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):  # noqa: N805
        obj.set_password(extracted or "pass12345")
        if create:
            obj.save(update_fields=["password"])


def staff(role: str, username: str | None = None):
    user = UserFactory(username=username or role, is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return get_user_model().objects.get(pk=user.pk)  # fresh: no cached permissions


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    account = factory.SubFactory(UserFactory)
    relation = Relation.SELF
    full_name = factory.Sequence(lambda n: f"张{n}")
    birth_date = date(1990, 6, 15)
    national_id_hash = factory.LazyAttribute(lambda m: hash_identifier(national_id(m.birth_date)))
    national_id_masked = factory.LazyAttribute(lambda m: mask_identifier(national_id(m.birth_date)))
    email = factory.LazyAttribute(lambda m: m.account.email)
    city = "杭州"


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    member = factory.SubFactory(MemberFactory)
    plan = factory.LazyFunction(lambda: Plan.objects.get(code="critical-illness"))
    joined_at = datetime(2024, 1, 10, 9, 0, tzinfo=BEIJING)
    credit_score = 700
    health_declaration = factory.LazyFunction(lambda: dict(DECLARATION))


def file_claim(
    *,
    enrolment: Enrolment | None = None,
    diagnosis_date: date = date(2025, 3, 1),
    condition_code: str = "malignant_tumour",
    now: datetime | None = None,
) -> Claim:
    """A claim in ``filed``, through the real draft and filing services."""
    enrolment = enrolment or EnrolmentFactory()
    account = enrolment.member.account
    now = now or datetime(2025, 3, 10, 10, 0, tzinfo=BEIJING)
    draft = services.draft_save(
        account=account,
        now=now,
        data={
            "member": enrolment.member,
            "plan": enrolment.plan,
            "condition_code": condition_code,
            "diagnosis": "Adenocarcinoma of the lung, pathology confirmed",
            "hospital": "Zhejiang 1st",
            "city": "Hangzhou",
            "diagnosis_date": diagnosis_date,
        },
    )
    services.draft_attach_document(
        draft=draft, actor=account, upload=pdf_upload(), kind="pathology_report", now=now
    )
    return services.claim_file(draft=draft, actor=account, now=now)


def investigate(claim: Claim, *, meets: bool = True, now: datetime | None = None):
    """A complete investigation through the services (``claims.scenarios``): one visit,
    facts that meet (or miss) every clause of the claim's definition, no non-disclosure,
    signed off; assigned by the reviewer ``rev`` to the investigator ``inv``."""
    return scenarios.claim_investigated(
        claim,
        investigator=staff("investigator", "inv"),
        assigned_by=staff("reviewer", "rev"),
        meets=meets,
        now=now or datetime(2025, 3, 10, 16, 0, tzinfo=BEIJING),
    )


def claim_in_state(state: str, *, approve: bool = True, **kwargs) -> Claim:
    """Drive a fresh claim to ``state`` through the services, as the real roles would.

    ``publicised`` is an open notice; use ``publicised_payable`` for a closed approval,
    ``jury_voted_appealed`` for a verdict under appeal and ``jury_voted_settled`` for a
    pay verdict past its appeal window.
    """
    reviewer = staff("reviewer", "rev")
    finance = staff("finance", "fin")
    t0 = datetime(2025, 3, 10, 10, 0, tzinfo=BEIJING)
    claim = file_claim(now=t0, **kwargs)
    if state == ClaimState.FILED:
        return claim
    if state == ClaimState.WITHDRAWN:
        return services.claim_withdraw(claim=claim, actor=claim.member.account, now=t0)
    investigate(claim, meets=approve, now=t0 + timedelta(hours=6))
    if state == "filed_investigated":
        return Claim.objects.get(pk=claim.pk)
    claim = services.claim_decide(
        claim=claim,
        actor=reviewer,
        reason="Pathology report meets the definition" if approve else "Coma under 96 hours",
        now=t0 + timedelta(days=1),
    )
    if state == ClaimState.INVESTIGATED:
        return claim
    published = t0 + timedelta(days=2)
    claim = publish_in_batch(claim, actor=reviewer, now=published)
    if state == ClaimState.PUBLICISED:
        return claim
    after_notice = claim.publicity_ends_at
    if state in ("publicised_payable", ClaimState.PAID) or (
        state == ClaimState.DENIED and not approve
    ):
        claim = services.claim_close_publicity(claim=claim, actor=None, now=after_notice)
        if state == ClaimState.PAID:
            claim = services.claim_mark_paid(
                claim=claim, actor=finance, payout_reference="PAY-1", now=after_notice
            )
        return claim
    disputer = claim.member.account if not approve else EnrolmentFactory().member.account
    claim = services.claim_lodge_dispute(
        claim=claim,
        actor=disputer,
        now=published,
        reason="The definition is met; see the new report",
    )
    if state == ClaimState.DISPUTED:
        return claim
    voted = published + timedelta(days=3)
    votes = (60, 40) if approve else (40, 60)
    claim = services.claim_record_jury_result(
        claim=claim, actor=reviewer, pay_votes=votes[0], deny_votes=votes[1], now=voted
    )
    if state == ClaimState.JURY_VOTED:
        return claim
    if state == "jury_voted_appealed":
        # The side the jury ruled against: the objector (pay verdict) or the claimant.
        return services.claim_lodge_appeal(
            claim=claim,
            actor=disputer,
            now=voted + timedelta(days=1),
            statement="A new specialist report shows the clause is met after all",
        )
    return services.claim_settle_jury_result(claim=claim, actor=None, now=claim.appeal_ends_at)
