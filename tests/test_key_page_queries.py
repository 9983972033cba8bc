"""The key pages keep the query budget (issue 15: at most 12 per page) on the demo data, where
the applicant holds a permit with its history and the unit has employees in every state: the
fixtures of each app's own budget tests are smaller. Counted after a first request, as a
person sees them on their second page, with the reference tables in the cache as the portal
serves them between two changes of them (rules.tables; a test's transaction that loaded them
is one such change, so they are put in the cache here)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rules import tables

BUDGET = 12

KEY_PAGES = [
    ("appA", "applicants:home", None),  # a permit holder
    ("appC", "applicants:home", None),  # a complete profile before association
    ("appA", "applicants:materials", None),
    ("appC", "applicants:materials", None),
    ("staffA", "units:home", None),
    ("staffA", "permits:employees", None),
    ("reviewer", "reviews:home", None),
    ("reviewer", "reviews:permits_queue", None),
    ("reviewer", "reviews:permit_cases_queue", None),
    ("reviewer", "reviews:changes_queue", None),
    ("reviewer", "reviews:permit_application", "reviews:permit_application"),
]


@pytest.fixture
def reference_tables_cached(world, monkeypatch):
    with monkeypatch.context() as patch:
        patch.setattr(tables, "_changed_in_this_transaction", lambda: False)
        tables.load_wage_table()
        tables.load_calendar()


@pytest.mark.django_db
@pytest.mark.usefixtures("reference_tables_cached")
@pytest.mark.parametrize(
    ("role", "name", "pk_of"), KEY_PAGES, ids=[f"{r}-{n}" for r, n, _ in KEY_PAGES]
)
def test_key_page_within_budget(world, role, name, pk_of):
    url = reverse(name, args=[world["pks"][pk_of]] if pk_of else [])
    client = Client()
    client.force_login(world["users"][role])
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    listed = "\n".join(q["sql"][:120] for q in queries.captured_queries)
    assert len(queries) <= BUDGET, f"{name} as {role}: {len(queries)} queries\n{listed}"
