import pytest
from django.urls import reverse

from portal.constants import Role

HOMES = {
    Role.UNIT_STAFF: "/unit/",
    Role.APPLICANT: "/me/",
    Role.REVIEWER: "/review/",
    Role.ADMINISTRATOR: "/manage/",
}


@pytest.mark.parametrize("role", list(Role))
def test_each_role_is_sent_to_its_own_home(client, users, role):
    client.force_login(users[role])
    response = client.get("/")
    assert response.status_code == 302
    assert response.url == HOMES[role]
    assert client.get(response.url).status_code == 200


@pytest.mark.parametrize("path", ["/", *HOMES.values()])
def test_anonymous_users_are_sent_to_sign_in(client, db, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.url.startswith(reverse("portal:login"))
    assert f"next={path}" in response.url


@pytest.mark.parametrize("role", list(Role))
def test_other_roles_homes_are_refused(client, users, role):
    client.force_login(users[role])
    for other_role, path in HOMES.items():
        if other_role != role:
            assert client.get(path).status_code == 403, (role, path)


def test_sign_in_with_password_lands_on_role_home(client, users):
    response = client.post(
        reverse("portal:login"), {"username": "reviewer", "password": "Passw0rd!2026"}
    )
    assert response.status_code == 302
    assert client.get(response.url).url == "/review/"


def test_wrong_password_is_explained_in_chinese_at_the_form(client, users):
    response = client.post(reverse("portal:login"), {"username": "reviewer", "password": "nope"})
    assert response.status_code == 200
    assert "请输入一个正确的" in response.content.decode()


def test_sign_out_ends_the_session(client, users):
    client.force_login(users[Role.APPLICANT])
    response = client.post(reverse("portal:logout"))
    assert response.status_code == 302
    assert client.get("/me/").status_code == 302


def test_unit_staff_need_a_unit(make_user):
    from django.core.exceptions import ValidationError

    user = make_user(Role.APPLICANT)
    user.role = Role.UNIT_STAFF
    with pytest.raises(ValidationError) as excinfo:
        user.full_clean()
    assert "unit" in excinfo.value.message_dict


def test_pages_are_chinese_by_default_and_english_on_request(client, db):
    page = client.get(reverse("portal:login")).content.decode()
    assert 'lang="zh-hans"' in page
    assert "登录" in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    page = client.get(reverse("portal:login")).content.decode()
    assert 'lang="en"' in page
    assert "Sign in" in page
