"""The pages of a change: the engine's problems at their fields (PR6, PR7), what the holder,
the unit and the zone see, access per object, plain words for holders and units."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from changes import services
from changes.models import PermitChange
from portal.constants import Process, Role
from tests.test_plain_words import bare_rule_ids

from .conftest import NEW_ADDRESS, child_id, upload_proofs


def _basic_post(holder, *, use="residential", address=NEW_ADDRESS) -> dict:
    return {
        "change_address": "on",
        "current_province": "北京市",
        "current_city": "北京市",
        "current_district": "大兴区",
        "current_address": address,
        "residence__kind": "own_home",
        "residence__property_use": use,
        "residence__tenure": "ordinary",
        "residence__address": address,
        "residence__owner_name": holder.name,
        "residence__has_property_certificate": "on",
    }


def _dependants_post(birth: date, province: str = "河北省") -> dict:
    return {
        "dependants-TOTAL_FORMS": "1",
        "dependants-INITIAL_FORMS": "0",
        "dependants-MIN_NUM_FORMS": "0",
        "dependants-MAX_NUM_FORMS": "1000",
        "dependants-0-relation": "child",
        "dependants-0-name": "李小宝",
        "dependants-0-id_number": child_id(birth),
        "dependants-0-in_school": "on",
        "dependants-0-school": "北京市大兴区第一小学",
        "dependants-0-register_province": province,
    }


def _open(client, person, kind: str) -> PermitChange:
    client.force_login(person.user)
    response = client.post(reverse("changes:start", args=[kind]))
    assert response.status_code == 302
    return PermitChange.objects.for_holder(person).open().get()


def test_pr6_holder_saves_a_new_residential_address(client, holder):
    person = holder()
    change = _open(client, person, "basic")
    response = client.post(reverse("changes:edit", args=[change.pk]), _basic_post(person))
    assert response.status_code == 302
    change.refresh_from_db()
    assert change.proposal["fields"]["current_address"] == NEW_ADDRESS
    assert change.proposal["residence"]["kind"] == "own_home"
    page = client.get(reverse("changes:edit", args=[change.pk])).content.decode()
    assert NEW_ADDRESS in page and person.current_address in page  # before → after


def test_pr6_an_office_is_refused_at_the_residence_field(client, holder):
    person = holder()
    change = _open(client, person, "basic")
    response = client.post(
        reverse("changes:edit", args=[change.pk]), _basic_post(person, use="office")
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors.get("residence__kind") or form.errors.get("residence__property_use")
    change.refresh_from_db()
    assert change.proposal == {}


def test_pr6_an_address_without_a_house_number_is_refused_at_the_address_f1(client, holder):
    person = holder()
    change = _open(client, person, "basic")
    response = client.post(
        reverse("changes:edit", args=[change.pk]), _basic_post(person, address="荣华中路")
    )
    assert response.status_code == 400
    assert "current_address" in response.context["form"].errors


def test_pr7_a_child_of_18_is_refused_at_the_id_number(client, holder):
    person = holder()
    change = _open(client, person, "dependants")
    today = timezone.localdate()
    response = client.post(
        reverse("changes:edit", args=[change.pk]), _dependants_post(date(today.year - 18, 1, 1))
    )
    assert response.status_code == 400
    row = response.context["form"].forms[0]
    assert "18" in " ".join(row.errors["id_number"])


def test_pr7_a_beijing_register_is_refused_at_the_register(client, holder):
    person = holder()
    change = _open(client, person, "dependants")
    today = timezone.localdate()
    response = client.post(
        reverse("changes:edit", args=[change.pk]),
        _dependants_post(date(today.year - 5, 3, 1), province="北京市"),
    )
    assert response.status_code == 400
    assert "register_province" in response.context["form"].forms[0].errors


def test_pr7_a_child_under_18_is_saved(client, holder):
    person = holder()
    change = _open(client, person, "dependants")
    today = timezone.localdate()
    response = client.post(
        reverse("changes:edit", args=[change.pk]), _dependants_post(date(today.year - 5, 3, 1))
    )
    assert response.status_code == 302
    change.refresh_from_db()
    assert change.proposal["dependants"][0]["register_province"] == "河北省"


def _with_zone(client, person) -> PermitChange:
    change = _open(client, person, "basic")
    client.post(reverse("changes:edit", args=[change.pk]), _basic_post(person))
    upload_proofs(change, ["M4-property", "M5"], person.user)
    response = client.post(reverse("changes:submit", args=[change.pk]))
    assert response.status_code == 302
    client.force_login(person.unit.staff_user)
    response = client.post(
        reverse("changes:unit_decide", args=[change.pk, "forward"]), {"comment": "属实"}
    )
    assert response.status_code == 302
    change.refresh_from_db()
    assert change.state == "with_zone"
    return change


def test_the_reviewer_sees_the_change_in_the_queue_and_approves(client, holder, reviewer):
    person = holder()
    change = _with_zone(client, person)
    client.force_login(reviewer)
    queue = client.get(reverse("reviews:changes_queue")).content.decode()
    assert person.name in queue
    page = client.get(reverse("reviews:change_case", args=[change.pk])).content.decode()
    assert NEW_ADDRESS in page and '<span class="rule-id">PR6</span>' in page
    response = client.post(reverse("reviews:change_decide", args=[change.pk, "approve"]), {})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.current_address == NEW_ADDRESS
    # The permit's history, on the holder's home.
    client.force_login(person.user)
    home = client.get(reverse("applicants:home")).content.decode()
    assert f"#{change.pk}" in home


def test_the_zone_returns_with_a_reason_per_material(client, holder, reviewer):
    person = holder()
    change = _with_zone(client, person)
    client.force_login(reviewer)
    response = client.post(
        reverse("reviews:change_decide", args=[change.pk, "return"]),
        {"return-reason_M4-property": "产权证书不清晰"},
    )
    assert response.status_code == 302
    change.refresh_from_db()
    assert change.state == "returned_to_unit"
    assert change.last_return().returned_materials.get().material_code == "M4-property"


def test_another_units_staff_and_another_holder_get_404(client, holder, make_user, unit):
    person = holder()
    change = services.change_open(holder=person, kind=Process.PR6)
    client.force_login(make_user(Role.UNIT_STAFF, unit=unit, username="other-hr"))
    assert client.get(reverse("changes:unit_case", args=[change.pk])).status_code == 404
    other = holder(2)
    client.force_login(other.user)
    assert client.get(reverse("changes:edit", args=[change.pk])).status_code == 404


@pytest.mark.parametrize("viewer", ["holder", "unit"])
def test_holders_and_units_read_no_bare_rule_ids(client, holder, viewer):
    person = holder()
    change = _with_zone(client, person)
    if viewer == "holder":
        client.force_login(person.user)
        urls = [reverse("changes:mine"), reverse("changes:edit", args=[change.pk])]
    else:
        client.force_login(person.unit.staff_user)
        urls = [reverse("changes:unit_list"), reverse("changes:unit_case", args=[change.pk])]
    for url in urls:
        assert not bare_rule_ids(client.get(url).content.decode()), url


def test_a_returned_change_leaves_the_record_and_the_view_shows_what_was_submitted(
    client, holder, reviewer
):
    person = holder()
    old_address = person.current_address
    change = _with_zone(client, person)
    client.force_login(reviewer)
    client.post(
        reverse("reviews:change_decide", args=[change.pk, "return"]),
        {"return-reason_M4-property": "产权证书不清晰"},
    )
    client.force_login(person.unit.staff_user)
    client.post(
        reverse("changes:unit_decide", args=[change.pk, "return"]),
        {"return-reason_M4-property": "产权证书不清晰"},
    )
    change.refresh_from_db()
    assert change.state == "returned_to_holder"
    # The holder starts editing again: a draft address that was never submitted.
    client.force_login(person.user)
    draft = "荣华中路9号院1号楼1单元101号"
    client.post(reverse("changes:edit", args=[change.pk]), _basic_post(person, address=draft))
    person.refresh_from_db()
    assert person.current_address == old_address  # the permit's record stays
    # The unit's and the zone's before → after is what was submitted, field by field.
    client.force_login(person.unit.staff_user)
    response = client.get(reverse("changes:unit_case", args=[change.pk]))
    rows = {
        str(r["label"]): (r["before"], r["after"])
        for part in response.context["comparison"]["parts"]
        for r in part["rows"]
    }
    address_label = str(response.context["comparison"]["parts"][0]["rows"][3]["label"])
    assert rows[address_label] == (old_address, NEW_ADDRESS)
    assert draft not in response.content.decode()
