"""The inbox: every role has one, it shows only one's own notices (another's is a 404), it
marks them read and links to their object; the header counts the unread ones."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notices.constants import NoticeKind
from notices.models import Notice, Preference
from portal.constants import Role

pytestmark = pytest.mark.django_db


def notice_for(user, n: int = 1, **fields) -> Notice:
    defaults = {
        "kind": NoticeKind.QUOTA_EXPIRING,
        "subject": f"units.quota:{n}",
        "deadline": date(2026, 7, 1),
        "step": "30d",
        "url": "/unit/",
        "params": {"unit": f"示例单位{n}", "remaining": 1, "granted": 2},
    }
    return Notice.objects.create(recipient=user, **{**defaults, **fields})


@pytest.mark.parametrize("role", list(Role))
def test_every_role_has_an_inbox_with_its_own_notices(client, users, role):
    user = users[role]
    notice_for(user, 1)
    other = next(u for r, u in users.items() if r != role)
    notice_for(other, 2)
    client.force_login(user)
    response = client.get(reverse("notices:inbox"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "示例单位1 的新办指标将于 2026-07-01 到期" in page
    assert "示例单位2" not in page
    assert "1 条未读" in page


def test_the_inbox_needs_sign_in(client):
    response = client.get(reverse("notices:inbox"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("portal:login"))


def test_the_inbox_is_in_the_readers_language(client, users):
    user = users[Role.REVIEWER]
    notice_for(user)
    client.force_login(user)
    response = client.get(reverse("notices:inbox"), headers={"accept-language": "en"})
    assert "New-permit quota of 示例单位1 expires on 2026-07-01" in response.content.decode()


def test_opening_a_notice_marks_it_read_and_goes_to_its_object(client, users):
    user = users[Role.UNIT_STAFF]
    notice = notice_for(user)
    client.force_login(user)
    response = client.post(reverse("notices:open", args=[notice.pk]))
    assert response.status_code == 302
    assert response.url == "/unit/"
    notice.refresh_from_db()
    assert notice.is_read


def test_opening_needs_post(client, users):
    user = users[Role.UNIT_STAFF]
    notice = notice_for(user)
    client.force_login(user)
    assert client.get(reverse("notices:open", args=[notice.pk])).status_code == 405


@pytest.mark.parametrize("name", ["notices:open", "notices:read"])
def test_another_persons_notice_is_404(client, users, name):
    theirs = notice_for(users[Role.APPLICANT])
    client.force_login(users[Role.UNIT_STAFF])
    assert client.post(reverse(name, args=[theirs.pk])).status_code == 404
    assert client.post(reverse(name, args=[theirs.pk + 1000])).status_code == 404
    theirs.refresh_from_db()
    assert not theirs.is_read


def test_mark_read_and_mark_all_read(client, users):
    user = users[Role.REVIEWER]
    first, second, third = (notice_for(user, n) for n in (1, 2, 3))
    theirs = notice_for(users[Role.APPLICANT], 4)
    client.force_login(user)
    client.post(reverse("notices:read", args=[first.pk]))
    assert set(Notice.objects.unread().filter(recipient=user)) == {second, third}
    response = client.post(reverse("notices:read_all"))
    assert response.url == reverse("notices:inbox")
    assert not Notice.objects.unread().filter(recipient=user).exists()
    theirs.refresh_from_db()
    assert not theirs.is_read


def test_choosing_the_language_of_notices(client, users):
    user = users[Role.APPLICANT]
    client.force_login(user)
    client.post(reverse("notices:preference"), {"language": "en"})
    assert Preference.objects.get(user=user).language == "en"
    client.post(reverse("notices:preference"), {"language": "fr"})
    assert Preference.objects.get(user=user).language == "en"


def test_the_header_counts_unread_notices_in_one_query_whatever_their_number(client, users):
    user = users[Role.UNIT_STAFF]
    client.force_login(user)
    url = reverse("units:home")

    def queries() -> tuple[int, str]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        on_notices = [q for q in captured.captured_queries if "notices_notice" in q["sql"]]
        assert len(on_notices) == 1
        return len(captured), response.content.decode()

    queries()  # the first request fills per-process caches (content types)
    none, page = queries()
    assert "条未读" not in page
    assert f'href="{reverse("notices:inbox")}"' in page
    notice_for(user, 1)
    one, page = queries()
    assert "1 条未读" in page
    for n in range(2, 30):
        notice_for(user, n)
    many, page = queries()
    assert "29 条未读" in page
    assert none == one == many


def test_no_count_for_anonymous_pages(client):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("portal:login"))
    assert response.status_code == 200
    assert not any("notices_notice" in q["sql"] for q in captured.captured_queries)
