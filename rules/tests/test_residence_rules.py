"""Lawful stable residence: H1–H7 (one chosen) and H8 (never accepted)."""

from .builders import person_payload

LEASE = {
    "lessor_name": "王房东",
    "address": "荣华中路10号院3号楼501",
    "start_date": "2025-09-01",
    "end_date": "2026-08-31",
}


def h(judge, rule, residence):
    verdict = judge("person", person_payload(residence=residence))
    return verdict.result(rule), verdict.result("P3")


def test_h1_own_home_with_certificate_passes(judge):
    r, p3 = h(
        judge,
        "H1",
        {"kind": "own_home", "has_property_certificate": True, "property_use": "residential"},
    )
    assert (r.outcome, p3.outcome) == ("pass", "pass")


def test_h1_purchase_contract_after_delivery_passes(judge):
    r, _ = h(
        judge,
        "H1",
        {"kind": "own_home", "delivery_date": "2026-03-01", "property_use": "residential"},
    )
    assert r.outcome == "pass"


def test_h1_delivery_date_not_passed_fails_without_move_in_notice(judge):
    home = {"kind": "own_home", "delivery_date": "2026-03-02", "property_use": "residential"}
    r, p3 = h(judge, "H1", home)
    assert (r.outcome, p3.outcome) == ("fail", "fail")
    r, p3 = h(judge, "H1", {**home, "move_in_notice": True})
    assert (r.outcome, p3.outcome) == ("review", "review")


def test_h2_unexpired_residence_permit_passes(judge):
    r, p3 = h(judge, "H2", {"kind": "residence_permit", "permit_expires_on": "2026-03-02"})
    assert (r.outcome, p3.outcome) == ("pass", "pass")


def test_h2_expired_permit_or_blue_card_fails(judge):
    r, _ = h(judge, "H2", {"kind": "residence_permit", "permit_expires_on": "2026-03-01"})
    assert r.outcome == "fail"
    r, _ = h(
        judge,
        "H2",
        {
            "kind": "residence_permit",
            "blue_residence_card": True,
            "permit_expires_on": "2027-01-01",
        },
    )
    assert r.outcome == "fail"
    assert "蓝色居住卡" in r.reason_zh


def _rented(**changes):
    return {
        "kind": "rented_home",
        "property_use": "residential",
        "owner_name": "王房东",
        "address": "荣华中路10号院3号楼501",
        "lease": LEASE,
        **changes,
    }


def test_h3_lease_by_owner_at_certificate_address_passes(judge):
    r, p3 = h(judge, "H3", _rented(address="荣华中路10号院3号楼 501"))  # spaces do not matter
    assert (r.outcome, p3.outcome) == ("pass", "pass")


def test_h3_lessor_not_owner_or_other_address_fails(judge):
    r, _ = h(judge, "H3", _rented(owner_name="李产权"))
    assert r.outcome == "fail"
    assert "出租人“王房东”与产权人“李产权”不一致" in r.reason_zh
    r, _ = h(judge, "H3", _rented(address="荣华中路12号"))
    assert r.outcome == "fail"
    r, _ = h(judge, "H3", _rented(lease={**LEASE, "end_date": "2026-03-01"}))
    assert r.outcome == "fail"


def test_h4_zone_public_rental_passes(judge):
    r, p3 = h(
        judge,
        "H4",
        {
            "kind": "zone_public_rental",
            "lease": LEASE,
            "public_rental_parties": "unit_and_developer",
        },
    )
    assert (r.outcome, p3.outcome) == ("pass", "pass")


def test_h4_without_parties_or_lease_fails(judge):
    r, _ = h(judge, "H4", {"kind": "zone_public_rental", "lease": LEASE})
    assert r.outcome == "fail"
    r, _ = h(
        judge, "H4", {"kind": "zone_public_rental", "public_rental_parties": "applicant_and_unit"}
    )
    assert r.outcome == "fail"


def _relative(**declaration):
    d = {"owner_name": "李父", "lodger_name": "李申请", "address": "滨河路1号", **declaration}
    return {
        "kind": "relative_home",
        "property_use": "residential",
        "owner_name": "李父",
        "address": "滨河路1号",
        "lodging_declaration": d,
    }


def test_h5_lodging_declaration_matching_names_passes(judge):
    r, _ = h(judge, "H5", _relative())
    assert r.outcome == "pass"


def test_h5_lodger_not_the_applicant_fails(judge):
    r, _ = h(judge, "H5", _relative(lodger_name="张三"))
    assert r.outcome == "fail"
    assert "申请人“李申请”" in r.reason_zh


def _homestead(**changes):
    return {
        "kind": "rural_homestead",
        "owner_name": "赵村民",
        "address": "某村88号",
        "lease": {**LEASE, "lessor_name": "赵村民", "address": "某村88号"},
        **changes,
    }


def test_h6_homestead_lease_by_register_owner_passes(judge):
    r, p3 = h(judge, "H6", _homestead())
    assert r.outcome == "pass"
    assert p3.outcome == "review"  # the use is not given: the reviewer checks it (H8)


def test_h6_lease_address_not_the_register_address_fails(judge):
    r, _ = h(judge, "H6", _homestead(address="某村89号"))
    assert r.outcome == "fail"
    assert "户口簿首页" in r.reason_zh


def _unit_housing(**changes):
    return {
        "kind": "unit_housing",
        "property_use": "residential",
        "owner_name": "某单位",
        "address": "某路1号",
        "unit_certificate_address": "某路1号",
        "lease": {**LEASE, "lessor_name": "某单位", "address": "某路1号"},
        **changes,
    }


def test_h7_unit_housing_with_three_matching_addresses_passes(judge):
    r, p3 = h(judge, "H7", _unit_housing())
    assert (r.outcome, p3.outcome) == ("pass", "pass")


def test_h7_unit_certificate_address_differs_fails(judge):
    r, _ = h(judge, "H7", _unit_housing(unit_certificate_address="某路2号"))
    assert r.outcome == "fail"


def test_h8_residential_property_passes(judge):
    r, _ = h(judge, "H8", _rented())
    assert r.outcome == "pass"
    r, _ = h(judge, "H8", _rented(tenure="shared_ownership"))
    assert r.outcome == "pass"
    assert "共有产权" in r.reason_zh


def test_h8_apartment_small_property_right_and_demolition_fail(judge):
    for residence in (
        _rented(property_use="apartment"),
        _rented(tenure="small_property_right"),
        _rented(tenure="demolition_agreement"),
        {"kind": "own_home", "has_property_certificate": True, "property_use": "office"},
    ):
        r, p3 = h(judge, "H8", residence)
        assert (r.outcome, p3.outcome) == ("fail", "fail"), residence


def test_h8_unknown_use_needs_review(judge):
    r, _ = h(judge, "H8", {"kind": "own_home", "has_property_certificate": True})
    assert r.outcome == "review"
