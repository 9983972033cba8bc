"""Applicant eligibility for a new permit: P1–P5 with the talent conditions C1–C8.
evaluate_person() adds the residence (H), the employer's agency rule (U7), the labour
contract (M7, T5) and the form (F) to one verdict."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import lru_cache

from .dates import age_on
from .deadlines import Business, check_t5, promised_completion
from .fields import check_form, check_m7
from .identity import Gender, ResidentId
from .labels import en, zh
from .residence import evaluate_residence
from .types import (
    INNOVATION_SERVICES,
    INNOVATION_SUBJECTS,
    Award,
    AwardField,
    AwardLevel,
    Contract,
    Degree,
    EmployerCategory,
    Freelancer,
    InnovationTeam,
    IntellectualProperty,
    PersonFacts,
    TitleLevel,
)
from .unit import check_u7
from .verdict import PASS, REVIEW, Note, RuleResult, Verdict, fail, na, ok, review, yuan
from .wages import Thresholds, WageTable
from .workdays import CalendarNotCovered, WorkingDayCalendar

MIN_MONTHS_EMPLOYED = 3
MAX_AGE = {Gender.MALE: 60, Gender.FEMALE: 55}
MIN_EXPERIENCE_MONTHS = 24
DEGREES_C1 = frozenset({Degree.BACHELOR, Degree.MASTER, Degree.DOCTORATE})
TITLES_C2 = frozenset({TitleLevel.INTERMEDIATE, TitleLevel.DEPUTY_SENIOR, TitleLevel.SENIOR})
AWARD_FIELDS_C3 = frozenset(
    {
        AwardField.SCIENCE_TECHNOLOGY,
        AwardField.LITERATURE_ART,
        AwardField.PHILOSOPHY_SOCIAL_SCIENCES,
    }
)
C7_MIN_SHARE = Decimal(5)
C7_MAX_RANK = 5
C7_INVESTMENT = Decimal(5_000_000)  # 超过: strict
C7_FINANCING = Decimal(10_000_000)  # 大于: strict
C7_AVERAGE_TAX = Decimal(5_000_000)  # 以上: inclusive
C8_MIN_ANNUAL_TAX = Decimal(200_000)  # 20万元（含）以上
_GENDER_ZH = {Gender.MALE: "男", Gender.FEMALE: "女"}


def last_three_years(application_year: int) -> tuple[int, int, int]:
    """近三年 (reading): the three calendar years before the application year."""
    return application_year - 3, application_year - 2, application_year - 1


def _years_zh(years: tuple[int, ...]) -> str:
    return "、".join(str(y) for y in years)


# --- P1, P2 -----------------------------------------------------------------------------
def check_p1(contract: Contract | None, salary: int, social: int, tax: int) -> RuleResult:
    return _p1(contract is not None, salary, social, tax)


@lru_cache(maxsize=4096)
def _p1(has_contract: bool, salary: int, social: int, tax: int) -> RuleResult:
    if not has_contract:
        return fail(
            "P1",
            "未与单位签订劳动合同（P1）",
            "no labour contract with the unit (P1)",
            "签订劳动合同后，由单位在关联后上传",
            "sign a labour contract; the unit uploads it after association",
        )
    figures = {"salary": salary, "social_insurance": social, "income_tax": tax}
    zh_fig = f"连续发放工资 {salary} 个月、代扣代缴社保 {social} 个月、个税 {tax} 个月"
    en_fig = f"{salary} months of salary, {social} of social insurance, {tax} of income tax"
    if min(salary, social, tax) >= MIN_MONTHS_EMPLOYED:
        return ok(
            "P1", f"{zh_fig}，均满 3 个月（P1）", f"{en_fig}: each at least 3 (P1)", figures=figures
        )
    return fail(
        "P1",
        f"{zh_fig}，未全部满 3 个月（P1）",
        f"{en_fig}: not all reach 3 consecutive months (P1)",
        "待单位连续发放工资并代扣代缴社保和个税满 3 个月后再申请",
        "apply once the unit has paid salary and withheld social insurance and tax for 3 "
        "consecutive months",
        figures=figures,
    )


def check_p2(identity: ResidentId, on: date) -> RuleResult:
    age = age_on(identity.birth_date, on)
    limit = MAX_AGE[identity.gender]
    g_zh = _GENDER_ZH[identity.gender]
    g_en = identity.gender.value
    figures = {"age": age, "limit": limit, "birth_date": identity.birth_date}
    if age <= limit:
        return ok(
            "P2",
            f"{g_zh}，{on} 时 {age} 周岁，不超过 {limit} 周岁（P2）",
            f"{g_en}, {age} full years old on {on}: not over {limit} (P2)",
            figures=figures,
        )
    return fail(
        "P2",
        f"{g_zh}，{on} 时 {age} 周岁，超过 {limit} 周岁（P2）",
        f"{g_en}, {age} full years old on {on}: over {limit} (P2)",
        figures=figures,
    )


# --- C1–C8 ------------------------------------------------------------------------------
# Results that depend on a few enumerations and counts only are cached: a RuleResult is
# shared between verdicts and must be treated as read-only.
@lru_cache(maxsize=4096)
def check_c1(degree: Degree, months: int) -> RuleResult:
    years = f"{months // 12} 年 {months % 12} 个月"
    if degree in DEGREES_C1 and months >= MIN_EXPERIENCE_MONTHS:
        return ok(
            "C1",
            f"{zh(degree)}学位，工作经历 {years}，满 2 年（C1）",
            f"{en(degree)} degree and {months} months of work experience: at least 24 (C1)",
            alternative=True,
        )
    missing_zh, missing_en = [], []
    if degree not in DEGREES_C1:
        missing_zh.append(f"学位为“{zh(degree)}”，须学士（含）以上")
        missing_en.append(f"degree is {en(degree)}; a bachelor's or higher is needed")
    if months < MIN_EXPERIENCE_MONTHS:
        missing_zh.append(f"工作经历 {years}，不满 2 年")
        missing_en.append(f"{months} months of work experience, under 24")
    return fail(
        "C1",
        "；".join(missing_zh) + "（C1）",
        "; ".join(missing_en) + " (C1)",
        alternative=True,
    )


@lru_cache(maxsize=64)
def check_c2(title: TitleLevel, equivalent: bool) -> RuleResult:
    if title in TITLES_C2:
        return ok(
            "C2",
            f"具有{zh(title)}专业技术职称，中级（含）以上（C2）",
            f"{en(title)} professional title: intermediate or higher (C2)",
            alternative=True,
        )
    if equivalent:
        return review(
            "C2",
            "申报具有与中级职称相当的资格、资质（C2）",
            "claims a qualification equivalent to an intermediate title (C2)",
            "审核人员判断该资格、资质是否相当于中级职称",
            "the reviewer judges whether the qualification is equivalent",
            alternative=True,
        )
    return fail(
        "C2",
        f"职称为“{zh(title)}”，须中级（含）以上（C2）",
        f"title is {en(title)}; intermediate or higher is needed (C2)",
        alternative=True,
    )


_C3_NONE = fail(
    "C3",
    "无国家或北京市科学技术、文学艺术、哲学社会科学类奖项（C3）",
    "no national or Beijing award in science & technology, literature & art, or "
    "philosophy & social sciences (C3)",
    alternative=True,
)


def check_c3(awards: list[Award]) -> RuleResult:
    for a in awards:
        if a.level is not AwardLevel.OTHER and a.field in AWARD_FIELDS_C3:
            name = f"“{a.name}”" if a.name else ""
            return review(
                "C3",
                f"申报{zh(a.level)}{zh(a.field)}类奖项{name}（C3）",
                f"claims a {en(a.level)} {en(a.field)} award {a.name} (C3)".replace("  ", " "),
                "审核人员核验获奖证书或文件",
                "the reviewer checks the award certificate or document",
                alternative=True,
            )
    return _C3_NONE


def _income_test(
    rule: str,
    category: EmployerCategory,
    allowed: frozenset,
    entity_zh: str,
    entity_en: str,
    incomes: dict[int, Decimal],
    years: tuple[int, int, int],
    annual: Decimal,
    multiple: int,
    th: Thresholds,
) -> RuleResult:
    if category not in allowed:
        # Depends on the category and the table only: made once per table load.
        key = (rule, category)
        cached = th.memo.get(key)
        if cached is None:
            cached = th.memo[key] = fail(
                rule,
                f"用人单位类别为“{zh(category)}”，不属于{entity_zh}（{rule}）",
                f"the employer is {en(category)}, not {entity_en} ({rule})",
                alternative=True,
                figures={"annual_threshold": annual, "years": list(years)},
            )
        return cached
    texts = th.memo.get(rule)
    if texts is None:
        wage = f"{th.row.wage_year} 年月平均工资 {yuan(th.row.monthly_average)} 元"
        wage_en = f"{th.row.wage_year} average monthly wage RMB {yuan(th.row.monthly_average)}"
        limit_zh = f"{yuan(annual)} 元（{wage}的 {multiple} 倍 × 12）"
        limit_en = f"RMB {yuan(annual)} (12 × {multiple} × the {wage_en})"
        texts = th.memo[rule] = (
            f"近三年（{_years_zh(years)}）每年应税收入须超过 {limit_zh}：",
            f"taxable income in each of {', '.join(map(str, years))} must exceed {limit_en}: ",
            f"近三年应税收入均超过 {limit_zh}（{rule}）",
            f"each exceeds {limit_en} ({rule})",
            {"annual_threshold": annual, "years": list(years)},
        )
    fail_zh, fail_en, pass_zh, pass_en, figures = texts
    short_zh, short_en = [], []
    for y in years:
        amount = incomes.get(y)
        if amount is None:
            short_zh.append(f"缺少 {y} 年应税收入")
            short_en.append(f"no taxable income given for {y}")
        elif amount <= annual:
            shown = yuan(amount)
            short_zh.append(f"{y} 年 {shown} 元未超过")
            short_en.append(f"{y}: RMB {shown} does not exceed it")
    if short_zh:
        return fail(
            rule,
            f"{fail_zh}{'；'.join(short_zh)}（{rule}）",
            f"{fail_en}{'; '.join(short_en)} ({rule})",
            alternative=True,
            figures=figures,
        )
    amounts = "、".join(f"{y} 年 {yuan(incomes[y])} 元" for y in years)
    amounts_en = ", ".join(f"{y}: RMB {yuan(incomes[y])}" for y in years)
    return ok(
        rule,
        f"在{zh(category)}工作，{amounts}，{pass_zh}",
        f"works at a {en(category)}; taxable income {amounts_en}: {pass_en}",
        alternative=True,
        figures=figures,
    )


def check_c4(
    category: EmployerCategory, incomes: dict[int, Decimal], year: int, th: Thresholds
) -> RuleResult:
    return _income_test(
        "C4",
        category,
        INNOVATION_SUBJECTS,
        "新型研发机构、创新型总部企业、高新技术企业等科技创新主体",
        "an innovation subject (new R&D institution, innovative headquarters, high-tech "
        "enterprise)",
        incomes,
        last_three_years(year),
        th.c4_annual,
        4,
        th,
    )


def check_c5(
    category: EmployerCategory, incomes: dict[int, Decimal], year: int, th: Thresholds
) -> RuleResult:
    return _income_test(
        "C5",
        category,
        INNOVATION_SERVICES,
        "律师、会计、审计、税务师事务所、人力资源服务机构、金融机构等科技创新服务主体",
        "an innovation service entity (law, accounting, audit, "
        "tax-agent firm, HR-service agency, financial institution)",
        incomes,
        last_three_years(year),
        th.c5_annual,
        8,
        th,
    )


_C6_NONE = fail(
    "C6", "未申报知识产权成果（C6）", "no intellectual property claimed (C6)", alternative=True
)


def check_c6(ip: IntellectualProperty | None) -> RuleResult:
    if ip is None:
        return _C6_NONE
    counts_zh = (
        f"发明专利 {ip.invention_patents} 项、其他专利 {ip.other_patents} 项、"
        f"软件著作权 {ip.software_copyrights} 项"
    )
    counts_en = (
        f"{ip.invention_patents} invention patents, {ip.other_patents} other patents, "
        f"{ip.software_copyrights} software copyrights"
    )
    enough = ip.invention_patents >= 1 or ip.other_patents >= 3 or ip.software_copyrights >= 3
    if not enough:
        return fail(
            "C6",
            f"以第二作者（含）以上身份取得{counts_zh}，未达到 1 项发明专利或 3 项其他专利或 3 项"
            "软件著作权（C6）",
            f"{counts_en} as first or second author: fewer than 1 invention patent, 3 other "
            "patents or 3 software copyrights (C6)",
            alternative=True,
        )
    if not ip.applied_in_beijing:
        return fail(
            "C6",
            f"{counts_zh}，但成果未在京落地转化（C6）",
            f"{counts_en}, but not put to use in Beijing (C6)",
            alternative=True,
        )
    return review(
        "C6",
        f"以第二作者（含）以上身份取得{counts_zh}，已在京落地转化（C6）",
        f"{counts_en} as first or second author, put to use in Beijing (C6)",
        "审核人员判断是否“取得较好经济社会效益”",
        "the reviewer judges whether the results are good",
        alternative=True,
    )


_C7_NONE = fail(
    "C7",
    "不是创新创业团队股东（C7）",
    "not a shareholder of an innovation team (C7)",
    alternative=True,
)


def check_c7(team: InnovationTeam | None) -> RuleResult:
    if team is None:
        return _C7_NONE
    holder_zh = f"持股 {team.shareholding_percent}%、排名第 {team.shareholder_rank}"
    holder_en = f"{team.shareholding_percent}% share, rank {team.shareholder_rank}"
    if team.shareholding_percent < C7_MIN_SHARE or team.shareholder_rank > C7_MAX_RANK:
        return fail(
            "C7",
            f"{holder_zh}，须持股不低于 5% 且排名前五（C7）",
            f"{holder_en}: at least 5% and a top-5 rank are needed (C7)",
            alternative=True,
        )
    met_zh = []
    if team.own_investment_3y > C7_INVESTMENT:
        met_zh.append(f"近三年累计自主投入 {yuan(team.own_investment_3y)} 元，超过 500 万元")
    if team.equity_cash_financing > C7_FINANCING:
        met_zh.append(f"股权类现金融资 {yuan(team.equity_cash_financing)} 元，大于 1000 万元")
    if team.average_annual_tax_3y >= C7_AVERAGE_TAX:
        met_zh.append(f"近三年年均纳税 {yuan(team.average_annual_tax_3y)} 元，500 万元以上")
    if met_zh:
        return ok(
            "C7",
            f"{holder_zh}；" + "；".join(met_zh) + "（C7）",
            f"{holder_en}; the team meets a funding or tax condition (C7)",
            alternative=True,
        )
    return fail(
        "C7",
        f"{holder_zh}；但团队自主投入 {yuan(team.own_investment_3y)} 元未超过 500 万元、"
        f"股权融资 {yuan(team.equity_cash_financing)} 元未大于 1000 万元、年均纳税 "
        f"{yuan(team.average_annual_tax_3y)} 元不足 500 万元（C7）",
        f"{holder_en}; but the team's investment RMB {yuan(team.own_investment_3y)} ≤ 5M, "
        f"financing RMB {yuan(team.equity_cash_financing)} ≤ 10M and average tax RMB "
        f"{yuan(team.average_annual_tax_3y)} < 5M (C7)",
        alternative=True,
    )


_C8_NONE = fail(
    "C8",
    "不是自由职业者或个体工商户（C8）",
    "not a freelancer or individual business (C8)",
    alternative=True,
)


def check_c8(freelancer: Freelancer | None, year: int) -> RuleResult:
    if freelancer is None:
        return _C8_NONE
    years = last_three_years(year)
    minimum = yuan(C8_MIN_ANNUAL_TAX)
    short_zh, short_en = [], []
    for y in years:
        amount = freelancer.annual_tax.get(y)
        if amount is None:
            short_zh.append(f"缺少 {y} 年纳税额")
            short_en.append(f"no tax given for {y}")
        elif amount < C8_MIN_ANNUAL_TAX:
            short_zh.append(f"{y} 年纳税 {yuan(amount)} 元")
            short_en.append(f"{y}: RMB {yuan(amount)}")
    if short_zh:
        return fail(
            "C8",
            f"近三年每年纳税须 {minimum} 元（含）以上：" + "；".join(short_zh) + "（C8）",
            f"tax must be at least RMB {minimum} in each of the last 3 years: "
            + "; ".join(short_en)
            + " (C8)",
            alternative=True,
        )
    if not freelancer.notable_contribution:
        return fail(
            "C8",
            f"近三年每年纳税均达 {minimum} 元，但未申报对本市科技创新、成果转化或文化创意的"
            "突出贡献（C8）",
            f"tax at least RMB {minimum} each year, but no notable contribution claimed (C8)",
            alternative=True,
        )
    return review(
        "C8",
        f"近三年（{_years_zh(years)}）每年纳税均达 {minimum} 元（含）以上，申报贡献突出（C8）",
        f"tax at least RMB {minimum} in each of {', '.join(map(str, years))}; notable "
        "contribution claimed (C8)",
        "审核人员判断贡献是否“突出”",
        "the reviewer judges whether the contribution is notable",
        alternative=True,
    )


# --- P4, P5 -----------------------------------------------------------------------------
def check_p4(conditions: list[RuleResult]) -> RuleResult:
    passed = [c.rule for c in conditions if c.outcome is PASS]
    if passed:
        return ok(
            "P4",
            f"符合人才条件 {'、'.join(passed)}（P4）",
            f"meets talent condition {', '.join(passed)} (P4)",
        )
    pending = [c.rule for c in conditions if c.outcome is REVIEW]
    if pending:
        return review(
            "P4",
            f"人才条件 {'、'.join(pending)} 需审核人员判断（P4）",
            f"talent condition {', '.join(pending)} needs a reviewer's judgement (P4)",
            "上传相应证明材料，由审核人员判断",
            "upload the evidence; a reviewer decides",
        )
    return fail(
        "P4",
        "不符合人才条件 C1–C8 中的任何一项（P4）",
        "meets none of the talent conditions C1–C8 (P4)",
        "见下方各项人才条件的说明",
        "see the talent conditions below",
    )


def check_p5(monthly: Decimal, th: Thresholds, exempt_by: list[str]) -> RuleResult:
    row = th.row
    year = row.application_year
    if exempt_by:
        return na(
            "P5",
            f"符合 {'、'.join(exempt_by)}，不要求月应税收入标准（P5）",
            f"qualifies through {', '.join(exempt_by)}: no monthly income requirement (P5)",
        )
    basis = th.memo.get("P5")
    if basis is None:
        basis_zh = f"{row.wage_year} 年月平均工资 {yuan(row.monthly_average)} 元的 1.2 倍"
        basis_en = f"1.2 × the {row.wage_year} average monthly wage RMB {yuan(row.monthly_average)}"
        if row.provisional:
            basis_zh += "，暂参照"
            basis_en += ", provisional"
        basis = th.memo["P5"] = (basis_zh, basis_en, yuan(th.p5_monthly))
    basis_zh, basis_en, limit = basis
    figures = {"monthly_taxable_income": monthly, "threshold": th.p5_monthly, "year": year}
    if monthly >= th.p5_monthly:
        return ok(
            "P5",
            f"月应税收入 {yuan(monthly)} 元，达到 {year} 年申报标准 {limit} 元（{basis_zh}）（P5）",
            f"monthly taxable income RMB {yuan(monthly)} reaches the {year} threshold RMB "
            f"{limit} ({basis_en}) (P5)",
            figures=figures,
        )
    return fail(
        "P5",
        f"月应税收入 {yuan(monthly)} 元，低于 {year} 年申报标准 {limit} 元（{basis_zh}）（P5）",
        f"monthly taxable income RMB {yuan(monthly)} is below the {year} threshold RMB "
        f"{limit} ({basis_en}) (P5)",
        f"月应税收入须达到 {limit} 元，或符合 C4、C5 条件",
        f"monthly taxable income must reach RMB {limit}, or qualify through C4 or C5",
        figures=figures,
    )


# --- the verdict ------------------------------------------------------------------------
def evaluate_person(
    facts: PersonFacts, wages: WageTable, calendar: WorkingDayCalendar | None = None
) -> Verdict:
    """A new application (PR3). Raises WageYearMissing when the table has no row for the
    submission year (W3)."""
    on = facts.submission_date
    year = on.year
    th = wages.thresholds(year)
    category = facts.employer.category
    conditions = [
        check_c1(facts.degree, facts.work_experience_months),
        check_c2(facts.title, facts.equivalent_qualification),
        check_c3(facts.awards),
        check_c4(category, facts.annual_taxable_income, year, th),
        check_c5(category, facts.annual_taxable_income, year, th),
        check_c6(facts.intellectual_property),
        check_c7(facts.innovation_team),
        check_c8(facts.freelancer, year),
    ]
    exempt = [c.rule for c in conditions[3:5] if c.outcome is PASS]
    p3, residence = evaluate_residence(facts.residence, facts.name, on)
    contract = facts.contract
    results = [
        check_p1(
            contract,
            facts.months_salary_paid,
            facts.months_social_insurance,
            facts.months_income_tax,
        ),
        check_p2(facts.identity, on),
        p3,
        *residence,
        check_p4(conditions),
        *conditions,
        check_p5(facts.monthly_taxable_income, th, exempt),
        check_u7(facts.employer.agency_kind, facts.dispatched_to_other_unit),
    ]
    if contract is None:
        results.append(_M7_NO_CONTRACT)
        results.append(_T5_NO_CONTRACT)
    else:
        results.append(check_m7(contract, facts.employer.name))
        results.append(check_t5(contract.end_date, on))
    results.extend(check_form(facts.form, facts.employer.name, on))
    verdict = Verdict("person", on, results)
    if th.row.provisional:
        note = th.memo.get("W1")
        if note is None:
            note = th.memo["W1"] = _provisional_note(th)
        verdict.notes.append(note)
    add_promised_completion(verdict, on, Business.NEW, calendar)
    return verdict


_M7_NO_CONTRACT = na("M7", "尚无劳动合同（见 P1）（M7）", "no labour contract yet (see P1) (M7)")
_T5_NO_CONTRACT = na("T5", "尚无劳动合同（见 P1）（T5）", "no labour contract yet (see P1) (T5)")


def _provisional_note(th: Thresholds) -> Note:
    row = th.row
    return Note(
        f"{row.application_year} 年申报标准暂参照 {yuan(row.monthly_average)} 元"
        f"（{row.wage_year} 年数据公布前），公布后以新标准为准（W1）",
        f"the {row.application_year} threshold provisionally uses RMB "
        f"{yuan(row.monthly_average)} until the {row.wage_year} figure is published (W1)",
    )


def add_promised_completion(
    verdict: Verdict, on: date, business: Business, calendar: WorkingDayCalendar | None
) -> None:
    """T1's promised completion date, as information; an uncovered year is said, not guessed."""
    if calendar is None:
        return
    try:
        verdict.dates["promised_completion"] = promised_completion(on, business, calendar)
    except CalendarNotCovered as exc:
        verdict.dates["promised_completion"] = None
        verdict.notes.append(
            Note(
                f"无法计算承诺办结日期：{exc.message_zh}（T1）",
                f"no promised completion date: {exc.message_en} (T1)",
            )
        )
