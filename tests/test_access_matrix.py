"""Every route × method × role against one table of expected outcomes (issue 10).

The routes come from the URL resolver: a new route without a row in EXPECTED fails
``test_every_route_has_an_entry``. Roles: anonymous, two applicants (A owns the objects in the
URLs, B does not), staff of two units (A's unit owns them, B's does not), a reviewer, an
administrator. Objects in the URLs belong to applicant A and unit A, so B's answers show that a
foreign object is a 404. Each request runs in a savepoint that is rolled back.

Outcomes: ``ok`` the view served the request (2xx, a redirect other than to sign-in, or a 400
form answer), ``login`` a redirect to sign-in, ``401`` / ``403`` / ``404`` / ``405`` those
statuses. A GET/POST pair per role: ``"ok/405"``.
"""

import os

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

ROLES = ["anon", "appA", "appB", "staffA", "staffB", "reviewer", "admin"]

# route name: outcomes of GET/POST for anon, appA, appB, staffA, staffB, reviewer, admin
EXPECTED = {
    # route: GET/POST for anon appA appB staffA staffB reviewer admin
    "admin:index": "login/login login/login login/login login/login login/login login/login ok/ok",
    "applicants:eligibility": "login/login ok/ok ok/ok 403/403 403/403 403/403 403/403",
    "applicants:facts": "login/login ok/ok ok/ok 403/403 403/403 403/403 403/403",
    "applicants:home": "login/login ok/ok ok/ok 403/403 403/403 403/403 403/403",
    "applicants:materials": "login/login ok/ok ok/ok 403/403 403/403 403/403 403/403",
    "applicants:profile": "login/login ok/ok ok/ok 403/403 403/403 403/403 403/403",
    "attachments:delete": "login/login ok/ok 404/404 404/404 404/404 404/404 404/404",
    "attachments:material": "login/login ok/405 404/405 ok/405 404/405 ok/405 ok/405",
    "attachments:serve": "login/login ok/405 404/405 ok/405 404/405 ok/405 ok/405",
    "attachments:thumbnail": "login/login ok/405 404/405 ok/405 404/405 ok/405 ok/405",
    "attachments:upload": "login/login 405/ok 405/404 405/404 405/404 405/404 405/404",
    "changes:edit": "login/login ok/ok 404/404 403/403 403/403 403/403 403/403",
    "changes:mine": "login/login ok/ok ok/ok 403/403 403/403 403/403 403/403",
    "changes:start": "405/login 405/ok 405/404 405/403 405/403 405/403 405/403",
    "changes:submit": "405/login 405/ok 405/404 405/403 405/403 405/403 405/403",
    "changes:unit_case": "login/login 403/403 403/403 ok/ok 404/404 403/403 403/403",
    "changes:unit_decide": "405/login 405/403 405/403 405/ok 405/404 405/403 405/403",
    "changes:unit_list": "login/login 403/403 403/403 ok/ok ok/ok 403/403 403/403",
    "reviews:change_case": "login/login 403/403 403/403 403/403 403/403 ok/ok 403/403",
    "reviews:change_decide": "405/login 405/403 405/403 405/403 405/403 405/ok 405/403",
    "reviews:changes_queue": "login/login 403/403 403/403 403/403 403/403 ok/ok 403/403",
    "documents:blank": "login/login ok/ok ok/ok ok/ok ok/ok ok/ok ok/ok",
    "documents:employee_declaration": "login/login 403/403 403/403 ok/ok 404/404 403/403 403/403",
    "documents:holders_export": "login/login 403/403 403/403 ok/ok ok/ok 403/403 403/403",
    "documents:mine": "login/login ok/ok ok/ok 403/403 403/403 403/403 403/403",
    "documents:my_declaration": "login/login ok/ok 404/404 403/403 403/403 403/403 403/403",
    "documents:receipt": "login/login 404/404 404/404 ok/ok 404/404 ok/ok ok/ok",
    "documents:unit": "login/login 403/403 403/403 ok/ok ok/ok 403/403 403/403",
    "documents:unit_integrity": "login/login 403/403 403/403 ok/ok ok/ok 403/403 403/403",
    "figures:statistics": "login/login 403/403 403/403 403/403 403/403 ok/ok ok/ok",
    "notices:inbox": "login/login ok/ok ok/ok ok/ok ok/ok ok/ok ok/ok",
    "notices:open": "login/login 405/ok 405/404 405/404 405/404 405/404 405/404",
    "notices:preference": "login/login 405/ok 405/ok 405/ok 405/ok 405/ok 405/ok",
    "notices:read": "login/login 405/ok 405/404 405/404 405/404 405/404 405/404",
    "notices:read_all": "login/login 405/ok 405/ok 405/ok 405/ok 405/ok 405/ok",
    "permits:application": "login/login ok/ok ok/ok 403/403 403/403 403/403 403/403",
    "permits:application_submit": "405/login 405/ok 405/404 405/403 405/403 405/403 405/403",
    "permits:associate": "login/login ok/ok ok/ok 403/403 403/403 403/403 403/403",
    "permits:association_decide": "login/login 403/403 403/403 ok/ok 404/404 403/403 403/403",
    "permits:association_withdraw": "405/login 405/ok 405/404 405/403 405/403 405/403 405/403",
    "permits:employee": "login/login 403/403 403/403 ok/ok 404/404 403/403 403/403",
    "permits:employee_contract": "login/login 403/403 403/403 ok/ok 404/404 403/403 403/403",
    "permits:employee_release": "login/login 403/403 403/403 ok/ok 404/404 403/403 403/403",
    "permits:employees": "login/login 403/403 403/403 ok/ok ok/ok 403/403 403/403",
    "permits:my_permit_case": "login/login ok/ok 404/404 403/403 403/403 403/403 403/403",
    "permits:permit_case_start": "405/login 405/403 405/403 405/ok 405/404 405/403 405/403",
    "permits:rotate_code": "405/login 405/403 405/403 405/ok 405/ok 405/403 405/403",
    "permits:unit_application": "login/login 403/403 403/403 ok/ok 404/404 403/403 403/403",
    "permits:unit_application_decide": "405/login 405/403 405/403 405/ok 405/404 405/403 405/403",
    "permits:unit_permit_case": "login/login 403/403 403/403 ok/ok 404/404 403/403 403/403",
    "portal:admin_home": "login/login 403/403 403/403 403/403 403/403 403/403 ok/ok",
    "portal:healthz": "503/405 503/405 503/405 503/405 503/405 503/405 503/405",
    "portal:home": "login/login ok/ok ok/ok ok/ok ok/ok ok/ok ok/ok",
    "portal:login": "ok/ok ok/ok ok/ok ok/ok ok/ok ok/ok ok/ok",
    "portal:logout": "405/login 405/login 405/login 405/login 405/login 405/login 405/login",
    "portal:password_reset": "ok/ok ok/ok ok/ok ok/ok ok/ok ok/ok ok/ok",
    "portal:password_reset_complete": "ok/405 ok/405 ok/405 ok/405 ok/405 ok/405 ok/405",
    "portal:password_reset_confirm": "ok/ok ok/ok ok/ok ok/ok ok/ok ok/ok ok/ok",
    "portal:password_reset_done": "ok/405 ok/405 ok/405 ok/405 ok/405 ok/405 ok/405",
    "reviews:home": "login/login 403/403 403/403 403/403 403/403 ok/ok 403/403",
    "reviews:home_export": "login/login 403/403 403/403 403/403 403/403 ok/ok 403/403",
    "reviews:permit_application": "login/login 403/403 403/403 403/403 403/403 ok/ok 403/403",
    "reviews:permit_application_decide": "405/login 405/403 405/403 405/403 405/403 405/ok 405/403",
    "reviews:permit_case": "login/login 403/403 403/403 403/403 403/403 ok/ok 403/403",
    "reviews:permit_case_decide": "405/login 405/403 405/403 405/403 405/403 405/ok 405/403",
    "reviews:permit_cases_queue": "login/login 403/403 403/403 403/403 403/403 ok/ok 403/403",
    "reviews:permits_queue": "login/login 403/403 403/403 403/403 403/403 ok/ok 403/403",
    "reviews:permits_queue_export": "login/login 403/403 403/403 403/403 403/403 ok/ok 403/403",
    "reviews:quota": "login/login 403/403 403/403 403/403 403/403 ok/ok ok/ok",
    "reviews:unit_case": "login/login 403/403 403/403 403/403 403/403 ok/ok 403/403",
    "reviews:unit_case_decide": "405/login 405/403 405/403 405/403 405/403 405/ok 405/403",
    "reviews:units": "login/login 403/403 403/403 403/403 403/403 ok/ok ok/ok",
    "rules:api_eligibility": "405/401 405/ok 405/ok 405/ok 405/ok 405/ok 405/ok",
    "rules:self_check": "ok/ok ok/ok ok/ok ok/ok ok/ok ok/ok ok/ok",
    "set_language": "ok/ok ok/ok ok/ok ok/ok ok/ok ok/ok ok/ok",
    "units:apply": "login/login 403/403 403/403 ok/ok ok/ok 403/403 403/403",
    "units:case": "login/login 403/403 403/403 ok/ok 404/404 403/403 403/403",
    "units:case_submit": "405/login 405/403 405/403 405/ok 405/404 405/403 405/403",
    "units:home": "login/login 403/403 403/403 ok/ok ok/ok 403/403 403/403",
    "units:materials": "login/login 403/403 403/403 ok/ok ok/ok 403/403 403/403",
    "units:profile": "login/login 403/403 403/403 ok/ok ok/ok 403/403 403/403",
}


def _walk(patterns, ns=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, f"{ns}{p.namespace}:" if p.namespace else ns)
        elif isinstance(p, URLPattern):
            yield f"{ns}{p.name}", p


def routes() -> list[str]:
    names = {name for name, _p in _walk(get_resolver().url_patterns)}
    names.discard("admin:None")  # the admin's catch-all; its pages are one route here
    return sorted(n for n in names if not n.startswith("admin:") or n == "admin:index")


def _url(name: str, world) -> str:
    pattern = dict(_walk(get_resolver().url_patterns))[name]
    kwargs = {}
    for key in pattern.pattern.converters:
        kwargs[key] = world["pks"][name] if key == "pk" else world["args"][key]
    kwargs.update(world["kwargs"].get(name, {}))
    if name == "permits:unit_application_decide":
        kwargs["action"] = "forward"  # the unit's own decision; "approve" is the zone's
    return reverse(name, kwargs=kwargs)


def _outcome(response) -> str:
    status = response.status_code
    if status in (301, 302) and "/login/" in response.get("Location", ""):
        return "login"
    if status in (401, 403, 404, 405):
        return str(status)
    if status < 400 or status == 400:
        return "ok"
    return str(status)


def _observe(name: str, world) -> str:
    url = _url(name, world)
    cells = []
    for role in ROLES:
        pair = []
        for method in ("get", "post"):
            client = Client()
            if role != "anon":
                client.force_login(world["users"][role])
            with transaction.atomic():
                response = getattr(client, method)(url)
                transaction.set_rollback(True)
            pair.append(_outcome(response))
        cells.append("/".join(pair))
    return " ".join(cells)


def test_every_route_has_an_entry():
    missing = [name for name in routes() if name not in EXPECTED]
    assert not missing, f"routes without a row in EXPECTED: {missing}"
    stale = [name for name in EXPECTED if name not in routes()]
    assert not stale, f"rows for routes that no longer exist: {stale}"


@pytest.mark.django_db
@pytest.mark.parametrize("name", routes())
def test_route_answers_each_role_as_the_table_says(world, name):
    observed = _observe(name, world)
    if os.environ.get("ACCESS_MATRIX_RECORD"):
        print(f'    "{name}": "{observed}",')
        return
    assert observed == EXPECTED.get(name), f"{name}: observed {observed}"
