"""Plain words (issue: jargon and alarm): applicants and units read no bare rule IDs in the
pages' prose; reviewers see them as small labels; unmet alternatives are neutral when
another condition is met; one vocabulary for outcomes."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from permits.models import PermitApplication
from portal.i18n import plain
from portal.models import User
from portal.templatetags.portal_tags import OUTCOME_LABELS
from tests.test_demo_walk import demo_data  # noqa: F401  (the fixture)

# A rule ID as a word: not part of a file name (M1.png) or a material code (M3-degree).
RULE_ID = re.compile(r"(?<![A-Za-z0-9-])(?:PR[1-7]|[UPCWHFMT]\d{1,2})(?![0-9A-Za-z-]|\.\w)")


class MainText(HTMLParser):
    """The visible text of <main>, without form controls' options and rule-ID labels."""

    SKIPPED = ("script", "style", "select")

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.stack: list[bool] = []
        self.in_main = 0

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.in_main += 1
        if tag in ("br", "img", "input", "meta", "link", "hr", "col", "wbr", "source"):
            return
        skip = tag in self.SKIPPED or "rule-id" in (dict(attrs).get("class") or "")
        self.stack.append(skip or (bool(self.stack) and self.stack[-1]))

    def handle_endtag(self, tag):
        if tag == "main":
            self.in_main -= 1
        if self.stack and tag not in ("br", "img", "input"):
            self.stack.pop()

    def handle_data(self, data):
        if self.in_main and not (self.stack and self.stack[-1]):
            self.parts.append(data)


def bare_rule_ids(html: str) -> list[str]:
    parser = MainText()
    parser.feed(html)
    text = " ".join(parser.parts)
    return [text[max(0, m.start() - 25) : m.end() + 5] for m in RULE_ID.finditer(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("就业情况（P1、P5、U7）", "就业情况"),
        ("Employment (P1, P5, U7)", "Employment"),
        ("住所类型（H1–H7 七选一）", "住所类型（七选一）"),
        ("在京月应税收入（元）（P5）", "在京月应税收入（元）"),
        ("在京合法稳定住所：《北京市居住证》（H2）（P3）", "在京合法稳定住所：《北京市居住证》"),
        ("As on the register's first page. Rule F2.", "As on the register's first page."),
        ("C1 · 学士（含）以上学位", "学士（含）以上学位"),
        ("符合人才条件 C1、C2", "符合人才条件（1）、（2）"),
        ("收入（2025 年）", "收入（2025 年）"),
    ],
)
def test_plain_takes_rule_ids_out_of_prose(text, expected):
    assert plain(text) == expected


def _pages(client, username: str) -> set[str]:
    client.force_login(User.objects.get(username=username))
    home = client.get("/", follow=True)
    links = {item["url"] for item in home.context["nav_items"]}
    found = r'href="(/(?:unit|me|permits|eligibility|documents)/[^"#?]*)"'
    links |= set(re.findall(found, home.content.decode()))
    return links


@pytest.mark.parametrize("username", ["applicant", "unit", "unit-new"])
def test_applicants_and_units_read_no_bare_rule_ids(client, demo_data, username):  # noqa: F811
    urls = _pages(client, username)
    if username == "unit":
        urls |= {
            reverse("permits:unit_application", args=[a.pk])
            for a in PermitApplication.objects.all()
        }
    offending = {}
    for url in sorted(urls):
        response = client.get(url, follow=True)
        if response.get("Content-Type", "").startswith("text/html"):
            found = bare_rule_ids(response.content.decode())
            if found:
                offending[url] = found[:3]
    assert not offending


def test_reviewers_see_rule_ids_as_labels(client, demo_data):  # noqa: F811
    client.force_login(User.objects.get(username="reviewer"))
    application = PermitApplication.objects.filter(state="with_zone").first()
    html = client.get(reverse("reviews:permit_application", args=[application.pk])).content
    assert b'<span class="rule-id">P1</span>' in html


def test_an_unmet_alternative_is_neutral_when_another_condition_is_met(client, demo_data):  # noqa: F811
    client.force_login(User.objects.get(username="applicant"))
    html = client.get(reverse("applicants:eligibility")).content.decode()
    # The demo applicant meets C1: the other talent conditions are "not used", never red.
    assert str(OUTCOME_LABELS["unused"]) in html
    assert "status-neutral" in html


def test_one_vocabulary_for_outcomes():
    assert [str(OUTCOME_LABELS[k]) for k in ("pass", "fail", "review")] == [
        "符合",
        "不符合",
        "需人工审核",
    ]
