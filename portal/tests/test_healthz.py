from datetime import timedelta

import pytest
from django.utils import timezone

from portal.celery import app as celery_app
from portal.models import Heartbeat
from portal.services import heartbeat_record


@pytest.fixture
def fresh_heartbeat(db):
    return heartbeat_record(hostname="test")


def test_healthz_is_200_when_every_part_is_healthy(client, fresh_heartbeat):
    response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 200, body
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "broker", "storage", "heartbeat"}
    assert all(check["ok"] for check in body["checks"].values())


def test_healthz_is_503_and_names_the_broker_when_it_is_unreachable(
    client, fresh_heartbeat, monkeypatch
):
    # Nothing listens on port 1; the check must fail fast rather than hang.
    # Celery reads CELERY_BROKER_URL from the environment before its configuration.
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)
    monkeypatch.setitem(celery_app.conf, "broker_url", "redis://127.0.0.1:1/0")
    monkeypatch.setitem(celery_app.conf, "broker_transport_options", {})
    response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 503
    assert body["failing"] == ["broker"]
    assert body["checks"]["broker"]["ok"] is False


def test_healthz_is_503_when_beat_has_never_run(client, db):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["heartbeat"]


def test_healthz_is_503_when_the_heartbeat_is_stale(client, db, settings):
    Heartbeat.objects.create(
        ran_at=timezone.now() - timedelta(seconds=4 * settings.HEARTBEAT_INTERVAL)
    )
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["heartbeat"]


def test_healthz_is_503_and_names_storage_when_it_fails(client, fresh_heartbeat, monkeypatch):
    from django.core.files.storage import default_storage

    def broken_save(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(default_storage, "save", broken_save)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["storage"]


def test_old_heartbeats_are_pruned(db):
    Heartbeat.objects.create(ran_at=timezone.now() - timedelta(days=2))
    heartbeat_record(hostname="w1")
    assert Heartbeat.objects.count() == 1
