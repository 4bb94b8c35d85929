"""Load the demo data set: plans (by migration), staff for each role, a few hundred
members, and claims in every state, all made through the services. Idempotent."""

from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Q

from claims import rules as claim_rules
from claims import scenarios, services
from claims.models import Claim
from claims.samples import sample_pdf_upload
from claims.states import ClaimState
from core import clock
from core.errors import RuleViolation
from core.identifiers import identifier_check_digit
from jury.scenarios import juror_qualify
from members.models import Member, Plan, Relation
from members.services import enrolment_join, member_add
from sharing import services as sharing
from sharing.models import SharingPeriod

STAFF = [
    ("admin", "admin12345", None, True),
    ("investigator", "investigator12345", "investigator", False),
    ("reviewer", "reviewer12345", "reviewer", False),
    ("finance", "finance12345", "finance", False),
    # Announcing a shutdown takes two operators: one proposes, the other confirms.
    ("operator", "operator12345", "operator", False),
    ("operator2", "operator212345", "operator", False),
]
CLAIMANT = ("demo", "demo12345")
JUROR = ("juror", "juror12345")
DEMO_JURORS = 30  # with the demo juror: a full 31-seat panel for the disputed claim
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "磊",
    "洋",
    "艳",
    "勇",
    "军",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀英",
    "桂英",
    "建华",
    "晓燕",
    "志强",
]
CITIES = ["杭州", "上海", "北京", "成都", "武汉", "广州", "西安", "南京", "长沙", "郑州"]
HOSPITALS = [
    "浙江大学医学院附属第一医院",
    "复旦大学附属中山医院",
    "北京协和医院",
    "四川大学华西医院",
    "华中科技大学同济医学院附属同济医院",
]
DIAGNOSES = {
    "malignant_tumour": "右肺上叶腺癌（病理确诊，pT2aN1M0）",
    "acute_myocardial_infarction": "急性前壁ST段抬高型心肌梗死，肌钙蛋白升高超过参考上限15倍",
    "stroke_sequelae": "脑梗死后遗症，左侧肢体肌力2级",
    "deep_coma": "重型颅脑损伤后昏迷，GCS评分4分",
    "chronic_kidney_failure": "慢性肾脏病5期，规律血液透析",
    "aplastic_anaemia": "重型再生障碍性贫血，中性粒细胞0.3×10⁹/L",
    "organ_transplant": "肝移植术后",
}
PLAN_STATES = [
    "filed",
    "filed_assigned",
    "filed_ready",
    "investigated",
    "publicised_open",
    "publicised_payable",
    "disputed",
    "jury_voted",
    "jury_settled",
    "paid",
    "paid",
    "denied",
    "denied_by_jury",
    "withdrawn",
]
OPEN_NOTICE = ("publicised_open", "disputed")  # in the latest batch, under notice now
CONDITIONS = [
    "malignant_tumour",
    "acute_myocardial_infarction",
    "stroke_sequelae",
    "deep_coma",
    "chronic_kidney_failure",
]
DECLARATION = {
    "serious_illness_history": False,
    "current_treatment": False,
    "abnormal_results": False,
}


def national_id(birth: date, seq: int) -> str:
    first17 = f"330106{birth:%Y%m%d}{seq % 1000:03d}"
    return first17 + identifier_check_digit(first17)


def demo_pdf(title: str) -> SimpleUploadedFile:
    return sample_pdf_upload(f"{title}.pdf")


class Command(BaseCommand):
    help = "Load the demo data set (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=300)
        parser.add_argument(
            "--staff-only",
            action="store_true",
            help="only the staff logins (for a database the wind-down simulation fills)",
        )

    def handle(self, *args, members: int, staff_only: bool = False, **options):
        User = get_user_model()
        now = clock.now()
        for username, password, group, superuser in STAFF:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "is_staff": True,
                    "is_superuser": superuser,
                    "email": f"{username}@example.org",
                },
            )
            if created:
                user.set_password(password)
                user.save()
            if group:
                user.groups.add(Group.objects.get(name=group))
        if staff_only:
            self.stdout.write("Staff logins (user / password):")
            for username, password, group, _ in STAFF:
                self.stdout.write(f"  {group or 'superuser':<13} {username} / {password}")
            return
        demo, created = User.objects.get_or_create(
            username=CLAIMANT[0], defaults={"email": "demo@example.org"}
        )
        if created:
            demo.set_password(CLAIMANT[1])
            demo.save()

        if Claim.objects.filter(member__account=demo).exists():
            self.stdout.write("Demo data already loaded.")
            self._print_logins()
            return
        with transaction.atomic():  # all or nothing: a failed load leaves nothing half-done
            plan = Plan.objects.get(code="critical-illness")
            joined = now - timedelta(days=400)
            family = self._demo_family(demo, plan, joined)
            others = self._crowd(members - len(family), plan, joined)
            self._jurors(others, plan, joined, now)
            self._claims(demo, family, others, now)
            self._refused_draft(demo, now)
            self._sharing_period(now)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data loaded: {Member.objects.count()} members, "
                f"{Claim.objects.count()} claims."
            )
        )
        self._print_logins()

    def _jurors(self, others, plan, joined, now):
        """A juror login that passed the exam through the services, and 30 more jurors
        from the crowd (members not party to any demo claim)."""
        User = get_user_model()
        account, created = User.objects.get_or_create(
            username=JUROR[0], defaults={"email": "juror@example.org"}
        )
        if created:
            account.set_password(JUROR[1])
            account.save()
        member = member_add(
            account=account,
            relation=Relation.SELF,
            full_name="王陪审",
            national_id=national_id(date(1985, 8, 8), 977),
            birth_date=date(1985, 8, 8),
            city="杭州",
            now=joined,
        )
        enrolment_join(
            member=member,
            plan=plan,
            credit_score=700,
            health_declaration=DECLARATION,
            actor=account,
            now=joined,
        )
        for candidate in [member, *others[100 : 100 + DEMO_JURORS]]:
            juror_qualify(candidate, now=now)

    def _demo_family(self, demo, plan, joined):
        people = [
            (Relation.SELF, "李明", date(1990, 5, 12)),
            (Relation.CHILD, "李小雨", date(2016, 3, 3)),
            (Relation.PARENT, "李建国", date(1972, 11, 30)),
        ]
        family = []
        for i, (relation, name, birth) in enumerate(people):
            member = member_add(
                account=demo,
                relation=relation,
                full_name=name,
                national_id=national_id(birth, 900 + i),
                birth_date=birth,
                phone="13800000000",
                email="demo@example.org",
                city="杭州",
                now=joined,
            )
            enrolment_join(
                member=member,
                plan=plan,
                credit_score=720,
                health_declaration=DECLARATION,
                actor=demo,
                now=joined,
            )
            family.append(member)
        return family

    def _crowd(self, count, plan, joined):
        User = get_user_model()
        crowd = []
        for i in range(count):
            user, _ = User.objects.get_or_create(username=f"member{i:04d}")
            birth = date(1970 + i % 35, 1 + i % 12, 1 + i % 28)
            name = SURNAMES[i % len(SURNAMES)] + GIVEN[(i * 7) % len(GIVEN)]
            member = member_add(
                account=user,
                relation=Relation.SELF,
                full_name=name,
                national_id=national_id(birth, i),
                birth_date=birth,
                city=CITIES[i % len(CITIES)],
                now=joined,
            )
            enrolment_join(
                member=member,
                plan=plan,
                credit_score=650 + i % 200,
                health_declaration=DECLARATION,
                actor=user,
                now=joined + timedelta(days=i % 30),
            )
            crowd.append(member)
        return crowd

    def _file(self, member, condition, diagnosed, filed_at, *, index):
        account = member.account
        draft = services.draft_save(
            account=account,
            now=filed_at,
            data={
                "member": member,
                "plan": member.enrolments.first().plan,
                "condition_code": condition,
                "diagnosis": DIAGNOSES.get(condition, "见出院小结"),
                "hospital": HOSPITALS[index % len(HOSPITALS)],
                "city": CITIES[index % len(CITIES)],
                "diagnosis_date": diagnosed,
            },
        )
        services.draft_attach_document(
            draft=draft,
            actor=account,
            kind="medical_record",
            upload=demo_pdf(f"record-{index}"),
            now=filed_at,
        )
        return services.claim_file(draft=draft, actor=account, now=filed_at)

    def _investigate(self, claim, approve, at):
        """Assign, visit, record facts (meeting or missing the definition), sign off,
        decide on the evaluator's proposal: a day apart, decided at ``at``."""
        User = get_user_model()
        day = timedelta(days=1)
        return scenarios.claim_decided(
            claim,
            investigator=User.objects.get(username="investigator"),
            reviewer=User.objects.get(username="reviewer"),
            meets=approve,
            assigned_at=at - 3 * day,
            now=at - 2 * day,
            signed_off_at=at - day,
            decided_at=at,
            notes="调阅住院病历、检查报告与病理切片，与申请材料一致。",
            summary="病历、检查与病理结果已核实；加入时无未如实告知情形。",
            reason="调查事实符合疾病定义。" if approve else "调查事实不符合疾病定义条款。",
        )

    def _claims(self, demo, family, others, now):
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
        # The demo account: one claim per interesting state.
        self._file(
            family[1], "aplastic_anaemia", clock.beijing_date(now - 5 * day), now - 2 * day, index=1
        )
        tumour = self._file(
            family[2],
            "malignant_tumour",
            clock.beijing_date(for_recent - 20 * day),
            for_recent - 12 * day,
            index=2,
        )
        coma = self._file(
            family[0],
            "deep_coma",
            clock.beijing_date(for_recent - 24 * day),
            for_recent - 14 * day,
            index=3,
        )
        closed, waiting = [], []
        open_notice = [(tumour, "demo", True, None), (coma, "demo", False, None)]
        for i, target in enumerate(PLAN_STATES):
            claim, approve = self._other_claim(others[i], target, i, now, for_recent)
            if claim is None:
                continue
            if target == "investigated":
                waiting.append((claim, approve))
            elif target in OPEN_NOTICE:
                open_notice.append((claim, target, approve, others[-1 - i].account))
            else:
                self._investigate(claim, approve, claim.filed_at + 5 * day)
                closed.append((claim, target, approve, others[-1 - i].account))
        services.publicity_batch_publish(batch_date=earlier, now=earlier_at)
        for claim, target, approve, objector in closed:
            self._after_notice(claim, target, approve, objector, earlier_at, now)
        for claim, _target, approve, _objector in open_notice:
            self._investigate(claim, approve, for_recent)
        services.publicity_batch_publish(batch_date=recent, now=now)
        for claim, target, _approve, objector in open_notice:
            if target == "disputed":  # a member objects to the approval: the jury decides
                services.claim_lodge_dispute(
                    claim=claim,
                    actor=objector,
                    now=now,
                    reason="对调查结论有异议，认为病理结果不足以证明符合定义，请求复核。",
                )
        for claim, approve in waiting:  # decided after the latest batch began: the next one
            self._investigate(claim, approve, now)

    def _other_claim(self, member, target, i, now, for_recent):
        """A crowd member's claim, filed and taken as far as its target short of the
        decision; returns it with whether its facts meet the definition (None when the
        target is reached already)."""
        day = timedelta(days=1)
        start = for_recent - (12 + i) * day if target in OPEN_NOTICE else now - (60 + i) * day
        claim = self._file(
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
            self._assign_only(claim, ready=target == "filed_ready", start=start)
            return None, False
        return claim, target not in ("denied", "denied_by_jury")

    def _assign_only(self, claim, *, ready, start):
        User = get_user_model()
        investigator = User.objects.get(username="investigator")
        day = timedelta(days=1)
        investigation = services.investigation_assign(
            claim=claim,
            investigator=investigator,
            actor=User.objects.get(username="reviewer"),
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

    def _after_notice(self, claim, target, approve, objector, published, now):
        """A claim of the earlier batch: its notice closed, or a dispute and the jury."""
        User = get_user_model()
        reviewer = User.objects.get(username="reviewer")
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
                actor=User.objects.get(username="finance"),
                now=published + 10 * day,
                payout_reference=f"PAY{claim.pk:08d}",
            )

    def _refused_draft(self, demo, now):
        """A refused draft: diagnosed in the waiting period of a newly added family member."""
        day = timedelta(days=1)
        newborn = member_add(
            account=demo,
            relation=Relation.CHILD,
            full_name="李小星",
            national_id=national_id(date(2025, 9, 1), 950),
            birth_date=date(2025, 9, 1),
            city="杭州",
            now=now - 40 * day,
        )
        plan = Plan.objects.get(code="critical-illness")
        enrolment_join(
            member=newborn,
            plan=plan,
            credit_score=720,
            health_declaration=DECLARATION,
            actor=demo,
            now=now - 30 * day,
        )
        draft = services.draft_save(
            account=demo,
            now=now - day,
            data={
                "member": newborn,
                "plan": plan,
                "condition_code": "organ_transplant",
                "diagnosis": "demo",
                "hospital": HOSPITALS[0],
                "city": "杭州",
                "diagnosis_date": clock.beijing_date(now - 10 * day),
            },
        )
        services.draft_attach_document(
            draft=draft,
            actor=demo,
            kind="medical_record",
            upload=demo_pdf("waiting-period"),
            now=now - day,
        )
        try:
            services.claim_file(draft=draft, actor=demo, now=now - day)
        except RuleViolation as refusal:  # the refusal is the point of this draft
            self.stdout.write(f"Refused draft kept, as designed: {refusal}")

    def _sharing_period(self, now):
        """A complete sharing period with its payouts issued, through the sharing services
        (what the beat does), so /sharing/me/, /sharing/history/ and /sharing/office/
        have something to show from the start.

        Its sharing day is PAYOUT_DAYS ago, so its payouts are due today and the payout
        sweep pays them now; it takes the approvals payable by the end of that day (of a
        batch up to that day, or of none). With none, the period is today's and its
        payouts wait for their due date.
        """
        plan = Plan.objects.get(code="critical-illness")
        if SharingPeriod.objects.filter(plan=plan).exists():
            return
        day = clock.beijing_date(now) - timedelta(days=settings.PAYOUT_DAYS)
        opened = clock.beijing_end_of_day(day)
        if not _payable_by(plan, day, opened).exists():
            day, opened = clock.beijing_date(now), now
            if not _payable_by(plan, day, opened).exists():
                return
        period = sharing.sharing_period_open(plan=plan, sharing_day=day, now=opened)
        sharing.sharing_period_write_shares(period=period, now=opened)
        period = sharing.sharing_period_complete(period=period, now=opened)
        paid = sharing.payouts_issue_due(now=now)
        self.stdout.write(
            f"Sharing period of {day:%Y-%m-%d}: {period.cases_count} cases, "
            f"{period.members_count} members share {period.share} each; {paid} payouts issued."
        )

    def _print_logins(self):
        self.stdout.write("\nDemo logins (user / password):")
        self.stdout.write(f"  claimant      {CLAIMANT[0]} / {CLAIMANT[1]}   → /claims/")
        self.stdout.write(f"  juror         {JUROR[0]} / {JUROR[1]}   → /jury/")
        for username, password, group, _ in STAFF:
            where = {
                "investigator": "/office/",
                "reviewer": "/office/",
                "finance": "/sharing/office/",
                "operator": "/winddown/office/",
            }.get(group or "", "/admin/")
            self.stdout.write(f"  {group or 'superuser':<13} {username} / {password}   → {where}")


def _payable_by(plan, day: date, moment):
    """Approvals of ``plan`` payable by ``moment`` and in no period, of a batch up to
    ``day`` or of none (what a period of ``day`` opened at ``moment`` would take)."""
    return Claim.objects.filter(
        plan=plan,
        state__in=[ClaimState.PUBLICISED, ClaimState.JURY_VOTED],
        payable_at__lte=moment,
        payout__isnull=True,
    ).filter(Q(publicity_batch__isnull=True) | Q(publicity_batch__batch_date__lte=day))
