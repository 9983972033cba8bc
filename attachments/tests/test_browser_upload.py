"""The upload form in a real browser: progress bar, errors at the field without losing what
was uploaded, at 375 px and by keyboard."""

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from playwright.sync_api import expect

from attachments.models import Attachment

from .conftest import image_bytes

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("unit_owner")]


@pytest.mark.django_db(transaction=True)
def test_upload_with_progress_then_an_error_at_the_field(
    page, live_server, unit, kind, staff, sign_in, screenshot, tmp_path
):
    page.set_viewport_size({"width": 375, "height": 740})
    sign_in(page, staff.username)
    expect(page).not_to_have_url(re.compile(r".*/login/.*"))
    ct = ContentType.objects.get_for_model(unit)
    url = live_server.url + reverse("attachments:material", args=[ct.pk, unit.pk, kind.code])
    page.goto(url)
    good = tmp_path / "营业执照.png"
    good.write_bytes(image_bytes("PNG", size=(800, 600)))
    page.get_by_label(re.compile(r"^文件[:：]?$")).set_input_files(str(good))
    # Keyboard: focus the submit button and press Enter.
    page.get_by_role("button", name="上传").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("版本 1（当前）")).to_be_visible()
    expect(page.locator(".material-thumb img")).to_be_visible()
    assert Attachment.objects.for_owner(unit).count() == 1

    fake = tmp_path / "fake.pdf"
    fake.write_bytes(b"<html>not a pdf</html>")
    page.get_by_label(re.compile(r"^文件[:：]?$")).set_input_files(str(fake))
    page.get_by_role("button", name="上传新版本").click()
    error = page.locator('[data-errors-for="file"]')
    expect(error).to_have_text("文件内容不是 PDF，请上传真实的 PDF 文件。")
    expect(page.get_by_label(re.compile(r"^文件[:：]?$"))).to_be_focused()
    expect(page.get_by_text("版本 1（当前）")).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    screenshot(page, "upload-error-375px")
    assert Attachment.objects.for_owner(unit).count() == 1


@pytest.mark.django_db(transaction=True)
def test_progress_bar_follows_the_upload(page, live_server, unit, kind, staff, sign_in, tmp_path):
    sign_in(page, staff.username)
    expect(page).not_to_have_url(re.compile(r".*/login/.*"))
    ct = ContentType.objects.get_for_model(unit)
    page.goto(live_server.url + reverse("attachments:material", args=[ct.pk, unit.pk, kind.code]))
    progress = page.locator("form[data-upload] progress")
    expect(progress).to_be_hidden()
    # A refused upload stays on the page, so the bar's last value can be read afterwards.
    refused = tmp_path / "big.pdf"
    refused.write_bytes(b"<html>" + b"x" * 2_000_000)
    page.get_by_label(re.compile(r"^文件[:：]?$")).set_input_files(str(refused))
    page.get_by_role("button", name="上传").click()
    expect(page.locator('[data-errors-for="file"]')).to_contain_text("文件内容不是 PDF")
    assert progress.evaluate("bar => bar.value") == 100
    expect(progress).to_be_hidden()
    assert not Attachment.objects.exists()
