"""Error answers (with DEBUG off, as in production): the site's 404, 500, 400 and CSRF
pages in both languages, and JSON ``{code, message, detail}`` for anything under /api/."""

import json

import pytest
from django.test import Client, RequestFactory

from claims.api.views import ClaimViewSet
from core import error_views
from tests.factories import UserFactory

FAILING = pytest.mark.urls("tests.core.urls_failing")


@pytest.fixture
def browser():
    return Client(raise_request_exception=False)


def assert_site_page(response, status, *texts):
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    body = response.content.decode()
    assert 'class="topbar"' in body and "/static/css/site.css" in body  # the site's look
    for text in texts:
        assert text in body
    assert "default-src 'self'" in response["Content-Security-Policy"]


def assert_api_error(response, status, code):
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    body = json.loads(response.content)
    assert body["code"] == code and body["message"] and body["detail"] == {}
    return body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "title"), [("en", "Page not found"), ("zh-hans", "页面不存在")]
)
def test_a_missing_page_is_the_sites_404(browser, settings, language, title):
    assert settings.DEBUG is False
    response = browser.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE=language)
    assert_site_page(response, 404, f"<h1>{title}</h1>")
    assert 'href="/board/"' in response.content.decode()  # the full navigation


@FAILING
@pytest.mark.parametrize(
    ("language", "title"), [("en", "Something went wrong"), ("zh-hans", "出错了")]
)
@pytest.mark.parametrize("path", ["/fails/", "/fails/database/"])
def test_a_server_error_is_the_sites_500_without_the_database(browser, path, language, title):
    # No django_db mark: a query anywhere, the 500 page's included, would raise here.
    response = browser.get(path, HTTP_ACCEPT_LANGUAGE=language)
    assert_site_page(response, 500, f"<h1>{title}</h1>")
    assert "Traceback" not in response.content.decode()


@pytest.mark.django_db
def test_a_refused_host_is_the_sites_400(browser):
    response = browser.get("/", HTTP_HOST="attacker.example", HTTP_ACCEPT_LANGUAGE="en")
    assert_site_page(response, 400, "<h1>Bad request</h1>")


@pytest.mark.django_db
def test_a_failed_csrf_check_on_a_page_is_the_sites_403():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "x"}, HTTP_ACCEPT_LANGUAGE="en")
    assert_site_page(response, 403, "The form has expired")


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/no-such-thing/", "/api/nothing", "/api/v1/claims/X/"])
def test_an_unknown_api_path_answers_json_404(browser, path):
    browser.force_login(UserFactory())
    body = assert_api_error(browser.get(path, HTTP_ACCEPT_LANGUAGE="en"), 404, "not_found")
    assert body["message"] == "Not found."


@pytest.mark.django_db
def test_an_unknown_api_path_answers_json_404_for_any_method(browser):
    assert_api_error(browser.post("/api/v1/no-such-thing/", {}), 404, "not_found")


@pytest.mark.django_db
def test_a_bug_in_an_api_view_answers_json_500(browser, monkeypatch):
    def fail(self):
        raise RuntimeError("a bug")

    monkeypatch.setattr(ClaimViewSet, "get_queryset", fail)
    browser.force_login(UserFactory())
    response = browser.get("/api/v1/claims/", HTTP_ACCEPT_LANGUAGE="en")
    body = assert_api_error(response, 500, "server_error")
    assert body["message"] == "A server error occurred."


@pytest.mark.django_db
def test_a_method_the_api_does_not_allow_answers_json_405(browser):
    browser.force_login(UserFactory())
    assert_api_error(browser.post("/api/v1/plans/", {}), 405, "method_not_allowed")


@pytest.mark.django_db
def test_a_failed_csrf_check_answers_json_403():
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.force_login(UserFactory())
    body = assert_api_error(client.post("/api/v1/drafts/", {}), 403, "permission_denied")
    assert body["message"].startswith("CSRF Failed")


@pytest.mark.django_db
def test_a_refused_host_under_api_answers_json_400(browser):
    response = browser.get("/api/v1/plans/", HTTP_HOST="attacker.example")
    assert_api_error(response, 400, "bad_request")


def test_the_handlers_answer_json_under_api_for_errors_outside_drf():
    request = RequestFactory().post("/api/v1/anything/")
    assert_api_error(
        error_views.permission_denied(request, PermissionError()), 403, "permission_denied"
    )
    body = assert_api_error(
        error_views.csrf_failure(request, "CSRF cookie not set."), 403, "permission_denied"
    )
    assert body["message"] == "CSRF Failed: CSRF cookie not set."
    assert_api_error(error_views.server_error(request), 500, "server_error")


@pytest.mark.django_db
def test_swagger_ui_has_no_inline_script_or_style(client):
    page = client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<style" not in html and "<script>" not in html
    assert '<script src="/api/docs/?script="></script>' in html
    assert "/static/css/swagger.css" in html
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()
