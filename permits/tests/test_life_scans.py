"""The deadline scans of the permit's life (docs/notices.md): T2 the renewal window opens and
the reminders 20, 10, 5 and 1 working days before the last submission day, T3 the lapse at
expiry with its notices in the same transaction, T4 a leaver not released within 5 days.
Each: due and not due on the day before, of and after; who is told, with which link; a
second run creates nothing. The permit expires on 2026-10-31: the window opens on
2026-08-31 and the last day is 2026-09-29 (life_helpers)."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from notices.constants import NoticeKind
from notices.models import Notice
from notices.scans import registry, scan_run
from notices.services import deliveries_send
from notices.texts import notice_texts_in
from permits import life, scans
from permits.constants import AssociationState, PermitCaseState, PermitStatus
from permits.models import LabourContract, Permit, PermitCase
from portal.constants import Process
from portal.models import User
from reviews.models import AuditEvent
from rules.engine.deadlines import dissociation_due
from rules.tables import load_calendar

from .conftest import scan
from .life_helpers import EXPIRES, LAST_DAY, expire_on, issued_permit

OPENS = date(2026, 8, 31)
STEPS = ("20wd", "10wd", "5wd", "1wd")


@pytest.fixture
def permit(with_zone, reviewer):
    """An issued permit; its holder and the unit's staff have e-mail addresses."""
    permit = expire_on(issued_permit(with_zone, reviewer))
    for user in [permit.holder.user, *permit.unit.staff.all()]:
        User.objects.filter(pk=user.pk).update(email=f"{user.username}@people.test")
    permit.holder.user.refresh_from_db()
    return permit


def run(name: str, today: date, **kwargs):
    return scan_run(registry()[name], today=today, **kwargs)


def about(obj, kind):
    return Notice.objects.filter(subject=f"{obj._meta.label_lower}:{obj.pk}", kind=kind)


def told(permit) -> set[int]:
    """Whom the permit's notices are for: the holder and the unit's staff."""
    return {permit.holder.user_id, *permit.unit.staff.values_list("pk", flat=True)}


def working_day_before(day: date, n: int) -> date:
    return load_calendar().working_day_before(day, n)


def submitted_renewal(permit) -> PermitCase:
    return PermitCase.objects.create(
        kind=Process.PR4,
        permit=permit,
        applicant=permit.holder,
        unit=permit.unit,
        association=permit.holder.associations.get(unit=permit.unit),
        state=PermitCaseState.WITH_ZONE,
        received_at=timezone.now(),
    )


# --- T1: a renewal (PR4) or an employer change (PR5) with the zone past its promised date --
def test_t1_an_overdue_renewal_tells_the_reviewers_once_with_a_link_to_its_page(permit, reviewer):
    case = submitted_renewal(permit)
    PermitCase.objects.filter(pk=case.pk).update(due_on=date(2026, 9, 1))
    assert run("t1_permit_cases_overdue", date(2026, 9, 1)).found == 0  # the day itself
    result = run("t1_permit_cases_overdue", date(2026, 9, 2))
    assert (result.found, result.created) == (1, 1)
    notice = about(case, NoticeKind.REVIEW_OVERDUE).get()
    assert notice.recipient == reviewer
    assert notice.deadline == date(2026, 9, 1)
    assert notice.url == reverse("reviews:permit_case", args=[case.pk])
    assert notice.params["process"] == "PR4"
    assert notice.params["name"] == f"{permit.holder.name}（{permit.unit.name}）"
    assert run("t1_permit_cases_overdue", date(2026, 9, 3)).created == 0


def test_t1_a_renewal_back_with_the_unit_is_not_overdue(permit):
    case = submitted_renewal(permit)
    PermitCase.objects.filter(pk=case.pk).update(
        due_on=date(2026, 9, 1), state=PermitCaseState.RETURNED_TO_UNIT
    )
    assert run("t1_permit_cases_overdue", date(2026, 9, 10)).found == 0


# --- T2: the window opens ---------------------------------------------------------------
def test_t2_window_opens_on_its_day_and_is_told_once(permit):
    assert permit.renewal_opens_on == OPENS
    assert run("t2_renewal_window_open", OPENS - timedelta(days=1)).found == 0

    result = run("t2_renewal_window_open", OPENS)

    notices = about(permit, NoticeKind.RENEWAL_WINDOW_OPEN)
    assert (result.found, result.created) == (1, len(told(permit)))
    assert {n.recipient_id for n in notices} == told(permit)
    assert {(n.deadline, n.step) for n in notices} == {(EXPIRES, "open")}
    for day in (OPENS, OPENS + timedelta(days=1), LAST_DAY):
        assert run("t2_renewal_window_open", day).created == 0
    assert notices.count() == len(told(permit))


def test_t2_window_links_the_holder_to_the_permit_and_the_unit_to_the_record(permit):
    run("t2_renewal_window_open", OPENS)
    notices = about(permit, NoticeKind.RENEWAL_WINDOW_OPEN)
    association = permit.holder.associations.get(unit=permit.unit)
    holder = notices.get(recipient=permit.holder.user)
    assert holder.url == f"{reverse('applicants:home')}#permit-life-{permit.pk}"
    staff = notices.exclude(recipient=permit.holder.user).get()
    assert staff.url == reverse("permits:employee", args=[association.pk])
    assert holder.params["number"] == permit.number
    assert holder.params["last_day"] == LAST_DAY.isoformat()


def test_t2_with_a_renewal_being_prepared_the_links_lead_to_the_case(permit):
    case = life.renewal_open(
        association=permit.holder.associations.get(), by=permit.unit.staff.first(), today=OPENS
    )
    run("t2_renewal_window_open", OPENS)
    notices = about(permit, NoticeKind.RENEWAL_WINDOW_OPEN)
    assert notices.get(recipient=permit.holder.user).url == reverse(
        "permits:my_permit_case", args=[case.pk]
    )
    assert notices.exclude(recipient=permit.holder.user).get().url == reverse(
        "permits:unit_permit_case", args=[case.pk]
    )


def test_t2_a_window_the_scan_first_sees_after_the_last_day_is_not_told(permit):
    assert run("t2_renewal_window_open", LAST_DAY + timedelta(days=1)).found == 0
    assert run("t2_renewal_window_open", LAST_DAY).found == 1


@pytest.mark.parametrize("status", [PermitStatus.LAPSED, PermitStatus.CANCELLED])
def test_t2_window_not_told_for_a_permit_no_longer_valid(permit, status):
    Permit.objects.filter(pk=permit.pk).update(status=status)
    assert run("t2_renewal_window_open", OPENS).found == 0


def test_t2_window_not_told_once_the_renewal_is_submitted(permit):
    submitted_renewal(permit)
    assert run("t2_renewal_window_open", OPENS).found == 0


def test_t2_a_renewed_permit_is_told_again_when_its_next_window_opens(permit):
    run("t2_renewal_window_open", OPENS)
    renewed = expire_on(permit, date(2029, 10, 31))  # as an approved renewal leaves it (T7)
    assert run("t2_renewal_window_open", OPENS + timedelta(days=5)).found == 0
    assert run("t2_renewal_window_open", renewed.renewal_opens_on).created == len(told(permit))
    deadlines = set(about(permit, NoticeKind.RENEWAL_WINDOW_OPEN).values_list("deadline", flat=1))
    assert deadlines == {EXPIRES, date(2029, 10, 31)}


def test_t2_window_told_while_the_last_day_is_unknown_and_says_so(permit, mailoutbox):
    permit = expire_on(permit, date(2027, 2, 20))  # 2027's calendar is not imported here
    assert permit.renewal_last_day is None
    result = run("t2_renewal_window_open", permit.renewal_opens_on)
    assert result.created == len(told(permit))
    deliveries_send()
    mail = next(m for m in mailoutbox if m.to == [permit.holder.user.email])
    assert "续签提交截止日暂无法确定" in mail.body
    assert "2027-02-20" in mail.subject


def test_t2_window_e_mail_to_the_holder_in_chinese(permit, mailoutbox):
    run("t2_renewal_window_open", OPENS)
    deliveries_send()
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        u.email for u in [permit.holder.user, *permit.unit.staff.all()]
    )
    mail = next(m for m in mailoutbox if m.to == [permit.holder.user.email])
    assert mail.subject == f"工作居住证 {permit.number} 现可办理续签（2026-10-31 到期）"
    assert "续签提交截止日为 2026-09-29" in mail.body
    assert f"#permit-life-{permit.pk}" in mail.body


# --- T2: reminders ------------------------------------------------------------------------
def steps_told(permit) -> list[str]:
    notices = about(permit, NoticeKind.RENEWAL_REMINDER).filter(recipient=permit.holder.user)
    return sorted(notices.values_list("step", flat=True), key=STEPS.index)


@pytest.mark.parametrize("n", [20, 10, 5, 1])
def test_t2_each_reminder_step_falls_due_on_its_working_day(permit, n):
    step_day = working_day_before(LAST_DAY, n)
    earlier = list(STEPS[: STEPS.index(f"{n}wd")])
    # The working day before: n + 1 working days are left, this step is not due yet.
    run("t2_renewal_reminders", working_day_before(step_day, 1))
    assert steps_told(permit) == earlier
    run("t2_renewal_reminders", step_day)
    assert steps_told(permit) == [*earlier, f"{n}wd"]
    notices = about(permit, NoticeKind.RENEWAL_REMINDER).filter(step=f"{n}wd")
    assert {x.recipient_id for x in notices} == told(permit)
    assert {x.deadline for x in notices} == {LAST_DAY}
    assert {x.params["left"] for x in notices} == {n}
    assert run("t2_renewal_reminders", step_day + timedelta(days=1)).created == 0


def test_t2_no_reminder_21_working_days_before_the_last_day(permit):
    assert run("t2_renewal_reminders", working_day_before(LAST_DAY, 21)).created == 0
    assert run("t2_renewal_reminders", working_day_before(LAST_DAY, 20)).created > 0


def test_t2_a_scan_that_missed_days_sends_each_past_step_once(permit):
    result = run("t2_renewal_reminders", working_day_before(LAST_DAY, 4))
    assert steps_told(permit) == ["20wd", "10wd", "5wd"]
    assert result.created == 3 * len(told(permit))
    assert run("t2_renewal_reminders", working_day_before(LAST_DAY, 3)).created == 0
    run("t2_renewal_reminders", LAST_DAY)
    assert steps_told(permit) == list(STEPS)
    assert run("t2_renewal_reminders", LAST_DAY).created == 0


def test_t2_no_reminder_after_the_last_day(permit):
    assert run("t2_renewal_reminders", LAST_DAY + timedelta(days=1)).found == 0


def test_t2_no_reminder_once_the_renewal_is_submitted(permit):
    submitted_renewal(permit)
    assert run("t2_renewal_reminders", LAST_DAY).found == 0


def test_t2_a_returned_renewal_is_reminded_again(permit):
    case = submitted_renewal(permit)
    PermitCase.objects.filter(pk=case.pk).update(state=PermitCaseState.RETURNED_TO_UNIT)
    assert run("t2_renewal_reminders", LAST_DAY).found == 1


@pytest.mark.parametrize("status", [PermitStatus.LAPSED, PermitStatus.CANCELLED])
def test_t2_no_reminder_for_a_permit_no_longer_valid(permit, status):
    Permit.objects.filter(pk=permit.pk).update(status=status)
    assert run("t2_renewal_reminders", LAST_DAY).found == 0


def test_t2_no_reminder_while_the_last_day_is_unknown(permit):
    permit = expire_on(permit, date(2027, 2, 20))
    assert permit.renewal_last_day is None
    for day in (date(2026, 12, 21), date(2026, 12, 31)):
        assert run("t2_renewal_reminders", day).created == 0


def test_t2_reminders_wait_for_a_calendar_that_covers_the_days_left(permit):
    """The scan never guesses: a last day it cannot count working days to is skipped."""
    Permit.objects.filter(pk=permit.pk).update(
        expires_on=date(2027, 1, 31), renewal_last_day=date(2027, 1, 5)
    )
    result = run("t2_renewal_reminders", date(2026, 12, 28))
    assert (result.found, result.created) == (1, 0)
    assert Notice.objects.filter(kind=NoticeKind.RENEWAL_REMINDER).count() == 0


def test_t2_reminder_texts_in_both_languages(permit):
    run("t2_renewal_reminders", LAST_DAY)
    notice = about(permit, NoticeKind.RENEWAL_REMINDER).filter(step="1wd").first()
    zh_subject, zh_body = notice_texts_in(notice, "zh-hans")
    en_subject, en_body = notice_texts_in(notice, "en")
    assert zh_subject == f"工作居住证 {permit.number} 续签：提交截止日为 2026-09-29"
    assert "今天之后还剩 0 个工作日" in zh_body
    assert en_subject == f"Renewal of permit {permit.number}: the last day to submit is 2026-09-29"
    assert "0 working day(s) left" in en_body


# --- T3: lapse --------------------------------------------------------------------------
def test_t3_the_expiry_day_is_still_valid(permit):
    assert run("t3_permit_lapse", EXPIRES).found == 0
    assert Notice.objects.filter(kind=NoticeKind.PERMIT_LAPSED).count() == 0


def test_t3_the_day_after_expiry_lapses_and_tells_holder_and_unit_once(permit, mailoutbox):
    day_after = EXPIRES + timedelta(days=1)
    result = run("t3_permit_lapse", day_after)
    permit.refresh_from_db()
    assert permit.status == PermitStatus.LAPSED
    notices = about(permit, NoticeKind.PERMIT_LAPSED)
    assert (result.found, result.created) == (1, len(told(permit)))
    assert {n.recipient_id for n in notices} == told(permit)
    assert {n.deadline for n in notices} == {EXPIRES}
    assert run("t3_permit_lapse", day_after).found == 0
    assert run("t3_permit_lapse", day_after + timedelta(days=3)).found == 0
    assert notices.count() == len(told(permit))
    assert AuditEvent.objects.for_case(permit).filter(transition="lapse").count() == 1
    deliveries_send()
    mail = next(m for m in mailoutbox if m.to == [permit.holder.user.email])
    assert mail.subject == f"工作居住证 {permit.number} 已于 2026-10-31 到期失效"
    assert "无法恢复" in mail.body


def test_t3_a_batch_killed_before_its_notices_leaves_the_permit_valid(permit, monkeypatch):
    """The lapse and its notices are one transaction: killed between them, neither stays,
    and the next run lapses and tells once."""
    day_after = EXPIRES + timedelta(days=1)

    def dies(*args, **kwargs):
        raise SystemExit("worker killed")

    monkeypatch.setattr(scans, "_permit_notices", dies)
    with pytest.raises(SystemExit):
        run("t3_permit_lapse", day_after)
    permit.refresh_from_db()
    assert permit.status == PermitStatus.VALID
    assert not AuditEvent.objects.for_case(permit).filter(transition="lapse").exists()
    monkeypatch.undo()
    assert run("t3_permit_lapse", day_after).created == len(told(permit))
    permit.refresh_from_db()
    assert permit.status == PermitStatus.LAPSED


def test_t3_a_renewed_permit_does_not_lapse(permit):
    expire_on(permit, date(2029, 10, 31))
    assert run("t3_permit_lapse", EXPIRES + timedelta(days=1)).found == 0


def test_t3_the_lapse_command_tells_too(permit):
    Permit.objects.filter(pk=permit.pk).update(expires_on=timezone.localdate() - timedelta(1))
    call_command("lapse_permits")
    call_command("lapse_permits")
    assert about(permit, NoticeKind.PERMIT_LAPSED).count() == len(told(permit))


def test_t3_lapse_notice_texts_in_english(permit):
    run("t3_permit_lapse", EXPIRES + timedelta(days=1))
    notice = about(permit, NoticeKind.PERMIT_LAPSED).first()
    subject, body = notice_texts_in(notice, "en")
    assert subject == f"Permit {permit.number} expired on 2026-10-31 and has lapsed"
    assert "cannot be restored" in body


# --- T4: a leaver not released ------------------------------------------------------------
def ended(permit, days_ago: int, today: date) -> LabourContract:
    contract = permit.holder.associations.get(unit=permit.unit).current_contract
    LabourContract.objects.filter(pk=contract.pk).update(end_date=today - timedelta(days=days_ago))
    contract.refresh_from_db()
    return contract


TODAY = date(2026, 6, 15)


@pytest.mark.parametrize(("days_ago", "due"), [(4, False), (5, False), (6, True), (30, True)])
def test_t4_release_overdue_from_the_sixth_day_after_departure(permit, days_ago, due):
    ended(permit, days_ago, TODAY)
    assert run("t4_leaver_not_released", TODAY).found == int(due)


def test_t4_the_former_units_staff_are_told_once(permit, mailoutbox):
    contract = ended(permit, 6, TODAY)
    association = contract.association
    result = run("t4_leaver_not_released", TODAY)
    notices = about(association, NoticeKind.LEAVER_NOT_RELEASED)
    staff = set(permit.unit.staff.values_list("pk", flat=True))
    assert result.created == len(staff)
    assert {n.recipient_id for n in notices} == staff  # the holder is not told
    assert {n.deadline for n in notices} == {dissociation_due(contract.end_date)}
    assert {n.url for n in notices} == {reverse("permits:employee", args=[association.pk])}
    assert run("t4_leaver_not_released", TODAY + timedelta(days=1)).created == 0
    deliveries_send()
    (mail,) = mailoutbox
    assert mail.subject == f"{permit.holder.name} 的解除关联应于 2026-06-14 前完成"
    assert "2026-06-09" in mail.body


def test_t4_a_released_holder_is_not_told(permit):
    contract = ended(permit, 10, TODAY)
    life.association_release(
        association=contract.association,
        by=permit.unit.staff.first(),
        name=permit.holder.name,
        id_number=permit.holder.id_number,
        left_on=contract.end_date,
        resignation_file=scan("resignation.png"),
        today=TODAY,
    )
    assert contract.association.__class__.objects.get(pk=contract.association_id).state == (
        AssociationState.DISSOCIATED
    )
    assert run("t4_leaver_not_released", TODAY).found == 0


def test_t4_a_renewed_contract_is_no_departure(permit):
    contract = ended(permit, 10, TODAY)
    LabourContract.objects.create(
        association=contract.association,
        party_a=permit.unit.name,
        start_date=contract.end_date + timedelta(days=1),
        end_date=TODAY + timedelta(days=700),
        position="工程师",
        created_by=permit.unit.staff.first(),
    )
    assert run("t4_leaver_not_released", TODAY).found == 0
