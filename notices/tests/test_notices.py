"""The unique key, e-mail in the recipient's language, delivery recorded once."""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from notices import services
from notices.channels import CHANNELS, EmailChannel
from notices.constants import MAX_DELIVERY_ATTEMPTS, Channel, DeliveryStatus, NoticeKind
from notices.models import Delivery, Notice
from notices.services import NoticeDraft, deliveries_send, notices_create, preference_set
from notices.texts import notice_texts_in
from portal.constants import Role

from . import builders

pytestmark = pytest.mark.django_db

DEADLINE = date(2026, 7, 1)


def draft(user, **overrides) -> NoticeDraft:
    fields = {
        "recipient_id": user.pk,
        "kind": NoticeKind.QUOTA_EXPIRING,
        "subject": "units.quota:1",
        "deadline": DEADLINE,
        "step": "30d",
        "url": "/unit/",
        "params": {"unit": "北京亦庄示例科技有限公司", "remaining": 2, "granted": 5},
    }
    return NoticeDraft(**{**fields, **overrides})


def test_the_unique_key_makes_a_notice_once(make_user):
    user = make_user(Role.UNIT_STAFF, unit=builders.unit_with_staff(), email="hr@unit.test")
    assert notices_create(drafts=[draft(user), draft(user)]) == 1
    assert notices_create(drafts=[draft(user, params={"changed": True})]) == 0
    assert Notice.objects.count() == 1
    assert Delivery.objects.count() == 1


def test_the_database_refuses_a_second_notice_with_the_same_key(make_user):
    user = make_user(Role.REVIEWER)
    fields = {"recipient": user, "kind": "quota_expiring", "subject": "units.quota:1"}
    Notice.objects.create(**fields, deadline=DEADLINE, step="30d")
    with pytest.raises(IntegrityError), transaction.atomic():
        Notice.objects.create(**fields, deadline=DEADLINE, step="30d")


@pytest.mark.parametrize(
    "change",
    [
        {"kind": NoticeKind.REVIEW_OVERDUE},
        {"subject": "units.quota:2"},
        {"deadline": DEADLINE + timedelta(days=1)},
        {"step": "10d"},
    ],
    ids=["what", "which object", "which deadline", "which step"],
)
def test_each_part_of_the_key_makes_a_different_notice(make_user, change):
    user = make_user(Role.REVIEWER)
    notices_create(drafts=[draft(user)])
    assert notices_create(drafts=[draft(user, **change)]) == 1


def test_each_recipient_has_their_own_notice(make_user):
    a, b = make_user(Role.REVIEWER), make_user(Role.REVIEWER)
    assert notices_create(drafts=[draft(a), draft(b)]) == 2


def test_no_email_delivery_without_an_address(make_user):
    user = make_user(Role.REVIEWER, email="")
    notices_create(drafts=[draft(user)])
    assert Notice.objects.count() == 1
    assert not Delivery.objects.exists()


def test_email_is_in_chinese_by_default(make_user, mailoutbox, settings):
    settings.SITE_URL = "https://permits.example.gov.cn"
    user = make_user(Role.UNIT_STAFF, unit=builders.unit_with_staff(), email="hr@unit.test")
    notices_create(drafts=[draft(user)])
    assert deliveries_send() == 1
    (mail,) = mailoutbox
    assert mail.to == ["hr@unit.test"]
    assert mail.subject == "北京亦庄示例科技有限公司 的新办指标将于 2026-07-01 到期"
    assert "共 5 个，剩余 2 个" in mail.body
    assert "https://permits.example.gov.cn/unit/" in mail.body
    assert mail.extra_headers["X-Notice-Id"] == str(Notice.objects.get().pk)


def test_email_is_in_the_recipients_language(make_user, mailoutbox):
    english = make_user(Role.REVIEWER, email="en@zone.test")
    chinese = make_user(Role.REVIEWER, email="zh@zone.test")
    preference_set(user=english, language="en")
    notices_create(drafts=[draft(english), draft(chinese)])
    deliveries_send()
    subjects = {mail.to[0]: mail.subject for mail in mailoutbox}
    assert subjects["en@zone.test"] == (
        "New-permit quota of 北京亦庄示例科技有限公司 expires on 2026-07-01"
    )
    assert subjects["zh@zone.test"].endswith("的新办指标将于 2026-07-01 到期")
    # Sending in one language leaves the active language as it was.
    assert Notice.objects.get(recipient=english).params["remaining"] == 2


@pytest.mark.parametrize("kind", NoticeKind.values)
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_kind_has_its_texts_in_both_languages(make_user, kind, language):
    notice = Notice(
        recipient=make_user(Role.REVIEWER),
        kind=kind,
        subject="x:1",
        deadline=DEADLINE,
        url="/x/",
        params={"process": "PR1", "name": "某", "unit": "某", "holder": "某", "remaining": 1,
                "granted": 2, "received_on": "2026-06-01", "number": "JKGJ-2023-000001",
                "expires_on": "2026-08-01", "last_day": "2026-06-30", "left": 3,
                "left_on": "2026-06-20"},
    )  # fmt: skip
    subject, body = notice_texts_in(notice, language)
    assert "2026-07-01" in subject + body
    assert "\n" not in subject
    is_chinese = any("\u4e00" <= ch <= "\u9fff" for ch in subject.replace("某", ""))
    assert is_chinese == (language == "zh-hans")


def test_a_delivery_recorded_as_sent_is_never_sent_again(make_user, mailoutbox):
    notices_create(drafts=[draft(make_user(Role.REVIEWER, email="r@zone.test"))])
    deliveries_send()
    deliveries_send()
    assert len(mailoutbox) == 1
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.SENT
    assert delivery.sent_at is not None
    assert delivery.attempts == 1


def test_a_delivery_claimed_by_another_worker_waits_for_its_lease(make_user, mailoutbox):
    notices_create(drafts=[draft(make_user(Role.REVIEWER, email="r@zone.test"))])
    Delivery.objects.update(claimed_until=timezone.now() + timedelta(minutes=5))
    assert deliveries_send() == 0
    Delivery.objects.update(claimed_until=timezone.now() - timedelta(seconds=1))
    assert deliveries_send() == 1  # the worker that claimed it died: sent after the lease
    assert len(mailoutbox) == 1


class _Broken(EmailChannel):
    def send(self, notice, *, address, language):
        raise OSError("SMTP server unreachable")


def test_a_failed_delivery_is_retried_then_given_up(make_user, mailoutbox, monkeypatch):
    monkeypatch.setitem(CHANNELS, Channel.EMAIL, _Broken())
    notices_create(drafts=[draft(make_user(Role.REVIEWER, email="r@zone.test"))])
    for attempt in range(1, MAX_DELIVERY_ATTEMPTS + 1):
        Delivery.objects.update(claimed_until=None)  # the lease has run out
        deliveries_send()
        delivery = Delivery.objects.get()
        assert delivery.attempts == attempt
        assert "unreachable" in delivery.last_error
    assert delivery.status == DeliveryStatus.FAILED
    Delivery.objects.update(claimed_until=None)
    assert deliveries_send() == 0


def test_marking_read(make_user):
    user = make_user(Role.REVIEWER)
    notices_create(drafts=[draft(user), draft(user, step="10d")])
    first = Notice.objects.first()
    services.notice_mark_read(notice=first)
    assert Notice.objects.unread().count() == 1
    assert services.notices_mark_all_read(user=user) == 1
    assert not Notice.objects.unread().exists()
