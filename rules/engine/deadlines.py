"""Time limits T1–T7: the date arithmetic, each with the check that cites it."""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from .dates import add_months, add_years
from .verdict import Problem, RuleResult, fail, ok
from .workdays import WorkingDayCalendar


class Business(StrEnum):
    NEW = "new"
    RENEWAL = "renewal"
    CHANGE = "change"  # employer, basic-info and dependants changes


PROMISED_WORKING_DAYS = {Business.NEW: 20, Business.RENEWAL: 20, Business.CHANGE: 10}
RENEWAL_CUTOFF_WORKING_DAYS = 20
RENEWAL_WINDOW_MONTHS = 2
DISSOCIATION_DAYS = 5
CONTRACT_MIN_REMAINING_MONTHS = 1
TAX_CERTIFICATE_MONTHS = 3
DEFAULT_VALIDITY_YEARS = 3


# --- T1 ---------------------------------------------------------------------------------
def promised_completion(submitted: date, business: Business, cal: WorkingDayCalendar) -> date:
    """Rule T1: new and renewal 20 working days, changes 10, counted from the day after."""
    return cal.add_working_days(submitted, PROMISED_WORKING_DAYS[business])


def check_t1(
    business: Business, submitted: date, completed: date, cal: WorkingDayCalendar
) -> RuleResult:
    due = promised_completion(submitted, business, cal)
    n = PROMISED_WORKING_DAYS[business]
    used = cal.working_days_between(submitted, completed)
    figures = {"submitted": submitted, "due": due, "working_days_used": used}
    if completed <= due:
        return ok(
            "T1",
            f"{submitted} 提交，{completed} 办结，用时 {used} 个工作日，在承诺时限 {n} 个工作日"
            f"（{due}）内（T1）",
            f"submitted {submitted}, completed {completed}: {used} working days, within the "
            f"promised {n} working days (due {due}) (T1)",
            figures=figures,
        )
    return fail(
        "T1",
        f"{submitted} 提交，{completed} 办结，用时 {used} 个工作日，超过承诺时限 {n} 个工作日"
        f"（应于 {due} 前办结）（T1）",
        f"submitted {submitted}, completed {completed}: {used} working days, beyond the "
        f"promised {n} working days (due {due}) (T1)",
        figures=figures,
    )


# --- T2 / T3 ----------------------------------------------------------------------------
def renewal_opens(expires_on: date) -> date:
    """Rule T2: the renewal window opens two calendar months before expiry (no calendar
    needed, so it is known even when the last day is not)."""
    return add_months(expires_on, -RENEWAL_WINDOW_MONTHS)


def renewal_window(expires_on: date, cal: WorkingDayCalendar) -> tuple[date, date]:
    """Rule T2: the window opens two calendar months before expiry; the last day to submit is
    the 20th working day before the expiry date."""
    opens = renewal_opens(expires_on)
    closes = cal.working_day_before(expires_on, RENEWAL_CUTOFF_WORKING_DAYS)
    return opens, closes


def check_t2(submitted: date, expires_on: date, cal: WorkingDayCalendar) -> RuleResult:
    opens, closes = renewal_window(expires_on, cal)
    figures = {"window_opens": opens, "last_submission_day": closes, "expires_on": expires_on}
    if submitted < opens:
        return fail(
            "T2",
            f"续签窗口尚未开启：证件 {expires_on} 到期，{opens} 起（到期前两个月）方可提交（T2）",
            f"the renewal window has not opened: the permit expires on {expires_on}; submit "
            f"from {opens} (two months before expiry) (T2)",
            f"请在 {opens} 至 {closes} 之间提交续签申请",
            f"submit the renewal between {opens} and {closes}",
            figures=figures,
        )
    if submitted > closes:
        return fail(
            "T2",
            f"已过续签提交截止日 {closes}（证件 {expires_on} 到期前 20 个工作日）（T2）",
            f"past the last submission day {closes} (20 working days before expiry on "
            f"{expires_on}) (T2)",
            "证件到期后将自动失效，届时须重新办理新办",
            "the permit lapses at expiry; the holder must then apply anew",
            figures=figures,
        )
    return ok(
        "T2",
        f"在续签窗口内：{opens} 至 {closes}（证件 {expires_on} 到期）（T2）",
        f"within the renewal window {opens} to {closes} (permit expires {expires_on}) (T2)",
        figures=figures,
    )


def check_t2_employer_change(
    submitted: date, expires_on: date, cal: WorkingDayCalendar
) -> RuleResult:
    """Rule T2, second half: an employer change with under two months of validity left has
    the renewal's 20-working-day cut-off."""
    opens, closes = renewal_window(expires_on, cal)
    if submitted < opens:
        return ok(
            "T2",
            f"证件有效期剩余两个月以上（{expires_on} 到期），聘用单位变更不受提前截止限制（T2）",
            f"over two months of validity left (expires {expires_on}): no early cut-off for "
            "the employer change (T2)",
        )
    if submitted <= closes:
        return ok(
            "T2",
            f"证件有效期不足两个月，已在截止日 {closes}（到期前 20 个工作日）前提交（T2）",
            f"under two months of validity left; submitted by the cut-off {closes} (20 working "
            "days before expiry) (T2)",
        )
    return fail(
        "T2",
        f"证件有效期不足两个月，聘用单位变更须在 {closes}（到期前 20 个工作日）前提交（T2）",
        f"under two months of validity left: the employer change had to be submitted by "
        f"{closes} (20 working days before expiry) (T2)",
    )


def is_lapsed(expires_on: date, on: date) -> bool:
    """Rule T3: a permit is valid through its expiry date and lapses on the day after."""
    return on > expires_on


def check_t3(expires_on: date, on: date) -> RuleResult:
    if is_lapsed(expires_on, on):
        return fail(
            "T3",
            f"证件已于 {expires_on} 到期并自动失效，无法恢复（T3）",
            f"the permit expired on {expires_on} and has lapsed; it cannot be restored (T3)",
            "须重新办理新办申请",
            "apply for a new permit",
        )
    return ok(
        "T3",
        f"证件有效期至 {expires_on}，尚未失效（T3）",
        f"the permit is valid until {expires_on} (T3)",
    )


# --- T4 ---------------------------------------------------------------------------------
def dissociation_due(departure: date) -> date:
    """Rule T4 (reading: calendar days): due within 5 days of the departure date."""
    return departure + timedelta(days=DISSOCIATION_DAYS)


def dissociation_overdue_if_left_before(on: date) -> date:
    """Rule T4: on ``on``, the release of a holder who left before this date is overdue
    (``dissociation_due(departure) < on``); the inverse the deadline scans query by."""
    return on - timedelta(days=DISSOCIATION_DAYS)


def check_t4(departure: date, *, dissociated_on: date | None, today: date) -> RuleResult:
    due = dissociation_due(departure)
    if dissociated_on is not None and dissociated_on <= due:
        return ok(
            "T4",
            f"{departure} 离职，{dissociated_on} 解除关联，在 {due} 期限内（T4）",
            f"left on {departure}, dissociated on {dissociated_on}, by the due date {due} (T4)",
        )
    if dissociated_on is None and today <= due:
        return ok(
            "T4",
            f"{departure} 离职，原单位应于 {due} 前解除关联（T4）",
            f"left on {departure}: the former unit must dissociate by {due} (T4)",
        )
    done = dissociated_on or today
    return fail(
        "T4",
        f"{departure} 离职，应于 {due} 前解除关联，至 {done} 已逾期（T4）",
        f"left on {departure}: dissociation was due by {due}; overdue on {done} (T4)",
        "原聘用单位须立即在系统中解除关联",
        "the former unit must dissociate the holder now",
    )


# --- T5 ---------------------------------------------------------------------------------
def contract_must_end_after(on: date) -> date:
    """Rule T5: on ``on``, a contract must end after this day (the same day of the next
    month); one ending on it or before blocks submission."""
    return add_months(on, CONTRACT_MIN_REMAINING_MONTHS)


def contract_long_enough(end_date: date | None, on: date) -> bool:
    """Rule T5: the remaining term must be more than one month: the end date falls after the
    same day of the next month. An open-ended contract (no end date) always qualifies."""
    return end_date is None or end_date > contract_must_end_after(on)


def check_t5(end_date: date | None, on: date) -> RuleResult:
    if end_date is None:
        return ok("T5", "劳动合同为无固定期限（T5）", "the labour contract is open-ended (T5)")
    limit = contract_must_end_after(on)
    if end_date > limit:
        return ok(
            "T5",
            f"劳动合同 {end_date} 到期，剩余有效期大于 1 个月（T5）",
            f"the labour contract ends on {end_date}: more than one month remains (T5)",
            figures={"end_date": end_date, "must_end_after": limit},
        )
    zh = f"劳动合同 {end_date} 到期，剩余有效期不足 1 个月（须晚于 {limit}）"
    en = (
        f"the labour contract ends on {end_date}: one month or less remains "
        f"(it must end after {limit})"
    )
    result = fail(
        "T5",
        f"{zh}（T5）",
        f"{en} (T5)",
        "请先续签劳动合同，再上传完整的续签合同",
        "renew the labour contract first, then upload the complete renewed contract",
        figures={"end_date": end_date, "must_end_after": limit},
    )
    result.paths = ("contract.end_date",)
    result.problems = (Problem("contract.end_date", zh, en),)
    return result


# --- T6 ---------------------------------------------------------------------------------
def tax_certificate_earliest(on: date) -> date:
    """Rule T6: on ``on``, the earliest date a unit's tax certificate may bear (inclusive)."""
    return add_months(on, -TAX_CERTIFICATE_MONTHS)


def check_t6(certificate_date: date | None, on: date) -> RuleResult:
    """Rule T6: the unit's tax certificate is dated within the last 3 months (inclusive)."""
    earliest = tax_certificate_earliest(on)
    if certificate_date is None:
        return fail(
            "T6",
            "未提供单位完税证明（或涉税信息查询结果告知书）的填发日期（T6）",
            "no date of the unit's tax certificate was given (T6)",
            f"请上传填发日期在 {earliest} 之后的单位版《税收完税证明》",
            f"upload a unit tax certificate dated {earliest} or later",
        )
    if certificate_date > on:
        return fail(
            "T6",
            f"完税证明日期 {certificate_date} 晚于申请日 {on}（T6）",
            f"the tax certificate date {certificate_date} is after the application date {on} (T6)",
            "请核对完税证明的填发日期",
            "check the certificate's date",
        )
    if certificate_date < earliest:
        return fail(
            "T6",
            f"完税证明日期 {certificate_date} 已超过 3 个月（须在 {earliest} 之后）（T6）",
            f"the tax certificate of {certificate_date} is older than 3 months (must be dated "
            f"{earliest} or later) (T6)",
            "请重新开具完税证明后上传",
            "obtain and upload a new tax certificate",
        )
    return ok(
        "T6",
        f"完税证明日期 {certificate_date}，在 3 个月内（T6）",
        f"the tax certificate of {certificate_date} is within 3 months (T6)",
    )


# --- T7 ---------------------------------------------------------------------------------
def permit_expiry(issued_on: date, years: int = DEFAULT_VALIDITY_YEARS) -> date:
    """Rule T7 (reading): valid for ``years`` years, through the day before the anniversary."""
    return add_years(issued_on, years) - timedelta(days=1)


def renewed_expiry(expires_on: date, years: int = DEFAULT_VALIDITY_YEARS) -> date:
    """Rules PR4 and T7 (reading): an approved renewal extends the same permit by ``years``
    from the day after its current expiry, so no day is lost or counted twice."""
    return permit_expiry(expires_on + timedelta(days=1), years)


def check_t7(issued_on: date, expires_on: date, years: int = DEFAULT_VALIDITY_YEARS) -> RuleResult:
    expected = permit_expiry(issued_on, years)
    if expires_on == expected:
        return ok(
            "T7",
            f"证件 {issued_on} 签发，有效期 {years} 年，至 {expires_on}（T7）",
            f"issued {issued_on}, valid {years} years, until {expires_on} (T7)",
        )
    return fail(
        "T7",
        f"证件到期日 {expires_on} 与签发日 {issued_on} 按 {years} 年有效期推算的 {expected} "
        "不符（T7）",
        f"the expiry date {expires_on} does not match {expected}, the end of a {years}-year "
        f"validity from issue on {issued_on} (T7)",
        "请核对证件签发日期与到期日期",
        "check the permit's issue and expiry dates",
    )
