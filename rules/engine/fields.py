"""Checks of the online form (F1–F8) and of the labour contract's data (M7) that need no
person to look at a scan."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from .identity import IdentityError, parse_resident_id
from .text import normalise, same
from .types import Contract, EducationLevel, FormFacts, Region, Relation
from .verdict import Problem, RuleResult, fail, na, ok

_HOUSE_NUMBER = re.compile(r"[0-9零〇一二两三四五六七八九十百千]+号")
_BUNGALOW = "(平房)"  # after NFKC, （平房） is (平房)
_SCHOOL_NONE = "无"
_HIGH_SCHOOL_LEVELS = (EducationLevel.SENIOR_HIGH, EducationLevel.SECONDARY_VOCATIONAL)
_FORM_RULES = ("F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8")
_NO_FORM = [
    na(rule, f"未提供网上填报信息（{rule}）", f"no online-form data given ({rule})")
    for rule in _FORM_RULES
]


def _bad(rule: str, problems: list[tuple[str, str, str]], action_zh: str, action_en: str):
    """A failing result from (path, zh, en) problems: its reason lists them all, and each
    keeps the path of the input it is about."""
    found = tuple(Problem(path, zh, en) for path, zh, en in problems)
    result = fail(
        rule,
        "；".join(p.zh for p in found) + f"（{rule}）",
        "; ".join(p.en for p in found) + f" ({rule})",
        action_zh,
        action_en,
    )
    result.paths = tuple(dict.fromkeys(p.path for p in found))
    result.problems = found
    return result


def _judged(result: RuleResult, *paths: str) -> RuleResult:
    result.paths = paths
    return result


def check_m7(contract: Contract, unit_name: str) -> RuleResult:
    return _m7(contract.party_a, unit_name, contract.work_location)


@lru_cache(maxsize=4096)
def _m7(party_a: str, unit_name: str, work_location: str) -> RuleResult:
    """Cached: one unit's contracts repeat the same three strings. Results are read-only."""
    problems = []
    if not same(party_a, unit_name):
        problems.append(
            (
                "contract.party_a",
                f"合同甲方“{party_a}”与申请单位“{unit_name}”不一致",
                f"party A “{party_a}” is not the applying unit “{unit_name}”",
            )
        )
    location = normalise(work_location)
    if location and "北京" not in location:
        problems.append(
            (
                "contract.work_location",
                f"合同工作地点“{work_location}”未包含“北京”",
                f"the work location “{work_location}” does not contain 北京",
            )
        )
    if problems:
        return _bad(
            "M7",
            problems,
            "请上传甲方为本单位、工作地点含“北京”（或不填）的劳动合同",
            "upload a contract with the unit as party A and a work location in 北京 (or none)",
        )
    return _judged(
        ok(
            "M7",
            "劳动合同甲方与申请单位一致，工作地点符合要求（M7）",
            "party A is the applying unit and the work location is acceptable (M7)",
        ),
        "contract.party_a",
        "contract.work_location",
    )


def check_f1(address: str, bungalow: bool) -> RuleResult:
    text = normalise(address)
    problems = []
    if not _HOUSE_NUMBER.search(text):
        problems.append(
            (
                "form.current_address",
                "现居住地未注明门牌号码",
                "the current address has no house number",
            )
        )
    if bungalow and _BUNGALOW not in text:
        problems.append(
            (
                "form.current_address",
                "居所为平房，须在括弧内注明“平房”",
                "a bungalow must add “(平房)”",
            )
        )
    if problems:
        return _bad("F1", problems, "请详细填写现居住地门牌号码", "give the full house number")
    return _judged(
        ok("F1", "现居住地注明了门牌号码（F1）", "the current address names the house number (F1)"),
        "form.current_address",
        "form.bungalow",
    )


def check_f2(register_address: str, first_page_address: str) -> RuleResult:
    if not normalise(register_address):
        return _bad(
            "F2",
            [("form.register_address", "未填写户口所在地", "no household-register address")],
            "请按户口本首页住址填写",
            "copy the address on the register's first page",
        )
    if first_page_address and not same(register_address, first_page_address):
        return _bad(
            "F2",
            [
                (
                    "form.register_address",
                    f"户口所在地“{register_address}”与户口本首页住址“{first_page_address}”不一致",
                    f"the register address differs from the first page's “{first_page_address}”",
                )
            ],
            "请按户口本首页住址填写",
            "copy the address on the register's first page",
        )
    return _judged(
        ok(
            "F2",
            "已填写户口所在地（与户口本首页的核对见材料审核 M2）（F2）",
            "the register address is filled in (compared with the first page in review, M2) (F2)",
        ),
        "form.register_address",
    )


def _repeated(address: str, region: Region) -> list[str]:
    text = normalise(address)
    names = {normalise(n) for n in (region.province, region.city, region.district) if n.strip()}
    return sorted(n for n in names if n in text)


def check_f3(current: str, current_region: Region, register: str, register_region: Region):
    problems = []
    for path, label_zh, label_en, address, region in (
        ("form.current_address", "现居住地", "current address", current, current_region),
        ("form.register_address", "户口所在地", "register address", register, register_region),
    ):
        repeated = _repeated(address, region)
        if repeated:
            problems.append(
                (
                    path,
                    f"{label_zh}重复填写了{'、'.join(repeated)}",
                    f"the {label_en} repeats {', '.join(repeated)}",
                )
            )
    if problems:
        return _bad(
            "F3",
            problems,
            "地址中勿重复填写省、市、区县名称",
            "leave province, city and district names out of the address text",
        )
    return _judged(
        ok(
            "F3",
            "地址未重复填写省、市、区县名称（F3）",
            "the addresses do not repeat province, city or district names (F3)",
        ),
        "form.current_address",
        "form.register_address",
    )


def check_f4(form: FormFacts) -> RuleResult:
    if not form.graduation_school or (
        not form.final_diploma_issuer and form.final_diploma_issued_on is None
    ):
        return na(
            "F4",
            "未提供毕业院校或最终学历证书信息（F4）",
            "no graduation school or final diploma details given (F4)",
        )
    problems = []
    if form.final_diploma_issuer and not same(form.graduation_school, form.final_diploma_issuer):
        problems.append(
            (
                "form.graduation_school",
                f"毕业院校“{form.graduation_school}”与最终学历发证机关“{form.final_diploma_issuer}”"
                "不一致",
                f"the graduation school differs from the diploma's issuer "
                f"“{form.final_diploma_issuer}”",
            )
        )
    issued = form.final_diploma_issued_on
    if issued is not None and form.graduation_date != issued:
        problems.append(
            (
                "form.graduation_date",
                f"毕业日期 {form.graduation_date} 与最终学历发证时间 {issued} 不一致",
                f"the graduation date {form.graduation_date} is not the diploma's issue date "
                f"{issued}",
            )
        )
    if problems:
        return _bad(
            "F4",
            problems,
            "毕业院校、毕业日期按最终学历证书填写",
            "copy the school and date from the final diploma",
        )
    return _judged(
        ok(
            "F4",
            "毕业院校、毕业日期与最终学历证书一致（F4）",
            "graduation school and date match the final diploma (F4)",
        ),
        "form.graduation_school",
        "form.graduation_date",
    )


def check_f5(form: FormFacts) -> RuleResult:
    if not form.foreign_degree:
        return na("F5", "非国外学历学位（F5）", "not a foreign degree (F5)")
    report = normalise(form.cscse_report_number)
    if not report:
        return _bad(
            "F5",
            [
                (
                    "form.cscse_report_number",
                    "国外学历学位须提供教育部留学服务中心认证书编号",
                    "a foreign degree needs the CSCSE report number",
                )
            ],
            "请上传留服认证报告并填写其编号",
            "upload the CSCSE report and give its number",
        )
    if normalise(form.degree_certificate_number) != report:
        return _bad(
            "F5",
            [
                (
                    "form.degree_certificate_number",
                    f"证书编号“{form.degree_certificate_number}”应填写留服认证书编号“{form.cscse_report_number}”",
                    "the certificate number must be the CSCSE report number "
                    f"“{form.cscse_report_number}”",
                )
            ],
            "证书编号填写留服认证书上的数字",
            "enter the CSCSE report's number as the certificate number",
        )
    return _judged(
        ok(
            "F5",
            "国外学历证书编号为留服认证书编号（F5）",
            "the foreign degree's number is the CSCSE report number (F5)",
        ),
        "form.degree_certificate_number",
        "form.cscse_report_number",
    )


def check_f6(form: FormFacts) -> RuleResult:
    problems = []
    if not any(e.level in _HIGH_SCHOOL_LEVELS for e in form.education):
        problems.append(
            (
                "form.education",
                "教育经历应从高中填起",
                "education history must start at senior high school",
            )
        )
    for i, e in enumerate(form.education, 1):
        row = f"form.education[{i - 1}]"
        if not normalise(e.school):
            problems.append(
                (
                    f"{row}.school",
                    f"第 {i} 条教育经历未填写学校全称",
                    f"entry {i} has no school name",
                )
            )
        if not normalise(e.summary):
            problems.append(
                (
                    f"{row}.summary",
                    f"第 {i} 条教育经历未填写概要信息",
                    f"entry {i} has no summary line",
                )
            )
    if problems:
        return _bad(
            "F6",
            problems,
            "从高中填起，填写学校全称和概要信息（如“学习高中课程”）",
            "start at senior high school; give full school names and a summary line",
        )
    return _judged(
        ok(
            "F6",
            f"教育经历 {len(form.education)} 条，从高中填起（F6）",
            f"{len(form.education)} education entries from senior high school on (F6)",
        ),
        "form.education",
    )


def check_f7(form: FormFacts, unit_name: str) -> RuleResult:
    problems = []
    graduated = form.full_time_graduation_date or form.graduation_date
    for i, w in enumerate(form.work_history, 1):
        row = f"form.work_history[{i - 1}]"
        if same(w.employer, unit_name):
            problems.append(
                (
                    f"{row}.employer",
                    f"第 {i} 条为现单位经历，无需填写",
                    f"entry {i} is the current unit",
                )
            )
        if graduated is not None and w.end_date < graduated:
            problems.append(
                (
                    f"{row}.end_date",
                    f"第 {i} 条经历在全日制毕业（{graduated}）之前",
                    f"entry {i} ends before full-time graduation on {graduated}",
                )
            )
    if problems:
        return _bad(
            "F7",
            problems,
            "工作经历从全日制毕业后填起，逐一填写，不含现单位",
            "list every employer since full-time graduation, not the current unit",
        )
    return _judged(
        ok(
            "F7",
            f"工作经历 {len(form.work_history)} 条，符合填报要求（F7）",
            f"{len(form.work_history)} work-history entries, as required (F7)",
        ),
        "form.work_history",
    )


def check_f8(form: FormFacts, on: date) -> RuleResult:
    if not form.dependants:
        return na("F8", "无随往人员（F8）", "no dependants (F8)")
    problems = []
    for i, d in enumerate(form.dependants, 1):
        who = d.name or f"第 {i} 位"
        row = f"form.dependants[{i - 1}]"
        if not d.id_number.strip():
            problems.append(
                (
                    f"{row}.id_number",
                    f"随往人员{who}未填写身份证号码",
                    f"dependant {i} has no ID number",
                )
            )
        else:
            try:
                parse_resident_id(d.id_number, today=on)
            except IdentityError as exc:
                problems.append(
                    (
                        f"{row}.id_number",
                        f"随往人员{who}的身份证号码无效：{exc.zh}",
                        f"dependant {i}'s ID number is invalid: {exc.en}",
                    )
                )
        if d.relation is Relation.CHILD:
            school = normalise(d.school)
            if not d.in_school and school != _SCHOOL_NONE:
                problems.append(
                    (
                        f"{row}.school",
                        f"{who}未上幼儿园，“工作（学习）单位”应填“无”",
                        f"dependant {i} is not in kindergarten: the school must be 无",
                    )
                )
            if d.in_school and school in ("", _SCHOOL_NONE):
                problems.append(
                    (
                        f"{row}.school",
                        f"{who}须填写就读幼儿园或学校全称",
                        f"dependant {i} needs the full name of the school",
                    )
                )
    if problems:
        return _bad(
            "F8",
            problems,
            "填写每位随往人员（含幼儿）的身份证号码和学校",
            "give every dependant's ID number (infants too) and school",
        )
    return _judged(
        ok(
            "F8",
            f"随往人员 {len(form.dependants)} 人，信息完整（F8）",
            f"{len(form.dependants)} dependants, complete (F8)",
        ),
        "form.dependants",
    )


def check_form(form: FormFacts | None, unit_name: str, on: date) -> list[RuleResult]:
    if form is None:
        return _NO_FORM
    return [
        check_f1(form.current_address, form.bungalow),
        check_f2(form.register_address, form.register_first_page_address),
        check_f3(
            form.current_address, form.current_region, form.register_address, form.register_region
        ),
        check_f4(form),
        check_f5(form),
        check_f6(form),
        check_f7(form, unit_name),
        check_f8(form, on),
    ]
