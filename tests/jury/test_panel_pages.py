"""The jurors' panel pages: the anonymised case file, the ballot form, the tally after the
close, and the juror's home list of panels."""

import re
from datetime import timedelta
from html import unescape

import pytest
import time_machine
from django.urls import reverse

from claims.models import Investigation
from claims.states import Decision
from jury.forms import clause_field_name
from jury.models import Ballot, Juror, Panel, PanelStatus, SeatStatus
from jury.selectors.case import age_band
from jury.services import panels
from tests.factories import UserFactory
from tests.jury.services.test_panels import T, answers, disputed_claim, qualified_jurors, vote

pytestmark = pytest.mark.django_db
DURING = T + timedelta(hours=1)
NAME, PHONE, EMAIL = "欧阳娜娜", "13800138000", "nana.ouyang@example.net"


def english(client):
    client.cookies["django_language"] = "en"
    return client


def page(response) -> str:
    assert response.status_code == 200, response.status_code
    return unescape(response.content.decode())


def open_panel(*, size: int | None = 3, quorum: int = 2, pool: int = 8):
    """A disputed claim whose claimant has a memorable name and contacts, and its panel."""
    claim = disputed_claim(size=size, quorum=quorum)
    member = claim.member
    member.full_name, member.phone, member.email = NAME, PHONE, EMAIL
    member.save(update_fields=["full_name", "phone", "email"])
    # An investigator who wrote names into the summary: the page blanks them out.
    Investigation.objects.filter(claim=claim).update(
        summary=f"{NAME} ({PHONE}) was treated at {claim.hospital} in {claim.city}; "
        "GCS 4 for 3 days"
    )
    qualified_jurors(pool)
    return claim, panels.panel_open(claim=claim, now=T)


def seat_juror(panel: Panel) -> Juror:
    return panel.seats.order_by("draw_order").first().juror


def ballot_data(claim, clause_value: str, verdict: str, **extra) -> dict[str, str]:
    data = {clause_field_name(k): v for k, v in answers(claim, clause_value).items()}
    data.update({"verdict": verdict, "reason": "On the clauses and the recorded facts", **extra})
    return data


@time_machine.travel(DURING, tick=False)
def test_a_seated_juror_sees_the_case_file_without_personal_data(client):
    claim, panel = open_panel()
    juror = seat_juror(panel)
    client.force_login(juror.account)
    html = page(english(client).get(reverse("jury:panel", args=[panel.pk])))
    member = claim.member
    for personal in (
        NAME,
        member.national_id_masked,
        member.masked_name,
        PHONE,
        EMAIL,
        claim.member.account.email,
        claim.hospital,
        claim.city,
        member.city,
        claim.reference,
        "Zhejiang",  # the hospital of the visit
        "record.pdf",  # the uploaded file's name
        reverse("claims:document-download", args=[claim.documents.first().pk]),
    ):
        assert personal not in html, personal
    assert f"{age_band(claim.age_at_diagnosis)} years" in html
    assert claim.plan.name_en in html and claim.condition_definition.name_en in html
    for clause in answers(claim, "met"):
        assert f'name="{clause_field_name(clause)}"' in html
    assert "GCS 4 for 3 days" in html  # the summary, with the names blanked out
    assert "Coma under 96 hours" in html  # the decision's reason
    assert "The definition is met; see the new report" in html  # the claimant's dispute
    assert "The claimant's dispute" in html
    assert "Pathology report" in html and "have not been redacted yet" in html
    assert "Decline the seat" in html


@time_machine.travel(DURING, tick=False)
def test_the_objectors_statement_is_shown_as_theirs():
    from django.test import Client

    claim = disputed_claim(size=3, quorum=2, approve=True)  # a member objected to a payment
    qualified_jurors(6)
    panel = panels.panel_open(claim=claim, now=T)
    client = english(Client())
    client.force_login(seat_juror(panel).account)
    html = page(client.get(reverse("jury:panel", args=[panel.pk])))
    assert "The objection of a member" in html and "The claimant's dispute" not in html


@time_machine.travel(DURING, tick=False)
def test_a_juror_casts_and_changes_a_ballot_through_the_form(client):
    claim, panel = open_panel()
    juror = seat_juror(panel)
    client.force_login(juror.account)
    url = reverse("jury:panel", args=[panel.pk])
    response = english(client).post(url, ballot_data(claim, "met", Decision.APPROVE))
    assert response.status_code == 302 and response["Location"].endswith("#ballot")
    ballot = Ballot.objects.get(panel=panel, juror=juror)
    assert ballot.verdict == Decision.APPROVE and set(ballot.clause_answers.values()) == {"met"}
    assert panel.seats.get(juror=juror).status == SeatStatus.VOTED

    html = page(client.get(url))  # the ballot is shown again, filled in, to be changed
    assert "Saved" in html and "Save my changed ballot" in html
    assert re.search(r'value="approve"[^>]*checked', html)

    client.post(url, ballot_data(claim, "not_met", Decision.DENY, reason="Not met after all"))
    ballot = Ballot.objects.get(panel=panel, juror=juror)
    assert ballot.verdict == Decision.DENY and ballot.reason == "Not met after all"
    assert Ballot.objects.filter(panel=panel).count() == 1
    html = page(client.get(url))
    assert re.search(r'value="deny"[^>]*checked', html)
    assert re.search(r'value="not_met"[^>]*checked', html)


@time_machine.travel(DURING, tick=False)
def test_a_verdict_against_ones_own_clause_answers_asks_for_a_note(client):
    claim, panel = open_panel()
    juror = seat_juror(panel)
    client.force_login(juror.account)
    url = reverse("jury:panel", args=[panel.pk])
    html = page(english(client).post(url, ballot_data(claim, "not_met", Decision.APPROVE)))
    assert "confirm it with a reason" in html
    assert re.search(r'<details class="ballot-note has-error" open>', html)
    assert not Ballot.objects.filter(panel=panel).exists()
    response = client.post(
        url,
        ballot_data(
            claim, "not_met", Decision.APPROVE, contradiction_note="The GCS was recorded wrongly"
        ),
    )
    assert response.status_code == 302
    ballot = Ballot.objects.get(panel=panel, juror=juror)
    assert ballot.contradicts_clauses and ballot.contradiction_note.startswith("The GCS")


@time_machine.travel(DURING, tick=False)
def test_an_incomplete_ballot_is_shown_again_with_the_errors(client):
    claim, panel = open_panel()
    client.force_login(seat_juror(panel).account)
    data = ballot_data(claim, "met", Decision.APPROVE)
    data.pop(next(k for k in data if k.startswith("clause_")))
    html = page(english(client).post(reverse("jury:panel", args=[panel.pk]), data))
    assert "Answer this clause." in html
    assert not Ballot.objects.filter(panel=panel).exists()


@time_machine.travel(DURING, tick=False)
def test_no_seat_no_case_file(client):
    claim, panel = open_panel()
    seated = set(panel.seats.values_list("juror_id", flat=True))
    outsider = Juror.objects.exclude(pk__in=seated).first()
    url = reverse("jury:panel", args=[panel.pk])
    client.force_login(outsider.account)
    assert client.get(url).status_code == 404
    assert client.post(url, ballot_data(claim, "met", Decision.APPROVE)).status_code == 404
    client.force_login(UserFactory())  # not a juror at all
    assert client.get(url).status_code == 404
    client.force_login(claim.member.account)  # the claimant
    assert client.get(url).status_code == 404
    declined = seat_juror(panel)
    panels.seat_decline(seat=panel.seats.get(juror=declined), actor=declined.account, now=DURING)
    client.force_login(declined.account)
    assert client.get(url).status_code == 404
    assert not Ballot.objects.exists()


def test_after_the_close_the_juror_sees_the_tally_and_their_own_vote(client):
    claim, panel = open_panel(size=3, quorum=2)
    seats = list(panel.seats.order_by("draw_order"))
    vote(panel, seats[0].juror, Decision.APPROVE, claim)
    vote(panel, seats[1].juror, Decision.APPROVE, claim)
    panels.ballot_cast(
        panel=panel,
        actor=seats[2].juror.account,
        verdict=Decision.DENY,
        clause_answers=answers(claim, "unsure"),
        reason=f"Not proven; {NAME} should send the scans",
        now=T,
    )
    panels.panel_close(panel=panel, now=panel.deadline_at)
    client.force_login(seats[2].juror.account)
    with time_machine.travel(panel.deadline_at + timedelta(hours=1), tick=False):
        html = page(english(client).get(reverse("jury:panel", args=[panel.pk])))
        home = page(client.get(reverse("jury:home")))
    assert "How the panel decided" in html
    assert re.search(r'class="tally-n">2</span> <span>to pay</span> <span class="muted">67%', html)
    assert re.search(r'class="tally-n">1</span> <span>to deny', html)
    assert "Cannot tell 1" in html and "Met 2" in html  # a clause's split
    # The bars are sized by width classes in 5% steps (the CSP refuses style attributes).
    assert '<span class="bar-pay w-65"></span><span class="bar-deny w-35"></span>' in html
    assert re.search(r'<span class="bar-unsure w-3[05]"></span>', html)
    assert "On the clauses and the facts" in html  # a sampled reason
    assert NAME not in html and "should send the scans" in html  # scrubbed
    assert "Your vote" in html and "the panel decided otherwise" in html
    assert "Cast my ballot" not in html and 'name="verdict"' not in html
    assert "Decided panels" in home and "2 to pay, 1 to deny" in home


@time_machine.travel(DURING, tick=False)
def test_the_home_lists_my_seats_with_the_deadline_and_a_decline_button(client):
    claim, panel = open_panel()
    juror = seat_juror(panel)
    client.force_login(juror.account)
    html = page(english(client).get(reverse("jury:home")))
    assert "My panels" in html and f"Case {panel.pk}" in html
    assert "2025-03-14 10:00" in html  # the deadline, Beijing time
    assert "Not voted yet" in html
    seat = panel.seats.get(juror=juror)
    decline = reverse("jury:seat-decline", args=[seat.pk])
    assert f'href="{decline}"' in html and f'action="{decline}"' not in html  # asks first
    confirm = page(client.get(decline))  # the confirmation, a page of its own without JS
    assert "Decline your seat on this case?" in confirm and f'action="{decline}"' in confirm
    assert "Keep my seat" in confirm
    seat.refresh_from_db()
    assert seat.status == SeatStatus.OFFERED  # asking declines nothing
    response = client.post(decline)
    assert response.status_code == 302
    seat.refresh_from_db()
    assert seat.status == SeatStatus.DECLINED
    assert client.get(decline).status_code == 302  # nothing left to confirm
    html = page(client.get(reverse("jury:home")))
    assert f"Case {panel.pk}" not in html and "No seat offered to you right now." in html
    assert client.post(reverse("jury:seat-decline", args=[seat.pk + 1000])).status_code == 404


@time_machine.travel(DURING, tick=False)
def test_an_open_panel_is_offered_to_every_eligible_juror(client):
    claim, panel = open_panel(size=None, quorum=2, pool=3)
    juror = Juror.objects.order_by("id").first()
    client.force_login(juror.account)
    html = page(english(client).get(reverse("jury:home")))
    assert "Open panels" in html and reverse("jury:panel", args=[panel.pk]) in html
    url = reverse("jury:panel", args=[panel.pk])
    assert client.post(url, ballot_data(claim, "met", Decision.APPROVE)).status_code == 302
    html = page(client.get(reverse("jury:home")))
    assert "Open panels" not in html and "Voted" in html
    claimant = Juror.objects.create(
        member=claim.member, account=claim.member.account, status="qualified", created_at=T
    )
    client.force_login(claimant.account)  # a conflict of interest: not offered, not shown
    assert "Open panels" not in page(client.get(reverse("jury:home")))
    assert client.get(url).status_code == 404


def test_ballots_are_refused_after_the_deadline(client):
    claim, panel = open_panel()
    client.force_login(seat_juror(panel).account)
    with time_machine.travel(panel.deadline_at + timedelta(minutes=1), tick=False):
        url = reverse("jury:panel", args=[panel.pk])
        html = page(english(client).get(url))
        assert "Voting on this panel has ended." in html and 'name="verdict"' not in html
        assert client.post(url, ballot_data(claim, "met", Decision.APPROVE)).status_code == 302
    assert not Ballot.objects.exists()
    assert Panel.objects.get(pk=panel.pk).status == PanelStatus.OPEN  # the sweep closes it


@time_machine.travel(DURING, tick=False)
def test_the_case_file_and_ballot_in_chinese(client):
    claim, panel = open_panel()
    client.force_login(seat_juror(panel).account)
    url = reverse("jury:panel", args=[panel.pk])
    html = page(client.get(url))
    assert '<html lang="zh-hans">' in html
    assert "这是一份匿名化的案卷" in html
    # The negated clause with the fact as found, not inverted: the fact is "yes".
    assert "不属规范列明的轻度恶性肿瘤" in html and "属规范列明的轻度恶性肿瘤：是" in html
    assert "查明" in html and "不符合" in html
    assert f"{age_band(claim.age_at_diagnosis)} 岁" in html
    assert claim.condition_definition.name_zh in html
    assert "提交我的选票" in html and "无法判断" in html
    data = ballot_data(claim, "met", Decision.APPROVE)
    data.pop("reason")
    html = page(client.post(url, data))
    assert "尚未保存：请检查下方标出的项目。" in html and "请简要说明您的裁决理由。" in html
