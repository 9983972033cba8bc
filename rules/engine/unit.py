"""Unit eligibility U1–U9 (and T6 for the unit's tax certificate)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import lru_cache

from .dates import add_years
from .deadlines import check_t6
from .labels import en, zh
from .types import AgencyKind, EntityType, KeySupport, Quota, UnitFacts
from .verdict import RuleResult, Verdict, fail, na, ok, review, yuan

MIN_ZONE_TAX_MONTHS = 6
MIN_REGISTERED_CAPITAL = Decimal(1_000_000)
REAL_ESTATE_DEVELOPMENT = "房地产开发"
MIN_PREVIOUS_YEAR_TAX = Decimal(200_000)
START_UP_YEARS = 5
BRANCH_PERMIT_LIMIT = 5


def check_u1(entity_type: EntityType) -> RuleResult:
    if entity_type is EntityType.OTHER:
        return fail(
            "U1",
            "单位类型不在可申请范围内（须为企业法人、事业单位法人、民办非企业单位、社会团体法人，"
            "或外国（地区）、外埠在京设立的非法人分支机构）（U1）",
            "the entity type is not admitted (enterprise, public-institution, private "
            "non-enterprise or social-organisation legal person, or a non-legal-person "
            "branch) (U1)",
            "仅上述类型的单位可申请办理权限",
            "only the listed entity types may apply",
        )
    return ok(
        "U1",
        f"单位类型为{zh(entity_type)}，在可申请范围内（U1）",
        f"the entity type, {en(entity_type)}, is admitted (U1)",
    )


def check_u2(registered_in_zone: bool, zone_tax_months: int) -> RuleResult:
    if not registered_in_zone:
        return fail(
            "U2",
            "单位未在经开区登记注册（U2）",
            "the unit is not registered in the zone (U2)",
            "须在经开区登记注册并纳税后方可申请",
            "the unit must be registered and pay taxes in the zone",
        )
    if zone_tax_months >= MIN_ZONE_TAX_MONTHS:
        return ok(
            "U2",
            f"已在经开区登记注册，在区内缴纳税费 {zone_tax_months} 个月，满 6 个月（U2）",
            f"registered in the zone, {zone_tax_months} months of taxes paid there: at least "
            "6 (U2)",
        )
    return review(
        "U2",
        f"在经开区缴纳税费 {zone_tax_months} 个月，不满 6 个月；规定为“原则上”，由审核人员"
        "酌情判断（U2）",
        f"{zone_tax_months} months of taxes paid in the zone, under 6; the rule applies "
        "“in principle”, a reviewer decides (U2)",
        "请在办理意见中说明理由，供经开区审核人员判断",
        "state the reasons for the zone reviewer",
    )


def check_u3(
    entity_type: EntityType, registered_capital: Decimal, head_office_capital: Decimal | None
) -> RuleResult:
    minimum = yuan(MIN_REGISTERED_CAPITAL)
    if entity_type is EntityType.BRANCH:
        if head_office_capital is None:
            return fail(
                "U3",
                "非法人分支机构须提供总公司注册资本（U3）",
                "a non-legal-person branch must give its head office's registered capital (U3)",
                "请填写总公司注册资本",
                "give the head office's registered capital",
            )
        if head_office_capital >= MIN_REGISTERED_CAPITAL:
            return ok(
                "U3",
                f"总公司注册资本 {yuan(head_office_capital)} 元，不低于 {minimum} 元（U3）",
                f"head office's registered capital RMB {yuan(head_office_capital)}, at least "
                f"RMB {minimum} (U3)",
            )
        return fail(
            "U3",
            f"总公司注册资本 {yuan(head_office_capital)} 元，低于 {minimum} 元（U3）",
            f"head office's registered capital RMB {yuan(head_office_capital)} is below RMB "
            f"{minimum} (U3)",
        )
    if registered_capital >= MIN_REGISTERED_CAPITAL:
        return ok(
            "U3",
            f"注册资本 {yuan(registered_capital)} 元，不低于 {minimum} 元（U3）",
            f"registered capital RMB {yuan(registered_capital)}, at least RMB {minimum} (U3)",
        )
    return fail(
        "U3",
        f"注册资本 {yuan(registered_capital)} 元，低于 {minimum} 元（U3）",
        f"registered capital RMB {yuan(registered_capital)} is below RMB {minimum} (U3)",
    )


def check_u4(business_scope: str) -> RuleResult:
    compact = "".join(business_scope.split())
    if REAL_ESTATE_DEVELOPMENT in compact:
        return fail(
            "U4",
            "经营范围含有“房地产开发”（U4）",
            "the business scope contains “房地产开发” (real-estate development) (U4)",
        )
    return ok(
        "U4",
        "经营范围不含“房地产开发”（U4）",
        "the business scope does not contain real-estate development (U4)",
    )


def is_start_up(established_on: date, on: date) -> bool:
    """Rule U5: "成立时间5年内" includes the fifth anniversary (民法典 第一千二百五十九条:
    “以内”包括本数)."""
    return on <= add_years(established_on, START_UP_YEARS)


def check_u5(
    entity_type: EntityType,
    profit_making: bool,
    previous_year_tax: Decimal,
    established_on: date,
    strategic_emerging: bool,
    on: date,
) -> RuleResult:
    enterprise = entity_type is EntityType.ENTERPRISE_LEGAL_PERSON
    other_profit_making = profit_making and entity_type in (
        EntityType.PUBLIC_INSTITUTION,
        EntityType.PRIVATE_NON_ENTERPRISE,
        EntityType.SOCIAL_ORGANISATION,
    )
    if not (enterprise or other_profit_making):
        return na(
            "U5",
            "非企业法人且不具营利性质，无纳税额要求（U5）",
            "neither an enterprise legal person nor profit-making: no tax requirement (U5)",
        )
    year = on.year - 1
    minimum = yuan(MIN_PREVIOUS_YEAR_TAX)
    if strategic_emerging and is_start_up(established_on, on):
        return ok(
            "U5",
            f"战略新兴产业或未来产业初创企业（{established_on} 成立，5 年内），"
            "纳税额不作要求（U5）",
            f"a start-up in a strategic emerging or future industry (established "
            f"{established_on}, within 5 years): no tax requirement (U5)",
        )
    figures = {"previous_year": year, "tax": previous_year_tax, "minimum": MIN_PREVIOUS_YEAR_TAX}
    if previous_year_tax >= MIN_PREVIOUS_YEAR_TAX:
        return ok(
            "U5",
            f"{year} 年在本区纳税 {yuan(previous_year_tax)} 元，不低于 {minimum} 元（U5）",
            f"RMB {yuan(previous_year_tax)} tax paid in the zone in {year}: at least RMB "
            f"{minimum} (U5)",
            figures=figures,
        )
    return review(
        "U5",
        f"{year} 年在本区纳税 {yuan(previous_year_tax)} 元，低于 {minimum} 元；规定为“原则上”，"
        "由审核人员酌情判断（U5）",
        f"RMB {yuan(previous_year_tax)} tax paid in the zone in {year}, below RMB {minimum}; "
        "the rule applies “in principle”, a reviewer decides (U5)",
        "请在办理意见中说明理由，供经开区审核人员判断",
        "state the reasons for the zone reviewer",
        figures=figures,
    )


def check_u6(entity_type: EntityType, permits_held: int) -> RuleResult:
    if entity_type is not EntityType.BRANCH:
        return na(
            "U6", "不是非法人分支机构，无人数限制（U6）", "not a branch: no permit limit (U6)"
        )
    after = permits_held + 1
    if after <= BRANCH_PERMIT_LIMIT:
        return ok(
            "U6",
            f"非法人分支机构已持证 {permits_held} 人，新办后 {after} 人，不超过 5 人（U6）",
            f"the branch holds {permits_held} permits; {after} with this one, at most 5 (U6)",
        )
    return review(
        "U6",
        f"非法人分支机构已持证 {permits_held} 人，新办后 {after} 人，超过 5 人；规定为“原则上”，"
        "审核人员可说明理由后放行（U6）",
        f"the branch holds {permits_held} permits; {after} with this one, over 5; the limit "
        "applies “in principle”, a reviewer may override with a reason (U6)",
        "请在办理意见中说明理由",
        "state the reasons in the unit's opinion",
    )


@lru_cache(maxsize=32)
def check_u7(agency_kind: AgencyKind, dispatched: bool | None) -> RuleResult:
    """Rule U7. ``dispatched`` is None when only the unit is judged (unit kind): then the
    filing flag is shown to reviewers; for an applicant it says whether they work for
    another unit through the agency."""
    if agency_kind is AgencyKind.NONE:
        return na(
            "U7",
            "不是人力资源服务或劳务派遣机构（U7）",
            "not an HR-service or labour-dispatch agency (U7)",
        )
    if dispatched is None:
        return review(
            "U7",
            f"{zh(agency_kind)}实行备案制管理，只能为本单位自用员工申请（U7）",
            f"{en(agency_kind)}: on filing management, may apply only for its own staff (U7)",
            "审核人员核实申请人为本单位自用员工",
            "the reviewer checks that each applicant is the agency's own staff",
        )
    if dispatched:
        return fail(
            "U7",
            f"用人单位为{zh(agency_kind)}，申请人为派遣至其他单位的人员，不能由其申请（U7）",
            f"the employer is an {en(agency_kind)} and the applicant is placed with another "
            "unit: the agency may apply only for its own staff (U7)",
            "应由实际用人单位申请",
            "the unit the applicant actually works for must apply",
        )
    return ok(
        "U7",
        f"用人单位为{zh(agency_kind)}，申请人为本单位自用员工（备案制管理）（U7）",
        f"the employer is an {en(agency_kind)} and the applicant is its own staff (filing "
        "management) (U7)",
    )


def check_u8(key_support: KeySupport) -> RuleResult:
    if key_support is KeySupport.NONE:
        return na("U8", "不属于重点支持单位（U8）", "not a key-support unit (U8)")
    return ok(
        "U8",
        f"重点支持单位：{zh(key_support)}，审核时优先（U8）",
        f"key-support unit: {en(key_support)}; reviewers prioritise it (U8)",
    )


def check_u9(quota: Quota | None, on: date) -> RuleResult:
    if quota is None or quota.remaining < 1:
        return fail(
            "U9",
            "单位没有剩余的工作居住证新办指标（U9）",
            "the unit holds no remaining new-permit quota (U9)",
            "请先向经开区申请新办指标",
            "apply to the zone for a new-permit quota first",
        )
    if quota.expires_on < on:
        return fail(
            "U9",
            f"新办指标已于 {quota.expires_on} 过期（U9）",
            f"the new-permit quota expired on {quota.expires_on} (U9)",
            "请向经开区申请新的指标",
            "apply to the zone for a new quota",
        )
    return ok(
        "U9",
        f"新办指标剩余 {quota.remaining} 个，有效期至 {quota.expires_on}（U9）",
        f"{quota.remaining} new-permit quota places left, valid until {quota.expires_on} (U9)",
    )


def evaluate_unit(facts: UnitFacts) -> Verdict:
    on = facts.application_date
    results = [
        check_u1(facts.entity_type),
        check_u2(facts.registered_in_zone, facts.zone_tax_months),
        check_u3(facts.entity_type, facts.registered_capital, facts.head_office_registered_capital),
        check_u4(facts.business_scope),
        check_u5(
            facts.entity_type,
            facts.profit_making,
            facts.previous_year_zone_tax,
            facts.established_on,
            facts.strategic_emerging_industry,
            on,
        ),
        check_u6(facts.entity_type, facts.permits_held),
        check_u7(facts.agency_kind, None),
        check_u8(facts.key_support),
        check_u9(facts.quota, on),
        check_t6(facts.tax_certificate_date, on),
    ]
    return Verdict("unit", on, results)
