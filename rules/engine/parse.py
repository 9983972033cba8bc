"""JSON in, facts out: one pass that collects every bad field path, never a traceback.

The schemas below are declarative (Field lists), so that docs/eligibility.md's field tables
are generated from the same source (``python -m rules.engine.parse`` prints them).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from . import types as t
from .identity import IdentityError, normalise_credit_code, parse_resident_id
from .text import hidden_characters, nfc

_BAD = object()
_REQUIRED = object()
_TODAY = object()
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH = re.compile(r"^\d{4}-\d{2}$")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_MAX_MONEY = Decimal(10) ** 12
_MAX_STR = 500
_MAX_ITEMS = 50
# For forms generated from the schemas (rules.forms).
REQUIRED, TODAY, MAX_STR = _REQUIRED, _TODAY, _MAX_STR


@dataclass(slots=True, frozen=True)
class FieldError:
    path: str
    code: str
    zh: str
    en: str

    def to_dict(self) -> dict[str, str]:
        return {"path": self.path, "code": self.code, "zh": self.zh, "en": self.en}


class InputError(Exception):
    """Bad input: every problem found, each with its field path."""

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{e.path or '(root)'}: {e.en}" for e in errors))

    def to_dict(self) -> dict[str, Any]:
        return {"result": "bad_input", "errors": [e.to_dict() for e in self.errors]}


@dataclass(slots=True)
class Context:
    today: date
    errors: list[FieldError]

    def error(self, path: str, code: str, zh: str, en: str) -> object:
        self.errors.append(FieldError(path, code, zh, en))
        return _BAD


def _type_error(ctx: Context, path: str, zh: str, en: str) -> object:
    return ctx.error(path, "type", f"应为{zh}", f"must be {en}")


# --- value specs ------------------------------------------------------------------------
class Spec:
    doc = ""

    def parse(self, value: Any, path: str, ctx: Context) -> Any:  # pragma: no cover
        raise NotImplementedError


class Str(Spec):
    def __init__(self, *, required_text: bool = False) -> None:
        self.required_text = required_text
        self.doc = "string (non-empty)" if required_text else "string"

    def parse(self, value, path, ctx):
        if not isinstance(value, str):
            return _type_error(ctx, path, "字符串", "a string")
        if len(value) > _MAX_STR:
            return ctx.error(
                path, "too_long", f"超过 {_MAX_STR} 个字符", f"longer than {_MAX_STR} characters"
            )
        hidden = hidden_characters(value)
        if hidden:
            codes = ", ".join(hidden)
            return ctx.error(
                path,
                "characters",
                f"含有不可见字符或控制字符（{codes}），请删除",
                f"contains invisible or control characters ({codes}): remove them",
            )
        if self.required_text and not value.strip():
            return ctx.error(path, "blank", "不能为空", "must not be blank")
        return nfc(value.strip())


class Bool(Spec):
    doc = "boolean"

    def parse(self, value, path, ctx):
        if not isinstance(value, bool):
            return _type_error(ctx, path, "布尔值 true/false", "true or false")
        return value


class Int(Spec):
    def __init__(self, minimum: int = 0, maximum: int = 10_000) -> None:
        self.minimum, self.maximum = minimum, maximum
        self.doc = f"integer {minimum}–{maximum}"

    def parse(self, value, path, ctx):
        if isinstance(value, bool) or not isinstance(value, int | float):
            return _type_error(ctx, path, "整数", "an integer")
        if isinstance(value, float):
            if not value.is_integer():
                return _type_error(ctx, path, "整数", "an integer")
            value = int(value)
        if not self.minimum <= value <= self.maximum:
            return ctx.error(
                path,
                "range",
                f"应在 {self.minimum} 至 {self.maximum} 之间",
                f"must be between {self.minimum} and {self.maximum}",
            )
        return value


class Money(Spec):
    """Yuan as a JSON number or a decimal string ("14000.50"); never negative."""

    def __init__(self, maximum: Decimal = _MAX_MONEY, unit: str = "yuan") -> None:
        self.maximum = maximum
        self.doc = f"number ≥ 0 ({unit})"

    def parse(self, value, path, ctx):
        if isinstance(value, bool):
            return _type_error(ctx, path, "数字", "a number")
        if isinstance(value, int):
            amount = Decimal(value)
        elif isinstance(value, float):
            if not math.isfinite(value):
                return _type_error(ctx, path, "有限数字", "a finite number")
            amount = Decimal(repr(value))
        elif isinstance(value, str) and _NUMBER.match(value.strip()):
            try:
                amount = Decimal(value.strip())
            except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
                return _type_error(ctx, path, "数字", "a number")
        else:
            return _type_error(ctx, path, "数字", "a number")
        if amount < 0:
            return ctx.error(path, "negative", "不能为负数", "must not be negative")
        if amount > self.maximum:
            return ctx.error(
                path, "range", f"不能超过 {self.maximum}", f"must not exceed {self.maximum}"
            )
        return amount


class DateSpec(Spec):
    doc = "date YYYY-MM-DD"

    def parse(self, value, path, ctx):
        if not isinstance(value, str) or not _DATE.match(value):
            return _type_error(ctx, path, "日期 YYYY-MM-DD", "a date YYYY-MM-DD")
        try:
            day = date.fromisoformat(value)
        except ValueError:
            return ctx.error(
                path, "impossible_date", f"日期 {value} 不存在", f"the date {value} does not exist"
            )
        if not 1900 <= day.year <= 2100:
            return ctx.error(
                path,
                "range",
                "年份应在 1900 至 2100 之间",
                "the year must be between 1900 and 2100",
            )
        return day


class MonthSpec(Spec):
    doc = "month YYYY-MM"

    def parse(self, value, path, ctx):
        if not isinstance(value, str) or not _MONTH.match(value):
            return _type_error(ctx, path, "月份 YYYY-MM", "a month YYYY-MM")
        year, month = int(value[:4]), int(value[5:7])
        if not 1 <= month <= 12 or not 1900 <= year <= 2100:
            return ctx.error(
                path, "range", f"月份 {value} 不存在", f"the month {value} does not exist"
            )
        return date(year, month, 1)


class EnumSpec(Spec):
    def __init__(self, enum: type[StrEnum]) -> None:
        self.enum = enum
        self.values = {m.value: m for m in enum}
        self.doc = "one of: " + ", ".join(f"`{v}`" for v in self.values)

    def parse(self, value, path, ctx):
        member = self.values.get(value) if isinstance(value, str) else None
        if member is None:
            allowed = ", ".join(self.values)
            return ctx.error(
                path, "choice", f"不是可选值（可选：{allowed}）", f"is not one of: {allowed}"
            )
        return member


class ResidentIdSpec(Spec):
    doc = "resident ID number, 18 characters"

    def parse(self, value, path, ctx):
        if not isinstance(value, str):
            return _type_error(ctx, path, "字符串", "a string")
        try:
            return parse_resident_id(value, today=ctx.today)
        except IdentityError as exc:
            return ctx.error(path, "resident_id", exc.zh, exc.en)


class CreditCodeSpec(Spec):
    doc = "unified social credit code, 18 characters (GB 32100)"

    def parse(self, value, path, ctx):
        if not isinstance(value, str):
            return _type_error(ctx, path, "字符串", "a string")
        try:
            return normalise_credit_code(value)
        except IdentityError as exc:
            return ctx.error(path, "credit_code", exc.zh, exc.en)


class ListOf(Spec):
    def __init__(self, item: Spec, max_items: int = _MAX_ITEMS) -> None:
        self.item = item
        self.max_items = max_items
        self.doc = f"list of {item.doc}"

    def parse(self, value, path, ctx):
        if not isinstance(value, list):
            return _type_error(ctx, path, "数组", "a list")
        if len(value) > self.max_items:
            return ctx.error(
                path, "too_long", f"最多 {self.max_items} 项", f"at most {self.max_items} items"
            )
        out = [self.item.parse(v, f"{path}[{i}]", ctx) for i, v in enumerate(value)]
        return _BAD if any(v is _BAD for v in out) else out


class YearMap(Spec):
    """{"2023": 600000, ...}: keys are four-digit years."""

    def __init__(self, item: Spec) -> None:
        self.item = item
        self.doc = f'object {{"YYYY": {item.doc}}}'

    def parse(self, value, path, ctx):
        if not isinstance(value, dict):
            return _type_error(ctx, path, "对象（年份: 金额）", 'an object {"YYYY": amount}')
        out: dict[int, Any] = {}
        bad = False
        for key, v in value.items():
            sub = f"{path}.{key}"
            if not (isinstance(key, str) and key.isdigit() and len(key) == 4):
                ctx.error(sub, "year", "键应为四位年份", "keys must be four-digit years")
                bad = True
                continue
            parsed = self.item.parse(v, sub, ctx)
            bad = bad or parsed is _BAD
            out[int(key)] = parsed
        return _BAD if bad else out


@dataclass(frozen=True)
class Field:
    name: str
    spec: Spec
    zh: str
    en: str
    default: Any = _REQUIRED
    nullable: bool = False
    attr: str = ""


class Obj(Spec):
    def __init__(
        self,
        cls: type,
        fields: list[Field],
        check: Callable[[dict[str, Any], str, Context], None] | None = None,
    ) -> None:
        self.cls = cls
        self.fields = fields
        self.by_name = {f.name: f for f in fields}
        self.check = check
        self.doc = "object"

    def parse(self, value, path, ctx):
        if not isinstance(value, dict):
            return _type_error(ctx, path or "(root)", "JSON 对象", "a JSON object")
        before = len(ctx.errors)
        prefix = f"{path}." if path else ""
        for key in value:
            if key not in self.by_name:
                ctx.error(f"{prefix}{key}", "unknown", "未知字段", "unknown field")
        kwargs: dict[str, Any] = {}
        for f in self.fields:
            sub = prefix + f.name
            if f.name not in value:
                if f.default is _REQUIRED:
                    ctx.error(sub, "required", "缺少必填字段", "is required")
                    continue
                parsed = ctx.today if f.default is _TODAY else _copy(f.default)
            elif value[f.name] is None:
                if not f.nullable:
                    ctx.error(sub, "null", "不能为 null", "must not be null")
                    continue
                parsed = None
            else:
                parsed = f.spec.parse(value[f.name], sub, ctx)
            kwargs[f.attr or f.name] = parsed
        if len(ctx.errors) > before:
            return _BAD
        if self.check is not None:
            self.check(kwargs, prefix, ctx)
            if len(ctx.errors) > before:
                return _BAD
        return self.cls(**kwargs)


def _copy(default: Any) -> Any:
    if isinstance(default, list | dict):
        return type(default)(default)
    return default


def _order(first: str, second: str, zh: str, en: str):
    def check(values: dict[str, Any], prefix: str, ctx: Context) -> None:
        a, b = values.get(first), values.get(second)
        if a is not None and b is not None and b < a:
            ctx.error(prefix + second, "date_order", zh, en)

    return check


# --- schemas ----------------------------------------------------------------------------
MONEY = Money()
DATE = DateSpec()
TEXT = Str()
NAME = Str(required_text=True)
BOOL = Bool()
MONTHS = Int(0, 1200)

EMPLOYER = Obj(
    t.Employer,
    [
        Field("name", NAME, "单位名称（与营业执照一致）", "the unit's name, as on its licence"),
        Field(
            "category",
            EnumSpec(t.EmployerCategory),
            "单位类别（C4、C5）",
            "employer category (C4, C5)",
            t.EmployerCategory.OTHER,
        ),
        Field(
            "agency_kind",
            EnumSpec(t.AgencyKind),
            "是否人力资源服务/劳务派遣机构（U7）",
            "HR-service or labour-dispatch agency (U7)",
            t.AgencyKind.NONE,
        ),
    ],
)
CONTRACT = Obj(
    t.Contract,
    [
        Field("party_a", NAME, "合同甲方", "party A of the contract"),
        Field("start_date", DATE, "合同开始日期", "contract start date"),
        Field(
            "end_date",
            DATE,
            "合同终止日期；null 为无固定期限",
            "end date; null = open-ended",
            None,
            nullable=True,
        ),
        Field("work_location", TEXT, "合同工作地点（可不填）", "work location (may be empty)", ""),
    ],
    _order("start_date", "end_date", "终止日期早于开始日期", "ends before it starts"),
)
AWARD = Obj(
    t.Award,
    [
        Field("level", EnumSpec(t.AwardLevel), "奖项级别", "award level"),
        Field("field", EnumSpec(t.AwardField), "奖项类别", "award field"),
        Field("name", TEXT, "奖项名称", "award name", ""),
    ],
)
IP = Obj(
    t.IntellectualProperty,
    [
        Field(
            "invention_patents",
            Int(0, 1000),
            "以第二作者（含）以上取得的发明专利授权数",
            "granted invention patents as first or second author",
            0,
        ),
        Field("other_patents", Int(0, 1000), "其他专利授权数", "other granted patents", 0),
        Field(
            "software_copyrights",
            Int(0, 1000),
            "软件著作权登记数",
            "software copyright registrations",
            0,
        ),
        Field("applied_in_beijing", BOOL, "成果已在京落地转化", "put to use in Beijing", False),
    ],
)
TEAM = Obj(
    t.InnovationTeam,
    [
        Field(
            "shareholding_percent",
            Money(Decimal(100), "percent"),
            "持股比例（%）",
            "shareholding (%)",
        ),
        Field("shareholder_rank", Int(1, 10_000), "持股排名", "shareholder rank (1 = largest)"),
        Field(
            "own_investment_3y",
            MONEY,
            "团队近三年累计自主投入（元）",
            "team's own investment over 3 years (yuan)",
            Decimal(0),
        ),
        Field(
            "equity_cash_financing",
            MONEY,
            "股权类现金融资（元）",
            "equity cash financing (yuan)",
            Decimal(0),
        ),
        Field(
            "average_annual_tax_3y",
            MONEY,
            "近三年平均每年纳税（元）",
            "average annual tax over 3 years (yuan)",
            Decimal(0),
        ),
    ],
)
FREELANCER = Obj(
    t.Freelancer,
    [
        Field(
            "annual_tax",
            YearMap(MONEY),
            "近三年每年纳税额（元），按年份",
            "tax paid per year (yuan), by year",
        ),
        Field(
            "notable_contribution",
            BOOL,
            "申报对本市科技创新等贡献突出",
            "claims a notable contribution",
            False,
        ),
    ],
)
LEASE = Obj(
    t.Lease,
    [
        Field("lessor_name", NAME, "出租人姓名", "lessor's name"),
        Field("address", NAME, "租赁房屋地址", "address in the lease"),
        Field("start_date", DATE, "租赁开始日期", "lease start"),
        Field("end_date", DATE, "租赁终止日期", "lease end"),
    ],
    _order("start_date", "end_date", "终止日期早于开始日期", "ends before it starts"),
)
LODGING = Obj(
    t.LodgingDeclaration,
    [
        Field("owner_name", NAME, "借住声明中的房主姓名", "owner named in the declaration"),
        Field("lodger_name", NAME, "借住人姓名", "lodger named in the declaration"),
        Field("address", NAME, "借住地址", "address in the declaration"),
    ],
)
RESIDENCE = Obj(
    t.Residence,
    [
        Field(
            "kind",
            EnumSpec(t.ResidenceKind),
            "住所类型（H1–H7 七选一）",
            "kind of residence (one of H1–H7)",
        ),
        Field(
            "property_use",
            EnumSpec(t.PropertyUse),
            "证书上的房屋性质（H8）",
            "use on the certificate (H8)",
            None,
            nullable=True,
        ),
        Field("tenure", EnumSpec(t.Tenure), "产权类型（H8）", "tenure (H8)", t.Tenure.ORDINARY),
        Field(
            "address",
            TEXT,
            "房产证/户口簿首页/居住证上的地址",
            "address on the certificate or register",
            "",
        ),
        Field("owner_name", TEXT, "产权人（或房屋所有人）姓名/名称", "owner's name", ""),
        Field(
            "has_property_certificate",
            BOOL,
            "有《房屋所有权证》或《不动产权证书》（H1）",
            "has a property certificate (H1)",
            False,
        ),
        Field(
            "delivery_date",
            DATE,
            "网签购房合同约定的交付日期（H1）",
            "purchase contract's delivery date (H1)",
            None,
            nullable=True,
        ),
        Field(
            "move_in_notice", BOOL, "有物业《入住通知单》（H1）", "has a move-in notice (H1)", False
        ),
        Field(
            "permit_expires_on",
            DATE,
            "《北京市居住证》有效期至（H2）",
            "Beijing residence permit valid until (H2)",
            None,
            nullable=True,
        ),
        Field(
            "blue_residence_card",
            BOOL,
            "仅有蓝色居住卡（H2）",
            "only a blue residence card (H2)",
            False,
        ),
        Field(
            "lease",
            LEASE,
            "租赁合同（H3、H4、H6、H7）",
            "lease (H3, H4, H6, H7)",
            None,
            nullable=True,
        ),
        Field(
            "public_rental_parties",
            EnumSpec(t.PublicRentalParties),
            "公租房合同双方（H4）",
            "parties of the public-rental lease (H4)",
            None,
            nullable=True,
        ),
        Field(
            "lodging_declaration",
            LODGING,
            "《借住声明》（H5）",
            "lodging declaration (H5)",
            None,
            nullable=True,
        ),
        Field(
            "unit_certificate_address",
            TEXT,
            "单位《申请人居住证明》上的地址（H7）",
            "address on the unit's residence certificate (H7)",
            "",
        ),
    ],
)
REGION = Obj(
    t.Region,
    [
        Field("province", TEXT, "省级名称（表单下拉选项）", "province as selected", ""),
        Field("city", TEXT, "市级名称", "city as selected", ""),
        Field("district", TEXT, "区县名称", "district as selected", ""),
    ],
)
EDUCATION = Obj(
    t.EducationEntry,
    [
        Field("level", EnumSpec(t.EducationLevel), "学历层次", "level"),
        Field("school", TEXT, "学校全称", "full school name"),
        Field("summary", TEXT, "概要信息，如“学习高中课程”", "summary line"),
        Field("start_date", DATE, "开始日期", "start"),
        Field("end_date", DATE, "结束日期", "end"),
    ],
    _order("start_date", "end_date", "结束日期早于开始日期", "ends before it starts"),
)
WORK = Obj(
    t.WorkEntry,
    [
        Field("employer", NAME, "单位名称", "employer"),
        Field("start_date", DATE, "开始日期", "start"),
        Field("end_date", DATE, "结束日期", "end"),
    ],
    _order("start_date", "end_date", "结束日期早于开始日期", "ends before it starts"),
)
DEPENDANT = Obj(
    t.Dependant,
    [
        Field("name", NAME, "姓名", "name"),
        Field("relation", EnumSpec(t.Relation), "关系", "relation"),
        Field("id_number", TEXT, "身份证号码（幼儿也须填写）", "ID number (infants too)", ""),
        Field("in_school", BOOL, "已上幼儿园或学校", "attends kindergarten or school", False),
        Field(
            "school",
            TEXT,
            "工作（学习）单位；未上幼儿园填“无”",
            "school; 无 if not yet in kindergarten",
            "",
        ),
    ],
)
FORM = Obj(
    t.FormFacts,
    [
        Field("current_address", NAME, "现居住地（详细至门牌号）", "current address (F1)"),
        Field(
            "current_region",
            REGION,
            "现居住地所选省市区（F3）",
            "its region as selected (F3)",
            t.Region(),
        ),
        Field("bungalow", BOOL, "居所为平房（F1）", "the home is a bungalow (F1)", False),
        Field("register_address", TEXT, "户口所在地（F2）", "household-register address (F2)", ""),
        Field(
            "register_region",
            REGION,
            "户口所在地所选省市区（F3）",
            "its region as selected (F3)",
            t.Region(),
        ),
        Field(
            "register_first_page_address",
            TEXT,
            "户口本首页住址，如已录入（F2）",
            "address on the register's first page, if typed in (F2)",
            "",
        ),
        Field("graduation_school", TEXT, "毕业院校（F4）", "graduation school (F4)", ""),
        Field(
            "graduation_date", DATE, "毕业日期（F4）", "graduation date (F4)", None, nullable=True
        ),
        Field(
            "final_diploma_issuer",
            TEXT,
            "最终学历证书发证机关（F4）",
            "issuer of the final diploma (F4)",
            "",
        ),
        Field(
            "final_diploma_issued_on",
            DATE,
            "最终学历证书发证时间（F4）",
            "issue date of the final diploma (F4)",
            None,
            nullable=True,
        ),
        Field(
            "full_time_graduation_date",
            DATE,
            "全日制毕业日期（F7；缺省用毕业日期）",
            "full-time graduation date (F7; defaults to graduation_date)",
            None,
            nullable=True,
        ),
        Field("foreign_degree", BOOL, "国外学历学位（F5）", "foreign degree (F5)", False),
        Field(
            "degree_certificate_number",
            TEXT,
            "学历学位证书编号（F5）",
            "degree certificate number (F5)",
            "",
        ),
        Field("cscse_report_number", TEXT, "留服认证书编号（F5）", "CSCSE report number (F5)", ""),
        Field("education", ListOf(EDUCATION), "教育经历（F6）", "education history (F6)", []),
        Field("work_history", ListOf(WORK), "工作经历（F7）", "work history (F7)", []),
        Field("dependants", ListOf(DEPENDANT), "随往人员（F8）", "dependants (F8)", []),
    ],
)
QUOTA = Obj(
    t.Quota,
    [
        Field("remaining", Int(0, 100_000), "剩余新办指标数", "new-permit places left"),
        Field("expires_on", DATE, "指标有效期至", "quota valid until"),
    ],
)


def _unit_dates(values: dict[str, Any], prefix: str, ctx: Context) -> None:
    if values["established_on"] > values["application_date"]:
        ctx.error(
            prefix + "established_on",
            "date_order",
            "成立日期晚于申请日期",
            "established after the application date",
        )


def _renewal_dates(values: dict[str, Any], prefix: str, ctx: Context) -> None:
    issued = values.get("permit_issued_on")
    if issued is not None and issued >= values["permit_expires_on"]:
        ctx.error(
            prefix + "permit_expires_on",
            "date_order",
            "到期日不晚于签发日",
            "the permit expires before it was issued",
        )


UNIT = Obj(
    t.UnitFacts,
    [
        Field("name", NAME, "单位名称", "unit name"),
        Field("credit_code", CreditCodeSpec(), "统一社会信用代码", "unified social credit code"),
        Field("entity_type", EnumSpec(t.EntityType), "单位类型（U1）", "entity type (U1)"),
        Field("registered_in_zone", BOOL, "在经开区登记注册（U2）", "registered in the zone (U2)"),
        Field(
            "zone_tax_months",
            MONTHS,
            "在经开区缴纳税费月数（U2）",
            "months of taxes paid in the zone (U2)",
        ),
        Field("registered_capital", MONEY, "注册资本（元）（U3）", "registered capital, yuan (U3)"),
        Field(
            "head_office_registered_capital",
            MONEY,
            "总公司注册资本（元），分支机构填写（U3）",
            "head office's registered capital, yuan, for a branch (U3)",
            None,
            nullable=True,
        ),
        Field("business_scope", TEXT, "经营范围（U4）", "business scope (U4)"),
        Field(
            "previous_year_zone_tax",
            MONEY,
            "上一自然年度在本区纳税额（元）（U5）",
            "tax paid in the zone in the previous calendar year, yuan (U5)",
        ),
        Field("established_on", DATE, "成立日期（U5）", "date of establishment (U5)"),
        Field(
            "application_date",
            DATE,
            "申请日期，缺省为今天",
            "application date; default today",
            _TODAY,
        ),
        Field(
            "profit_making",
            BOOL,
            "非企业单位但具有营利性质（U5）",
            "a non-enterprise unit that is profit-making (U5)",
            False,
        ),
        Field(
            "strategic_emerging_industry",
            BOOL,
            "属于战略新兴产业或未来产业（U5）",
            "in a strategic emerging or future industry (U5)",
            False,
        ),
        Field(
            "permits_held",
            Int(0, 100_000),
            "分支机构现持证人数（U6）",
            "permits the branch holds now (U6)",
            0,
        ),
        Field(
            "agency_kind",
            EnumSpec(t.AgencyKind),
            "人力资源服务/劳务派遣机构（U7）",
            "HR-service or labour-dispatch agency (U7)",
            t.AgencyKind.NONE,
        ),
        Field(
            "key_support",
            EnumSpec(t.KeySupport),
            "重点支持领域（U8）",
            "key-support area (U8)",
            t.KeySupport.NONE,
        ),
        Field(
            "quota",
            QUOTA,
            "新办指标（U9）；null 为无",
            "new-permit quota (U9); null = none",
            None,
            nullable=True,
        ),
        Field(
            "tax_certificate_date",
            DATE,
            "单位完税证明填发日期（T6）",
            "date of the unit's tax certificate (T6)",
            None,
            nullable=True,
        ),
    ],
    _unit_dates,
)
PERSON = Obj(
    t.PersonFacts,
    [
        Field("name", NAME, "申请人姓名", "applicant's name"),
        Field(
            "id_number",
            ResidentIdSpec(),
            "居民身份证号码（出生日期、性别由此得出，P2）",
            "resident ID number (birth date and gender come from it, P2)",
            attr="identity",
        ),
        Field(
            "submission_date",
            DATE,
            "提交日期，缺省为今天；决定申报年度",
            "submission date; default today; sets the application year",
            _TODAY,
        ),
        Field("employer", EMPLOYER, "用人单位", "the employing unit"),
        Field(
            "monthly_taxable_income",
            MONEY,
            "在京月应税收入（元）（P5）",
            "monthly taxable income in Beijing, yuan (P5)",
        ),
        Field(
            "months_salary_paid",
            MONTHS,
            "单位连续发放工资月数（P1）",
            "consecutive months of salary paid by the unit (P1)",
        ),
        Field(
            "months_social_insurance",
            MONTHS,
            "单位连续代扣代缴社保月数（P1）",
            "consecutive months of social insurance withheld (P1)",
        ),
        Field(
            "months_income_tax",
            MONTHS,
            "单位连续代扣代缴个税月数（P1）",
            "consecutive months of income tax withheld (P1)",
        ),
        Field(
            "contract",
            CONTRACT,
            "劳动合同（P1、M7、T5）；null 为尚无",
            "labour contract (P1, M7, T5); null = none yet",
            None,
            nullable=True,
        ),
        Field("degree", EnumSpec(t.Degree), "最高学位（C1）", "highest degree (C1)", t.Degree.NONE),
        Field(
            "work_experience_months",
            MONTHS,
            "工作经历月数（C1）",
            "months of work experience (C1)",
            0,
        ),
        Field(
            "title",
            EnumSpec(t.TitleLevel),
            "专业技术职称（C2）",
            "professional title (C2)",
            t.TitleLevel.NONE,
        ),
        Field(
            "equivalent_qualification",
            BOOL,
            "具有相当于中级的资格、资质（C2）",
            "holds a qualification equivalent to an intermediate title (C2)",
            False,
        ),
        Field("awards", ListOf(AWARD), "获奖（C3）", "awards (C3)", []),
        Field(
            "annual_taxable_income",
            YearMap(MONEY),
            "近三年每年应税收入（元），按年份（C4、C5）",
            "taxable income per year, yuan, by year (C4, C5)",
            {},
        ),
        Field(
            "intellectual_property",
            IP,
            "知识产权（C6）",
            "intellectual property (C6)",
            None,
            nullable=True,
        ),
        Field(
            "innovation_team",
            TEAM,
            "创新创业团队股东（C7）",
            "innovation-team shareholder (C7)",
            None,
            nullable=True,
        ),
        Field(
            "freelancer",
            FREELANCER,
            "自由职业者/个体工商户（C8）",
            "freelancer or individual business (C8)",
            None,
            nullable=True,
        ),
        Field(
            "dispatched_to_other_unit",
            BOOL,
            "由派遣机构派至其他单位工作（U7）",
            "placed with another unit by the agency (U7)",
            False,
        ),
        Field(
            "residence",
            RESIDENCE,
            "在京住所（P3、H1–H8）；null 为未提供",
            "residence in Beijing (P3, H1–H8); null = none given",
            None,
            nullable=True,
        ),
        Field(
            "form",
            FORM,
            "网上填报信息（F1–F8）；null 为不检查",
            "online-form data (F1–F8); null = not checked",
            None,
            nullable=True,
        ),
    ],
)
WITHHOLDING = Obj(
    t.WithholdingMonth,
    [
        Field("month", MonthSpec(), "所属月份（YYYY-MM）", "month (YYYY-MM)"),
        Field(
            "social_insurance_unit",
            TEXT,
            "社保代扣代缴单位；空为无",
            "social insurance withheld by; empty = none",
            "",
        ),
        Field(
            "tax_unit", TEXT, "个税代扣代缴单位；空为无", "income tax withheld by; empty = none", ""
        ),
    ],
)
RENEWAL = Obj(
    t.RenewalFacts,
    [
        Field("name", NAME, "持证人姓名", "holder's name"),
        Field(
            "id_number",
            ResidentIdSpec(),
            "居民身份证号码（P2）",
            "resident ID number (P2)",
            attr="identity",
        ),
        Field(
            "submission_date",
            DATE,
            "续签提交日期，缺省为今天",
            "submission date; default today",
            _TODAY,
        ),
        Field("employer", EMPLOYER, "用人单位", "the employing unit"),
        Field(
            "permit_expires_on", DATE, "工作居住证到期日（T2、T3）", "permit expiry date (T2, T3)"
        ),
        Field(
            "months_social_insurance",
            MONTHS,
            "在京社保连续月数（PR4）",
            "continuous months of Beijing social insurance (PR4)",
        ),
        Field(
            "months_income_tax",
            MONTHS,
            "在京纳税连续月数（PR4）",
            "continuous months of Beijing income tax (PR4)",
        ),
        Field(
            "withholding_matches_contract",
            BOOL,
            "代扣代缴单位名称及变更与劳动合同一致（PR4）",
            "withholding unit names and change dates match the contracts (PR4)",
        ),
        Field(
            "contract",
            CONTRACT,
            "最新劳动合同（M7、T5）",
            "newest labour contract (M7, T5)",
            None,
            nullable=True,
        ),
        Field(
            "permit_issued_on",
            DATE,
            "证件签发日（T7）",
            "permit issue date (T7)",
            None,
            nullable=True,
        ),
        Field(
            "withholding",
            ListOf(WITHHOLDING, max_items=60),
            "近 36 个月个人扣缴明细，逐月（PR4）；给出时按月判断连续性",
            "the 36 months of withholding details, month by month (PR4); when given, "
            "continuity is judged by month",
            [],
        ),
        Field(
            "contract_history",
            ListOf(CONTRACT),
            "这 36 个月内的各份劳动合同（PR4，按月核对甲方）",
            "the labour contracts of those 36 months (PR4: party A checked by month)",
            [],
        ),
    ],
    _renewal_dates,
)

SCHEMAS: dict[str, Obj] = {"person": PERSON, "unit": UNIT, "renewal": RENEWAL}


def parse(kind: str, data: Any, *, today: date) -> Any:
    """Facts for ``kind`` (person, unit, renewal), or InputError listing every bad field."""
    ctx = Context(today, [])
    facts = SCHEMAS[kind].parse(data, "", ctx)
    if ctx.errors:
        raise InputError(ctx.errors)
    return facts


# --- bounded JSON ---------------------------------------------------------------------------
# Limits checked before and while parsing, so that no input makes the parser recurse, allocate
# or convert without bound (Python's json recurses per level; int() of 5,000 digits raises).
MAX_JSON_BYTES = 64 * 1024
MAX_JSON_DEPTH = 12
MAX_NUMBER_CHARS = 40


def _json_error(zh: str, en: str) -> InputError:
    return InputError([FieldError("", "json", zh, en)])


def _depth(text: str) -> int:
    """The deepest nesting of arrays and objects, outside strings."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def _number(kind: type) -> Callable[[str], Any]:
    def convert(text: str) -> Any:
        if len(text) > MAX_NUMBER_CHARS:
            raise _json_error(
                f"数字超过 {MAX_NUMBER_CHARS} 位", f"a number longer than {MAX_NUMBER_CHARS} digits"
            )
        return kind(text)

    return convert


def _constant(name: str) -> Any:
    raise _json_error(f"不是有效的 JSON 数字：{name}", f"not a JSON number: {name}")


def load_json(raw: bytes) -> Any:
    """The payload of a request body or a file: JSON within the limits above, or InputError
    (code ``json``) saying which limit or which syntax error."""
    if len(raw) > MAX_JSON_BYTES:
        raise _json_error(
            f"请求体超过 {MAX_JSON_BYTES // 1024} KiB", f"larger than {MAX_JSON_BYTES // 1024} KiB"
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _json_error("不是 UTF-8 编码", "not UTF-8") from None
    if _depth(text) > MAX_JSON_DEPTH:
        raise _json_error(
            f"嵌套超过 {MAX_JSON_DEPTH} 层", f"nested deeper than {MAX_JSON_DEPTH} levels"
        )
    try:
        return json.loads(
            text,
            parse_int=_number(int),
            parse_float=_number(float),
            parse_constant=_constant,
        )
    except json.JSONDecodeError as exc:
        raise _json_error(f"不是有效的 JSON：{exc}", f"not valid JSON: {exc}") from None


def label_for(kind: str, path: str) -> tuple[str, str]:
    """The schema's Chinese and English words for a path (``residence.lease.end_date``,
    ``awards[0].level``, ``annual_taxable_income.2025``); the path itself if unknown."""
    obj: Spec = SCHEMAS[kind]
    found: Field | None = None
    for part in path.replace("[", ".[").split("."):
        if isinstance(obj, ListOf):
            obj = obj.item
            if part.startswith("["):
                continue
        if isinstance(obj, YearMap):
            return (f"{found.zh} {part}", f"{found.en} {part}") if found else (path, path)
        if not isinstance(obj, Obj) or part not in obj.by_name:
            return (path, path)
        found = obj.by_name[part]
        obj = found.spec
    return (found.zh, found.en) if found else (path, path)


def schema_markdown(kind: str) -> str:
    """The field table of docs/eligibility.md for one kind."""
    lines = ["| field | type | default | 中文 | meaning |", "|---|---|---|---|---|"]

    def walk(obj: Obj, prefix: str) -> list[Obj]:
        nested = []
        for f in obj.fields:
            spec = f.spec
            type_doc = spec.doc
            if isinstance(spec, Obj):
                type_doc = "object (below)"
            elif isinstance(spec, ListOf) and isinstance(spec.item, Obj):
                type_doc = "list of objects (below)"
            if f.default is _REQUIRED:
                default = "required"
            elif f.default is _TODAY:
                default = "today"
            elif isinstance(f.default, StrEnum):
                default = f"`{f.default.value}`"
            elif isinstance(f.default, bool | int | Decimal):
                default = f"`{str(f.default).lower()}`"
            elif f.default is None:
                default = "`null`"
            elif f.default == "":
                default = '`""`'
            elif f.default == []:
                default = "`[]`"
            elif f.default == {}:
                default = "`{}`"
            else:
                default = "`{}` (all fields default)"
            if f.nullable and f.default is not None:
                default += ", may be `null`"
            lines.append(f"| `{prefix}{f.name}` | {type_doc} | {default} | {f.zh} | {f.en} |")
            if isinstance(spec, Obj):
                walk(spec, f"{prefix}{f.name}.")
            elif isinstance(spec, ListOf) and isinstance(spec.item, Obj):
                walk(spec.item, f"{prefix}{f.name}[].")
        return nested

    walk(SCHEMAS[kind], "")
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover
    for name in SCHEMAS:
        print(f"### `{name}`\n\n{schema_markdown(name)}\n")
