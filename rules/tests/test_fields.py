"""Online-form checks F1–F8 and the labour contract's data (M7, T5)."""

from datetime import date

from .builders import UNIT_NAME, form_payload, make_id, person_payload


def f(judge, rule, **form_changes):
    return judge("person", person_payload(form=form_payload(**form_changes))).result(rule)


def test_form_baseline_passes_every_field_rule(judge):
    verdict = judge("person", person_payload(form=form_payload()))
    outcomes = {r.rule: r.outcome for r in verdict.results if r.rule.startswith("F")}
    assert set(outcomes.values()) <= {"pass", "not_applicable"}, outcomes


def test_f_rules_not_applicable_without_form(judge):
    verdict = judge("person", person_payload())
    assert verdict.result("F1").outcome == "not_applicable"


def test_f1_address_with_house_number_passes(judge):
    assert f(judge, "F1", current_address="西红门镇宏福路5号").outcome == "pass"
    assert f(judge, "F1", current_address="某村十二号（平房）", bungalow=True).outcome == "pass"


def test_f1_address_without_house_number_or_bungalow_mark_fails(judge):
    assert f(judge, "F1", current_address="荣华中路附近小区").outcome == "fail"
    r = f(judge, "F1", current_address="某村12号", bungalow=True)
    assert r.outcome == "fail"
    assert "平房" in r.reason_zh


def test_f2_register_address_given_passes(judge):
    r = f(judge, "F2", register_first_page_address="长安街道解放路 8 号")
    assert r.outcome == "pass"


def test_f2_missing_or_differing_register_address_fails(judge):
    assert f(judge, "F2", register_address="").outcome == "fail"
    assert f(judge, "F2", register_first_page_address="长安街道解放路9号").outcome == "fail"


def test_f3_addresses_without_region_names_pass(judge):
    assert f(judge, "F3").outcome == "pass"


def test_f3_repeated_district_fails(judge):
    r = f(judge, "F3", current_address="北京市大兴区荣华中路10号")
    assert r.outcome == "fail"
    assert "北京市" in r.reason_zh and "大兴区" in r.reason_zh


def test_f4_school_and_date_as_on_final_diploma_pass(judge):
    assert f(judge, "F4").outcome == "pass"


def test_f4_graduation_date_not_the_issue_date_fails(judge):
    assert f(judge, "F4", graduation_date="2012-06-30").outcome == "fail"
    assert f(judge, "F4", graduation_school="北理工").outcome == "fail"


def test_f5_foreign_degree_with_cscse_number_passes(judge):
    r = f(
        judge,
        "F5",
        foreign_degree=True,
        degree_certificate_number="0123456",
        cscse_report_number="0123456",
    )
    assert r.outcome == "pass"
    assert f(judge, "F5").outcome == "not_applicable"


def test_f5_foreign_degree_with_other_number_fails(judge):
    r = f(
        judge,
        "F5",
        foreign_degree=True,
        degree_certificate_number="UK-778",
        cscse_report_number="0123456",
    )
    assert r.outcome == "fail"
    assert f(judge, "F5", foreign_degree=True).outcome == "fail"


def test_f6_history_from_senior_high_passes(judge):
    assert f(judge, "F6").outcome == "pass"


def test_f6_history_without_senior_high_or_summary_fails(judge):
    form = form_payload()
    college_only = form["education"][1:]
    assert f(judge, "F6", education=college_only).outcome == "fail"
    no_summary = [{**form["education"][0], "summary": ""}]
    assert f(judge, "F6", education=no_summary).outcome == "fail"


def test_f7_work_history_after_graduation_passes(judge):
    assert f(judge, "F7").outcome == "pass"
    assert f(judge, "F7", work_history=[]).outcome == "pass"


def test_f7_current_unit_or_work_before_graduation_fails(judge):
    current = [{"employer": UNIT_NAME, "start_date": "2025-06-01", "end_date": "2026-03-01"}]
    assert f(judge, "F7", work_history=current).outcome == "fail"
    student_job = [{"employer": "某书店", "start_date": "2010-07-01", "end_date": "2010-08-31"}]
    assert f(judge, "F7", work_history=student_job).outcome == "fail"


def test_f8_dependants_with_id_numbers_and_schools_pass(judge):
    dependants = [
        {
            "name": "李小",
            "relation": "child",
            "id_number": make_id(date(2024, 1, 5)),
            "in_school": False,
            "school": "无",
        },
        {
            "name": "李中",
            "relation": "child",
            "id_number": make_id(date(2018, 9, 1), male=False),
            "in_school": True,
            "school": "北京市大兴区第一小学",
        },
        {
            "name": "王配偶",
            "relation": "spouse",
            "id_number": make_id(date(1991, 1, 1), male=False),
        },
    ]
    assert f(judge, "F8", dependants=dependants).outcome == "pass"


def test_f8_infant_without_id_number_or_school_not_none_fails(judge):
    no_id = [{"name": "李小", "relation": "child", "school": "无"}]
    assert f(judge, "F8", dependants=no_id).outcome == "fail"
    bad_school = [
        {"name": "李小", "relation": "child", "id_number": make_id(date(2024, 1, 5)), "school": ""}
    ]
    assert f(judge, "F8", dependants=bad_school).outcome == "fail"
    good = make_id(date(2024, 1, 5))
    wrong_check = good[:-1] + ("0" if good[-1] != "0" else "1")
    bad_id = [{"name": "李小", "relation": "child", "id_number": wrong_check, "school": "无"}]
    r = f(judge, "F8", dependants=bad_id)
    assert r.outcome == "fail"
    assert "身份证号码无效" in r.reason_zh


def test_m7_contract_with_the_unit_in_beijing_passes(judge):
    verdict = judge("person", person_payload())
    assert verdict.result("M7").outcome == "pass"
    contract = {"party_a": UNIT_NAME, "start_date": "2025-06-01", "work_location": ""}
    assert judge("person", person_payload(contract=contract)).result("M7").outcome == "pass"


def test_m7_other_party_a_or_location_outside_beijing_fails(judge):
    other = {"party_a": "某劳务派遣公司", "start_date": "2025-06-01", "end_date": "2028-05-31"}
    assert judge("person", person_payload(contract=other)).result("M7").outcome == "fail"
    tianjin = {"party_a": UNIT_NAME, "start_date": "2025-06-01", "work_location": "天津市"}
    r = judge("person", person_payload(contract=tianjin)).result("M7")
    assert r.outcome == "fail"
    assert "北京" in r.reason_zh


def test_t5_contract_ending_after_one_month_passes(judge):
    contract = {"party_a": UNIT_NAME, "start_date": "2025-06-01", "end_date": "2026-04-03"}
    assert judge("person", person_payload(contract=contract)).result("T5").outcome == "pass"


def test_t5_contract_ending_exactly_one_month_after_fails(judge):
    contract = {"party_a": UNIT_NAME, "start_date": "2025-06-01", "end_date": "2026-04-02"}
    r = judge("person", person_payload(contract=contract)).result("T5")
    assert r.outcome == "fail"
    assert "续签" in r.action_zh
