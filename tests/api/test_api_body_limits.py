"""JSON bodies too deep or too large, and form bodies over Django's limit, are refused as
400/413 JSON ``{code, message}``; nothing is written."""

import io
import time

import pytest
from django.test import Client, RequestFactory

from claims.models import ClaimDraft
from core.parsers import LimitedJSONParser, RequestTooLarge, json_depth_exceeds
from tests.factories import EnrolmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    client = Client(raise_request_exception=False)  # a 500 is answered, as in production
    client.force_login(EnrolmentFactory().member.account)
    return client


def assert_json_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["code"] == code and body["message"]
    return body


def test_ten_thousand_nested_levels_are_a_400_not_a_500(client):
    deep = b"[" * 10_000 + b"]" * 10_000
    response = client.post("/api/v1/drafts/", deep, content_type="application/json")
    body = assert_json_error(response, 400, "json_too_deep")
    assert body["message"] == "JSON 内容的嵌套超过 32 层。"  # zh-hans, the default language
    deep_object = b'{"a":' * 10_000 + b"1" + b"}" * 10_000
    response = client.post("/api/v1/drafts/", deep_object, content_type="application/json")
    assert_json_error(response, 400, "json_too_deep")
    assert not ClaimDraft.objects.exists()


def test_a_body_at_the_depth_limit_is_parsed(client):
    # 32 levels inside "diagnosis": parsed (then refused by the serializer as not a string).
    nested = "[" * 31 + "]" * 31
    response = client.post(
        "/api/v1/drafts/", f'{{"diagnosis": {nested}}}', content_type="application/json"
    )
    body = assert_json_error(response, 400, "invalid")
    assert "diagnosis" in body["detail"]["fields"]


def test_a_three_megabyte_body_is_a_413_json(client):
    body = b'{"diagnosis": "' + b"x" * (3 * 1024 * 1024) + b'"}'
    response = client.post("/api/v1/drafts/", body, content_type="application/json")
    assert_json_error(response, 413, "request_too_large")
    assert not ClaimDraft.objects.exists()


def test_a_form_body_over_djangos_limit_is_a_413_json(client):
    body = "diagnosis=" + "x" * (3 * 1024 * 1024)
    response = client.post(
        "/api/v1/drafts/", body, content_type="application/x-www-form-urlencoded"
    )
    assert_json_error(response, 413, "request_too_large")


def test_the_limits_come_from_settings(client, settings):
    settings.API_JSON_MAX_BYTES = 100
    settings.API_JSON_MAX_DEPTH = 2
    small_but_deep = b'{"a": [[1]]}'
    response = client.post("/api/v1/drafts/", small_but_deep, content_type="application/json")
    assert_json_error(response, 400, "json_too_deep")
    response = client.post(
        "/api/v1/drafts/", b'{"diagnosis": "' + b"x" * 100 + b'"}', content_type="application/json"
    )
    assert_json_error(response, 413, "request_too_large")


def test_invalid_json_and_nan_are_a_400(client):
    for bad in (b'{"diagnosis": ', b'{"diagnosis": NaN}', b"\xff\xfe{}"):
        response = client.post("/api/v1/drafts/", bad, content_type="application/json")
        assert_json_error(response, 400, "parse_error")


class Unreadable(io.RawIOBase):
    def read(self, *args):
        raise AssertionError("the body was read")


def test_a_declared_length_over_the_limit_is_refused_without_reading_the_body(settings):
    request = RequestFactory().post("/api/v1/drafts/", b"{}", content_type="application/json")
    request.META["CONTENT_LENGTH"] = str(settings.API_JSON_MAX_BYTES + 1)
    with pytest.raises(RequestTooLarge):
        LimitedJSONParser().parse(Unreadable(), "application/json", {"request": request})


def test_an_understated_length_reads_no_more_than_the_limit(settings):
    settings.API_JSON_MAX_BYTES = 10
    request = RequestFactory().post("/", b"{}", content_type="application/json")
    request.META["CONTENT_LENGTH"] = "2"
    with pytest.raises(RequestTooLarge):
        LimitedJSONParser().parse(io.BytesIO(b"[" * 1000), "application/json", {"request": request})


@pytest.mark.parametrize(
    ("body", "limit", "too_deep"),
    [
        (b"[" * 32 + b"]" * 32, 32, False),
        (b"[" * 33 + b"]" * 33, 32, True),
        (b'{"a": {"b": [1, {"c": 2}]}}', 4, False),
        (b'{"a": {"b": [1, {"c": 2}]}}', 3, True),
        (b'["[[[[[[", "{{{{{{{{"]', 1, False),  # brackets inside strings do not count
        (b'["\\"[[[[[[", [[1]]]', 2, True),  # an escaped quote does not end the string
        (b'["never closed [[[[[[[[[[', 1, False),  # malformed: left for the parser
    ],
)
def test_the_depth_scan(body, limit, too_deep):
    assert json_depth_exceeds(body, limit) is too_deep


def test_the_depth_scan_is_linear_on_hostile_bodies():
    hostile = [
        b'"' + b'\\"' * 500_000,  # one unterminated string full of escaped quotes
        b"[" + b"[]," * 340_000 + b"[]]",  # a million brackets, never deep
        (b"[" * 32 + b"]" * 32 + b",") * 15_000,  # right at the limit, many times
    ]
    started = time.perf_counter()
    for body in hostile:
        assert json_depth_exceeds(body, 32) is False
    assert time.perf_counter() - started < 2  # about 0.1 s; quadratic would take minutes
