"""Changes to a permit: the basic information (PR6, handbook （六）) and the dependants
(PR7, handbook （七）).

PR6: a new residence address must be a lawful stable residence of the residential kind — the
same seven kinds (H1–H7) and H8 as a new permit (材料参见（三）…应为“住宅”性质) — written as
the online form asks (F1, F3). The other basic-information changes (household register,
marital status, degree, title) are decided by their proofs, which a reviewer checks.

PR7: an accompanying child has a household register outside Beijing and is under 18 on the
day of submission (read from the ID number's birth date); after a divorce the applicant holds
custody. Every dependant's ID number, infants' too, and the school follow F8.

Readings: "under 18" is under 18 full years (周岁) on the submission date; a register is in
Beijing when its province as selected is 北京(市).
"""

from __future__ import annotations

from .dates import age_on
from .fields import check_f1, check_f3, check_f8
from .identity import IdentityError, parse_resident_id
from .residence import evaluate_residence
from .text import normalise
from .types import (
    AddressChangeFacts,
    Dependant,
    DependantsChangeFacts,
    FormFacts,
    Region,
    Relation,
)
from .verdict import FAIL, REVIEW, Problem, RuleResult, Verdict, fail, na, ok, review

CHILD_AGE_LIMIT = 18
_BEIJING = "北京"


# --- PR6 ----------------------------------------------------------------------------------
def check_pr6(facts: AddressChangeFacts) -> RuleResult:
    """The new residence qualifies (P3 over H1–H8) and so is residential."""
    if facts.residence is None:
        result = fail(
            "PR6",
            "变更居住地须选择新住所类型（七选一）并填写相应信息（PR6）",
            "a change of address needs the new residence's kind (one of seven) and details (PR6)",
        )
        result.problems = (Problem("residence.kind", "未选择住所类型", "no kind of residence"),)
        result.paths = ("residence",)
        return result
    p3, _results = evaluate_residence(facts.residence, facts.applicant_name, facts.submission_date)
    paths = ("residence",)
    if p3.outcome is FAIL:
        result = fail(
            "PR6",
            "新居住地不是合法稳定住所或非住宅性质（PR6）",
            "the new address is not a lawful stable residence of residential use (PR6)",
            "居住地应为住宅，材料按新办（三）4 的七选一要求提供",
            "the residence must be residential; give the proofs of one of the seven kinds",
        )
        result.problems = (Problem("residence", p3.reason_zh, p3.reason_en),)
        result.paths = paths
        return result
    if p3.outcome is REVIEW:
        result = review(
            "PR6",
            "新居住地需审核人员核实住宅性质（PR6）",
            "a reviewer checks that the new residence is residential (PR6)",
        )
        result.paths = paths
        return result
    result = ok(
        "PR6",
        "新居住地为合法稳定住所，住宅性质（PR6）",
        "the new address is a lawful stable residence of residential use (PR6)",
    )
    result.paths = paths
    return result


def evaluate_address_change(facts: AddressChangeFacts) -> Verdict:
    """PR6 for a new address, with the residence rules under it and the form's F1 and F3."""
    on = facts.submission_date
    results = [check_pr6(facts)]
    if facts.residence is not None:
        results += evaluate_residence(facts.residence, facts.applicant_name, on)[1]
    results.append(check_f1(facts.current_address, facts.bungalow))
    results.append(check_f3(facts.current_address, facts.current_region, "", Region()))
    return Verdict("address_change", on, results)


# --- PR7 ----------------------------------------------------------------------------------
def _in_beijing(province: str) -> bool:
    return _BEIJING in normalise(province)


def check_pr7(facts: DependantsChangeFacts) -> RuleResult:
    """Every accompanying child: register outside Beijing, under 18, custody after a
    divorce. Problems point at ``dependants[i].<field>``."""
    on = facts.submission_date
    children = [(i, d) for i, d in enumerate(facts.dependants) if d.relation is Relation.CHILD]
    if not children:
        return na("PR7", "无随往子女（PR7）", "no accompanying children (PR7)")
    problems: list[Problem] = []
    for i, child in children:
        row = f"dependants[{i}]"
        who = child.name or f"第 {i + 1} 位"
        try:
            identity = parse_resident_id(child.id_number, today=on)
        except IdentityError as exc:
            problems.append(
                Problem(
                    f"{row}.id_number",
                    f"子女{who}的身份证号码无效：{exc.zh}",
                    f"child {i + 1}'s ID number is invalid: {exc.en}",
                )
            )
        else:
            age = age_on(identity.birth_date, on)
            if age >= CHILD_AGE_LIMIT:
                problems.append(
                    Problem(
                        f"{row}.id_number",
                        f"子女{who}于 {on} 已满 {age} 周岁，随往子女须不满 18 周岁",
                        f"child {i + 1} is {age} on {on}: an accompanying child must be under 18",
                    )
                )
        if not normalise(child.register_province):
            problems.append(
                Problem(
                    f"{row}.register_province",
                    f"未填写子女{who}的户口所在地",
                    f"child {i + 1}'s household register is not given",
                )
            )
        elif _in_beijing(child.register_province):
            problems.append(
                Problem(
                    f"{row}.register_province",
                    f"子女{who}为北京户籍，随往子女须为外地户籍",
                    f"child {i + 1} has a Beijing household register: accompanying children "
                    "must be registered outside Beijing",
                )
            )
        if facts.divorced and not child.custody_with_applicant:
            problems.append(
                Problem(
                    f"{row}.custody_with_applicant",
                    f"离婚后随往子女{who}的抚养权应归属申请人",
                    f"after a divorce, the applicant must hold custody of child {i + 1}",
                )
            )
    paths = tuple(f"dependants[{i}]" for i, _child in children)
    if problems:
        result = fail(
            "PR7",
            "；".join(p.zh for p in problems) + "（PR7）",
            "; ".join(p.en for p in problems) + " (PR7)",
            "随往子女应为外地户籍且不满 18 周岁；离婚的须提供抚养权归属申请人的判决书或协议",
            "children must be registered outside Beijing and under 18; after a divorce, "
            "give the judgement or agreement that grants the applicant custody",
        )
        result.problems = tuple(problems)
        result.paths = paths
        return result
    result = ok(
        "PR7",
        f"随往子女 {len(children)} 人均为外地户籍、不满 18 周岁"
        + ("，抚养权归属申请人" if facts.divorced else "")
        + "（PR7）",
        f"{len(children)} accompanying children, all registered outside Beijing and under 18"
        + (", in the applicant's custody" if facts.divorced else "")
        + " (PR7)",
    )
    result.paths = paths
    return result


def evaluate_dependants_change(facts: DependantsChangeFacts) -> Verdict:
    """PR7 and the form's F8 (every ID number, infants' too; the school) over the list."""
    form = FormFacts(
        "",
        dependants=[
            Dependant(d.name, d.relation, d.id_number, d.in_school, d.school)
            for d in facts.dependants
        ],
    )
    return Verdict(
        "dependants_change",
        facts.submission_date,
        [check_pr7(facts), check_f8(form, facts.submission_date)],
    )
