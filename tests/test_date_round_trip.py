"""Dates survive a save in every language: every form with a date field is fetched, posted
back exactly as the browser would send it unchanged, and saves without an error — in Chinese
(the default) and in English. A browser shows a date input as empty unless its value is ISO
(YYYY-MM-DD), and then sends nothing back: the required field then fails."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from applicants.demo import make_complete_applicant
from attachments.reference import load as seed_catalogue
from permits.tests.conftest import resident_id
from portal.constants import Role
from rules.reference import load as seed_wage_table
from units.models import Quota
from units.tests.factories import UnitFactory

ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class _Forms(HTMLParser):
    """The POST forms of a page, each as the pairs a browser would submit unchanged."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: str | None = None
        self._textarea: str | None = None
        self._first_option: tuple[str, str] | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._form = {"action": a.get("action") or "", "data": [], "dates": [], "file": False}
            self.forms.append(self._form)
        if self._form is None:
            return
        if tag == "input":
            kind = (a.get("type") or "text").lower()
            name = a.get("name")
            if kind == "date":
                self._form["dates"].append((name, a.get("value", "")))
            if kind == "file":
                self._form["file"] = True
            if not name or kind in ("submit", "button", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self._form["data"].append((name, a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select":
            self._select = a.get("name")
            self._first_option = None
            self._selected = False
        elif tag == "option" and self._select:
            if self._first_option is None:
                self._first_option = (self._select, a.get("value", ""))
            if "selected" in a:
                self._form["data"].append((self._select, a.get("value", "")))
                self._selected = True
        elif tag == "textarea":
            self._textarea = a.get("name")
            self._form["data"].append((self._textarea, ""))

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            name, value = self._form["data"][-1]
            self._form["data"][-1] = (name, value + data)

    def handle_endtag(self, tag):
        if tag == "select" and self._select:
            if not self._selected and self._first_option and "multiple" not in self._select:
                self._form["data"].append(self._first_option)
            self._select = None
        elif tag == "textarea":
            if self._form is not None and self._textarea:
                name, value = self._form["data"][-1]
                # A browser drops the one newline that follows <textarea>.
                self._form["data"][-1] = (name, value[1:] if value.startswith("\n") else value)
            self._textarea = None
        elif tag == "form":
            self._form = None


def _date_forms(html: str) -> list[dict]:
    parser = _Forms()
    parser.feed(html)
    return [f for f in parser.forms if f["dates"]]


def _payload(form: dict) -> dict:
    data: dict[str, list[str]] = {}
    for name, value in form["data"]:
        data.setdefault(name, []).append(value)
    return data


@pytest.fixture
def accounts(db, make_user):
    seed_catalogue()
    seed_wage_table()
    unit = UnitFactory(complete=True)
    Quota.objects.create(
        unit=unit, granted=5, expires_on=timezone.localdate().replace(month=12, day=31)
    )
    staff = make_user(Role.UNIT_STAFF, unit=unit, username="hr-dates")
    person = make_user(Role.APPLICANT, username="employee-dates")
    make_complete_applicant(user=person, name="日期测试", id_number=resident_id(77))
    reviewer = make_user(Role.REVIEWER, username="reviewer-dates")
    return {"unit": unit, "staff": staff, "applicant": person, "reviewer": reviewer}


def _pages(accounts):
    return [
        (accounts["staff"], reverse("units:profile")),
        (accounts["reviewer"], reverse("reviews:quota", args=[accounts["unit"].pk])),
        (accounts["applicant"], reverse("applicants:profile")),
        (accounts["applicant"], reverse("applicants:facts")),
    ]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_date_form_saves_unchanged_in_every_language(client, accounts, language):
    client.cookies["django_language"] = language
    checked = 0
    for user, url in _pages(accounts):
        client.force_login(user)
        page = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert page.status_code == 200, url
        forms = [f for f in _date_forms(page.content.decode()) if not f["file"]]
        assert forms, f"{url} has no date field to check"
        for form in forms:
            filled = [value for _name, value in form["dates"] if value]
            assert filled, f"{url}: no date has a value, nothing would be tested"
            for value in filled:
                assert ISO.match(value), f"{url}: date input value {value!r} is not ISO"
            response = client.post(
                form["action"] or url, _payload(form), HTTP_ACCEPT_LANGUAGE=language
            )
            body = response.content.decode() if response.status_code != 302 else ""
            assert response.status_code == 302, (url, re.findall(r"errorlist.*?</ul>", body)[:5])
            checked += 1
    assert checked >= len(_pages(accounts))


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_upload_forms_show_dates_as_iso(client, accounts, language):
    """The contract and attachment upload forms carry a file, so they are not re-posted; their
    date inputs must still be ISO so that a browser shows and sends them."""
    client.cookies["django_language"] = language
    client.force_login(accounts["applicant"])
    page = client.get(reverse("applicants:materials"), HTTP_ACCEPT_LANGUAGE=language)
    assert page.status_code == 200
    for value in re.findall(r'type="date"[^>]*value="([^"]*)"', page.content.decode()):
        assert ISO.match(value), value
