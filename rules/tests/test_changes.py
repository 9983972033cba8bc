"""Changes to a permit: the new address of a basic-information change (PR6) and the
accompanying children of a dependants change (PR7)."""

from datetime import date

from rules.engine.changes import (
    check_pr6,
    check_pr7,
    evaluate_address_change,
    evaluate_dependants_change,
)
from rules.engine.types import (
    AddressChangeFacts,
    ChangedDependant,
    DependantsChangeFacts,
    PropertyUse,
    Region,
    Relation,
    Residence,
    ResidenceKind,
    Tenure,
)
from rules.engine.verdict import Outcome

from .builders import make_id

ON = date(2026, 11, 2)
ADDRESS = "荣华南路15号院3号楼2单元501号"


def _address_change(residence: Residence | None, address: str = ADDRESS) -> AddressChangeFacts:
    return AddressChangeFacts(
        applicant_name="李申请",
        submission_date=ON,
        current_address=address,
        current_region=Region("北京市", "北京市", "大兴区"),
        residence=residence,
    )


def _own_home(use: PropertyUse = PropertyUse.RESIDENTIAL, **kw) -> Residence:
    return Residence(
        kind=ResidenceKind.OWN_HOME,
        property_use=use,
        address=ADDRESS,
        owner_name="李申请",
        has_property_certificate=True,
        **kw,
    )


def _child(birth: date, *, province: str = "河北省", custody: bool = False) -> ChangedDependant:
    return ChangedDependant(
        name="李小宝",
        relation=Relation.CHILD,
        id_number=make_id(birth, region="130102"),
        register_province=province,
        custody_with_applicant=custody,
        in_school=True,
        school="北京市大兴区第一小学",
    )


# --- PR6 ----------------------------------------------------------------------------------
def test_pr6_a_residential_own_home_passes():
    result = check_pr6(_address_change(_own_home()))
    assert result.outcome is Outcome.PASS, result.reason_zh


def test_pr6_an_office_property_fails_as_not_residential():
    result = check_pr6(_address_change(_own_home(PropertyUse.OFFICE)))
    assert result.outcome is Outcome.FAIL
    assert "非住宅" in result.reason_zh
    assert result.problems[0].path == "residence"


def test_pr6_a_small_property_right_home_fails():
    result = check_pr6(_address_change(_own_home(tenure=Tenure.SMALL_PROPERTY_RIGHT)))
    assert result.outcome is Outcome.FAIL


def test_pr6_without_a_residence_fails_at_its_kind():
    result = check_pr6(_address_change(None))
    assert result.outcome is Outcome.FAIL
    assert result.problems[0].path == "residence.kind"


def test_pr6_address_change_also_checks_the_house_number_f1():
    verdict = evaluate_address_change(_address_change(_own_home(), address="荣华南路"))
    assert verdict.result("PR6").outcome is Outcome.PASS
    assert verdict.result("F1").outcome is Outcome.FAIL


# --- PR7 ----------------------------------------------------------------------------------
def test_pr7_a_child_under_18_registered_outside_beijing_passes():
    facts = DependantsChangeFacts(ON, divorced=False, dependants=[_child(date(2015, 6, 1))])
    result = check_pr7(facts)
    assert result.outcome is Outcome.PASS, result.reason_zh


def test_pr7_a_child_of_18_fails_with_the_age_on_the_submission_date():
    # Born 2008-11-02: 18 full years on 2026-11-02, the day of submission.
    facts = DependantsChangeFacts(ON, divorced=False, dependants=[_child(date(2008, 11, 2))])
    result = check_pr7(facts)
    assert result.outcome is Outcome.FAIL
    assert "已满 18 周岁" in result.reason_zh
    assert result.problems[0].path == "dependants[0].id_number"


def test_pr7_the_day_before_the_18th_birthday_passes():
    facts = DependantsChangeFacts(ON, divorced=False, dependants=[_child(date(2008, 11, 3))])
    assert check_pr7(facts).outcome is Outcome.PASS


def test_pr7_a_beijing_register_fails():
    child = _child(date(2015, 6, 1), province="北京市")
    result = check_pr7(DependantsChangeFacts(ON, divorced=False, dependants=[child]))
    assert result.outcome is Outcome.FAIL
    assert result.problems[0].path == "dependants[0].register_province"
    assert "外地户籍" in result.reason_zh


def test_pr7_after_a_divorce_custody_must_be_the_applicants_or_it_fails():
    without = DependantsChangeFacts(ON, divorced=True, dependants=[_child(date(2015, 6, 1))])
    assert check_pr7(without).outcome is Outcome.FAIL
    assert check_pr7(without).problems[0].path == "dependants[0].custody_with_applicant"
    with_custody = DependantsChangeFacts(
        ON, divorced=True, dependants=[_child(date(2015, 6, 1), custody=True)]
    )
    assert check_pr7(with_custody).outcome is Outcome.PASS


def test_pr7_a_spouse_alone_is_not_applicable():
    spouse = ChangedDependant("王配偶", Relation.SPOUSE, make_id(date(1990, 1, 1)))
    result = check_pr7(DependantsChangeFacts(ON, divorced=False, dependants=[spouse]))
    assert result.outcome is Outcome.NOT_APPLICABLE


def test_pr7_every_id_number_is_required_through_f8_infants_too():
    infant = ChangedDependant("李小小", Relation.CHILD, "", "河北省", school="无")
    verdict = evaluate_dependants_change(DependantsChangeFacts(ON, False, [infant]))
    assert verdict.result("PR7").outcome is Outcome.FAIL
    assert verdict.result("F8").outcome is Outcome.FAIL
