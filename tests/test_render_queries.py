"""No query runs while a template renders (issue 15): every page the access matrix visits,
for every role, GET. The queries of a page belong in its view; see portal/tests/rendering.py
for what counts as rendering (the nodes of a template; context processors run before)."""

import pytest
from django.db import transaction
from django.template import Context, Template
from django.test import Client

from portal.tests.rendering import queries_while_rendering

from .test_access_matrix import ROLES, _url, routes

# Pages that still read from inside their templates, each with what reads. Strict: a page
# that no longer does fails here until it is taken off this list.
NOT_YET = {
    "admin:index": "Django's own admin index reads its recent actions (get_admin_log)",
}


def _params():
    for name in routes():
        marks = [pytest.mark.xfail(reason=NOT_YET[name], strict=True)] if name in NOT_YET else []
        yield pytest.param(name, marks=marks, id=name)


@pytest.mark.django_db
@pytest.mark.parametrize("name", _params())
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


def test_the_check_sees_a_query_in_a_template(db, django_user_model):
    """The instrument itself: a queryset first iterated by a template is caught, one
    evaluated before rendering is not."""
    template = Template("{% for u in users %}{{ u.username }}{% endfor %}")
    django_user_model.objects.create(username="someone")
    with queries_while_rendering() as lazy:
        template.render(Context({"users": django_user_model.objects.all()}))
    assert len(lazy.queries) == 1
    users = list(django_user_model.objects.all())
    with queries_while_rendering() as eager:
        template.render(Context({"users": users}))
    assert not eager
