"""The question bank: complete, consistent, and loaded by the data migration."""

import pytest

from jury.exam_bank import QUESTIONS, exam_bank_problems
from jury.models import ExamQuestion


def test_the_bank_has_eight_questions_per_topic_with_answers_among_the_choices():
    assert exam_bank_problems() == []
    assert len(QUESTIONS) >= 24


def test_a_bank_with_a_wrong_answer_key_is_reported():
    broken = [dict(QUESTIONS[0], answer="z")] + QUESTIONS[1:]
    assert any("the answer is not a choice" in p for p in exam_bank_problems(broken))


@pytest.mark.django_db
def test_the_migration_loaded_every_question():
    loaded = {q.code: q for q in ExamQuestion.objects.all()}
    for q in QUESTIONS:
        row = loaded[q["code"]]
        assert (row.topic, row.answer, row.choices, row.text_zh) == (
            q["topic"],
            q["answer"],
            q["choices"],
            q["text_zh"],
        )
        assert row.active
