"""The demo data: one change of each kind (PR6, PR7) in each state, and the pages of each
demo account that sees them open."""

from django.urls import reverse

from changes.constants import ChangeState
from changes.models import PermitChange
from portal.models import User
from tests.test_demo_walk import demo_data  # noqa: F401  (the fixture)
from tests.test_plain_words import bare_rule_ids


def test_demo_has_each_kind_of_change_in_each_state(demo_data):  # noqa: F811
    found = set(PermitChange.objects.values_list("kind", "state"))
    assert found == {(kind, state) for kind in ("PR6", "PR7") for state in ChangeState.values}


def test_demo_changes_open_for_the_unit_and_the_reviewer(client, demo_data):  # noqa: F811
    client.force_login(User.objects.get(username="unit"))
    for change in PermitChange.objects.all():
        response = client.get(reverse("changes:unit_case", args=[change.pk]))
        assert response.status_code == 200
        assert not bare_rule_ids(response.content.decode())
    client.force_login(User.objects.get(username="reviewer"))
    assert client.get(reverse("reviews:changes_queue")).status_code == 200
    for change in PermitChange.objects.all():
        assert client.get(reverse("reviews:change_case", args=[change.pk])).status_code == 200
