"""Nothing personal reaches the public pages or their HTML (in either language)."""

import pytest
from django.urls import reverse

from tests.board.conftest import (
    DIAGNOSIS,
    EMAIL,
    FULL_NAME,
    HOSPITAL,
    PHONE,
    REVIEWER_NOTE,
    USERNAME,
)
from tests.factories import EnrolmentFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_viewing_day")]


def personal_data(board) -> dict[str, str]:
    member = board.claimant
    return {
        "full name": FULL_NAME,
        "name without the family name": FULL_NAME[1:],
        "national ID mask": member.national_id_masked,
        "phone": PHONE,
        "email": EMAIL,
        "account": USERNAME,
        "birth date": member.birth_date.isoformat(),
        "hospital": HOSPITAL,
        "hospital of the factory's other claims": "Zhejiang 1st",
        "diagnosis": DIAGNOSIS,
        "reviewer's words": REVIEWER_NOTE,
    }


def public_pages(board) -> list[str]:
    return [
        reverse("board:index"),
        reverse("board:batch", args=[board.batch.batch_date.isoformat()]),
        reverse("board:batch", args=[board.batch.batch_date.isoformat()]) + "?decision=approve",
    ]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_no_personal_data_on_the_public_pages(client, settings, board, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    leaks = []
    for url in public_pages(board):
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert "欧**" in html or url == reverse("board:index")
        leaks += [f"{url}: {what}" for what, value in personal_data(board).items() if value in html]
    assert leaks == []


def test_no_personal_data_on_the_objection_page(client, board):
    client.force_login(EnrolmentFactory().member.account)
    html = client.get(
        reverse("board:claim-object", args=[board.approval.reference])
    ).content.decode()
    assert "欧**" in html
    leaks = [what for what, value in personal_data(board).items() if value in html]
    assert leaks == []
