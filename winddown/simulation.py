"""A whole wind-down on an accelerated clock: ``manage.py simulate_winddown``.

It builds a plan with ``members`` members, has two operators announce its shutdown, and
walks day by day through the 180-day window and on until every claim is final, on a
simulated clock (``core.clock.simulated``). Everything that happens goes through the
real services (filing, investigations, decisions) and the real beat tasks (publicity
batches, notices, sharing periods, payouts, reminders, draft expiry, the final report),
run in this process. It prints the timeline week by week; it is also the feature's demo.

The population is bulk-loaded, as a migration from another system would be (no
membership events); every claim-side step writes its usual events.
"""

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils.crypto import get_random_string

from claims import scenarios
from claims import services as claim_services
from claims import tasks as claim_tasks
from claims.models import Claim, ClaimDraft, DraftStatus, Investigation, PublicityBatch
from claims.samples import sample_pdf_upload
from claims.states import FINAL_STATES, ClaimState
from core import clock
from core.errors import DomainError
from core.identifiers import hash_identifier, identifier_check_digit, mask_identifier
from members.models import BenefitBand, Enrolment, Member, Plan, Relation
from sharing import tasks as sharing_tasks
from winddown import selectors, services
from winddown import tasks as winddown_tasks
from winddown.models import Shutdown, ShutdownStatus, WindowReminder

DAY = timedelta(days=1)
CONDITIONS = ("malignant_tumour", "acute_myocardial_infarction", "stroke_sequelae")
DECLARATION = {
    "serious_illness_history": False,
    "current_treatment": False,
    "abnormal_results": False,
}


def _pdf(name: str) -> SimpleUploadedFile:
    return sample_pdf_upload(f"{name}.pdf")


def _at(day: date, hour: int, minute: int = 0) -> datetime:
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


class Simulation:
    def __init__(
        self,
        *,
        members: int,
        claims: int,
        announce_on: date,
        stop_after_days: int = 31,
        window_days: int = 180,
        seed: int = 2021,
        out: Callable[[str], None] = print,
    ) -> None:
        self.members, self.claims = members, claims
        self.announce_on = announce_on
        self.stop_day = announce_on + timedelta(days=stop_after_days)
        self.window_days = window_days
        self.random = random.Random(seed)
        self.out = out
        self.tag = get_random_string(5, "abcdefghijklmnopqrstuvwxyz0123456789")

    # --- the set-up ---------------------------------------------------------------------

    def _staff(self, role: str, n: int):
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

    def _plan(self) -> Plan:
        source = Plan.objects.get(code="critical-illness")
        plan = Plan.objects.create(
            code=f"sim-{self.tag}",
            name_zh=f"模拟大病互助计划 {self.tag}",
            name_en=f"Simulated critical-illness plan {self.tag}",
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

    def _population(self, plan: Plan, start: datetime) -> list[Member]:
        """Accounts, members and enrolments in bulk: joined over the 500 days before the
        announcement, 3% of them gone again before it."""
        User = get_user_model()
        users = User.objects.bulk_create(
            User(
                username=f"sim-{self.tag}-{i}",
                email=f"sim-{self.tag}-{i}@example.org",
                password="!",
            )
            for i in range(self.members)
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
                    national_id_hash=hash_identifier(national_id + self.tag),
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
            joined = start - timedelta(days=self.random.randint(10, 500), hours=3)
            left = None
            if self.random.random() < 0.03:
                left = joined + (start - joined) * self.random.random()
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

    def _cases(self, members: list[Member]) -> list[Case]:
        """Illnesses mostly before the stop, some after it (refused); most filed within
        a few months, a few too late; some drafts never filed."""
        cases = []
        r = self.random
        for member in r.sample(members, min(self.claims, len(members))):
            roll = r.random()
            if roll < 0.08:  # diagnosed after the stop: refused
                diagnosed = self.stop_day + timedelta(days=r.randint(1, 60))
            else:
                diagnosed = self.stop_day - timedelta(days=r.randint(0, 150))
            lag = r.randint(200, 230) if r.random() < 0.06 else int(r.triangular(3, 175, 30))
            files_on = max(diagnosed + timedelta(days=lag), self.announce_on)
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

    # --- one simulated day ------------------------------------------------------------------

    def _file(self, case: Case, plan: Plan, week: Week, refusals: Counter) -> None:
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
            draft=draft, actor=account, upload=_pdf(f"record-{draft.pk}"), kind="medical_record"
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

    def _investigate(self, cases_by_member: dict[int, Case], now: datetime) -> None:
        """Each open investigation two days old: ask for a document where the case needs
        one, take it when the member sends it, then record facts, visit, sign off."""
        open_investigations = Investigation.objects.filter(
            completed_at__isnull=True,
            assigned_at__lte=now - 2 * DAY,
            claim__plan__code=f"sim-{self.tag}",
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
                        upload=_pdf(f"summary-{claim.pk}"),
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

    def _decide(self, reviewer, week: Week) -> None:
        ready = Claim.objects.filter(
            plan__code=f"sim-{self.tag}",
            state=ClaimState.FILED,
            investigation__completed_at__isnull=False,
        )
        for claim in ready:
            claim = claim_services.claim_decide(
                claim=claim, actor=reviewer, reason="依据调查事实与重疾定义作出结论。"
            )
            week.counts["approved" if claim.decision == "approve" else "denied"] += 1

    @staticmethod
    def _sweeps() -> None:
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

    # --- the run ----------------------------------------------------------------------------

    def run(self, *, max_days: int | None = None) -> Outcome:
        start = _at(self.announce_on, 10)
        today = clock.today()  # the simulation never runs past the real today
        with clock.simulated(start - timedelta(hours=2)) as sim:
            operators = self._staff("operator", 2)
            self._staff("investigator", 3)
            (reviewer,) = self._staff("reviewer", 1)
            with transaction.atomic():
                plan = self._plan()
                members = self._population(plan, start)
            cases = self._cases(members)
            by_day: dict[date, list[Case]] = {}
            for case in cases:
                by_day.setdefault(case.files_on, []).append(case)
            cases_by_member = {c.member_id: c for c in cases}

            proposal = services.shutdown_propose(
                actor=operators[0],
                plans=[plan],
                stop_day=self.stop_day,
                window_days=self.window_days,
                notice_zh=(
                    f"{plan.name_zh}将于{self.stop_day:%Y年%m月%d日}24时停止运行。"
                    f"此前确诊的成员可在确诊之日起{self.window_days}日内申请互助金，由平台承担。"
                ),
                notice_en=(
                    f"{plan.name_en} stops at 24:00 on {self.stop_day:%d %B %Y}. Members "
                    f"diagnosed before then may claim within {self.window_days} days of the "
                    "diagnosis; the platform pays."
                ),
            )
            sim.set(start)
            shutdown = services.shutdown_confirm(shutdown=proposal, actor=operators[1])
            self.out(
                f"Plan {plan.name_en} ({plan.code}): {len(members):,} members, "
                f"{len(cases):,} illnesses. "
                f"Announced {start:%Y-%m-%d %H:%M}, coverage ends {self.stop_day} 24:00, "
                f"last window closes {clock.format_deadline(shutdown.last_window_closes_at)}."
            )
            self.out(
                f"{'week':>4}  {'from':10}  {'filed':>5}  {'refused':>7}  {'approved':>8}  "
                f"{'denied':>6}  {'paid':>5}  {'reminders':>9}  {'expired':>7}  "
                f"{'liability (CNY)':>17}"
            )
            weeks: list[Week] = []
            refusals: Counter = Counter()
            last_day = clock.beijing_date(shutdown.last_window_closes_at) + timedelta(days=90)
            last_day = min(last_day, today - DAY)
            if max_days is not None:
                last_day = min(last_day, self.announce_on + timedelta(days=max_days))
            day, finished = self.announce_on, False
            while day <= last_day and not finished:
                if not weeks or (day - weeks[-1].start).days >= 7:
                    if weeks:
                        self._print_week(len(weeks), weeks[-1], shutdown)
                    weeks.append(Week(day))
                week = weeks[-1]
                paid_before = Claim.objects.filter(plan=plan, state=ClaimState.PAID).count()
                reminders_before = WindowReminder.objects.filter(plan=plan).count()
                expired_before = ClaimDraft.objects.filter(plan=plan, status="expired").count()

                sim.set(_at(day, 0, 10))
                self._sweeps()
                sim.set(_at(day, 9))
                for case in by_day.get(day, []):
                    self._file(case, plan, week, refusals)
                sim.set(_at(day, 11))
                claim_tasks.assign_unassigned_claims.apply()
                sim.set(_at(day, 15))
                self._investigate(cases_by_member, clock.now())
                sim.set(_at(day, 17))
                self._decide(reviewer, week)
                sim.set(_at(day, 23, 30))
                self._sweeps()

                week.counts["paid"] += (
                    Claim.objects.filter(plan=plan, state=ClaimState.PAID).count() - paid_before
                )
                week.counts["reminders"] += (
                    WindowReminder.objects.filter(plan=plan).count() - reminders_before
                )
                week.counts["expired"] += (
                    ClaimDraft.objects.filter(plan=plan, status="expired").count() - expired_before
                )
                shutdown.refresh_from_db()
                finished = shutdown.status == "finished"
                day += DAY
            if weeks:
                self._print_week(len(weeks), weeks[-1], shutdown)
        if not finished:
            self.catch_up()
            shutdown.refresh_from_db()
        return Outcome(shutdown=shutdown, weeks=weeks, refusals=refusals, finished=finished)

    def catch_up(self) -> None:
        """The simulated clock stopped last night; the site is served now. Run the beat's
        sweeps once on the real clock, so that nothing whose deadline passed in between
        (a draft's window, a notice, an appeal window, a payout's due date) is left open
        until the beat runs (``make winddown-demo`` starts it beside the web server)."""
        self._sweeps()

    def _print_week(self, number: int, week: Week, shutdown: Shutdown) -> None:
        week.liability = selectors.liability(shutdown).total
        c = week.counts
        self.out(
            f"{number:>4}  {week.start.isoformat():10}  {c['filed']:>5}  {c['refused']:>7}  "
            f"{c['approved']:>8}  {c['denied']:>6}  {c['paid']:>5}  {c['reminders']:>9}  "
            f"{c['expired']:>7}  {week.liability:>17,.2f}"
        )


def member_logins(plan: Plan, password: str) -> list[tuple[str, str]]:
    """For a demo: give a password to a few simulated members whose pages show the
    wind-down (a paid claim, an expired draft, a draft still open), and name them."""
    picks = []
    paid = Claim.objects.filter(plan=plan, state=ClaimState.PAID).select_related("member")
    expired = ClaimDraft.objects.filter(plan=plan, status=DraftStatus.EXPIRED)
    open_window = ClaimDraft.objects.filter(
        plan=plan, status=DraftStatus.OPEN, window_closes_at__isnull=False
    ).order_by("window_closes_at")
    for what, account_id in (
        ("a paid claim", paid.values_list("member__account_id", flat=True).first()),
        ("an expired draft", expired.values_list("account_id", flat=True).first()),
        (
            "a draft to file before its window closes",
            open_window.values_list("account_id", flat=True).first(),
        ),
    ):
        if account_id is None:
            continue
        user = get_user_model().objects.get(pk=account_id)
        user.set_password(password)
        user.save(update_fields=["password"])
        picks.append((user.get_username(), what))
    return picks


def database_in_use(*, announce_on: date) -> str:
    """Why the database is not quiet enough for a simulation from ``announce_on``, or ""
    if it is.

    The simulation runs the real sweeps, which act on every row they find due; on a
    clock in the past they would assign, publish and share other plans' claims at dates
    before they existed. A database where every claim is final, no draft is open and no
    other wind-down is running, and no publicity batch is dated in the simulation's
    future (an empty database, or one holding earlier simulations that ended before this
    one starts), is safe.
    """
    open_claims = Claim.objects.exclude(state__in=FINAL_STATES).count()
    if open_claims:
        return f"{open_claims} claims are not final"
    open_drafts = ClaimDraft.objects.filter(status=DraftStatus.OPEN).count()
    if open_drafts:
        return f"{open_drafts} drafts are open"
    if Shutdown.objects.filter(status=ShutdownStatus.ANNOUNCED).exists():
        return "a wind-down is running"
    later = (
        PublicityBatch.objects.filter(batch_date__gte=announce_on).order_by("-batch_date").first()
    )
    if later is not None:
        return (
            f"publicity batches up to {later.batch_date} exist, after the "
            f"announcement day {announce_on}: simulate after them"
        )
    return ""


def default_announcement_day(*, window_days: int, stop_after_days: int = 31) -> date:
    """An announcement far enough back that the simulated wind-down ends about today."""
    return clock.today() - timedelta(days=stop_after_days + window_days + 45)
