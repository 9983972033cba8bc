"""Chinese and English names of the enumeration values, for reasons and form choices."""

from __future__ import annotations

from enum import StrEnum

from . import types as t

# A list, not a dict: StrEnum members hash as their strings, so "other" or "none" of two
# enumerations would collide as dict keys.
_NAMES: list[tuple[StrEnum, str, str]] = [
    (t.EntityType.ENTERPRISE_LEGAL_PERSON, "企业法人", "enterprise legal person"),
    (t.EntityType.PUBLIC_INSTITUTION, "事业单位法人", "public-institution legal person"),
    (t.EntityType.PRIVATE_NON_ENTERPRISE, "民办非企业单位（法人）", "private non-enterprise unit"),
    (t.EntityType.SOCIAL_ORGANISATION, "社会团体法人", "social organisation legal person"),
    (
        t.EntityType.BRANCH,
        "外国（地区）、外埠在京设立的非法人分支机构",
        "non-legal-person branch in Beijing of a foreign/regional or out-of-Beijing body",
    ),
    (t.EntityType.OTHER, "其他类型", "other entity type"),
    (t.AgencyKind.NONE, "否", "no"),
    (t.AgencyKind.HR_SERVICE, "人力资源服务机构", "HR-service agency"),
    (t.AgencyKind.LABOUR_DISPATCH, "劳务派遣机构", "labour-dispatch agency"),
    (t.KeySupport.NONE, "否", "none"),
    (t.KeySupport.ELECTRONIC_INFORMATION, "电子信息", "electronic information"),
    (t.KeySupport.BIOMEDICINE_HEALTH, "生物医药和大健康", "biomedicine & big health"),
    (t.KeySupport.NEW_ENERGY_VEHICLES, "新能源智能汽车", "new-energy intelligent vehicles"),
    (t.KeySupport.INTELLIGENT_MANUFACTURING, "智能制造", "intelligent manufacturing"),
    (t.KeySupport.EDUCATION, "教育", "education"),
    (t.KeySupport.HEALTHCARE, "医疗", "healthcare"),
    (t.KeySupport.PUBLIC_SERVICE, "其他社会公共服务", "other public services"),
    (t.KeySupport.NAMED_IN_NOTICE, "《通知》中明确的重点支持单位", "named in the 《通知》"),
    (t.EmployerCategory.OTHER, "其他", "other"),
    (t.EmployerCategory.NEW_RD_INSTITUTION, "新型研发机构", "new R&D institution"),
    (t.EmployerCategory.INNOVATIVE_HEADQUARTERS, "创新型总部企业", "innovative headquarters"),
    (t.EmployerCategory.HIGH_TECH_ENTERPRISE, "高新技术企业", "high-tech enterprise"),
    (t.EmployerCategory.LAW_FIRM, "律师事务所", "law firm"),
    (t.EmployerCategory.ACCOUNTING_FIRM, "会计师事务所", "accounting firm"),
    (t.EmployerCategory.AUDIT_FIRM, "审计师事务所", "audit firm"),
    (t.EmployerCategory.TAX_AGENT_FIRM, "税务师事务所", "tax-agent firm"),
    (t.EmployerCategory.HR_SERVICE_AGENCY, "人力资源服务机构", "HR-service agency"),
    (t.EmployerCategory.FINANCIAL_INSTITUTION, "金融机构", "financial institution"),
    (t.Degree.NONE, "无学位", "no degree"),
    (t.Degree.ASSOCIATE, "专科", "associate"),
    (t.Degree.BACHELOR, "学士", "bachelor's"),
    (t.Degree.MASTER, "硕士", "master's"),
    (t.Degree.DOCTORATE, "博士", "doctorate"),
    (t.TitleLevel.NONE, "无职称", "no title"),
    (t.TitleLevel.JUNIOR, "初级", "junior"),
    (t.TitleLevel.INTERMEDIATE, "中级", "intermediate"),
    (t.TitleLevel.DEPUTY_SENIOR, "副高级", "deputy senior"),
    (t.TitleLevel.SENIOR, "正高级", "senior"),
    (t.AwardLevel.NATIONAL, "国家级", "national"),
    (t.AwardLevel.BEIJING, "北京市级", "Beijing"),
    (t.AwardLevel.OTHER, "其他级别", "other level"),
    (t.AwardField.SCIENCE_TECHNOLOGY, "科学技术", "science & technology"),
    (t.AwardField.LITERATURE_ART, "文学艺术", "literature & art"),
    (t.AwardField.PHILOSOPHY_SOCIAL_SCIENCES, "哲学社会科学", "philosophy & social sciences"),
    (t.AwardField.OTHER, "其他领域", "other field"),
    (t.ResidenceKind.OWN_HOME, "自有住房", "own home"),
    (t.ResidenceKind.RESIDENCE_PERMIT, "《北京市居住证》", "Beijing residence permit"),
    (t.ResidenceKind.RENTED_HOME, "租住居民户房屋", "renting a resident's home"),
    (t.ResidenceKind.ZONE_PUBLIC_RENTAL, "住经开区公租房", "zone public rental housing"),
    (t.ResidenceKind.RELATIVE_HOME, "居住亲友住房", "relative's or friend's home"),
    (t.ResidenceKind.RURAL_HOMESTEAD, "租住农村宅基地房屋", "renting a rural homestead house"),
    (t.ResidenceKind.UNIT_HOUSING, "住单位公房", "unit public housing"),
    (t.PropertyUse.RESIDENTIAL, "住宅", "residential"),
    (t.PropertyUse.APARTMENT, "公寓", "apartment"),
    (t.PropertyUse.HOTEL, "酒店", "hotel"),
    (t.PropertyUse.COMMERCIAL, "商业", "commercial"),
    (t.PropertyUse.OFFICE, "办公", "office"),
    (t.PropertyUse.RESEARCH, "科研", "research"),
    (t.PropertyUse.OTHER, "其他非住宅", "other non-residential"),
    (t.Tenure.ORDINARY, "普通产权", "ordinary title"),
    (t.Tenure.SHARED_OWNERSHIP, "共有产权房", "shared-ownership housing"),
    (t.Tenure.SMALL_PROPERTY_RIGHT, "小产权房", "small-property-right housing"),
    (t.Tenure.DEMOLITION_AGREEMENT, "腾退拆迁协议", "demolition/relocation agreement"),
    (
        t.PublicRentalParties.APPLICANT_AND_UNIT,
        "申请人或其配偶与任职单位签订",
        "between the applicant (or spouse) and the unit",
    ),
    (
        t.PublicRentalParties.UNIT_AND_DEVELOPER,
        "单位与开发商（博大新元）签订",
        "between the unit and the developer (博大新元)",
    ),
    (t.EducationLevel.SENIOR_HIGH, "高中", "senior high school"),
    (t.EducationLevel.SECONDARY_VOCATIONAL, "中专/职高", "secondary vocational school"),
    (t.EducationLevel.ASSOCIATE, "专科", "associate"),
    (t.EducationLevel.BACHELOR, "本科", "bachelor's"),
    (t.EducationLevel.MASTER, "硕士研究生", "master's"),
    (t.EducationLevel.DOCTORATE, "博士研究生", "doctorate"),
    (t.Relation.SPOUSE, "配偶", "spouse"),
    (t.Relation.CHILD, "子女", "child"),
]
LABELS: dict[tuple[type, str], tuple[str, str]] = {
    (type(member), member.value): (zh_name, en_name) for member, zh_name, en_name in _NAMES
}


def zh(value: StrEnum) -> str:
    return LABELS[(value.__class__, value._value_)][0]


def en(value: StrEnum) -> str:
    return LABELS[(value.__class__, value._value_)][1]


def choices(enum: type[StrEnum], language: str) -> list[tuple[str, str]]:
    index = 0 if language.startswith("zh") else 1
    return [(m.value, LABELS[(enum, m.value)][index]) for m in enum]


def enumerations_markdown() -> str:
    """The enumeration table of docs/eligibility.md."""
    lines = ["| enumeration | value | 中文 | English |", "|---|---|---|---|"]
    for member, zh_name, en_name in _NAMES:
        lines.append(f"| {type(member).__name__} | `{member.value}` | {zh_name} | {en_name} |")
    return "\n".join(lines)
