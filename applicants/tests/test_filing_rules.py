"""Rules F1–F8 at the profile form: each message at the field or row it is about, in
Chinese, with what was typed kept."""

from datetime import date

import pytest
from django.urls import reverse

from applicants.demo import resident_id
from applicants.models import Applicant

from .conftest import profile_post

URL = reverse("applicants:profile")


@pytest.fixture
def post(client, bare):
    client.force_login(bare.user)

    def do(**changes):
        response = client.post(URL, profile_post(bare, **changes))
        assert response.status_code == 200, "an error re-renders the page"
        return response

    return do


def _errors(response, name: str) -> str:
    return " ".join(response.context["form"].errors.get(name, []))


def _row_errors(response, formset: str, index: int, name: str) -> str:
    sections = {s["anchor"]: s for s in response.context["sections"]}
    key = {"education": "schools", "work": "work", "dependants": "family"}[formset]
    return " ".join(sections[key]["formset"].forms[index].errors.get(name, []))


def test_the_stored_demo_profile_passes_every_filing_rule(client, bare):
    client.force_login(bare.user)
    response = client.post(URL, profile_post(bare, phone="13800000000"))
    assert response.status_code == 302
    bare.refresh_from_db()
    assert bare.phone == "13800000000"


def test_f1_current_address_without_house_number(post):
    response = post(current_address="荣华南路某小区")
    assert "现居住地未注明门牌号码" in _errors(response, "current_address")
    assert "F1" in _errors(response, "current_address")
    assert 'value="荣华南路某小区"' in response.content.decode()


def test_f1_bungalow_must_say_so(post):
    response = post(current_address="鹿圈村18号", bungalow=True)
    assert "平房" in _errors(response, "current_address")
    passed = post(current_address="鹿圈村18号（平房）", bungalow=True, phone="bad")
    assert not _errors(passed, "current_address")


def test_f2_register_address_is_required_as_on_the_first_page(post):
    response = post(register_address="")
    assert "未填写户口所在地" in _errors(response, "register_address")
    assert "户口本首页" in _errors(response, "register_address")


def test_f3_address_repeats_its_district(post):
    response = post(current_address="大兴区荣华南路15号")
    assert "现居住地重复填写了大兴区" in _errors(response, "current_address")
    register = post(register_address="河北省石家庄市建设北大街12号")
    assert "户口所在地重复填写了" in _errors(register, "register_address")
    assert "河北省石家庄市建设北大街12号" in register.content.decode()


def test_f4_school_and_date_follow_the_final_diploma(post):
    response = post(graduation_school="北京理工", graduation_date="2014-06-30")
    assert "最终学历发证机关" in _errors(response, "graduation_school")
    assert "F4" in _errors(response, "graduation_school")
    assert "发证时间" in _errors(response, "graduation_date")
    assert 'value="北京理工"' in response.content.decode()


def test_f5_foreign_degree_needs_the_cscse_number(post):
    response = post(foreign_degree=True, cscse_report_number="")
    assert "留学服务中心认证书编号" in _errors(response, "cscse_report_number")
    mismatch = post(foreign_degree=True, cscse_report_number="JY2024123")
    assert "留服认证书编号" in _errors(mismatch, "degree_certificate_number")
    assert 'value="JY2024123"' in mismatch.content.decode()


def test_f6_history_starts_at_senior_high_school(post, bare):
    university = [
        {
            "level": "bachelor",
            "school": "北京理工大学",
            "summary": "学习专业课程",
            "start_date": "2010-09-01",
            "end_date": "2014-07-01",
        }
    ]
    response = post(education=university)
    sections = {s["anchor"]: s for s in response.context["sections"]}
    errors = " ".join(sections["schools"]["formset"].non_form_errors())
    assert "教育经历应从高中填起" in errors
    assert sections["schools"]["errors"] == 1
    assert "学习专业课程" in response.content.decode()


def test_f6_each_entry_has_a_summary(post):
    rows = [
        {
            "level": "senior_high",
            "school": "河北省石家庄市第一中学",
            "summary": "学习高中课程",
            "start_date": "2007-09-01",
            "end_date": "2010-06-30",
        },
        {
            "level": "bachelor",
            "school": "北京理工大学",
            "summary": "",
            "start_date": "2010-09-01",
            "end_date": "2014-07-01",
        },
    ]
    response = post(education=rows)
    assert "第 2 条教育经历未填写概要信息" in _row_errors(response, "education", 1, "summary")
    assert not _row_errors(response, "education", 0, "summary")


def test_f7_work_history_after_graduation_and_not_the_current_unit(post, bare):
    rows = [
        {"employer": "实习单位", "position": "", "start_date": "2013-07-01",
         "end_date": "2013-08-31"},
        {"employer": bare.facts["employer"]["name"], "position": "", "start_date": "2020-01-01",
         "end_date": "2021-01-01"},
    ]  # fmt: skip
    response = post(work=rows)
    assert "第 1 条经历在全日制毕业" in _row_errors(response, "work", 0, "end_date")
    assert "第 2 条为现单位经历" in _row_errors(response, "work", 1, "employer")
    assert 'value="实习单位"' in response.content.decode()


def test_f8_every_dependant_has_an_id_number_and_a_school(post):
    baby = {
        "relation": "child",
        "name": "李小宝",
        "id_number": "",
        "in_school": False,
        "school": "",
    }
    response = post(children_accompany=True, dependants=[baby])
    assert "随往人员李小宝未填写身份证号码" in _row_errors(response, "dependants", 0, "id_number")
    assert "应填“无”" in _row_errors(response, "dependants", 0, "school")
    assert 'value="李小宝"' in response.content.decode()


def test_f8_a_valid_infant_with_school_none_passes(client, bare):
    client.force_login(bare.user)
    baby = {
        "relation": "child",
        "name": "李小宝",
        "id_number": resident_id("130102", date(2024, 5, 1), 22),
        "in_school": False,
        "school": "无",
    }
    response = client.post(
        URL,
        profile_post(bare, marital_status="married", children_accompany=True, dependants=[baby]),
    )
    assert response.status_code == 302, response.context["form"].errors
    assert Applicant.objects.get(pk=bare.pk).dependants.get().school == "无"


def test_children_accompany_needs_a_child_listed(post):
    response = post(children_accompany=True)
    assert "随往子女" in _errors(response, "children_accompany") or _errors(
        response, "children_accompany"
    )


def test_the_sections_with_errors_are_listed_at_the_top(post):
    response = post(current_address="荣华南路", graduation_school="北京理工")
    anchors = [s["anchor"] for s in response.context["sections_with_errors"]]
    assert anchors == ["address", "education"]
    assert 'href="#section-address"' in response.content.decode()
