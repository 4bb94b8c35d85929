"""Uploads over the limit are refused with 413 before their body is read in full."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.handlers.wsgi import LimitedStream
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from claims.models import ClaimDocument
from claims.samples import sample_image
from claims.states import ClaimState
from core.uploads import UploadLimitMiddleware
from tests.factories import EnrolmentFactory, claim_in_state

pytestmark = pytest.mark.django_db

FILE_LIMIT = 8_000
REQUEST_LIMIT = 40_000


@pytest.fixture(autouse=True)
def small_limits(settings):
    settings.DOCUMENT_MAX_BYTES = FILE_LIMIT
    settings.UPLOAD_MAX_REQUEST_BYTES = REQUEST_LIMIT


def png_of_size(size: int) -> bytes:
    """A valid PNG of exactly ``size`` bytes: a text chunk pads it before IEND."""
    png = sample_image("PNG")
    padding = size - len(png) - 12 - len(b"Comment\x00")
    data = b"Comment\x00" + b" " * padding
    chunk = struct.pack(">I", len(data)) + b"tEXt" + data
    chunk += struct.pack(">I", zlib.crc32(b"tEXt" + data))
    result = png[:-12] + chunk + png[-12:]
    assert len(result) == size
    return result


def api_client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_file_at_the_limit_is_accepted_and_one_byte_more_is_refused_on_the_api():
    claim = claim_in_state(ClaimState.FILED)
    client = api_client(claim.member.account)
    url = f"/api/v1/claims/{claim.reference}/documents/"
    ok = client.post(
        url, {"kind": "evidence", "file": SimpleUploadedFile("ok.png", png_of_size(FILE_LIMIT))}
    )
    assert ok.status_code == 201, ok.content
    over = client.post(
        url,
        {"kind": "evidence", "file": SimpleUploadedFile("big.png", png_of_size(FILE_LIMIT + 1))},
    )
    assert over.status_code == 413
    body = over.json()
    assert body["code"] == "document_too_large" and "big.png" in body["message"]
    assert body["detail"] == {"limit_bytes": FILE_LIMIT}
    assert ClaimDocument.objects.filter(claim=claim).count() == 2  # the filed one and ok.png


def test_a_body_over_the_request_limit_is_refused_by_its_length_on_the_api():
    claim = claim_in_state(ClaimState.FILED)
    files = [SimpleUploadedFile(f"{i}.png", png_of_size(7_000 + i)) for i in range(6)]
    response = api_client(claim.member.account).post(
        f"/api/v1/claims/{claim.reference}/documents/", {"kind": "evidence", "file": files}
    )
    assert response.status_code == 413
    assert response.json()["code"] == "upload_too_large"


def test_the_page_says_what_the_limit_is_in_both_languages(client):
    claim = claim_in_state(ClaimState.FILED)
    client.force_login(claim.member.account)
    url = reverse("claims:claim-add-document", args=[claim.reference])
    data = {"kind": "evidence", "file": SimpleUploadedFile("扫描.png", png_of_size(9_000))}
    with translation.override("en"):
        english = client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 413
    page = english.content.decode()
    assert "“扫描.png” is over the limit of 7.8\xa0KB" in page and "Upload refused" in page
    data["file"].seek(0)
    chinese = client.post(url, data, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert chinese.status_code == 413
    assert "超过单份材料" in chinese.content.decode()
    assert ClaimDocument.objects.filter(claim=claim).count() == 1


def test_the_new_claim_form_refuses_too_many_megabytes_at_once(client):
    enrolment = EnrolmentFactory()
    client.force_login(enrolment.member.account)
    files = [SimpleUploadedFile(f"{i}.png", png_of_size(7_000 + i)) for i in range(6)]
    response = client.post(
        reverse("claims:claim-new"),
        {"hospital": "浙一医院", "documents": files, "save_only": "1"},
        HTTP_ACCEPT_LANGUAGE="en",
        HTTP_REFERER="http://testserver/claims/new/",
    )
    assert response.status_code == 413
    page = response.content.decode()
    assert "at most 39.1\xa0KB" in page and 'href="http://testserver/claims/new/"' in page
    assert not ClaimDocument.objects.exists()


class CountingStream(io.BytesIO):
    def __init__(self, data: bytes):
        super().__init__(data)
        self.bytes_read = 0

    def read(self, size=-1):
        chunk = super().read(size)
        self.bytes_read += len(chunk)
        return chunk

    def readline(self, size=-1):
        line = super().readline(size)
        self.bytes_read += len(line)
        return line


def upload_request(body: bytes) -> tuple:
    request = RequestFactory().post("/claims/X/documents/", content_type=MULTIPART_CONTENT)
    stream = CountingStream(body)
    request.META["CONTENT_LENGTH"] = str(len(body))
    request._stream = LimitedStream(stream, len(body))
    request._read_started = False
    return request, stream


def run_middleware(request):
    reached = []

    def view(r):
        reached.append(r)
        return HttpResponse("stored")

    return UploadLimitMiddleware(view)(request), reached


def test_an_over_long_body_is_refused_before_a_byte_of_it_is_read(settings):
    settings.UPLOAD_MAX_REQUEST_BYTES = 100_000
    body = encode_multipart(BOUNDARY, {"file": SimpleUploadedFile("a.png", b"x" * 150_000)})
    request, stream = upload_request(body)
    response, reached = run_middleware(request)
    assert response.status_code == 413 and reached == []
    assert stream.bytes_read == 0


def test_a_file_over_the_limit_stops_the_reading_soon_after_the_limit(settings):
    settings.UPLOAD_MAX_REQUEST_BYTES = 10_000_000
    body = encode_multipart(BOUNDARY, {"file": SimpleUploadedFile("a.png", b"x" * 2_000_000)})
    request, stream = upload_request(body)
    response, reached = run_middleware(request)
    assert response.status_code == 413 and reached == []
    # The parser reads in 64 KiB chunks: it stopped within a few chunks of the limit.
    assert stream.bytes_read < FILE_LIMIT + 4 * 65_536 < len(body)


def test_a_body_within_the_limits_reaches_the_view_parsed():
    body = encode_multipart(BOUNDARY, {"file": SimpleUploadedFile("a.png", b"x" * 5_000)})
    request, stream = upload_request(body)
    response, reached = run_middleware(request)
    assert response.content == b"stored" and reached[0].FILES["file"].size == 5_000
    assert stream.bytes_read == len(body)


def test_a_multipart_patch_is_held_to_the_file_limit_too():
    # Django parses only POST bodies itself; DRF parses a PATCH, through the same handler.
    enrolment = EnrolmentFactory()
    client = api_client(enrolment.member.account)
    draft = client.post("/api/v1/drafts/", {}, format="json").json()
    data = {"city": "杭州", "file": SimpleUploadedFile("a", b"x" * 9_000)}
    body = encode_multipart(BOUNDARY, data)
    response = client.generic(
        "PATCH", f"/api/v1/drafts/{draft['id']}/", body, content_type=MULTIPART_CONTENT
    )
    assert response.status_code == 413
    assert response.json()["code"] == "document_too_large"


def test_a_session_signed_api_upload_is_refused_before_the_csrf_check_reads_it():
    claim = claim_in_state(ClaimState.FILED)
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(claim.member.account)
    secret = "a" * 16 + "B" * 16  # a CSRF secret: the cookie, and the header that matches it
    client.cookies["csrftoken"] = secret
    data = {"kind": "evidence", "file": SimpleUploadedFile("big.png", png_of_size(9_000))}
    url = f"/api/v1/claims/{claim.reference}/documents/"
    response = client.post(url, data, HTTP_X_CSRFTOKEN=secret)
    assert response.status_code == 413
    assert response.json()["code"] == "document_too_large"


def test_a_malformed_api_upload_is_still_a_json_400():
    claim = claim_in_state(ClaimState.FILED)
    response = api_client(claim.member.account).generic(
        "POST",
        f"/api/v1/claims/{claim.reference}/documents/",
        b"no boundary here",
        content_type="multipart/form-data; boundary=",
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"


def test_a_malformed_page_upload_is_a_400_not_a_server_error(client):
    claim = claim_in_state(ClaimState.FILED)
    client.force_login(claim.member.account)
    response = client.generic(
        "POST",
        reverse("claims:claim-add-document", args=[claim.reference]),
        b"no boundary here",
        content_type="multipart/form-data; boundary=",
    )
    assert response.status_code == 400
