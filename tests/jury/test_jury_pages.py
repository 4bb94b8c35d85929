"""The jurors' pages through the test client: volunteer, take and submit the exam, see why."""

from datetime import date, datetime, timedelta
from html import unescape

import pytest
import time_machine
from django.urls import reverse

from jury.models import ExamQuestion, ExamSitting, Juror, JurorStatus
from jury.services.jurors import exam_start, juror_pause
from tests.factories import BEIJING, UserFactory
from tests.jury.factories import (
    T0,
    answer_sheet,
    eligible_member,
    qualified_juror,
    sit,
    volunteer,
)

pytestmark = pytest.mark.django_db


def page(response) -> str:
    assert response.status_code == 200, response.status_code
    return unescape(response.content.decode())


def form_answers(sitting, *, right: int) -> dict[str, str]:
    return {f"q{pk}": key for pk, key in answer_sheet(sitting, right=right).items()}


def test_the_jury_pages_need_a_signed_in_user(client):
    for name in ("jury:home", "jury:exam"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and reverse("login") in response["Location"]


@time_machine.travel(T0, tick=False)
def test_the_home_page_explains_the_rules_in_chinese_by_default(client):
    member = eligible_member()
    client.force_login(member.account)
    html = page(client.get(reverse("jury:home")))
    assert '<html lang="zh-hans">' in html
    assert "成为赔审员" in html and "报名成为赔审员" in html
    assert "年满 18 周岁" in html and "答对 5 道即为通过" in html
    assert f'href="{reverse("jury:home")}" aria-current="page">赔审团</a>' in html  # the nav


@time_machine.travel(T0, tick=False)
def test_the_home_page_in_english(client):
    member = eligible_member()
    client.force_login(member.account)
    client.post(reverse("set_language"), {"language": "en", "next": "/jury/"})
    html = page(client.get(reverse("jury:home")))
    assert "Become a juror" in html and "At least 18 years old today" in html


@time_machine.travel(T0, tick=False)
def test_a_member_who_is_too_young_sees_why_and_no_button(client):
    member = eligible_member(birth_date=date(2007, 3, 11))
    client.force_login(member.account)
    html = page(client.get(reverse("jury:home")))
    assert "2025-03-11" in html
    assert reverse("jury:volunteer") not in html


@time_machine.travel(T0, tick=False)
def test_an_account_without_a_member_is_told_to_join_first(client):
    client.force_login(UserFactory())
    html = page(client.get(reverse("jury:home")))
    assert "请先以本人身份加入一个互助计划" in html


@time_machine.travel(T0, tick=False)
def test_volunteering_needs_the_agreement_to_the_rules(client):
    member = eligible_member()
    client.force_login(member.account)
    html = page(client.post(reverse("jury:volunteer"), {}))
    assert "同意赔审团规则后才能报名" in html
    assert not Juror.objects.exists()


@time_machine.travel(T0, tick=False)
def test_volunteer_take_and_pass_the_exam_through_the_pages(client):
    member = eligible_member()
    client.force_login(member.account)
    response = client.post(reverse("jury:volunteer"), {"agree": "on"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("jury:exam")
    html = page(response)
    assert "感谢您报名" in html and "开始考试" in html and "及格线：6 道题答对 5 道" in html
    juror = Juror.objects.get(member=member)

    response = client.post(reverse("jury:exam-start"), follow=True)
    sitting = ExamSitting.objects.get(juror=juror)
    html = page(response)
    assert html.count('type="radio"') == sum(
        len(ExamQuestion.objects.get(pk=pk).choices) for pk in sitting.questions
    )
    first = ExamQuestion.objects.get(pk=sitting.questions[0])
    assert first.text_zh in html and "checked" not in html

    response = client.post(reverse("jury:exam"), form_answers(sitting, right=6), follow=True)
    assert response.redirect_chain[-1][0] == reverse("jury:exam-sitting", args=[sitting.pk])
    html = page(response)
    assert "恭喜通过" in html and "6 / 6" in html and "已通过" in html
    juror.refresh_from_db()
    assert juror.status == JurorStatus.QUALIFIED

    html = page(client.get(reverse("jury:home")))
    assert "合格赔审员" in html and "考试已通过" in html
    assert reverse("jury:exam-start") not in html


@time_machine.travel(T0, tick=False)
def test_a_failed_exam_shows_the_wrong_answers_with_explanations_and_the_retake_time(client):
    juror = volunteer()
    client.force_login(juror.account)
    sitting = exam_start(juror=juror, actor=juror.account)
    response = client.post(reverse("jury:exam"), form_answers(sitting, right=4), follow=True)
    html = page(response)
    assert "本次考试未通过" in html and "4 / 6" in html and "未通过" in html
    assert html.count("review-wrong") == 2 and html.count("正确答案") == 2
    wrong = ExamQuestion.objects.get(pk=sitting.questions[5])
    assert wrong.explanation_zh in html
    assert "2025-03-11 10:00" in html  # retake from, Beijing time

    html = page(client.get(reverse("jury:exam")))
    assert "2025-03-11 10:00" in html and reverse("jury:exam-start") not in html


@time_machine.travel(T0, tick=False)
def test_an_unanswered_question_keeps_the_other_answers(client):
    juror = volunteer()
    client.force_login(juror.account)
    sitting = exam_start(juror=juror, actor=juror.account)
    answers = form_answers(sitting, right=6)
    answers.pop(f"q{sitting.questions[2]}")
    html = page(client.post(reverse("jury:exam"), answers))
    assert "请选择一个答案" in html
    assert html.count("checked") == 5
    sitting.refresh_from_db()
    assert sitting.submitted_at is None


def test_the_retake_button_comes_back_after_the_cooldown(client):
    juror = volunteer()
    sit(juror, right=2)
    client.force_login(juror.account)
    with time_machine.travel(T0 + timedelta(hours=23, minutes=59), tick=False):
        html = page(client.get(reverse("jury:home")))
        assert reverse("jury:exam-start") not in html and "2025-03-11 10:00" in html
        response = client.post(reverse("jury:exam-start"), follow=True)
        assert "2025-03-11 10:00" in page(response)
        assert ExamSitting.objects.filter(juror=juror).count() == 1
    with time_machine.travel(T0 + timedelta(hours=24), tick=False):
        html = page(client.get(reverse("jury:home")))
        assert reverse("jury:exam-start") in html and "再次参加考试" in html
        client.post(reverse("jury:exam-start"))
        assert ExamSitting.objects.filter(juror=juror).count() == 2


def test_a_paused_juror_sees_the_notice_and_resumes(client):
    juror = qualified_juror()
    juror_pause(juror=juror, reason="连续 3 次未参加赔审团。", now=T0 + timedelta(days=5))
    client.force_login(juror.account)
    html = page(client.get(reverse("jury:home")))
    assert "您的赔审员席位已暂停" in html and "连续 3 次未参加赔审团。" in html
    response = client.post(reverse("jury:resume"), follow=True)
    assert "欢迎回来" in page(response)
    juror.refresh_from_db()
    assert juror.status == JurorStatus.QUALIFIED


def test_the_agreement_statistic_shows_once_panels_are_decided(client):
    juror = qualified_juror()
    Juror.objects.filter(pk=juror.pk).update(panels_sat=3, agreed_with_final=2)
    client.force_login(juror.account)
    html = page(client.get(reverse("jury:home")))
    assert "已裁决的赔审团：3 个。其中 2 个与最终结果一致（67%）。" in html


def test_nobody_sees_another_jurors_result(client):
    juror = volunteer()
    sitting = sit(juror, right=6)
    client.force_login(volunteer().account)
    assert client.get(reverse("jury:exam-sitting", args=[sitting.pk])).status_code == 404
    client.force_login(juror.account)
    assert client.get(reverse("jury:exam-sitting", args=[sitting.pk])).status_code == 200


def test_a_member_who_never_volunteered_is_sent_to_the_jury_home(client):
    client.force_login(eligible_member().account)
    response = client.get(reverse("jury:exam"))
    assert response.status_code == 302 and response["Location"] == reverse("jury:home")


def test_the_exam_page_in_english(client):
    juror = volunteer(now=datetime(2025, 3, 10, 9, 0, tzinfo=BEIJING))
    client.force_login(juror.account)
    sitting = exam_start(juror=juror, actor=juror.account)
    client.post(reverse("set_language"), {"language": "en", "next": "/jury/exam/"})
    html = page(client.get(reverse("jury:exam")))
    first = ExamQuestion.objects.get(pk=sitting.questions[0])
    assert first.text_en in html and "Submit my answers" in html
