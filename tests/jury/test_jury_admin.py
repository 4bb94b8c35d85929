"""The jury admin: lists load, the bank is editable and checked, jurors change via services."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from jury.models import ExamQuestion, JurorEvent, JurorEventType, JurorStatus
from tests.factories import UserFactory
from tests.jury.factories import qualified_juror, sit, volunteer

pytestmark = pytest.mark.django_db

MODELS = ["juror", "jurorevent", "examquestion", "examsitting", "panel", "seat", "ballot"]


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


def test_every_jury_list_loads_and_jurors_filter_by_status(admin_client):
    juror = volunteer()
    sit(juror, right=6)
    for model in MODELS + ["panelevent"]:
        assert admin_client.get(reverse(f"admin:jury_{model}_changelist")).status_code == 200
    url = reverse("admin:jury_juror_changelist") + "?status__exact=qualified"
    assert admin_client.get(url).status_code == 200
    change = reverse("admin:jury_juror_change", args=[juror.pk])
    assert admin_client.get(change).status_code == 200


def test_events_and_sittings_are_read_only(admin_client):
    juror = volunteer()
    event = JurorEvent.objects.get(juror=juror)
    response = admin_client.post(
        reverse("admin:jury_jurorevent_change", args=[event.pk]), {"reason": "edited"}
    )
    assert response.status_code == 403
    assert admin_client.get(reverse("admin:jury_examsitting_add")).status_code == 403


def test_a_question_whose_answer_is_not_a_choice_is_refused(admin_client):
    question = ExamQuestion.objects.first()
    url = reverse("admin:jury_examquestion_change", args=[question.pk])
    data = {
        "code": question.code,
        "topic": question.topic,
        "text_zh": question.text_zh,
        "text_en": question.text_en,
        "choices": '[{"key": "a", "zh": "甲", "en": "A"}, {"key": "b", "zh": "乙", "en": "B"},'
        ' {"key": "c", "zh": "丙", "en": "C"}]',
        "answer": "d",
        "explanation_zh": "解析",
        "explanation_en": "Why",
        "active": "on",
    }
    before = (question.answer, question.choices)
    response = admin_client.post(url, data)
    assert response.status_code == 200  # the form again, with the error
    assert "The correct choice must be one of the choice keys." in response.content.decode() or (
        "正确选项必须是选项键之一" in response.content.decode()
    )
    question.refresh_from_db()
    assert (question.answer, question.choices) == before
    data["answer"] = "b"
    assert admin_client.post(url, data).status_code == 302
    question.refresh_from_db()
    assert question.answer == "b" and len(question.choices) == 3


def test_disqualifying_from_the_admin_asks_for_a_reason_and_writes_the_event(admin_client):
    juror = qualified_juror()
    url = reverse("admin:jury_juror_changelist")
    form = {"action": "disqualify", ACTION_CHECKBOX_NAME: [juror.pk]}
    response = admin_client.post(url, form)
    assert response.status_code == 200 and 'name="reason"' in response.content.decode()
    juror.refresh_from_db()
    assert juror.status == JurorStatus.QUALIFIED
    response = admin_client.post(url, {**form, "apply": "1", "reason": "Shared a case file"})
    assert response.status_code == 302
    juror.refresh_from_db()
    assert juror.status == JurorStatus.DISQUALIFIED
    event = JurorEvent.objects.get(juror=juror, event_type=JurorEventType.DISQUALIFIED)
    assert event.reason == "Shared a case file"
