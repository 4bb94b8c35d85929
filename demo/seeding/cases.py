"""The demo's claims: one in every state, through the services and the scenarios, and
published the only way there is, in publicity batches; and a draft the rules refuse."""

from collections.abc import Callable
from datetime import date, datetime, timedelta

from django.contrib.auth.models import User

from claims import rules as claim_rules
from claims import scenarios, services
from claims.models import Claim, ClaimDraft
from claims.samples import sample_pdf_upload
from core import clock
from core.errors import RuleViolation
from demo.seeding.data import CITIES, CONDITIONS, DIAGNOSES, HOSPITALS, OPEN_NOTICE, PLAN_STATES
from demo.seeding.people import member_enrolled, staff_user
from members.models import Member, Plan, Relation


def draft_with_record(
    account: User,
    *,
    member: Member,
    plan: Plan,
    condition: str,
    diagnosis: str,
    hospital: str,
    city: str,
    diagnosed: date,
    at: datetime,
    title: str,
) -> ClaimDraft:
    """A draft saved at ``at`` with a medical record attached (a sample PDF ``title``)."""
    draft = services.draft_save(
        account=account,
        now=at,
        data={
            "member": member,
            "plan": plan,
            "condition_code": condition,
            "diagnosis": diagnosis,
            "hospital": hospital,
            "city": city,
            "diagnosis_date": diagnosed,
        },
    )
    services.draft_attach_document(
        draft=draft,
        actor=account,
        kind="medical_record",
        upload=sample_pdf_upload(f"{title}.pdf"),
        now=at,
    )
    return draft


def claim_filed(
    member: Member, condition: str, diagnosed: date, filed_at: datetime, *, index: int
) -> Claim:
    """The member's claim, drafted and filed at ``filed_at``."""
    enrolment = member.enrolments.first()
    assert enrolment is not None  # every demo member is enrolled
    draft = draft_with_record(
        member.account,
        member=member,
        plan=enrolment.plan,
        condition=condition,
        diagnosis=DIAGNOSES.get(condition, "见出院小结"),
        hospital=HOSPITALS[index % len(HOSPITALS)],
        city=CITIES[index % len(CITIES)],
        diagnosed=diagnosed,
        at=filed_at,
        title=f"record-{index}",
    )
    return services.claim_file(draft=draft, actor=member.account, now=filed_at)


def claim_investigated(claim: Claim, approve: bool, at: datetime) -> Claim:
    """Assign, visit, record facts (meeting or missing the definition), sign off,
    decide on the evaluator's proposal: a day apart, decided at ``at``."""
    day = timedelta(days=1)
    return scenarios.claim_decided(
        claim,
        investigator=staff_user("investigator"),
        reviewer=staff_user("reviewer"),
        meets=approve,
        assigned_at=at - 3 * day,
        now=at - 2 * day,
        signed_off_at=at - day,
        decided_at=at,
        notes="调阅住院病历、检查报告与病理切片，与申请材料一致。",
        summary="病历、检查与病理结果已核实；加入时无未如实告知情形。",
        reason="调查事实符合疾病定义。" if approve else "调查事实不符合疾病定义条款。",
    )


def demo_claims(
    family: list[Member], now: datetime, for_recent: datetime
) -> list[tuple[Claim, str, bool, User | None]]:
    """The demo account's claims: one just filed, and an approval and a denial to be
    decided for the latest batch (returned, to go under notice with it)."""
    day = timedelta(days=1)
    claim_filed(
        family[1], "aplastic_anaemia", clock.beijing_date(now - 5 * day), now - 2 * day, index=1
    )
    tumour = claim_filed(
        family[2],
        "malignant_tumour",
        clock.beijing_date(for_recent - 20 * day),
        for_recent - 12 * day,
        index=2,
    )
    coma = claim_filed(
        family[0],
        "deep_coma",
        clock.beijing_date(for_recent - 24 * day),
        for_recent - 14 * day,
        index=3,
    )
    return [(tumour, "demo", True, None), (coma, "demo", False, None)]


def claims_every_state(family: list[Member], others: list[Member], now: datetime) -> None:
    """Claims in every state, published the only way there is: in publicity batches.
    The batch before the latest has closed its notices (payable, paid, denied, jury
    results); the latest batch date's batch runs now, so its notices are open on the
    board (the demo's approval and denial, an approval under notice, a dispute). One
    claim decided now waits for the next batch."""
    day = timedelta(days=1)
    recent = claim_rules.latest_batch_date(clock.beijing_date(now))
    earlier = claim_rules.latest_batch_date(recent - day)
    earlier_at = clock.beijing_start_of_day(earlier) + timedelta(minutes=5)  # the beat
    for_recent = clock.beijing_start_of_day(recent) - 12 * timedelta(hours=1)
    closed: list[tuple[Claim, str, bool, User]] = []
    waiting: list[tuple[Claim, bool]] = []
    open_notice: list[tuple[Claim, str, bool, User | None]] = demo_claims(family, now, for_recent)
    for i, target in enumerate(PLAN_STATES):
        claim, approve = other_claim(others[i], target, i, now, for_recent)
        if claim is None:
            continue
        if target == "investigated":
            waiting.append((claim, approve))
        elif target in OPEN_NOTICE:
            open_notice.append((claim, target, approve, others[-1 - i].account))
        else:
            claim_investigated(claim, approve, claim.filed_at + 5 * day)
            closed.append((claim, target, approve, others[-1 - i].account))
    services.publicity_batch_publish(batch_date=earlier, now=earlier_at)
    for claim, target, approve, objector in closed:
        after_notice(claim, target, approve, objector, earlier_at, now)
    for claim, _target, approve, _objector in open_notice:
        claim_investigated(claim, approve, for_recent)
    services.publicity_batch_publish(batch_date=recent, now=now)
    for claim, target, _approve, disputer in open_notice:
        if target == "disputed" and disputer is not None:  # a member objects: the jury decides
            services.claim_lodge_dispute(
                claim=claim,
                actor=disputer,
                now=now,
                reason="对调查结论有异议，认为病理结果不足以证明符合定义，请求复核。",
            )
    for claim, approve in waiting:  # decided after the latest batch began: the next one
        claim_investigated(claim, approve, now)


def other_claim(
    member: Member, target: str, i: int, now: datetime, for_recent: datetime
) -> tuple[Claim | None, bool]:
    """A crowd member's claim, filed and taken as far as its target short of the
    decision; returns it with whether its facts meet the definition (None when the
    target is reached already)."""
    day = timedelta(days=1)
    start = for_recent - (12 + i) * day if target in OPEN_NOTICE else now - (60 + i) * day
    claim = claim_filed(
        member,
        CONDITIONS[i % len(CONDITIONS)],
        clock.beijing_date(start - 10 * day),
        start,
        index=10 + i,
    )
    if target == "filed":
        return None, False
    if target == "withdrawn":
        services.claim_withdraw(
            claim=claim, actor=member.account, reason="已通过其他渠道获得救助", now=start + day
        )
        return None, False
    if target in ("filed_assigned", "filed_ready"):
        assign_only(claim, ready=target == "filed_ready", start=start)
        return None, False
    return claim, target not in ("denied", "denied_by_jury")


def assign_only(claim: Claim, *, ready: bool, start: datetime) -> None:
    """Assigned to the investigator; ``ready``: concluded too, awaiting the decision."""
    investigator = staff_user("investigator")
    day = timedelta(days=1)
    investigation = services.investigation_assign(
        claim=claim,
        investigator=investigator,
        actor=staff_user("reviewer"),
        now=start + day,
    )
    if not ready:
        return
    scenarios.investigation_conclude(
        investigation,
        meets=True,
        now=start + 2 * day,
        signed_off_at=start + 3 * day,
        kind="interview",
        place=claim.city,
        notes="面访申请人及家属，核实病史与就诊经过。",
        summary="事实已核实，待审核员作出结论。",
    )


def after_notice(
    claim: Claim, target: str, approve: bool, objector: User, published: datetime, now: datetime
) -> None:
    """A claim of the earlier batch: its notice closed, or a dispute and the jury."""
    reviewer = staff_user("reviewer")
    day = timedelta(days=1)
    if target in ("jury_voted", "jury_settled", "denied_by_jury"):
        services.claim_lodge_dispute(
            claim=claim,
            actor=claim.member.account if not approve else objector,
            now=published + day,
            reason="对调查结论有异议，提交补充材料请求复核。",
        )
        votes = (612, 389) if target != "denied_by_jury" else (480, 521)
        voted = now - (3 if target == "jury_voted" else 10) * day
        services.claim_record_jury_result(
            claim=claim, actor=reviewer, pay_votes=votes[0], deny_votes=votes[1], now=voted
        )
        if target != "jury_voted":
            services.claim_settle_jury_result(claim=claim, actor=None, now=now - day)
        return
    services.claim_close_publicity(claim=claim, actor=None, now=published + 8 * day)
    if target == "paid":
        services.claim_mark_paid(
            claim=claim,
            actor=staff_user("finance"),
            now=published + 10 * day,
            payout_reference=f"PAY{claim.pk:08d}",
        )


def refused_draft(demo: User, now: datetime, out: Callable[[str], None]) -> None:
    """A refused draft: diagnosed in the waiting period of a newly added family member."""
    day = timedelta(days=1)
    plan = Plan.objects.get(code="critical-illness")
    newborn = member_enrolled(
        demo,
        relation=Relation.CHILD,
        full_name="李小星",
        birth=date(2025, 9, 1),
        seq=950,
        plan=plan,
        credit_score=720,
        joined=now - 40 * day,
        enrolled_at=now - 30 * day,
        city="杭州",
    )
    draft = draft_with_record(
        demo,
        member=newborn,
        plan=plan,
        condition="organ_transplant",
        diagnosis="demo",
        hospital=HOSPITALS[0],
        city="杭州",
        diagnosed=clock.beijing_date(now - 10 * day),
        at=now - day,
        title="waiting-period",
    )
    try:
        services.claim_file(draft=draft, actor=demo, now=now - day)
    except RuleViolation as refusal:  # the refusal is the point of this draft
        out(f"Refused draft kept, as designed: {refusal}")
