"""Lawful stable residence: H1–H7 (one of them, chosen by the applicant) and H8 (never
accepted). Only what the data can decide is decided here; whether a scan shows what the
applicant typed is the reviewer's check of the materials (M4)."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from .labels import en, zh
from .text import same
from .types import RESIDENCE_RULE, Lease, PropertyUse, Residence, ResidenceKind, Tenure
from .verdict import FAIL, NA, REVIEW, RuleResult, fail, na, ok, review

Problems = list[tuple[str, str]]

_NOT_CHOSEN = {
    rule: RuleResult(
        rule,
        NA,
        "申请人未选择此类住所（" + rule + "）",
        "not the residence chosen (" + rule + ")",
        alternative=True,
    )
    for rule in RESIDENCE_RULE.values()
}
_ORDER = list(RESIDENCE_RULE.values())
_BEFORE = {
    k: [_NOT_CHOSEN[r] for r in _ORDER[: _ORDER.index(v)]] for k, v in RESIDENCE_RULE.items()
}
_AFTER = {
    k: [_NOT_CHOSEN[r] for r in _ORDER[_ORDER.index(v) + 1 :]] for k, v in RESIDENCE_RULE.items()
}
_NEVER_ACCEPTED_TENURE = (Tenure.SMALL_PROPERTY_RIGHT, Tenure.DEMOLITION_AGREEMENT)
_USE_NOT_NEEDED = (ResidenceKind.RESIDENCE_PERMIT, ResidenceKind.ZONE_PUBLIC_RENTAL)


def _result(rule: str, kind: ResidenceKind, problems: Problems, **kw) -> RuleResult:
    if problems:
        return fail(
            rule,
            f"{zh(kind)}：" + "；".join(p[0] for p in problems) + f"（{rule}）",
            f"{en(kind)}: " + "; ".join(p[1] for p in problems) + f" ({rule})",
            "请按要求补正住所信息或改选其他住所类型",
            "correct the residence details or choose another kind of residence",
            alternative=True,
            **kw,
        )
    return ok(
        rule,
        f"{zh(kind)}：信息齐全、一致（{rule}）",
        f"{en(kind)}: the details are complete and consistent ({rule})",
        alternative=True,
        **kw,
    )


def _lease_problems(lease: Lease | None, on: date, problems: Problems) -> None:
    if lease is None:
        problems.append(("未提供租赁合同信息", "no lease was given"))
        return
    if on < lease.start_date:
        problems.append(
            (
                f"租赁期自 {lease.start_date} 开始，尚未开始",
                f"the lease only starts on {lease.start_date}",
            )
        )
    if lease.end_date < on:
        problems.append(
            (f"租赁合同已于 {lease.end_date} 到期", f"the lease ended on {lease.end_date}")
        )


def _lessor_is_owner(r: Residence, problems: Problems) -> None:
    if r.lease is not None and not same(r.lease.lessor_name, r.owner_name):
        problems.append(
            (
                f"出租人“{r.lease.lessor_name}”与产权人“{r.owner_name}”不一致",
                f"the lessor “{r.lease.lessor_name}” is not the owner “{r.owner_name}”",
            )
        )


def _lease_address_matches(r: Residence, source_zh: str, source_en: str, problems: Problems):
    if r.lease is not None and not same(r.lease.address, r.address):
        problems.append(
            (
                f"租赁地址“{r.lease.address}”与{source_zh}地址“{r.address}”不一致",
                f"the lease address “{r.lease.address}” differs from the {source_en} address "
                f"“{r.address}”",
            )
        )


_H1_CERTIFICATE = ok(
    "H1",
    "自有住房，有《房屋所有权证》或《不动产权证书》（H1）",
    "own home with a property certificate (H1)",
    alternative=True,
)


def check_h1(r: Residence, on: date) -> RuleResult:
    kind = ResidenceKind.OWN_HOME
    if r.has_property_certificate:
        return _H1_CERTIFICATE
    if r.delivery_date is None:
        return _result(
            "H1",
            kind,
            [
                (
                    "无产权证书时须提供网签购房合同的交付日期",
                    "without a property certificate, give the purchase contract's delivery date",
                )
            ],
        )
    if on > r.delivery_date:
        return ok(
            "H1",
            f"网签购房合同交付日期 {r.delivery_date} 已过（H1）",
            f"the purchase contract's delivery date {r.delivery_date} has passed (H1)",
            alternative=True,
        )
    if r.move_in_notice:
        return review(
            "H1",
            f"合同交付日期 {r.delivery_date} 未到，但已实际入住，有物业《入住通知单》（H1）",
            f"delivery date {r.delivery_date} not yet passed, but occupied with a move-in "
            "notice (H1)",
            "审核人员核实物业出具的《入住通知单》",
            "the reviewer checks the property manager's move-in notice",
            alternative=True,
        )
    return _result(
        "H1",
        kind,
        [
            (
                f"合同交付日期 {r.delivery_date} 未到，且无《入住通知单》",
                f"the delivery date {r.delivery_date} has not passed and there is no move-in "
                "notice",
            )
        ],
    )


def check_h2(r: Residence, on: date) -> RuleResult:
    problems: Problems = []
    if r.blue_residence_card:
        problems.append(("蓝色居住卡不能代替居住证", "the blue residence card is not accepted"))
    elif r.permit_expires_on is None:
        problems.append(("未提供居住证有效期", "no expiry date of the residence permit"))
    elif r.permit_expires_on < on:
        problems.append(
            (
                f"居住证已于 {r.permit_expires_on} 过期",
                f"the residence permit expired on {r.permit_expires_on}",
            )
        )
    return _result("H2", ResidenceKind.RESIDENCE_PERMIT, problems)


def check_h3(r: Residence, on: date) -> RuleResult:
    problems: Problems = []
    _lease_problems(r.lease, on, problems)
    _lessor_is_owner(r, problems)
    _lease_address_matches(r, "房产证", "property certificate", problems)
    return _result("H3", ResidenceKind.RENTED_HOME, problems)


def check_h4(r: Residence, on: date) -> RuleResult:
    problems: Problems = []
    _lease_problems(r.lease, on, problems)
    if r.public_rental_parties is None:
        problems.append(
            (
                "须为申请人（或配偶）与单位、或单位与博大新元签订的公租房租赁合同",
                "the lease must be between the applicant (or spouse) and the unit, or the unit "
                "and the developer",
            )
        )
    return _result("H4", ResidenceKind.ZONE_PUBLIC_RENTAL, problems)


def check_h5(r: Residence, applicant_name: str) -> RuleResult:
    problems: Problems = []
    d = r.lodging_declaration
    if d is None:
        problems.append(("未提供《借住声明》信息", "no lodging declaration was given"))
    else:
        if not same(d.owner_name, r.owner_name):
            problems.append(
                (
                    f"借住声明中的房主“{d.owner_name}”与产权人“{r.owner_name}”不一致",
                    f"the owner in the declaration “{d.owner_name}” is not the owner "
                    f"“{r.owner_name}”",
                )
            )
        if not same(d.lodger_name, applicant_name):
            problems.append(
                (
                    f"借住人“{d.lodger_name}”与申请人“{applicant_name}”不一致",
                    f"the lodger “{d.lodger_name}” is not the applicant “{applicant_name}”",
                )
            )
        if not same(d.address, r.address):
            problems.append(
                (
                    f"借住地址“{d.address}”与房产证地址“{r.address}”不一致",
                    f"the declaration address “{d.address}” differs from the certificate's "
                    f"“{r.address}”",
                )
            )
    return _result("H5", ResidenceKind.RELATIVE_HOME, problems)


def check_h6(r: Residence, on: date) -> RuleResult:
    problems: Problems = []
    _lease_problems(r.lease, on, problems)
    _lessor_is_owner(r, problems)
    _lease_address_matches(r, "户口簿首页", "household register", problems)
    return _result("H6", ResidenceKind.RURAL_HOMESTEAD, problems)


def check_h7(r: Residence, on: date) -> RuleResult:
    problems: Problems = []
    _lease_problems(r.lease, on, problems)
    _lessor_is_owner(r, problems)
    _lease_address_matches(r, "房产证", "property certificate", problems)
    if not same(r.unit_certificate_address, r.address):
        problems.append(
            (
                f"单位《申请人居住证明》地址“{r.unit_certificate_address}”与房产证地址不一致",
                f"the unit's residence certificate address “{r.unit_certificate_address}” "
                "differs from the property certificate's",
            )
        )
    return _result("H7", ResidenceKind.UNIT_HOUSING, problems)


def check_h8(r: Residence) -> RuleResult:
    return _h8(r.tenure, r.property_use, r.kind in _USE_NOT_NEEDED)


@lru_cache(maxsize=256)
def _h8(tenure: Tenure, use: PropertyUse | None, use_not_needed: bool) -> RuleResult:
    """Cached: the result depends on three enumerations only. Results are read-only."""
    if tenure in _NEVER_ACCEPTED_TENURE:
        return fail(
            "H8",
            f"{zh(tenure)}不能作为稳定住所（H8）",
            f"{en(tenure)} is never accepted as a stable residence (H8)",
            "请改用其他符合要求的住所",
            "use another, acceptable residence",
        )
    if use is None:
        if use_not_needed:
            return ok(
                "H8",
                "不属于不予认可的住所类型（H8）",
                "not a kind of housing that is never accepted (H8)",
            )
        return review(
            "H8",
            "未填写房屋性质（H8）",
            "the property's use was not given (H8)",
            "审核人员核实证书上的房屋性质为“住宅”",
            "the reviewer checks that the certificate says residential use",
        )
    if use is not PropertyUse.RESIDENTIAL:
        return fail(
            "H8",
            f"房屋性质为“{zh(use)}”，不是住宅，不能作为稳定住所（H8）",
            f"the property's use is {en(use)}, not residential: never accepted (H8)",
            "请改用住宅性质的住所",
            "use a residential property",
        )
    if tenure is Tenure.SHARED_OWNERSHIP:
        return ok(
            "H8",
            "共有产权住房，住宅性质，参照《北京市共有产权住房管理暂行办法》认可（H8）",
            "shared-ownership housing, residential: accepted under its own rules (H8)",
        )
    return ok("H8", "房屋性质为住宅（H8）", "the property is residential (H8)")


def evaluate_residence(
    r: Residence | None, applicant_name: str, on: date
) -> tuple[RuleResult, list[RuleResult]]:
    """P3 and the H1–H8 results under it."""
    if r is None:
        p3 = fail(
            "P3",
            "未提供在京合法稳定住所信息（P3）",
            "no lawful stable residence in Beijing was given (P3)",
            "请选择住所类型（七选一）并填写相应信息",
            "choose one of the seven kinds of residence and give its details",
        )
        h8 = na("H8", "未提供住所（H8）", "no residence given (H8)")
        return p3, [*_NOT_CHOSEN.values(), h8]
    kind = r.kind
    if kind is ResidenceKind.OWN_HOME:
        chosen = check_h1(r, on)
    elif kind is ResidenceKind.RESIDENCE_PERMIT:
        chosen = check_h2(r, on)
    elif kind is ResidenceKind.RENTED_HOME:
        chosen = check_h3(r, on)
    elif kind is ResidenceKind.ZONE_PUBLIC_RENTAL:
        chosen = check_h4(r, on)
    elif kind is ResidenceKind.RELATIVE_HOME:
        chosen = check_h5(r, applicant_name)
    elif kind is ResidenceKind.RURAL_HOMESTEAD:
        chosen = check_h6(r, on)
    else:
        chosen = check_h7(r, on)
    h8 = check_h8(r)
    results = [*_BEFORE[kind], chosen, *_AFTER[kind], h8]
    return check_p3(kind, chosen, h8), results


def check_p3(kind: ResidenceKind, chosen: RuleResult, h8: RuleResult) -> RuleResult:
    """P3 over the chosen residence (one of H1–H7) and H8."""
    rule = chosen.rule
    if h8.outcome is FAIL or chosen.outcome is FAIL:
        return fail(
            "P3",
            f"所选住所（{zh(kind)}）不符合要求（{rule}/H8），在京无合法稳定住所（P3）",
            f"the chosen residence ({en(kind)}) does not qualify ({rule}/H8) (P3)",
            "见下方住所各项说明",
            "see the residence rules below",
        )
    if h8.outcome is REVIEW or chosen.outcome is REVIEW:
        return review(
            "P3",
            f"所选住所（{zh(kind)}）需审核人员核实（{rule}/H8）（P3）",
            f"the chosen residence ({en(kind)}) needs a reviewer's check ({rule}/H8) (P3)",
            "见下方住所各项说明",
            "see the residence rules below",
        )
    return ok(
        "P3",
        f"在京合法稳定住所：{zh(kind)}（{rule}）（P3）",
        f"lawful stable residence in Beijing: {en(kind)} ({rule}) (P3)",
    )
