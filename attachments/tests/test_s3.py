"""Uploads go through Django's storage API: with an S3-compatible store configured (moto's
server here), the file lands in the bucket and comes back through the access-checked view."""

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import boto3
import pytest
from django.urls import reverse

from attachments.services import attachment_upload

from .conftest import image_bytes, pdf_bytes, upload_file

MOTO_SERVER = Path(sys.executable).with_name("moto_server")
BUCKET = "wrp-attachments"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def moto_endpoint():
    port = _free_port()
    process = subprocess.Popen(
        [str(MOTO_SERVER), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=1)
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("moto_server did not start")
                time.sleep(0.1)
        yield endpoint
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def s3(moto_endpoint, settings, monkeypatch):
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "HTTP_PROXY", "HTTPS_PROXY"):
        monkeypatch.delenv(name, raising=False)
    client = boto3.client(
        "s3",
        endpoint_url=moto_endpoint,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        region_name="us-east-1",
    )
    client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": moto_endpoint,
                "access_key": "testing",
                "secret_key": "testing",
                "region_name": "us-east-1",
                "addressing_style": "path",
                "default_acl": "private",
                "file_overwrite": False,
            },
        },
    }
    return client


@pytest.mark.django_db
@pytest.mark.usefixtures("unit_owner")
def test_upload_lands_in_the_bucket_and_is_served_back(s3, client, unit, kind, staff):
    content = pdf_bytes(2)
    attachment = attachment_upload(
        owner=unit, kind=kind, uploaded_file=upload_file("执照.pdf", content), uploaded_by=staff
    )
    stored = s3.get_object(Bucket=BUCKET, Key=attachment.file.name)
    assert stored["Body"].read() == content
    assert attachment.file.name.startswith(f"attachments/units-unit/{unit.pk}/U10a/")

    client.force_login(staff)
    response = client.get(reverse("attachments:serve", args=[attachment.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Type"] == "application/pdf"


@pytest.mark.django_db
@pytest.mark.usefixtures("unit_owner")
def test_versions_and_thumbnails_work_on_s3(s3, client, unit, kind, staff):
    for name, content in (("a.png", image_bytes()), ("b.png", image_bytes(color=(0, 0, 0)))):
        attachment_upload(
            owner=unit, kind=kind, uploaded_file=upload_file(name, content), uploaded_by=staff
        )
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert len([k for k in keys if k.startswith(f"attachments/units-unit/{unit.pk}/")]) >= 2
    client.force_login(staff)
    latest = kind.attachments.get(version=2, object_id=unit.pk)
    response = client.get(reverse("attachments:thumbnail", args=[latest.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    latest.refresh_from_db()  # the thumbnail is stored beside the file, in the bucket
    stored = s3.get_object(Bucket=BUCKET, Key=latest.thumbnail.name)
    assert stored["Body"].read() == response.content
