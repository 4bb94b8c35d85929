"""Every read of a medical document by staff is recorded (who, which, when), append-only,
and the claimant sees it on the claim page by role and staff number."""

from datetime import datetime

import pytest
import time_machine
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from claims.models import ClaimDocument, DocumentRead
from claims.states import ClaimState
from tests.factories import BEIJING, UserFactory, claim_in_state, staff

pytestmark = pytest.mark.django_db

READ_AT = datetime(2025, 3, 12, 14, 30, tzinfo=BEIJING)


def download(client, document):
    response = client.get(reverse("claims:document-download", args=[document.pk]))
    if response.status_code == 200:
        b"".join(response.streaming_content)  # the file is served
    return response


@time_machine.travel(READ_AT, tick=False)
def test_a_staff_read_writes_one_row_and_the_claimant_sees_it_in_both_languages(client):
    claim = claim_in_state(ClaimState.FILED)
    document = ClaimDocument.objects.get(claim=claim)
    investigator = staff("investigator", "inv")
    client.force_login(investigator)
    assert download(client, document).status_code == 200

    read = DocumentRead.objects.get()
    assert (read.document, read.reader, read.reader_role) == (
        document,
        investigator,
        "investigator",
    )
    assert read.read_at == READ_AT

    client.force_login(claim.member.account)
    assert download(client, document).status_code == 200  # the claimant's own read
    assert DocumentRead.objects.count() == 1  # is not recorded
    url = reverse("claims:claim-detail", args=[claim.reference])
    number = f"S{investigator.pk:05d}"
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Who has read the documents" in english
    assert f"Investigator, staff no. {number}" in english
    assert "2025-03-12 14:30" in english and document.original_name in english
    assert "inv" not in english.split('id="document-reads"')[1].split("</section>")[0]
    chinese = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "谁查看过材料" in chinese and f"调查员（工号 {number}）" in chinese


def test_every_read_is_a_row_and_a_refused_read_is_none(client):
    claim = claim_in_state(ClaimState.FILED)
    document = ClaimDocument.objects.get(claim=claim)
    client.force_login(staff("finance", "fin"))
    assert download(client, document).status_code == 404  # no view_claimdocument
    assert not DocumentRead.objects.exists()
    reviewer = staff("reviewer", "rev")
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    for user in (reviewer, reviewer, admin):
        client.force_login(user)
        assert download(client, document).status_code == 200
    assert list(
        DocumentRead.objects.order_by("id").values_list("reader__username", "reader_role")
    ) == [
        ("rev", "reviewer"),
        ("rev", "reviewer"),
        ("root", "administrator"),
    ]


def test_a_claim_with_no_staff_read_says_so(client):
    claim = claim_in_state(ClaimState.FILED)
    client.force_login(claim.member.account)
    page = client.get(
        reverse("claims:claim-detail", args=[claim.reference]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "No member of staff has opened them yet." in page


def test_the_orm_refuses_to_change_or_delete_a_read(client):
    claim = claim_in_state(ClaimState.FILED)
    client.force_login(staff("investigator", "inv"))
    download(client, ClaimDocument.objects.get(claim=claim))
    read = DocumentRead.objects.get()
    for attempt in (read.save, read.delete, DocumentRead.objects.all().delete):
        with pytest.raises(TypeError):
            attempt()
    with pytest.raises(TypeError):
        DocumentRead.objects.update(reader_role="staff")


@pytest.mark.postgres
def test_postgresql_refuses_raw_changes_to_reads(client):
    claim = claim_in_state(ClaimState.FILED)
    client.force_login(staff("investigator", "inv"))
    download(client, ClaimDocument.objects.get(claim=claim))
    for sql in (
        "UPDATE claims_documentread SET reader_role = 'staff'",
        "DELETE FROM claims_documentread",
    ):
        with pytest.raises(DatabaseError, match="append-only"):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(sql)
    assert DocumentRead.objects.count() == 1
