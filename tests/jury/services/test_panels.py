"""Panels: the draw, seats, secret ballots, the tally at the deadline, and the appeal."""

from datetime import date, datetime, timedelta
from unittest import mock

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Claim, ClaimEvent
from claims.states import ClaimState, Decision
from core.errors import InvalidTransition, NotPermitted, RuleViolation
from jury import rules
from jury.models import Ballot, Juror, JurorStatus, Panel, PanelStatus, SeatStatus
from jury.services import panels
from members.models import Member, Plan, Relation
from tests.factories import BEIJING, EnrolmentFactory, UserFactory, claim_in_state

pytestmark = pytest.mark.django_db
T = datetime(2025, 3, 13, 10, 0, tzinfo=BEIJING)


def qualified_jurors(n: int) -> list[Juror]:
    """n qualified jurors, each a member on an account of their own."""
    jurors = []
    for i in range(n):
        account = UserFactory()
        birth = date(1980, 1, 1) + timedelta(days=i)
        member = Member.objects.create(
            account=account,
            relation=Relation.SELF,
            full_name=f"陪{i}",
            birth_date=birth,
            national_id_hash=f"hash-{account.pk}",
            national_id_masked="11**************1X",
        )
        jurors.append(
            Juror(
                member=member,
                account=account,
                status=JurorStatus.QUALIFIED,
                qualified_at=T,
                created_at=T,
            )
        )
    return Juror.objects.bulk_create(jurors)


def juror_of(account) -> Juror:
    member = Member.objects.filter(account=account, relation=Relation.SELF).first()
    if member is None:
        member = EnrolmentFactory(member__account=account).member
    return Juror.objects.create(
        member=member, account=account, status=JurorStatus.QUALIFIED, qualified_at=T, created_at=T
    )


def disputed_claim(*, size: int | None = 5, quorum: int = 3, approve: bool = False) -> Claim:
    """A disputed claim whose panel the test opens itself (at a time of its choosing)."""
    Plan.objects.filter(code="critical-illness").update(
        jury_panel_size=size, jury_quorum=quorum, jury_voting_hours=24
    )
    with mock.patch("core.followups.followups_hand_over"):  # the follow-ups wait
        return claim_in_state(ClaimState.DISPUTED, approve=approve)


def test_a_dispute_opens_the_panel_once_it_commits(django_capture_on_commit_callbacks):
    Plan.objects.filter(code="critical-illness").update(jury_panel_size=3, jury_quorum=2)
    qualified_jurors(5)
    with django_capture_on_commit_callbacks(execute=True):
        claim = claim_in_state(ClaimState.DISPUTED, approve=False)
    panel = Panel.objects.get(claim=claim, round=1)
    assert panel.status == PanelStatus.OPEN and panel.seats.count() == 3


def appeal_heard(claim: Claim, *, actor, statement: str, now: datetime) -> Panel:
    """The appeal as it happens: the claim's service lodges it and records the jury's
    reaction as a follow-up; the follow-up is then handed over as the commit would (tasks
    run in-process) at ``now``, and the appeal panel it opened is returned."""
    from claims import services as claim_services
    from core.followups import followups_hand_over
    from core.models import FollowUp

    with time_machine.travel(now, tick=False):
        claim = claim_services.claim_lodge_appeal(
            claim=claim, actor=actor, statement=statement, now=now
        )
        waiting = FollowUp.objects.filter(
            task="jury.tasks.open_appeal_panel", args=[claim.pk], done_at__isnull=True
        )
        followups_hand_over(list(waiting.values_list("pk", flat=True)), now=now)
    return Panel.objects.get(claim=claim, round=2)


def answers(claim: Claim, value: str) -> dict[str, str]:
    from claims.definitions.criteria import validate

    return {c.key: value for c in validate(claim.condition_definition.criteria)}


def vote(panel: Panel, juror: Juror, verdict: str, claim: Claim, *, now=None):
    clause = "met" if verdict == Decision.APPROVE else "not_met"
    return panels.ballot_cast(
        panel=panel,
        actor=juror.account,
        verdict=verdict,
        clause_answers=answers(claim, clause),
        reason="On the clauses and the facts",
        now=now or T,
    )


def test_the_draw_excludes_the_parties_and_is_reproducible_from_its_seed():
    claim = disputed_claim(size=11)
    pool = qualified_jurors(40)
    claimant_juror = juror_of(claim.member.account)
    investigator_juror = juror_of(claim.investigation.investigator)
    panel = panels.panel_open(claim=claim, now=T)
    seated = list(panel.seats.values_list("juror_id", flat=True))
    assert len(seated) == 11 == len(set(seated))
    assert claimant_juror.pk not in seated and investigator_juror.pk not in seated

    replay = rules.Draw(seed=panel.seed, low=panel.draw_log["low"], high=panel.draw_log["high"])
    eligible = panels.jurors_eligible(panel)
    again = replay.take(11, lambda ids: eligible.filter(pk__in=ids).values_list("pk", flat=True))
    assert again == seated
    assert set(seated) <= {j.pk for j in pool}


def test_the_draw_never_sorts_the_juror_table_at_random():
    claim = disputed_claim(size=11)
    qualified_jurors(30)
    with CaptureQueriesContext(connection) as queries:
        panels.panel_open(claim=claim, now=T)
    sql = " ".join(q["sql"].lower() for q in queries.captured_queries)
    assert "random()" not in sql and "order by rand" not in sql


def test_a_declined_seat_is_offered_again_while_time_remains():
    claim = disputed_claim(size=5)
    qualified_jurors(20)
    panel = panels.panel_open(claim=claim, now=T)
    seat = panel.seats.first()
    panels.seat_decline(seat=seat, actor=seat.juror.account, now=T + timedelta(hours=1))
    assert panel.seats.filter(status=SeatStatus.OFFERED).count() == 5
    assert panel.seats.count() == 6
    with pytest.raises(NotPermitted):
        panels.seat_decline(seat=panel.seats.last(), actor=UserFactory(), now=T)


def test_ballots_are_one_per_juror_changeable_until_the_deadline_and_checked():
    claim = disputed_claim(size=5)
    qualified_jurors(10)
    panel = panels.panel_open(claim=claim, now=T)
    juror = panel.seats.first().juror
    first = vote(panel, juror, Decision.DENY, claim)
    changed = vote(panel, juror, Decision.APPROVE, claim, now=T + timedelta(hours=2))
    assert Ballot.objects.filter(panel=panel, juror=juror).count() == 1
    stored = Ballot.objects.get(panel=panel, juror=juror)
    assert stored.verdict == Decision.APPROVE and stored.updated_at == T + timedelta(hours=2)
    assert changed.pk == first.pk == stored.pk and changed.cast_at == stored.cast_at == T
    with pytest.raises(RuleViolation) as refusal:  # pay while every clause is "not met"
        panels.ballot_cast(
            panel=panel,
            actor=juror.account,
            verdict=Decision.APPROVE,
            clause_answers=answers(claim, "not_met"),
            reason="I feel for them",
            now=T,
        )
    assert refusal.value.code == "contradiction_needs_reason"
    ballot = panels.ballot_cast(
        panel=panel,
        actor=juror.account,
        verdict=Decision.APPROVE,
        clause_answers=answers(claim, "not_met"),
        reason="Sympathy",
        contradiction_note="The report is unreliable",
        now=T,
    )
    assert ballot.contradicts_clauses
    with pytest.raises(RuleViolation):
        panels.ballot_cast(
            panel=panel,
            actor=juror.account,
            verdict=Decision.DENY,
            clause_answers={},
            reason="No answers given",
            now=T,
        )
    outsider = qualified_jurors(1)[0]
    with pytest.raises(NotPermitted):
        vote(panel, outsider, Decision.DENY, claim)
    with pytest.raises(InvalidTransition):
        vote(panel, juror, Decision.DENY, claim, now=panel.deadline_at)


@pytest.mark.parametrize(
    ("pay", "deny", "outcome"), [(51, 49, "approve"), (50, 50, "deny"), (49, 51, "deny")]
)
def test_an_open_panel_pays_only_on_more_than_half(pay, deny, outcome):
    claim = disputed_claim(size=None, quorum=10)
    pool = qualified_jurors(pay + deny)
    panel = panels.panel_open(claim=claim, now=T)
    assert panel.seats.count() == 0  # open: every qualified juror may vote
    for juror in pool[:pay]:
        vote(panel, juror, Decision.APPROVE, claim)
    for juror in pool[pay:]:
        vote(panel, juror, Decision.DENY, claim)
    assert Panel.objects.get(pk=panel.pk).tally == {}  # secret until the close
    closed = panels.panel_close(panel=panel, now=panel.deadline_at)
    assert closed.verdict == outcome
    assert (closed.tally["pay"], closed.tally["deny"]) == (pay, deny)
    claim.refresh_from_db()
    assert claim.state == ClaimState.JURY_VOTED and claim.jury_verdict == outcome
    assert set(closed.tally["clauses"]) == set(answers(claim, "met"))


def test_below_quorum_tops_up_and_extends_twice_then_flags_the_operator():
    claim = disputed_claim(size=5, quorum=3)
    qualified_jurors(30)
    panel = panels.panel_open(claim=claim, now=T)
    vote(panel, panel.seats.first().juror, Decision.DENY, claim)
    first_deadline = panel.deadline_at
    extended = panels.panel_close(panel=panel, now=first_deadline)
    assert extended.status == PanelStatus.OPEN and extended.extensions == 1
    assert extended.deadline_at == first_deadline + timedelta(hours=24)
    assert extended.seats.count() == 5 + 2  # topped up by what the quorum lacks
    panels.panel_close(panel=panel, now=extended.deadline_at)
    flagged = panels.panel_close(panel=panel, now=extended.deadline_at + timedelta(hours=24))
    assert flagged.status == PanelStatus.NEEDS_OPERATOR
    assert Claim.objects.get(pk=claim.pk).state == ClaimState.DISPUTED


def test_the_deadline_sweep_run_twice_changes_nothing_the_second_time():
    claim = disputed_claim(size=3, quorum=2)
    qualified_jurors(10)
    panel = panels.panel_open(claim=claim, now=T)
    for seat in panel.seats.all()[:2]:
        vote(panel, seat.juror, Decision.DENY, claim)
    assert panels.panels_close_due(now=panel.deadline_at) == 1
    events = ClaimEvent.objects.filter(claim=claim).count()
    assert panels.panels_close_due(now=panel.deadline_at + timedelta(minutes=5)) == 0
    assert ClaimEvent.objects.filter(claim=claim).count() == events
    assert Panel.objects.get(pk=panel.pk).status == PanelStatus.CLOSED


def test_one_appeal_is_heard_by_a_fresh_panel_of_2n_plus_1_and_is_final():
    claim = disputed_claim(size=3, quorum=2)  # the claimant disputed a denial
    qualified_jurors(25)
    first = panels.panel_open(claim=claim, now=T)
    for seat in first.seats.all():
        vote(first, seat.juror, Decision.DENY, claim)
    panels.panel_close(panel=first, now=first.deadline_at)
    claim.refresh_from_db()
    assert claim.jury_verdict == Decision.DENY
    stranger = UserFactory()
    with pytest.raises(NotPermitted):
        appeal_heard(
            claim=claim,
            actor=stranger,
            now=first.deadline_at,
            statement="I am not a party to this case at all",
        )
    appeal = appeal_heard(
        claim=claim,
        actor=claim.member.account,
        now=first.deadline_at + timedelta(hours=1),
        statement="A new neurologist report shows GCS 4 for 5 days",
    )
    assert appeal.round == 2 and appeal.size == 7
    first_jurors = set(first.seats.values_list("juror_id", flat=True))
    assert not first_jurors & set(appeal.seats.values_list("juror_id", flat=True))
    for seat in appeal.seats.all()[:4]:
        vote(appeal, seat.juror, Decision.APPROVE, claim, now=appeal.opened_at)
    panels.panel_close(panel=appeal, now=appeal.deadline_at)
    claim.refresh_from_db()
    assert claim.jury_verdict == Decision.APPROVE and claim.appeal_resulted_at
    with pytest.raises((InvalidTransition, NotPermitted)):  # only one appeal
        appeal_heard(
            claim=claim,
            actor=claim.member.account,
            now=appeal.deadline_at,
            statement="And once more, with feeling and new evidence",
        )
    from claims import services as claim_services

    settled = claim_services.claims_settle_due_jury_votes(now=appeal.deadline_at)
    assert settled == 1
    assert panels.jurors_record_agreement(now=appeal.deadline_at) == 2
    agreeing = Juror.objects.filter(agreed_with_final=1).count()
    assert agreeing == 4  # the appeal's pay voters agreed; the first panel's deny voters did not


def test_jurors_who_miss_three_panels_in_a_row_are_paused():
    qualified_jurors(3)
    for i in range(3):
        claim = disputed_claim(size=3, quorum=1)
        panel = panels.panel_open(claim=claim, now=T + timedelta(days=i))
        seats = list(panel.seats.all())
        # one of the three always votes; the other two never do
        voter = Juror.objects.order_by("id").first()
        for seat in seats:
            if seat.juror_id == voter.pk:
                vote(panel, seat.juror, Decision.DENY, claim, now=panel.opened_at)
        panels.panel_close(panel=panel, now=panel.deadline_at)
    statuses = dict(Juror.objects.values_list("pk", "status"))
    assert statuses.pop(voter.pk) == JurorStatus.QUALIFIED
    assert set(statuses.values()) == {JurorStatus.PAUSED}


def test_the_claimant_appeals_a_deny_verdict_from_the_claim_page(
    client, django_capture_on_commit_callbacks
):
    claim = disputed_claim(size=3, quorum=2)
    qualified_jurors(12)
    first = panels.panel_open(claim=claim, now=T)
    for seat in first.seats.all():
        vote(first, seat.juror, Decision.DENY, claim)
    panels.panel_close(panel=first, now=first.deadline_at)
    client.force_login(claim.member.account)
    with time_machine.travel(first.deadline_at + timedelta(hours=2), tick=False):
        page = client.get(f"/claims/{claim.reference}/").content.decode()
        assert f'action="/claims/{claim.reference}/appeal/"' in page
        with django_capture_on_commit_callbacks(execute=True):  # the jury reacts on commit
            client.post(
                f"/claims/{claim.reference}/appeal/",
                {"statement": "A new specialist report shows the coma lasted 5 days"},
            )
    assert Panel.objects.filter(claim=claim, round=2).exists()


def test_no_one_records_a_result_by_hand_while_a_panel_decides():
    from claims import services as claim_services
    from tests.factories import staff

    claim = disputed_claim(size=3, quorum=2)
    qualified_jurors(5)
    panels.panel_open(claim=claim, now=T)
    with pytest.raises(RuleViolation) as refusal:
        claim_services.claim_record_jury_result(
            claim=claim, actor=staff("reviewer", "rev"), pay_votes=10, deny_votes=1, now=T
        )
    assert refusal.value.code == "jury_deciding"


def test_a_late_open_panel_task_for_a_claim_no_longer_disputed_does_nothing():
    from jury.tasks import open_panel

    claim = claim_in_state(ClaimState.JURY_VOTED)
    assert open_panel(claim.pk) is None
    assert not Panel.objects.filter(claim=claim).exists()
