"""docker-compose.yml cannot run here (no Docker engine), so it is checked as data."""

from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from portal.services import heartbeat_record

from .test_settings_env import settings_env_vars

ROOT = Path(__file__).resolve().parents[2]
PORTAL_SERVICES = {"migrate", "web", "worker", "beat"}


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_describes_the_production_services(compose):
    services = compose["services"]
    assert {"web", "worker", "beat", "postgres", "redis", "s3"} <= set(services)
    for name in ("web", "worker", "beat", "postgres", "redis", "s3"):
        assert "healthcheck" in services[name], f"{name} has no health check"
    assert {"postgres-data", "redis-data", "s3-data"} <= set(compose["volumes"])
    mounted = {
        volume.split(":")[0]
        for name in ("postgres", "redis", "s3")
        for volume in services[name]["volumes"]
    }
    assert mounted == {"postgres-data", "redis-data", "s3-data"}


def test_every_variable_compose_sets_is_read_by_the_settings(compose):
    read = settings_env_vars()
    for name in PORTAL_SERVICES:
        environment = compose["services"][name]["environment"]
        unknown = set(environment) - read
        assert not unknown, f"{name} sets variables the settings never read: {unknown}"
    # Production must not fall back to the embedded defaults.
    env = compose["services"]["web"]["environment"]
    assert {"DATABASE_URL", "CELERY_BROKER_URL", "AWS_STORAGE_BUCKET_NAME", "SECRET_KEY"} <= set(
        env
    )


def test_production_start_runs_migrate_then_reference_data_and_no_demo(compose):
    services = compose["services"]
    init = " ".join(services["migrate"]["command"])
    assert init.index("manage.py migrate") < init.index("manage.py load_reference")
    for name in PORTAL_SERVICES - {"migrate"}:
        assert services[name]["depends_on"]["migrate"] == {
            "condition": "service_completed_successfully"
        }
    commands = " ".join(" ".join(s.get("command") or []) for s in services.values())
    assert "bootstrap" not in commands and "demo" not in commands


def test_compose_health_checks_use_real_commands(compose):
    for name in ("worker", "beat"):
        test = compose["services"][name]["healthcheck"]["test"]
        assert test[1:4] == ["python", "manage.py", "healthcheck"]


def test_healthcheck_command_fails_without_a_heartbeat(db):
    with pytest.raises(CommandError, match="heartbeat"):
        call_command("healthcheck", "--only", "heartbeat")
    heartbeat_record(hostname="w")
    call_command("healthcheck", "--only", "heartbeat,database")


def test_healthcheck_command_rejects_unknown_checks(db):
    with pytest.raises(CommandError, match="unknown check"):
        call_command("healthcheck", "--only", "nonsense")
