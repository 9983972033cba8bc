"""Error answers in the portal's style and language for people, JSON for the API and for the
upload script (issue 10: Django's bare English "Bad Request (400)")."""

import json

import pytest
from django.test import override_settings

from portal.constants import Role


def test_a_missing_page_is_the_portals_page_in_chinese(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode() or "不存在" in response.content.decode()
    assert 'class="site-header"' in response.content.decode()


def test_a_missing_page_in_english(client, db):
    client.cookies["django_language"] = "en"
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Page not found" in response.content.decode()


def test_too_many_fields_is_a_400_page_with_a_message(client, db, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    response = client.post("/login/", {f"f{i}": "x" for i in range(20)})
    assert response.status_code == 400
    body = response.content.decode()
    assert "site-header" in body and "过多" in body


def test_too_many_fields_from_the_upload_script_is_json(client, db, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    response = client.post(
        "/login/", {f"f{i}": "x" for i in range(20)}, HTTP_X_REQUESTED_WITH="XMLHttpRequest"
    )
    assert response.status_code == 400
    data = json.loads(response.content)
    assert data["ok"] is False and data["errors"]["__all__"]


def test_a_forbidden_page_from_a_script_is_json(client, make_user):
    client.force_login(make_user(Role.APPLICANT))
    response = client.get("/review/", HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert response.status_code == 403
    assert json.loads(response.content)["result"] == "forbidden"


@pytest.fixture
def failing_view(settings):
    settings.ROOT_URLCONF = "portal.tests.failing_urls"


@override_settings(DEBUG=False)
def test_a_server_error_is_bilingual_and_static(failing_view, db):
    from django.test import Client

    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "系统暂时无法处理" in body and "could not handle" in body
    api = client.get("/api/boom/")
    assert api.status_code == 500 and json.loads(api.content)["result"] == "server_error"
