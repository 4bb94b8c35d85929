"""The simulation's steps: its set-up (staff, the plan, the population, the illnesses)
and what happens on one simulated day (filing, investigating, deciding, the beat's sweeps),
each through the real services and tasks."""

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from claims import scenarios
from claims import services as claim_services
from claims import tasks as claim_tasks
from claims.models import Claim, Investigation
from claims.samples import sample_pdf_upload
from claims.states import ClaimState
from core import clock
from core.errors import DomainError
from core.identifiers import hash_identifier, identifier_check_digit, mask_identifier
from members.models import BenefitBand, Enrolment, Member, Plan, Relation
from sharing import tasks as sharing_tasks
from winddown import tasks as winddown_tasks
from winddown.models import Shutdown

DAY = timedelta(days=1)
CONDITIONS = ("malignant_tumour", "acute_myocardial_infarction", "stroke_sequelae")
DECLARATION = {
    "serious_illness_history": False,
    "current_treatment": False,
    "abnormal_results": False,
}


def pdf(name: str) -> SimpleUploadedFile:
    return sample_pdf_upload(f"{name}.pdf")


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=clock.BEIJING)


@dataclass
class Case:
    """One member's illness in the simulation: when diagnosed, when (if) they file."""

    member_id: int
    diagnosed: date
    files_on: date
    condition: str
    meets: bool  # does the investigation find the definition met?
    files: bool = True  # False: a draft left unfiled (reminders, then it expires)
    needs_document: bool = False
    answers_after: int | None = 0  # days to send a requested document; None: never


@dataclass
class Week:
    start: date
    counts: Counter = field(default_factory=Counter)
    liability: Decimal = Decimal("0.00")


@dataclass
class Outcome:
    shutdown: Shutdown
    weeks: list[Week]
    refusals: Counter
    finished: bool


# --- the set-up ------------------------------------------------------------


def staff(role: str, n: int):
    User = get_user_model()
    users = []
    for i in range(1, n + 1):
        user, _ = User.objects.get_or_create(
            username=f"sim-{role}-{i}",
            defaults={"is_staff": True, "email": f"sim-{role}-{i}@example.org"},
        )
        user.groups.add(Group.objects.get(name=role))
        users.append(User.objects.get(pk=user.pk))
    return users


def plan_copy(*, tag: str) -> Plan:
    """A copy of the critical-illness plan (its bands and conditions), named by ``tag``."""
    source = Plan.objects.get(code="critical-illness")
    plan = Plan.objects.create(
        code=f"sim-{tag}",
        name_zh=f"模拟大病互助计划 {tag}",
        name_en=f"Simulated critical-illness plan {tag}",
        kind=source.kind,
        min_join_age_days=source.min_join_age_days,
        max_join_age_years=source.max_join_age_years,
        waiting_days=source.waiting_days,
        declaration_questions=source.declaration_questions,
    )
    BenefitBand.objects.bulk_create(
        BenefitBand(plan=plan, min_age=b.min_age, max_age=b.max_age, amount=b.amount)
        for b in source.benefit_bands.all()
    )
    plan.conditions.add(*source.conditions.all())
    return plan


def population(
    plan: Plan, start: datetime, *, count: int, tag: str, rng: random.Random
) -> list[Member]:
    """Accounts, members and enrolments in bulk: joined over the 500 days before the
    announcement, 3% of them gone again before it."""
    User = get_user_model()
    users = User.objects.bulk_create(
        User(
            username=f"sim-{tag}-{i}",
            email=f"sim-{tag}-{i}@example.org",
            password="!",
        )
        for i in range(count)
    )
    members = []
    for i, user in enumerate(users):
        birth = date(1968, 1, 1) + timedelta(days=(i * 7919) % 13000)  # ages 22–58
        first17 = f"440305{birth:%Y%m%d}{(i // 13000) % 1000:03d}"
        national_id = first17 + identifier_check_digit(first17)
        members.append(
            Member(
                account=user,
                relation=Relation.SELF,
                full_name=f"模拟{i}",
                national_id_hash=hash_identifier(national_id + tag),
                national_id_masked=mask_identifier(national_id),
                birth_date=birth,
                phone=f"139{i:08d}",
                email=user.email,
                city="杭州",
            )
        )
    members = Member.objects.bulk_create(members)
    enrolments = []
    for member in members:
        joined = start - timedelta(days=rng.randint(10, 500), hours=3)
        left = None
        if rng.random() < 0.03:
            left = joined + (start - joined) * rng.random()
        enrolments.append(
            Enrolment(
                member=member,
                plan=plan,
                joined_at=joined,
                left_at=left,
                credit_score=700,
                health_declaration=dict(DECLARATION),
            )
        )
    Enrolment.objects.bulk_create(enrolments)
    return members


def cases_draw(
    members: list[Member],
    *,
    claims: int,
    announce_on: date,
    stop_day: date,
    rng: random.Random,
) -> list[Case]:
    """Illnesses mostly before the stop, some after it (refused); most filed within
    a few months, a few too late; some drafts never filed."""
    cases = []
    r = rng
    for member in r.sample(members, min(claims, len(members))):
        roll = r.random()
        if roll < 0.08:  # diagnosed after the stop: refused
            diagnosed = stop_day + timedelta(days=r.randint(1, 60))
        else:
            diagnosed = stop_day - timedelta(days=r.randint(0, 150))
        lag = r.randint(200, 230) if r.random() < 0.06 else int(r.triangular(3, 175, 30))
        files_on = max(diagnosed + timedelta(days=lag), announce_on)
        cases.append(
            Case(
                member_id=member.pk,
                diagnosed=diagnosed,
                files_on=files_on,
                condition=r.choice(CONDITIONS),
                meets=r.random() < 0.85,
                files=r.random() >= 0.1,
                needs_document=r.random() < 0.15,
                answers_after=r.randint(3, 25) if r.random() < 0.7 else None,
            )
        )
    return cases


# --- one simulated day -------------------------------------------------------


def case_file(case: Case, plan: Plan, week: Week, refusals: Counter) -> None:
    """The member saves a draft with a document, then files it (or leaves it unfiled)."""
    member = Member.objects.select_related("account").get(pk=case.member_id)
    account = member.account
    draft = claim_services.draft_save(
        account=account,
        data={
            "member": member,
            "plan": plan,
            "condition_code": case.condition,
            "diagnosis": "见出院小结与病理报告",
            "hospital": "浙江大学医学院附属第一医院",
            "city": "杭州",
            "diagnosis_date": case.diagnosed,
        },
    )
    claim_services.draft_attach_document(
        draft=draft, actor=account, upload=pdf(f"record-{draft.pk}"), kind="medical_record"
    )
    if not case.files:
        week.counts["drafts_left"] += 1
        return
    try:
        claim_services.claim_file(draft=draft, actor=account)
    except DomainError as refusal:
        refusals[refusal.code] += 1
        week.counts["refused"] += 1
    else:
        week.counts["filed"] += 1


def investigations_work(cases_by_member: dict[int, Case], now: datetime, *, tag: str) -> None:
    """Each open investigation two days old: ask for a document where the case needs
    one, take it when the member sends it, then record facts, visit, sign off."""
    open_investigations = Investigation.objects.filter(
        completed_at__isnull=True,
        assigned_at__lte=now - 2 * DAY,
        claim__plan__code=f"sim-{tag}",
    ).select_related("claim", "investigator")
    for investigation in open_investigations:
        claim, investigator = investigation.claim, investigation.investigator
        case = cases_by_member[claim.member_id]
        requests = list(investigation.document_requests.all())
        if case.needs_document and not requests:
            claim_services.investigation_request_document(
                investigation=investigation,
                actor=investigator,
                kind="discharge_summary",
                description="出院小结（加盖医院公章）",
            )
            continue
        pending = [r for r in requests if r.is_open]
        if pending:
            request = pending[0]
            if case.answers_after is None:  # never sent: closed once overdue
                if now >= request.overdue_at(settings.DOCUMENT_REQUEST_DAYS):
                    claim_services.investigation_close_request_not_provided(
                        request=request,
                        actor=investigator,
                        note="两次电话、短信提醒，成员未补交。",
                    )
                continue
            if now >= request.requested_at + case.answers_after * DAY:
                document = claim_services.claim_attach_document(
                    claim=claim,
                    actor=claim.member.account,
                    upload=pdf(f"summary-{claim.pk}"),
                    kind="discharge_summary",
                )
                claim_services.investigation_receive_document(
                    request=request, actor=investigator, document=document
                )
            continue
        scenarios.investigation_conclude(
            investigation,
            meets=case.meets and not any(r.not_provided_at for r in requests),
            notes="调阅住院病历与检查报告。",
            summary="事实已核实。",
        )


def claims_decide(reviewer, week: Week, *, tag: str) -> None:
    """The reviewer decides every investigated claim."""
    ready = Claim.objects.filter(
        plan__code=f"sim-{tag}",
        state=ClaimState.FILED,
        investigation__completed_at__isnull=False,
    )
    for claim in ready:
        claim = claim_services.claim_decide(
            claim=claim, actor=reviewer, reason="依据调查事实与重疾定义作出结论。"
        )
        week.counts["approved" if claim.decision == "approve" else "denied"] += 1


def sweeps() -> None:
    """The beat schedule, compressed: each periodic task once."""
    claim_tasks.publish_due_batch.apply()
    claim_tasks.close_due_publicity.apply()
    claim_tasks.settle_due_jury_votes.apply()
    sharing_tasks.open_due_periods.apply()
    sharing_tasks.complete_written_periods.apply()
    sharing_tasks.issue_due_payouts.apply()
    winddown_tasks.send_due_reminders.apply()
    winddown_tasks.expire_due_drafts.apply()
    winddown_tasks.finish_due_shutdowns.apply()
