"""The data the schemathesis run needs: a claimant with claims, drafts and members of
their own in every state a claimant acts on, another account's rows (which must stay
out of reach), claims waiting for each staff step, an announced shutdown, and an
integrator's claim to investigate (and, for every role's API, ``schema_world_roles``).
Built with the project's factories and services, on the clock of ``RUN_AT``."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import Group

from claims import services
from claims.definitions.examples import facts_meeting
from claims.models import ClaimDraft
from members.models import Plan, Relation
from tests.api.schema_world_roles import RolesWorld, schema_world_roles_build
from tests.factories import (
    BEIJING,
    EnrolmentFactory,
    MemberFactory,
    UserFactory,
    claim_in_state,
    file_claim,
    investigate,
    pdf_upload,
    publish_in_batch,
    staff,
)
from winddown import services as winddown_services

# The claim_in_state timelines publish on 2025-03-12 and vote on 2025-03-15: at RUN_AT
# their notices are due to close and their appeal windows are still open.
RUN_AT = datetime(2025, 3, 21, 10, 0, tzinfo=BEIJING)


@dataclass
class World:
    claimant: object
    reviewer: object
    integrator: object
    # Claim references by who acts on them.
    own: list[str] = field(default_factory=list)  # the claimant's
    objectable: list[str] = field(default_factory=list)  # another member's, under notice
    staff: list[str] = field(default_factory=list)  # each waiting for a staff step
    assigned: list[str] = field(default_factory=list)  # the integrator's investigation
    assigned_facts: dict = field(default_factory=dict)  # facts meeting its definition
    own_drafts: list[int] = field(default_factory=list)
    foreign_drafts: list[int] = field(default_factory=list)
    own_members: list[int] = field(default_factory=list)
    foreign_members: list[int] = field(default_factory=list)
    shutdown_ids: list[int] = field(default_factory=list)
    plan_codes: list[str] = field(default_factory=list)
    roles: RolesWorld | None = None  # the jury, the office, sharing and the wind-down


def publicised_in_notice(*, enrolment, approve: bool, condition_code: str, in_batch: bool = False):
    """A claim published the day before RUN_AT (or, ``in_batch``, in the batch of RUN_AT's
    day, 00:05, as on the public board): its notice is open (dispute, objection)."""
    start = RUN_AT - timedelta(days=3)
    claim = file_claim(enrolment=enrolment, condition_code=condition_code, now=start)
    investigate(claim, meets=approve, now=start + timedelta(hours=6))
    claim = services.claim_decide(
        claim=claim,
        actor=staff("reviewer", "rev"),
        reason="Pathology report meets the definition" if approve else "Clause 2 is not met",
        now=start + timedelta(days=1),
    )
    # On the board: in the batch of RUN_AT's day, 00:05 (the only way a claim is published).
    batch_at = datetime.combine(RUN_AT.date(), time(0, 5), tzinfo=BEIJING)
    return publish_in_batch(claim, actor=staff("reviewer", "rev"), now=batch_at)


def _draft(enrolment, *, condition_code: str, with_document: bool) -> ClaimDraft:
    account = enrolment.member.account
    draft = services.draft_save(
        account=account,
        now=RUN_AT - timedelta(days=1),
        data={
            "member": enrolment.member,
            "plan": enrolment.plan,
            "condition_code": condition_code,
            "diagnosis": "Coronary artery disease, three vessels",
            "hospital": "Zhejiang 1st",
            "city": "Hangzhou",
            "diagnosis_date": date(2025, 3, 1),
        },
    )
    if with_document:
        services.draft_attach_document(
            draft=draft, actor=account, upload=pdf_upload(), kind="medical_record", now=RUN_AT
        )
    return draft


def _shutdown(plan: Plan):
    first, second = staff("operator", "op-one"), staff("operator", "op-two")
    proposed = winddown_services.shutdown_propose(
        actor=first,
        plans=[plan],
        stop_day=date(2025, 3, 31),
        window_days=180,
        notice_zh="老年防癌计划将于2025年3月31日24时停止运行。",
        notice_en="The senior cancer plan stops at 24:00 on 31 March 2025.",
        now=RUN_AT - timedelta(days=3, hours=1),
    )
    return winddown_services.shutdown_confirm(
        shutdown=proposed, actor=second, now=RUN_AT - timedelta(days=3)
    )


def schema_world_build() -> World:
    senior = Plan.objects.get(code="senior-cancer")
    shutdown = _shutdown(senior)
    claimant = UserFactory(username="claimant")
    own = EnrolmentFactory(member__account=claimant)
    parent = EnrolmentFactory(
        member=MemberFactory(
            account=claimant, relation=Relation.PARENT, birth_date=date(1962, 5, 2)
        ),
        plan=senior,
    )
    other = EnrolmentFactory(member__account=UserFactory(username="other-claimant"))
    world = World(
        claimant=claimant,
        reviewer=staff("reviewer", "rev"),
        integrator=_integrator(),
        shutdown_ids=[shutdown.pk],
        plan_codes=[*Plan.objects.values_list("code", flat=True), "no-such-plan"],
        own_members=[own.member_id, parent.member_id],
        foreign_members=[other.member_id],
    )
    world.own = [
        # Withdraw it or add a document; appeal a deny verdict; dispute a denial under notice.
        claim_in_state("filed", enrolment=own).reference,
        claim_in_state(
            "jury_voted", approve=False, enrolment=own, condition_code="deep_coma"
        ).reference,
        publicised_in_notice(
            enrolment=own, approve=False, condition_code="stroke_sequelae"
        ).reference,
    ]
    world.objectable = [
        publicised_in_notice(
            enrolment=other, approve=True, condition_code="malignant_tumour"
        ).reference
    ]
    world.staff = (
        [
            # Decide, publish, close the notice, record the jury result, pay; and final states.
            claim_in_state(state).reference
            for state in ("filed_investigated", "investigated", "publicised", "publicised_payable")
        ]
        + [claim_in_state(state, approve=False).reference for state in ("disputed", "denied")]
        + [claim_in_state(state).reference for state in ("paid", "withdrawn")]
    )
    assigned = file_claim(now=RUN_AT - timedelta(days=2))
    services.investigation_assign(
        claim=assigned, investigator=world.integrator, actor=world.reviewer, now=RUN_AT
    )
    world.assigned = [assigned.reference]
    world.assigned_facts = facts_meeting(assigned.condition_definition.criteria)
    world.own_drafts = [
        _draft(own, condition_code="coronary_bypass", with_document=True).pk,
        _draft(own, condition_code="deafness", with_document=False).pk,
        _draft(parent, condition_code="malignant_tumour", with_document=True).pk,
    ]
    world.foreign_drafts = [_draft(other, condition_code="blindness", with_document=True).pk]
    world.roles = schema_world_roles_build(RUN_AT, world.integrator, shutdown.pk)
    return world


def _integrator():
    """A claims administrator's system (a TPA): investigates and records payouts."""
    user = staff("investigator", "integrator")
    user.groups.add(Group.objects.get(name="finance"))
    return type(user).objects.get(pk=user.pk)
