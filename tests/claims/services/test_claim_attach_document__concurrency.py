"""A document is parsed before the claim's row is locked (PostgreSQL, real row locks):
a large upload never holds up the claim, and a refused one never waits for it."""

import threading
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction

from claims import services
from claims.models import Claim, ClaimDocument
from claims.samples import sample_image, sample_pdf
from claims.states import ClaimState
from core.errors import InvalidDocument
from tests.factories import claim_in_state

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_refused_file_is_refused_while_another_transaction_holds_the_claim():
    claim = claim_in_state(ClaimState.FILED)
    locked, release = threading.Event(), threading.Event()

    def hold_the_claim():
        try:
            with transaction.atomic():
                Claim.objects.select_for_update().get(pk=claim.pk)
                locked.set()
                release.wait(20)
        finally:
            connection.close()

    holder = threading.Thread(target=hold_the_claim)
    holder.start()
    try:
        assert locked.wait(10)
        started = time.monotonic()
        with pytest.raises(InvalidDocument) as refusal:
            services.claim_attach_document(
                claim=claim,
                actor=claim.member.account,
                kind="evidence",
                upload=SimpleUploadedFile("x.jpg", sample_image("JPEG") + sample_pdf()),
            )
        assert refusal.value.code == "document_unsafe"
        assert time.monotonic() - started < 5  # it did not wait for the lock (held 20 s)
    finally:
        release.set()
        holder.join()
    assert ClaimDocument.objects.filter(claim=claim).count() == 1
