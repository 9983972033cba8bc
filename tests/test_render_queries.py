"""No query runs while a template renders (issue 15): every page the access matrix visits,
for every role, GET. The queries of a page belong in its view; see portal/tests/rendering.py
for what counts as rendering."""

import pytest
from django.db import transaction
from django.test import Client

from portal.tests.rendering import queries_while_rendering

from .test_access_matrix import ROLES, _url, routes


@pytest.mark.django_db
@pytest.mark.parametrize("name", routes())
def test_no_query_while_a_template_renders(world, name):
    url = _url(name, world)
    found = []
    for role in ROLES:
        client = Client()
        if role != "anon":
            client.force_login(world["users"][role])
        with transaction.atomic(), queries_while_rendering() as queries:
            client.get(url)
            transaction.set_rollback(True)
        if queries:
            found.append(f"{role} GET {url}:\n{queries.report()}")
    assert not found, "queries while rendering:\n" + "\n".join(found)
