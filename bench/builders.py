"""A platform-sized database for the web benchmark (issue 12), built inside PostgreSQL.

``build(size)`` fills a migrated, empty database with what the pages read at the size of
the platform: 1,000,000 members (two to an account) enrolled in the seeded plans,
200,000 claims in every state with their drafts, documents, events, investigations
(facts and evaluation as the investigators record them), visits and document requests,
47 publicity batches (the latest, under notice now, holds ~5,000 claims), panels with
their seats and ballots (one open panel with 250,000 ballots), two sharing periods with a
share row per member, and the people the load signs in as.

How, without a Python object per row:

1. **People**, **prototypes**: the staff, the load's claimant (with ten family members),
   the load's juror (through the exam) and about 17 kinds × 5 conditions of *prototype*
   claims are made through the project's own services, each step at its own moment
   (``time_machine``, so follow-ups such as a dispute's panel run at that moment too):
   filed, assigned, a document requested, investigated and signed off, decided, under
   notice, disputed with a drawn panel, voted by the panel's jurors and closed, settled,
   paid, denied, withdrawn.
2. **Members and jurors**: ``INSERT … SELECT … FROM generate_series`` per chunk.
3. **Claims**: each prototype is *cloned* set-based: every row hanging off it (draft,
   documents, events, investigation, visits, requests, panel, seats, ballots, panel
   events) is copied with new ids (``base + clone × rows-per-prototype + rank``), the
   clone's member, account and enrolment, a pool investigator, the clone's publicity
   batch, and every time shifted (to the clone's batch, or to a spread of filing times
   for claims not yet published; times before publication also move by a per-clone
   jitter of up to three days). The columns come from the models' ``_meta``, so a new
   column is copied too. The reference, the payout reference, the age at diagnosis and
   the benefit of the clone's age band are worked out for the clone.
4. **The open panel's ballots**: one ``INSERT … SELECT`` (answers in line with each
   verdict, reasons in Chinese and English).
5. **Sharing periods**: through the services (``sharing_period_open`` and the set-based
   ``sharing_period_write_shares``), on the two batches before the latest, then payouts.
6. Sequences moved past the explicit ids, batch counts set, ``VACUUM ANALYZE``.

Every step prints its time. ``targets()`` finds, in a built database, what the load
requests (the claimant's references, the large batch, the juror's panels, …), so a
database can be reused.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

#: Every bench login's password is ``<username>-pass-12345``.
PASSWORD_SUFFIX = "-pass-12345"
CLAIMANT = "bench-claimant"
JUROR = "bench-juror"
INVESTIGATOR = "bench-investigator"
REVIEWER = "bench-reviewer"
FINANCE = "bench-finance"
CONDITIONS = [
    "malignant_tumour",
    "acute_myocardial_infarction",
    "stroke_sequelae",
    "deep_coma",
    "chronic_kidney_failure",
]
DIAGNOSES = {
    "malignant_tumour": "右肺上叶腺癌（病理确诊，pT2aN1M0）",
    "acute_myocardial_infarction": "急性前壁ST段抬高型心肌梗死，肌钙蛋白升高超过参考上限15倍",
    "stroke_sequelae": "脑梗死后遗症，左侧肢体肌力2级",
    "deep_coma": "重型颅脑损伤后昏迷，GCS评分4分",
    "chronic_kidney_failure": "慢性肾脏病5期，规律血液透析",
}
HOSPITALS = [
    "浙江大学医学院附属第一医院",
    "复旦大学附属中山医院",
    "北京协和医院",
    "四川大学华西医院",
    "华中科技大学同济医学院附属同济医院",
]
CITIES = ["杭州", "上海", "北京", "成都", "武汉", "广州", "西安", "南京", "长沙", "郑州"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
DECLARATION = {
    "serious_illness_history": False,
    "current_treatment": False,
    "abnormal_results": False,
}
REASONS_PAY = [
    "病理报告明确，符合定义的每一条。",
    "The reports meet every clause of the definition.",
    "调查员的事实记录完整，医院复核过，我认为应赔。",
]
REASONS_DENY = [
    "材料不足以证明符合定义的条款。",
    "The evidence does not show the clause is met.",
    "持续时间未达到定义要求，不应给付。",
]
CHUNK = 250_000  # rows per INSERT … SELECT of members, jurors and ballots


@dataclass(frozen=True)
class Size:
    members: int = 1_000_000
    claims: int = 200_000
    jurors: int = 260_000
    ballots: int = 250_000  # on the one open panel
    batches: int = 47
    large_batch: int = 5_000  # claims in the latest batch (under notice now)
    claimant_claims: int = 50
    claimant_members: int = 10
    conditions: int = 5  # prototypes per kind, one per condition
    investigators: int = 50

    def check(self) -> None:
        assert self.jurors <= self.members // 2, "jurors are the self members (half of them)"
        assert self.ballots <= self.jurors, "one ballot per juror"
        assert self.jurors >= 40, "a panel draws 31 seats"
        assert 1 <= self.conditions <= len(CONDITIONS)
        assert self.batches >= 4
        assert self.claimant_claims <= self.claimant_members * self.conditions, (
            "the claimant holds one open claim per member and condition"
        )


SMALL = Size(
    members=2_000,
    claims=500,
    jurors=300,
    ballots=200,
    batches=5,
    large_batch=120,
    claimant_claims=10,
    claimant_members=10,
    conditions=1,
    investigators=3,
)


def password(username: str) -> str:
    return username + PASSWORD_SUFFIX


# --- kinds of claims ---------------------------------------------------------------------

# Where a kind's clones go: "unpublished" (spread over recent filing times), "latest" (the
# batch under notice now), "previous" (the batch before), "older" (spread over the batches
# from the previous one back), "payable" (half in the previous batch, half in the one
# before: the two sharing periods take them).
KINDS: dict[str, tuple[str, float]] = {
    # kind: (placement, share of the bulk claims; the "older" ones share what is left)
    "filed": ("unpublished", 0.05),
    "assigned": ("unpublished", 0.07),
    "requested": ("unpublished", 0.03),
    "ready": ("unpublished", 0.03),
    "investigated": ("unpublished", 0.02),
    "withdrawn": ("unpublished", 0.05),
    "notice": ("latest", 0.80),  # shares of the latest batch
    "notice_deny": ("latest", 0.14),
    "disputed": ("latest", 0.04),
    "jury_voted": ("latest", 0.02),
    "payable": ("payable", 0.008),
    "jury_payable": ("previous", 0.001),
    "paid": ("older", 0.75),  # shares of what is left
    "denied": ("older", 0.22),
    "jury_paid": ("older", 0.012),
    "jury_denied": ("older", 0.018),
}


@dataclass
class Anchors:
    now: datetime
    latest: date  # batch dates
    previous: date
    latest_published: datetime
    previous_published: datetime
    batch_dates: list[date] = field(default_factory=list)  # newest first


def anchors(now: datetime, batches: int) -> Anchors:
    """The batch dates (7th and 21st) back from three days ago; the latest batch was
    published three days ago (so its notices are open, some disputes already voted on),
    the others at 00:05 on their day, as the beat does."""
    from claims import rules as claim_rules
    from core import clock

    latest = claim_rules.latest_batch_date(clock.beijing_date(now - timedelta(days=3)))
    dates = [latest]
    while len(dates) < batches:
        dates.append(claim_rules.latest_batch_date(dates[-1] - timedelta(days=1)))
    return Anchors(
        now=now,
        latest=latest,
        previous=dates[1],
        latest_published=now - timedelta(days=3),
        previous_published=batch_published(dates[1]),
        batch_dates=dates,
    )


def batch_published(day: date) -> datetime:
    from core import clock

    return clock.beijing_start_of_day(day) + timedelta(minutes=5)


@contextmanager
def at(moment: datetime):
    """Run services at ``moment``: the clock reads it, so follow-ups run then too."""
    import time_machine

    with time_machine.travel(moment, tick=False):
        yield


# --- 1. people, through the services -----------------------------------------------------


class People:
    def __init__(self, now: datetime, plan):
        from django.contrib.auth import get_user_model

        self.User = get_user_model()
        self.now = now
        self.plan = plan
        self.joined = now - timedelta(days=3 * 365)
        self.seq = 0

    def user(self, username: str, *, group: str | None = None, login: bool = True):
        from django.contrib.auth.models import Group

        user, created = self.User.objects.get_or_create(
            username=username,
            defaults={"email": f"{username}@bench.example", "is_staff": group is not None},
        )
        if created:
            if login:
                user.set_password(password(username))
            else:
                user.set_unusable_password()
            user.save()
            if group:
                user.groups.add(Group.objects.get(name=group))
        return user

    def member(self, account, relation: str, name: str, birth: date, city: str = "杭州"):
        from core.identifiers import identifier_check_digit
        from members.services import enrolment_join, member_add

        self.seq += 1
        first17 = f"330106{birth:%Y%m%d}{self.seq % 1000:03d}"
        with at(self.joined):
            member = member_add(
                account=account,
                relation=relation,
                full_name=name,
                national_id=first17 + identifier_check_digit(first17),
                birth_date=birth,
                phone="13800000000",
                email=account.email,
                city=city,
                now=self.joined,
            )
            enrolment_join(
                member=member,
                plan=self.plan,
                credit_score=720,
                health_declaration=DECLARATION,
                actor=account,
                now=self.joined,
            )
        return member

    def person(self, username: str, name: str, *, login: bool = False, years: int = 35):
        """An account with its own (self) member in the plan."""
        account = self.user(username, login=login)
        self.seq += 1
        birth = self.now.date() - timedelta(days=years * 365 + self.seq * 3)
        return self.member(account, "self", name, birth, CITIES[self.seq % len(CITIES)])


def make_staff(people: People, size: Size) -> dict[str, list]:
    investigators = [people.user(INVESTIGATOR, group="investigator")] + [
        people.user(f"{INVESTIGATOR}-{i:03d}", group="investigator", login=False)
        for i in range(1, size.investigators)
    ]
    return {
        "investigators": investigators,
        "reviewer": people.user(REVIEWER, group="reviewer"),
        "finance": people.user(FINANCE, group="finance"),
    }


def make_claimant(people: People, size: Size) -> list:
    """The load's claimant: an account holding a family of ``claimant_members``."""
    from members.models import Relation

    account = people.user(CLAIMANT)
    today = people.now.date()
    family = [(Relation.SELF, "李明", today - timedelta(days=36 * 365))]
    family.append((Relation.SPOUSE, "王芳", today - timedelta(days=35 * 365)))
    for i in range(size.claimant_members - 2):
        if i % 3 == 2:
            family.append(
                (
                    Relation.PARENT,
                    f"李{SURNAMES[i % 20]}国",
                    today - timedelta(days=(55 + i % 3) * 365),
                )
            )
        else:
            family.append(
                (Relation.CHILD, f"李小{SURNAMES[i % 20]}", today - timedelta(days=(4 + i) * 365))
            )
    return [people.member(account, rel, name, birth) for rel, name, birth in family]


def make_juror(people: People) -> None:
    """The load's juror: volunteers and passes the exam through the services."""
    from jury.models import ExamQuestion
    from jury.services.jurors import exam_start, exam_submit, juror_volunteer

    member = people.person(JUROR, "王陪审", login=True)
    account = member.account
    moment = people.now - timedelta(days=100)
    answer_key = dict(ExamQuestion.objects.values_list("pk", "answer"))
    with at(moment):
        juror = juror_volunteer(member=member, actor=account, now=moment)
        sitting = exam_start(juror=juror, actor=account, now=moment)
        exam_submit(
            sitting=sitting,
            actor=account,
            now=moment,
            answers={pk: answer_key[pk] for pk in sitting.questions},
        )


# --- 2. members and jurors, set-based ----------------------------------------------------

ACCOUNTS_SQL = """
INSERT INTO auth_user (id, password, last_login, is_superuser, username, first_name,
                       last_name, email, is_staff, is_active, date_joined)
SELECT %(u)s + g, '!bench-unusable', NULL, false, 'bench-m' || g, '', '',
       'm' || g || '@bench.example', false, true, %(joined)s
FROM generate_series(%(lo)s, %(hi)s) AS g
"""

# Member g: odd g is the self member of account (g + 1) / 2 (aged 26–55), even g a child
# of account g / 2 (aged 3–16).
MEMBERS_SQL = """
INSERT INTO members_member (id, account_id, relation, full_name, national_id_hash,
                            national_id_masked, birth_date, phone, email, city,
                            fraud_found, created_at)
SELECT %(m)s + g, %(u)s + (g + 1) / 2,
       CASE WHEN g %% 2 = 1 THEN 'self' ELSE 'child' END,
       substr(%(surnames)s, 1 + g %% 20, 1)
         || (ARRAY['伟','芳','娜','敏','静','磊','洋','艳','勇','军','杰','娟','涛','明',
                   '超','秀英','桂英','建华','晓燕','志强'])[1 + (g / 20) %% 20]
         || CASE WHEN g %% 3 = 0 THEN '' ELSE (g %% 97)::text END,
       encode(sha256(convert_to('bench-web-national-id-' || g, 'UTF8')), 'hex'),
       '330106********' || lpad((g %% 10000)::text, 4, '0'),
       CASE WHEN g %% 2 = 1 THEN %(today)s - 26 * 365 - (g * 7) %% (29 * 365)
            ELSE %(today)s - 3 * 365 - (g * 11) %% (13 * 365) END,
       '', '',
       (ARRAY['杭州','上海','北京','成都','武汉','广州','西安','南京','长沙','郑州'])[1 + g %% 10],
       false, %(joined)s
FROM generate_series(%(lo)s, %(hi)s) AS g
"""

# Every member in the critical-illness plan (joined three to four years ago; 1 in 40 has
# left since); 1 in 4 also in the transport-accident plan.
ENROLMENTS_SQL = """
INSERT INTO members_enrolment (id, member_id, plan_id, joined_at, left_at, credit_score,
                               health_declaration)
SELECT %(e)s + g, %(m)s + g, %(plan)s,
       %(joined)s - make_interval(days => g %% 365, secs => g %% 86400),
       CASE WHEN g %% 40 = 17 THEN %(left)s END,
       650 + g %% 200, %(declaration)s::jsonb
FROM generate_series(%(lo)s, %(hi)s) AS g
UNION ALL
SELECT %(e)s + %(n)s + g, %(m)s + g, %(accident)s, %(joined)s, NULL, 650 + g %% 200, '{}'::jsonb
FROM generate_series(%(lo)s, %(hi)s) AS g WHERE g %% 4 = 0
"""

JURORS_SQL = """
INSERT INTO jury_juror (id, member_id, account_id, status, qualified_at, paused_at,
                        disqualified_at, consecutive_misses, panels_sat, agreed_with_final,
                        created_at)
SELECT %(j)s + g, %(m)s + 2 * g - 1, %(u)s + g, 'qualified', %(qualified)s, NULL, NULL,
       0, 0, 0, %(qualified)s
FROM generate_series(%(lo)s, %(hi)s) AS g
"""


@dataclass
class Bases:
    user: int
    member: int
    enrolment: int
    juror: int


def max_id(cur, table: str) -> int:
    cur.execute(f"SELECT coalesce(max(id), 0) FROM {table}")
    return cur.fetchone()[0]


def build_members(size: Size, now: datetime, say) -> Bases:
    import json

    from django.db import connection, transaction

    from members.models import Plan

    plans = dict(Plan.objects.values_list("code", "id"))
    with connection.cursor() as cur:
        bases = Bases(
            user=max_id(cur, "auth_user"),
            member=max_id(cur, "members_member"),
            enrolment=max_id(cur, "members_enrolment"),
            juror=max_id(cur, "jury_juror"),
        )
        common = {
            "u": bases.user,
            "m": bases.member,
            "e": bases.enrolment,
            "j": bases.juror,
            "n": size.members,
            "today": now.date(),
            "joined": now - timedelta(days=3 * 365),
            "left": now - timedelta(days=30),
            "qualified": now - timedelta(days=200),
            "plan": plans["critical-illness"],
            "accident": plans["transport-accident"],
            "declaration": json.dumps(DECLARATION),
            "surnames": SURNAMES,
        }
        accounts = (size.members + 1) // 2
        started = time.perf_counter()
        for lo in range(1, accounts + 1, CHUNK):
            with transaction.atomic():
                cur.execute(ACCOUNTS_SQL, {**common, "lo": lo, "hi": min(lo + CHUNK - 1, accounts)})
        say(f"  {accounts:,} accounts {time.perf_counter() - started:.1f}s")
        for lo in range(1, size.members + 1, CHUNK):
            hi = min(lo + CHUNK - 1, size.members)
            with transaction.atomic():
                cur.execute(MEMBERS_SQL, {**common, "lo": lo, "hi": hi})
                cur.execute(ENROLMENTS_SQL, {**common, "lo": lo, "hi": hi})
            say(f"  members {hi:>12,} / {size.members:,}  {time.perf_counter() - started:.1f}s")
        for lo in range(1, size.jurors + 1, CHUNK):
            with transaction.atomic():
                cur.execute(
                    JURORS_SQL, {**common, "lo": lo, "hi": min(lo + CHUNK - 1, size.jurors)}
                )
        say(f"  {size.jurors:,} qualified jurors {time.perf_counter() - started:.1f}s")
        move_sequences(cur, ["auth_user", "members_member", "members_enrolment", "jury_juror"])
        cur.execute("ANALYZE auth_user, members_member, members_enrolment, jury_juror")
    return bases


def move_sequences(cur, tables: list[str]) -> None:
    for table in tables:
        cur.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"greatest((SELECT coalesce(max(id), 0) FROM {table}), 1))"
        )


# --- the prototypes, through the services ------------------------------------------------


@dataclass
class Proto:
    kind: str
    claim_id: int
    condition: str


class Prototypes:
    """One claim per kind and condition, each step through the services at its moment."""

    def __init__(self, people: People, staff: dict, anchors: Anchors, batches: dict):
        from claims.samples import sample_pdf_upload

        self.people = people
        self.investigator = staff["investigators"][0]
        self.reviewer = staff["reviewer"]
        self.finance = staff["finance"]
        self.a = anchors
        self.batches = batches  # date -> PublicityBatch
        self.pdf = sample_pdf_upload
        self.n = 0

    def build(self, kind: str, condition: str) -> Proto:
        self.n += 1
        member = self.people.person(
            f"bench-proto-{self.n:03d}", f"{SURNAMES[self.n % 20]}样{self.n}", years=30 + self.n % 9
        )
        claim = getattr(self, f"_{kind}")(member, condition)
        return Proto(kind=kind, claim_id=claim.pk, condition=condition)

    # steps

    def _file(self, member, condition, filed_at):
        from claims import services
        from core import clock

        account = member.account
        with at(filed_at):
            draft = services.draft_save(
                account=account,
                now=filed_at,
                data={
                    "member": member,
                    "plan": self.people.plan,
                    "condition_code": condition,
                    "diagnosis": DIAGNOSES[condition],
                    "hospital": HOSPITALS[self.n % len(HOSPITALS)],
                    "city": CITIES[self.n % len(CITIES)],
                    "diagnosis_date": clock.beijing_date(filed_at - timedelta(days=10)),
                },
            )
            services.draft_attach_document(
                draft=draft,
                actor=account,
                kind="medical_record",
                upload=self.pdf(f"record-{self.n}.pdf"),
                now=filed_at,
            )
            return services.claim_file(draft=draft, actor=account, now=filed_at)

    def _assign(self, claim, moment):
        from claims import services
        from core import clock

        with at(moment):
            investigation = services.investigation_assign(
                claim=claim, investigator=self.investigator, actor=self.reviewer, now=moment
            )
        visit = moment + timedelta(days=1)
        with at(visit):
            services.investigation_record_visit(
                investigation=investigation,
                actor=self.investigator,
                kind="hospital",
                visited_on=clock.beijing_date(visit),
                place=claim.hospital,
                notes="调阅住院病历、检查报告与病理切片，与申请材料一致。",
                now=visit,
            )
        return investigation

    def _sign_off(self, claim, investigation, moment, *, meets: bool):
        from claims import services
        from claims.definitions.examples import facts_meeting, facts_missing

        tree = claim.condition_definition.criteria
        with at(moment):
            services.investigation_record_facts(
                investigation=investigation,
                actor=self.investigator,
                now=moment,
                facts=facts_meeting(tree) if meets else facts_missing(tree),
                non_disclosure_found=False,
            )
        done = moment + timedelta(hours=4)
        with at(done):
            services.investigation_complete(
                investigation=investigation,
                actor=self.investigator,
                now=done,
                summary="病历、检查与病理结果已核实；加入时无未如实告知情形。",
            )

    def _decide(self, claim, moment, *, meets: bool):
        from claims import services

        with at(moment):
            return services.claim_decide(
                claim=claim,
                actor=self.reviewer,
                now=moment,
                reason="调查事实符合疾病定义。" if meets else "调查事实不符合疾病定义条款。",
            )

    def _decided(self, member, condition, published: datetime, *, meets: bool):
        """Filed two weeks before ``published``, investigated, decided the day before."""
        start = published - timedelta(days=14)
        claim = self._file(member, condition, start)
        investigation = self._assign(claim, start + timedelta(days=1))
        self._sign_off(claim, investigation, start + timedelta(days=4), meets=meets)
        return self._decide(claim, published - timedelta(days=1), meets=meets)

    def _published(self, member, condition, batch_date: date, published, *, meets: bool):
        from claims import services

        claim = self._decided(member, condition, published, meets=meets)
        with at(published):
            return services.claim_publish(
                claim=claim, batch=self.batches[batch_date], actor=self.reviewer, now=published
            )

    def _close(self, claim):
        from claims import services

        moment = claim.publicity_ends_at + timedelta(minutes=5)
        with at(moment):
            return services.claim_close_publicity(claim=claim, actor=None, now=moment)

    def _pay(self, claim, moment):
        from claims import services

        with at(moment):
            return services.claim_mark_paid(
                claim=claim,
                actor=self.finance,
                now=moment,
                payout_reference=f"BENCHPROTO{claim.pk}",
            )

    def _dispute(self, claim, moment, *, by_claimant: bool):
        from claims import services

        actor = claim.member.account
        if not by_claimant:
            actor = self.people.person(f"bench-objector-{self.n:03d}", f"异议人{self.n}").account
        with at(moment):
            return services.claim_lodge_dispute(
                claim=claim,
                actor=actor,
                now=moment,
                reason="对调查结论有异议，提交补充材料请求复核。",
            )

    def _vote_and_close(self, claim, *, pay: bool):
        """The seated jurors vote (a majority for ``pay``) and the panel closes at its
        deadline, which records the jury's result."""
        from django.contrib.auth import get_user_model

        from claims.definitions.criteria import validate
        from claims.states import Decision
        from jury.models import Panel, SeatStatus
        from jury.services.ballots import ballot_cast
        from jury.services.closing import panel_close

        panel = Panel.objects.get(claim=claim, round=1)
        keys = [c.key for c in validate(claim.condition_definition.criteria)]
        seats = list(panel.seats.filter(status=SeatStatus.OFFERED).select_related("juror"))
        voting = seats[: panel.quorum + 4]
        moment = panel.opened_at + timedelta(hours=2)
        with at(moment):
            for i, seat in enumerate(voting):
                yes = (i % 5 != 0) == pay  # four in five with the majority
                answers = {k: "met" for k in keys}
                if not yes:
                    answers[keys[0]] = "not_met"
                ballot_cast(
                    panel=panel,
                    actor=get_user_model()(pk=seat.juror.account_id),
                    clause_answers=answers,
                    verdict=Decision.APPROVE if yes else Decision.DENY,
                    reason=(REASONS_PAY if yes else REASONS_DENY)[i % 3],
                    now=moment,
                )
        with at(panel.deadline_at):
            panel_close(panel=panel, now=panel.deadline_at)
        claim.refresh_from_db()
        return claim

    def _settle(self, claim):
        from claims import services

        moment = claim.appeal_ends_at + timedelta(minutes=5)
        with at(moment):
            return services.claim_settle_jury_result(claim=claim, actor=None, now=moment)

    # kinds not yet published: filed a month ago (the clones move to their own times)

    def _filed(self, member, condition):
        return self._file(member, condition, self.a.now - timedelta(days=30))

    def _assigned(self, member, condition):
        claim = self._filed(member, condition)
        self._assign(claim, claim.filed_at + timedelta(days=1))
        return claim

    def _requested(self, member, condition):
        from claims import services

        claim = self._filed(member, condition)
        investigation = self._assign(claim, claim.filed_at + timedelta(days=1))
        moment = claim.filed_at + timedelta(days=3)
        with at(moment):
            services.investigation_request_document(
                investigation=investigation,
                actor=self.investigator,
                kind="pathology_report",
                description="请补充术后病理报告原件扫描件。",
                now=moment,
            )
        return claim

    def _ready(self, member, condition):
        claim = self._filed(member, condition)
        investigation = self._assign(claim, claim.filed_at + timedelta(days=1))
        self._sign_off(claim, investigation, claim.filed_at + timedelta(days=3), meets=True)
        return claim

    def _investigated(self, member, condition):
        claim = self._ready(member, condition)
        return self._decide(claim, claim.filed_at + timedelta(days=5), meets=True)

    def _withdrawn(self, member, condition):
        from claims import services

        claim = self._filed(member, condition)
        moment = claim.filed_at + timedelta(days=2)
        with at(moment):
            return services.claim_withdraw(
                claim=claim, actor=member.account, reason="已通过其他渠道获得救助", now=moment
            )

    # the latest batch: under notice now

    def _notice(self, member, condition):
        return self._published(
            member, condition, self.a.latest, self.a.latest_published, meets=True
        )

    def _notice_deny(self, member, condition):
        return self._published(
            member, condition, self.a.latest, self.a.latest_published, meets=False
        )

    def _disputed(self, member, condition):
        claim = self._notice(member, condition)
        return self._dispute(claim, self.a.now - timedelta(hours=2), by_claimant=False)

    def _jury_voted(self, member, condition):
        claim = self._notice(member, condition)
        claim = self._dispute(claim, claim.published_at + timedelta(hours=1), by_claimant=False)
        return self._vote_and_close(claim, pay=True)

    def _open_panel(self, member, condition):
        """A denial the claimant disputes, heard by an open panel (every juror may vote)."""
        plan = self.people.plan
        size = plan.jury_panel_size
        plan.jury_panel_size = None
        plan.save(update_fields=["jury_panel_size"])
        try:
            claim = self._notice_deny(member, condition)
            return self._dispute(claim, self.a.now - timedelta(hours=2), by_claimant=True)
        finally:
            plan.jury_panel_size = size
            plan.save(update_fields=["jury_panel_size"])

    # the previous batch: notices closed

    def _previous(self, member, condition, *, meets: bool):
        return self._published(
            member, condition, self.a.previous, self.a.previous_published, meets=meets
        )

    def _payable(self, member, condition):
        return self._close(self._previous(member, condition, meets=True))

    def _paid(self, member, condition):
        claim = self._payable(member, condition)
        return self._pay(claim, claim.publicity_ends_at + timedelta(days=2))

    def _denied(self, member, condition):
        return self._close(self._previous(member, condition, meets=False))

    def _jury_payable(self, member, condition):
        claim = self._previous(member, condition, meets=True)
        claim = self._dispute(claim, claim.published_at + timedelta(days=1), by_claimant=False)
        claim = self._vote_and_close(claim, pay=True)
        return self._settle(claim)

    def _jury_paid(self, member, condition):
        claim = self._jury_payable(member, condition)
        return self._pay(claim, claim.payable_at + timedelta(days=1))

    def _jury_denied(self, member, condition):
        claim = self._previous(member, condition, meets=False)
        claim = self._dispute(claim, claim.published_at + timedelta(days=1), by_claimant=True)
        claim = self._vote_and_close(claim, pay=False)
        return self._settle(claim)


def open_batches(a: Anchors) -> dict:
    """Every batch row, opened at 00:05 on its day as the beat does (the latest three days
    ago: it ran late, so its notices are open now)."""
    from claims import services

    batches = {}
    for day in reversed(a.batch_dates):
        moment = a.latest_published if day == a.latest else batch_published(day)
        with at(moment):
            batches[day] = services.publicity_batch_open(batch_date=day, now=moment)
    return batches


# --- 3. the clones -------------------------------------------------------------------------

PROTO_SQL = """
CREATE UNLOGGED TABLE bench_proto (
    proto bigint PRIMARY KEY, kind text NOT NULL, account_id bigint NOT NULL,
    member_id bigint NOT NULL, enrolment_id bigint NOT NULL, pub timestamptz,
    filed_at timestamptz NOT NULL, span interval NOT NULL
);
CREATE UNLOGGED TABLE bench_clone (
    clone_no bigint PRIMARY KEY, proto bigint NOT NULL, member_id bigint NOT NULL,
    enrolment_id bigint NOT NULL, account_id bigint NOT NULL, investigator_id bigint NOT NULL,
    batch_id bigint, target_pub timestamptz, filed_age interval, juror_seat boolean NOT NULL,
    shift interval, jitter interval, pub timestamptz
);
CREATE UNLOGGED TABLE bench_proto_row (
    tbl text NOT NULL, old_id bigint NOT NULL, proto bigint NOT NULL, rank int NOT NULL,
    PRIMARY KEY (tbl, old_id)
);
"""


def cloned_models() -> list[tuple]:
    """(model, SQL giving the prototype claim of row ``t``), parents before children."""
    from claims.models import (
        Claim,
        ClaimDocument,
        ClaimDraft,
        ClaimEvent,
        DocumentRequest,
        Investigation,
        InvestigationVisit,
    )
    from jury.models import Ballot, Panel, PanelEvent, Seat

    via_investigation = (
        "(SELECT i.claim_id FROM claims_investigation i WHERE i.id = t.investigation_id)"
    )
    via_panel = "(SELECT p.claim_id FROM jury_panel p WHERE p.id = t.panel_id)"
    return [
        (Claim, "t.id"),
        (ClaimDraft, "t.claim_id"),
        (
            ClaimDocument,
            "coalesce(t.claim_id, "
            "(SELECT d.claim_id FROM claims_claimdraft d WHERE d.id = t.draft_id))",
        ),
        (ClaimEvent, "t.claim_id"),
        (Investigation, "t.claim_id"),
        (InvestigationVisit, via_investigation),
        (DocumentRequest, via_investigation),
        (Panel, "t.claim_id"),
        (Seat, via_panel),
        (Ballot, via_panel),
        (PanelEvent, via_panel),
    ]


# A reference for clone id n: "HZ" and 8 characters of the claims' alphabet, from n times a
# number prime to 31 modulo 31^8 (a bijection), so references look random and never repeat.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def reference_sql(n: str) -> str:
    scrambled = f"(({n}) * 387420489 + 12345) % 852891037441"
    digits = " || ".join(
        f"substr('{ALPHABET}', (1 + (({scrambled}) / {31**k}) % 31)::int, 1)"
        for k in range(7, -1, -1)
    )
    return f"'HZ' || {digits}"


class Cloner:
    def __init__(self, cur, *, investigator_id: int, juror_base: int, jurors: int, juror_id: int):
        self.cur = cur
        self.investigator_id = investigator_id
        self.juror_base = juror_base
        self.jurors = jurors
        self.juror_id = juror_id
        self.models = cloned_models()
        self.label = {m: m._meta.db_table for m, _ in self.models}
        self.base: dict = {}
        self.per_proto: dict = {}

    def rank_rows(self) -> None:
        for model, proto in self.models:
            table = model._meta.db_table
            self.cur.execute(
                f"INSERT INTO bench_proto_row (tbl, old_id, proto, rank) "
                f"SELECT %s, t.id, {proto}, "
                f"  (row_number() OVER (PARTITION BY {proto} ORDER BY t.id) - 1)::int "
                f"FROM {table} t WHERE {proto} IN (SELECT proto FROM bench_proto)",
                [table],
            )
            self.cur.execute(
                "SELECT coalesce(max(rank) + 1, 0) FROM bench_proto_row WHERE tbl = %s", [table]
            )
            self.per_proto[model] = self.cur.fetchone()[0]
            self.base[model] = max_id(self.cur, table) + 1
        self.cur.execute("ANALYZE bench_proto_row")

    def _moved(self, column: str, kind: str) -> str:
        """A time (or date) of the prototype, moved to the clone."""
        before = f"(c.pub IS NOT NULL AND t.{column} < c.pub)"
        if kind == "DateTimeField":
            return f"t.{column} + c.shift - CASE WHEN {before} THEN c.jitter ELSE interval '0' END"
        # a date: moved by the same whole days
        days = (
            f"floor(extract(epoch FROM c.shift - CASE WHEN (c.pub IS NOT NULL AND "
            f"t.{column} < (c.pub AT TIME ZONE 'Asia/Shanghai')::date) THEN c.jitter "
            "ELSE interval '0' END) / 86400)::int"
        )
        return f"t.{column} + {days}"

    def _select(self, model) -> tuple[list[str], list[str], list[str]]:
        from django.contrib.auth import get_user_model

        from claims.models import Claim, PublicityBatch
        from jury.models import Ballot, Juror, Seat
        from members.models import Enrolment, Member

        columns, exprs, joins = [], [], []
        user_model = get_user_model()
        for f in model._meta.concrete_fields:
            col = f.column
            columns.append(col)
            kind = f.get_internal_type()
            if f.primary_key:
                exprs.append(f"{self.base[model]} + c.clone_no * {self.per_proto[model]} + r.rank")
            elif f.is_relation and f.related_model in self.base:
                target = f.related_model
                alias = f"r_{col}"
                joins.append(
                    f"LEFT JOIN bench_proto_row {alias} ON {alias}.tbl = "
                    f"'{target._meta.db_table}' AND {alias}.old_id = t.{col}"
                )
                exprs.append(
                    f"CASE WHEN {alias}.rank IS NULL THEN t.{col} ELSE {self.base[target]} + "
                    f"c.clone_no * {self.per_proto[target]} + {alias}.rank END"
                )
            elif f.is_relation and f.related_model is user_model:
                exprs.append(
                    f"CASE t.{col} WHEN p.account_id THEN c.account_id "
                    f"WHEN {self.investigator_id} THEN c.investigator_id ELSE t.{col} END"
                )
            elif f.is_relation and f.related_model is Member:
                exprs.append(f"CASE t.{col} WHEN p.member_id THEN c.member_id ELSE t.{col} END")
            elif f.is_relation and f.related_model is Enrolment:
                exprs.append(
                    f"CASE t.{col} WHEN p.enrolment_id THEN c.enrolment_id ELSE t.{col} END"
                )
            elif f.is_relation and f.related_model is PublicityBatch:
                exprs.append(f"CASE WHEN t.{col} IS NULL THEN NULL ELSE c.batch_id END")
            elif f.is_relation and f.related_model is Juror:
                if model is Seat:
                    order = "t.draw_order"
                elif model is Ballot:
                    order = (
                        "(SELECT s.draw_order FROM jury_seat s "
                        "WHERE s.panel_id = t.panel_id AND s.juror_id = t.juror_id)"
                    )
                else:
                    raise AssertionError(f"{model.__name__}.{col}: no juror mapping")
                exprs.append(
                    f"CASE WHEN c.juror_seat AND {order} = 1 THEN {self.juror_id} ELSE "
                    f"{self.juror_base} + 1 + ((c.clone_no * 37 + {order}) % {self.jurors}) END"
                )
            elif kind in ("DateTimeField", "DateField"):
                exprs.append(self._moved(col, kind))
            else:
                exprs.append(f"t.{col}")
        if model is Claim:
            self._claim_columns(columns, exprs, joins)
        return columns, exprs, joins

    def _claim_columns(self, columns, exprs, joins) -> None:
        """The clone's reference, payout reference, age at diagnosis and benefit."""
        new_id = exprs[columns.index("id")]
        diagnosed = exprs[columns.index("diagnosis_date")]
        age = f"date_part('year', age({diagnosed}, nm.birth_date))::int"
        joins += [
            "JOIN members_member nm ON nm.id = c.member_id",
            f"JOIN members_benefitband nb ON nb.plan_id = t.plan_id AND {age} "
            "BETWEEN nb.min_age AND nb.max_age",
            "JOIN members_benefitband pb ON pb.plan_id = t.plan_id AND t.age_at_diagnosis "
            "BETWEEN pb.min_age AND pb.max_age",
        ]
        benefit = "round(nb.amount * t.benefit_amount / pb.amount, 2)"
        exprs[columns.index("reference")] = reference_sql(new_id)
        exprs[columns.index("payout_reference")] = (
            f"CASE WHEN t.payout_reference = '' THEN '' ELSE 'BENCH' || ({new_id}) END"
        )
        exprs[columns.index("age_at_diagnosis")] = age
        exprs[columns.index("benefit_amount")] = benefit
        exprs[columns.index("approved_amount")] = (
            f"round(t.approved_amount * {benefit} / t.benefit_amount, 2)"
        )

    def clone(self, lo: int, hi: int) -> dict[str, int]:
        rows = {}
        for model, _proto in self.models:
            if not self.per_proto[model]:
                continue
            table = model._meta.db_table
            columns, exprs, joins = self._select(model)
            # The generated expressions hold no parameters: their "%" are operators.
            select = f"SELECT {', '.join(exprs)} ".replace("%", "%%")
            self.cur.execute(
                f"INSERT INTO {table} ({', '.join(columns)}) "
                f"{select}"
                "FROM bench_clone c "
                "JOIN bench_proto p ON p.proto = c.proto "
                "JOIN bench_proto_row r ON r.tbl = %s AND r.proto = c.proto "
                f"JOIN {table} t ON t.id = r.old_id "
                f"{' '.join(joins).replace('%', '%%')} "
                "WHERE c.clone_no BETWEEN %s AND %s",
                [table, lo, hi],
            )
            rows[table] = self.cur.rowcount
        return rows

    def claim_count_check(self, lo: int, hi: int, inserted: int) -> None:
        expected = hi - lo + 1
        if inserted != expected:
            raise RuntimeError(
                f"cloned {inserted} claims for {expected} clones: a clone's member has no "
                "benefit band for its age at diagnosis"
            )


@dataclass
class Group:
    kind: str
    count: int
    batches: list[int] | None  # batch ids the clones cycle through (None: unpublished)


def plan_groups(size: Size, a: Anchors, batches: dict, bulk: int) -> list[Group]:
    """How many clones of each kind, and in which batches."""
    unpublished = {k: w for k, (where, w) in KINDS.items() if where == "unpublished"}
    latest = {k: w for k, (where, w) in KINDS.items() if where == "latest"}
    older = {k: w for k, (where, w) in KINDS.items() if where == "older"}
    ids = [batches[d].pk for d in a.batch_dates]  # newest first
    groups = [Group(k, int(bulk * w), None) for k, w in unpublished.items()]
    large = min(size.large_batch, bulk // 4)
    groups += [Group(k, max(1, int(large * w)), [ids[0]]) for k, w in latest.items()]
    payable = max(2, int(bulk * KINDS["payable"][1]))
    groups.append(Group("payable", payable // 2, [ids[1]]))
    groups.append(Group("payable", payable - payable // 2, [ids[2]]))
    groups.append(Group("jury_payable", max(1, int(bulk * KINDS["jury_payable"][1])), [ids[1]]))
    left = bulk - sum(g.count for g in groups)
    total = sum(older.values())
    for k, w in older.items():
        groups.append(Group(k, int(left * w / total), ids[1:]))
    groups[-1 if groups[-1].kind == "jury_denied" else 0].count += bulk - sum(
        g.count for g in groups
    )
    return [g for g in groups if g.count > 0]


def fill_clone_plan(cur, *, groups, protos, size, bases, investigators, claimant_rows, a) -> int:
    """One bench_clone row per clone: its prototype, member, account, investigator, batch."""
    by_kind: dict[str, list[int]] = {}
    for p in protos:
        by_kind.setdefault(p.kind, []).append(p.claim_id)
    stride = max(1, size.members // max(1, sum(g.count for g in groups)))
    clone_no = 0
    for g in groups:
        # Clone n is on member 1 + n × stride (a different member each), its account, and
        # the plan's enrolment of that member; batches and investigators taken in turn.
        batch = (
            "NULL::bigint"
            if g.batches is None
            else "(%(batches)s::bigint[])[1 + n %% %(nbatches)s]"
        )
        cur.execute(
            f"""
            INSERT INTO bench_clone (clone_no, proto, member_id, enrolment_id, account_id,
                                     investigator_id, batch_id, target_pub, filed_age,
                                     juror_seat)
            SELECT n, (%(protos)s::bigint[])[1 + n %% %(nprotos)s],
                   %(m)s + 1 + n * %(stride)s, %(e)s + 1 + n * %(stride)s,
                   %(u)s + (2 + n * %(stride)s) / 2,
                   (%(investigators)s::bigint[])[1 + n %% %(ninv)s],
                   {batch},
                   (SELECT published_at FROM claims_publicitybatch b WHERE b.id = {batch}),
                   CASE WHEN n %% 4 = 0  -- a quarter: investigations due in the next 3 days
                        THEN make_interval(days => 12, secs => (n * 2654435761) %% 86400)
                        ELSE make_interval(secs => 3600 + (n * 2654435761) %% (40 * 86400)) END,
                   false
            FROM generate_series(%(lo)s, %(hi)s) AS n
            """,
            {
                "protos": by_kind[g.kind],
                "nprotos": len(by_kind[g.kind]),
                "m": bases.member,
                "e": bases.enrolment,
                "u": bases.user,
                "stride": stride,
                "investigators": investigators,
                "ninv": len(investigators),
                "batches": g.batches or [],
                "nbatches": len(g.batches or [1]),
                "lo": clone_no,
                "hi": clone_no + g.count - 1,
            },
        )
        clone_no += g.count
    # The claimant's clones: its own members, one kind after another.
    for row in claimant_rows:
        row = {**row, "n": clone_no}
        cur.execute(
            """
            INSERT INTO bench_clone (clone_no, proto, member_id, enrolment_id, account_id,
                                     investigator_id, batch_id, target_pub, filed_age,
                                     juror_seat)
            VALUES (%(n)s, %(proto)s, %(member)s, %(enrolment)s, %(account)s,
                    %(investigator)s, %(batch)s,
                    (SELECT published_at FROM claims_publicitybatch WHERE id = %(batch)s),
                    make_interval(secs => 3600 + (%(n)s * 2654435761) %% (40 * 86400)), false)
            """,
            row,
        )
        clone_no += 1
    # The juror holds a seat on a few open panels and a few closed ones.
    cur.execute(
        """
        UPDATE bench_clone SET juror_seat = true WHERE clone_no IN (
            SELECT clone_no FROM (
                SELECT c.clone_no,
                       row_number() OVER (PARTITION BY p.kind ORDER BY c.clone_no) AS nth
                FROM bench_clone c JOIN bench_proto p ON p.proto = c.proto
                WHERE p.kind IN ('disputed', 'jury_voted', 'jury_paid', 'jury_denied')
            ) first WHERE nth <= 3)
        """
    )
    # Times: a published clone moves with its batch (times before publication also by a
    # jitter of up to 3 days); an unpublished one to a filing time 1 hour to 40 days ago.
    cur.execute(
        """
        UPDATE bench_clone c SET
            pub = p.pub,
            shift = CASE WHEN c.target_pub IS NOT NULL THEN c.target_pub - p.pub
                         ELSE (%(now)s - p.span - c.filed_age) - p.filed_at END,
            jitter = CASE WHEN c.target_pub IS NOT NULL
                          THEN make_interval(secs => (c.clone_no * 104729) %% (3 * 86400))
                          ELSE interval '0' END
        FROM bench_proto p WHERE p.proto = c.proto
        """,
        {"now": a.now},
    )
    cur.execute("ANALYZE bench_clone")
    return clone_no


# --- 4. the open panel's ballots -----------------------------------------------------------

BALLOTS_SQL = """
INSERT INTO jury_ballot (panel_id, juror_id, clause_answers, verdict, reason,
                         contradicts_clauses, contradiction_note, cast_at, updated_at)
SELECT %(panel)s, %(j)s + g,
       CASE WHEN g %% 9 < 5 THEN %(pay)s::jsonb ELSE %(deny)s::jsonb END,
       CASE WHEN g %% 9 < 5 THEN 'approve' ELSE 'deny' END,
       CASE WHEN g %% 9 < 5 THEN (%(reasons_pay)s::text[])[1 + g %% 3]
            ELSE (%(reasons_deny)s::text[])[1 + g %% 3] END || ' #' || (g %% 997),
       false, '',
       %(opened)s + make_interval(secs => g %% 70000),
       %(opened)s + make_interval(secs => g %% 70000)
FROM generate_series(%(lo)s, %(hi)s) AS g
"""


def open_panel_ballots(cur, *, panel, ballots: int, juror_base: int, say) -> None:
    import json

    from claims.definitions.criteria import validate

    keys = [c.key for c in validate(panel.claim.condition_definition.criteria)]
    pay = {k: "met" for k in keys}
    deny = {**pay, keys[0]: "not_met"}
    for lo in range(1, ballots + 1, CHUNK):
        cur.execute(
            BALLOTS_SQL,
            {
                "panel": panel.pk,
                "j": juror_base,
                "pay": json.dumps(pay),
                "deny": json.dumps(deny),
                "reasons_pay": REASONS_PAY,
                "reasons_deny": REASONS_DENY,
                "opened": panel.opened_at,
                "lo": lo,
                "hi": min(lo + CHUNK - 1, ballots),
            },
        )


# --- 5. sharing periods ----------------------------------------------------------------------


def sharing_periods(a: Anchors, batches: dict, plan, say) -> None:
    """The periods of the two batches before the latest, as the beat opens them when
    their windows close; the older one's payouts are issued on their due day."""
    from core import clock
    from sharing import services as sharing
    from sharing.services.payouts import payouts_issue_due

    for day, issue in ((a.batch_dates[2], True), (a.batch_dates[1], False)):
        batch = batches[day]
        moment = batch.window_ends_at + timedelta(minutes=10)
        with at(moment):
            period = sharing.sharing_period_open(
                plan=plan, sharing_day=day, batch=batch, now=moment
            )
            sharing.sharing_period_write_shares(period=period, now=moment)
            period = sharing.sharing_period_complete(period=period, now=moment)
        say(
            f"  period {day}: {period.cases_count} cases, {period.members_count:,} members "
            f"share ¥{period.share}"
        )
        if issue:
            due = clock.beijing_start_of_day(period.payouts_due_on) + timedelta(hours=10)
            with at(due):
                while payouts_issue_due(now=due):
                    pass


# --- the whole build ---------------------------------------------------------------------------


def build(size: Size, *, say: Callable[..., None] = print) -> dict[str, float]:
    """Fill the (migrated, empty) default database. Returns each step's seconds."""
    from django.db import connection, transaction

    from claims.models import Claim, PublicityBatch
    from core import clock
    from jury.models import Juror, Panel
    from members.models import Enrolment, Plan

    size.check()
    steps: dict[str, float] = {}

    def step(name):
        @contextmanager
        def run():
            say(f"{name} …")
            started = time.perf_counter()
            yield
            steps[name] = round(time.perf_counter() - started, 1)
            say(f"{name}: {steps[name]}s")

        return run()

    now = clock.now()
    plan = Plan.objects.get(code="critical-illness")
    a = anchors(now, size.batches)
    people = People(now, plan)
    with step("people (services)"):
        staff = make_staff(people, size)
        claimant_members = make_claimant(people, size)
        make_juror(people)
    with step("members and jurors (generate_series)"):
        bases = build_members(size, now, say)
    protos: list[Proto] = []
    with step("prototype claims (services)"):
        batches = open_batches(a)
        maker = Prototypes(people, staff, a, batches)
        for kind in KINDS:
            for condition in CONDITIONS[: size.conditions]:
                protos.append(maker.build(kind, condition))
        open_proto = maker.build("open_panel", CONDITIONS[0])
        say(f"  {len(protos) + 1} prototypes")
    juror = Juror.objects.get(account__username=JUROR)
    bulk = size.claims - len(protos) - 1 - size.claimant_claims
    groups = plan_groups(size, a, batches, bulk)
    with step("clones (INSERT … SELECT)"), connection.cursor() as cur:
        cur.execute(PROTO_SQL)
        for p in protos:
            claim = Claim.objects.get(pk=p.claim_id)
            cur.execute(
                """
                INSERT INTO bench_proto
                SELECT %s, %s, %s, %s, %s, %s, %s,
                       coalesce((SELECT max(created_at) FROM claims_claimevent
                                 WHERE claim_id = %s), %s) - %s
                """,
                [
                    claim.pk,
                    p.kind,
                    claim.member.account_id,
                    claim.member_id,
                    claim.enrolment_id,
                    claim.published_at,
                    claim.filed_at,
                    claim.pk,
                    claim.filed_at,
                    claim.filed_at,
                ],
            )
        claimant_rows = claimant_clone_rows(protos, claimant_members, batches, a, staff, size)
        clones = fill_clone_plan(
            cur,
            groups=groups,
            protos=protos,
            size=size,
            bases=bases,
            investigators=[u.pk for u in staff["investigators"]],
            claimant_rows=claimant_rows,
            a=a,
        )
        cloner = Cloner(
            cur,
            investigator_id=staff["investigators"][0].pk,
            juror_base=bases.juror,
            jurors=size.jurors,
            juror_id=juror.pk,
        )
        cloner.rank_rows()
        started = time.perf_counter()
        for lo in range(0, clones, 20_000):
            hi = min(lo + 20_000, clones) - 1
            with transaction.atomic():
                rows = cloner.clone(lo, hi)
            cloner.claim_count_check(lo, hi, rows["claims_claim"])
            say(
                f"  claims {hi + 1:>10,} / {clones:,}  {time.perf_counter() - started:.1f}s "
                f"({sum(rows.values()):,} rows)"
            )
        move_sequences(cur, [m._meta.db_table for m, _ in cloner.models])
        cur.execute(
            "UPDATE claims_publicitybatch b SET claims_count = "
            "(SELECT count(*) FROM claims_claim c WHERE c.publicity_batch_id = b.id)"
        )
        cur.execute("DROP TABLE bench_clone, bench_proto, bench_proto_row")
    with step(f"open panel's {size.ballots:,} ballots (INSERT … SELECT)"):
        panel = Panel.objects.select_related("claim__condition_definition").get(
            claim_id=open_proto.claim_id
        )
        with transaction.atomic(), connection.cursor() as cur:
            open_panel_ballots(
                cur, panel=panel, ballots=size.ballots, juror_base=bases.juror, say=say
            )
            move_sequences(cur, ["jury_ballot"])
    with step("sharing periods (services)"):
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
        sharing_periods(a, batches, plan, say)
    with step("VACUUM ANALYZE"), connection.cursor() as cur:
        # VACUUM cannot run in a transaction (a test's): ANALYZE alone then.
        cur.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
    say(
        f"  {Claim.objects.count():,} claims, {PublicityBatch.objects.count()} batches, "
        f"{Enrolment.objects.count():,} enrolments"
    )
    return steps


def claimant_clone_rows(protos, members, batches, a: Anchors, staff, size: Size) -> list[dict]:
    """The claimant's claims: kinds in turn, member i % M, condition (i // M) % C (so one
    open claim per member and condition), in their kinds' batches."""
    from members.models import Enrolment

    by = {(p.kind, p.condition): p.claim_id for p in protos}
    kinds = list(KINDS)
    ids = [batches[d].pk for d in a.batch_dates]
    enrolments = dict(
        Enrolment.objects.filter(member__in=members, plan__code="critical-illness").values_list(
            "member_id", "id"
        )
    )
    rows = []
    for i in range(size.claimant_claims):
        member = members[i % len(members)]
        condition = CONDITIONS[(i // len(members)) % size.conditions]
        kind = kinds[i % len(kinds)]
        where = KINDS[kind][0]
        batch = {
            "unpublished": None,
            "latest": ids[0],
            "previous": ids[1],
            "payable": ids[1],
            "older": ids[1 + i % (len(ids) - 1)],
        }[where]
        rows.append(
            {
                "proto": by[(kind, condition)],
                "member": member.pk,
                "enrolment": enrolments[member.pk],
                "account": member.account_id,
                "investigator": staff["investigators"][0].pk,
                "batch": batch,
            }
        )
    return rows


# --- what the load requests ----------------------------------------------------------------


def api_claims_page_url(page: int) -> str:
    """The staff API's claims list at its ``page``-th page, reached as a client reaches
    it: by following ``next`` from the first page (the list is paged by cursor and has
    no page numbers), with the API's own paginator."""
    from urllib.parse import urlsplit

    from rest_framework.request import Request
    from rest_framework.test import APIRequestFactory

    from claims.api.views import ClaimCursorPagination
    from claims.models import Claim

    url = "/api/v1/claims/"
    for _ in range(page - 1):
        paginator = ClaimCursorPagination()
        paginator.paginate_queryset(Claim.objects.all(), Request(APIRequestFactory().get(url)))
        parts = urlsplit(paginator.get_next_link())
        url = f"{parts.path}?{parts.query}"
    return url


def targets(*, sample: int = 200) -> dict:
    """What the load requests, found in a built database (so it can be reused)."""
    from django.db.models.functions import Mod

    from claims.models import Claim, PublicityBatch
    from jury.models import Juror, Panel, PanelStatus, SeatStatus
    from sharing.models import SharingPeriod

    claimant_refs = list(
        Claim.objects.filter(member__account__username=CLAIMANT)
        .order_by("-filed_at")
        .values_list("reference", flat=True)
    )
    step = max(1, Claim.objects.count() // sample)
    # Every ``step``-th claim by id: a sample across states and ages (index-only scan).
    case_refs = list(
        Claim.objects.alias(r=Mod("id", step))
        .filter(r=0)
        .order_by("id")
        .values_list("reference", flat=True)[:sample]
    )
    large = PublicityBatch.objects.order_by("-claims_count").first()
    juror = Juror.objects.get(account__username=JUROR)
    seated = list(
        Panel.objects.filter(
            seats__juror=juror, seats__status__in=[SeatStatus.OFFERED, SeatStatus.VOTED]
        )
        .order_by("-status", "id")
        .values_list("id", flat=True)
    )
    open_panel = (
        Panel.objects.filter(size__isnull=True, status=PanelStatus.OPEN)
        .order_by("-id")
        .values_list("id", flat=True)
        .first()
    )
    search = Claim.objects.filter(member__account__username=CLAIMANT).first()
    return {
        "api_claims_page3": api_claims_page_url(3),
        "logins": {
            role: {"username": name, "password": password(name)}
            for role, name in (
                ("claimant", CLAIMANT),
                ("juror", JUROR),
                ("investigator", INVESTIGATOR),
                ("reviewer", REVIEWER),
                ("finance", FINANCE),
            )
        },
        "claimant_refs": claimant_refs,
        "case_refs": case_refs,
        "large_batch": large.batch_date.isoformat(),
        "large_batch_claims": large.claims_count,
        "seated_panels": seated,
        "open_panel": open_panel,
        "periods": list(
            SharingPeriod.objects.order_by("-sharing_day").values_list("id", flat=True)
        ),
        "search_name": search.member.full_name[:2] if search else "",
        "search_reference": search.reference[:6] if search else "",
        "plan_id": search.plan_id if search else None,
        "condition": CONDITIONS[0],
    }
