"""Each environment variable changes the setting it should (README lists them all)."""

import importlib.util
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SETTINGS_FILE = ROOT / "portal" / "settings.py"
ENV_NAME = re.compile(r'env(?:\.\w+)?\(\s*"([A-Z0-9_]+)"')


def settings_env_vars() -> set[str]:
    return set(ENV_NAME.findall(SETTINGS_FILE.read_text()))


@pytest.fixture
def load_settings(monkeypatch, tmp_path):
    def load(**env: str):
        for name in settings_env_vars():
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("VAR_DIR", str(tmp_path / "var"))
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        spec = importlib.util.spec_from_file_location("settings_under_test", SETTINGS_FILE)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module

    return load


def test_defaults_are_the_embedded_portal(load_settings, tmp_path):
    s = load_settings()
    var = tmp_path / "var"
    assert s.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert s.DATABASES["default"]["NAME"] == str(var / "db.sqlite3")
    assert s.CELERY_BROKER_URL == "filesystem://"
    assert s.CELERY_BROKER_TRANSPORT_OPTIONS["data_folder_in"] == str(var / "broker" / "queue")
    assert (var / "broker" / "queue").is_dir()
    assert s.CELERY_TASK_ALWAYS_EAGER is False
    assert s.STORAGES["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert s.STORAGES["default"]["OPTIONS"]["location"] == str(var / "media")
    assert s.DEBUG is False
    assert s.CACHES["default"]["BACKEND"] == "django.core.cache.backends.filebased.FileBasedCache"
    assert s.CACHES["default"]["LOCATION"] == str(var / "cache")
    assert s.TIME_ZONE == "Asia/Shanghai"
    assert s.LANGUAGE_CODE == "zh-hans"
    # The generated key is kept, so a restart keeps everyone signed in.
    assert (var / "secret_key").read_text().strip() == s.SECRET_KEY
    assert load_settings().SECRET_KEY == s.SECRET_KEY


@pytest.mark.parametrize(
    ("name", "value", "read"),
    [
        ("SECRET_KEY", "k" * 50, lambda s: s.SECRET_KEY == "k" * 50),
        ("DEBUG", "true", lambda s: s.DEBUG is True),
        (
            "ALLOWED_HOSTS",
            "a.example,b.example",
            lambda s: s.ALLOWED_HOSTS == ["a.example", "b.example"],
        ),
        (
            "CSRF_TRUSTED_ORIGINS",
            "https://a.example",
            lambda s: s.CSRF_TRUSTED_ORIGINS == ["https://a.example"],
        ),
        ("SECURE_COOKIES", "true", lambda s: s.SESSION_COOKIE_SECURE and s.CSRF_COOKIE_SECURE),
        (
            "DATABASE_URL",
            "postgres://u:p@db.example:5433/wrp",
            lambda s: (
                s.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
                and s.DATABASES["default"]["HOST"] == "db.example"
                and s.DATABASES["default"]["PORT"] == 5433
                and s.DATABASES["default"]["NAME"] == "wrp"
            ),
        ),
        (
            "MEDIA_ROOT",
            "/srv/media",
            lambda s: s.STORAGES["default"]["OPTIONS"]["location"] == "/srv/media",
        ),
        (
            "AWS_STORAGE_BUCKET_NAME",
            "permits",
            lambda s: (
                s.STORAGES["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
                and s.STORAGES["default"]["OPTIONS"]["bucket_name"] == "permits"
            ),
        ),
        (
            "EMAIL_URL",
            "smtp://mail.example:2525",
            lambda s: s.EMAIL_HOST == "mail.example" and s.EMAIL_PORT == 2525,
        ),
        ("TRUSTED_PROXIES", "1", lambda s: s.TRUSTED_PROXIES == 1),
        ("SECURE_SSL_REDIRECT", "true", lambda s: s.SECURE_SSL_REDIRECT is True),
        ("SECURE_HSTS_SECONDS", "31536000", lambda s: s.SECURE_HSTS_SECONDS == 31536000),
        (
            "SESSION_IDLE_MINUTES",
            "10",
            lambda s: s.SESSION_COOKIE_AGE == 600 and s.SESSION_SAVE_EVERY_REQUEST,
        ),
        ("AXES_ADDRESS_FAILURE_LIMIT", "80", lambda s: s.AXES_ADDRESS_FAILURE_LIMIT == 80),
        (
            "DEFAULT_FROM_EMAIL",
            "wrp@example.org",
            lambda s: s.DEFAULT_FROM_EMAIL == "wrp@example.org",
        ),
        (
            "CELERY_BROKER_URL",
            "redis://cache.example:6379/2",
            lambda s: (
                s.CELERY_BROKER_URL == "redis://cache.example:6379/2"
                and "data_folder_in" not in s.CELERY_BROKER_TRANSPORT_OPTIONS
            ),
        ),
        (
            "CELERY_BROKER_CONNECTION_TIMEOUT",
            "7.5",
            lambda s: s.CELERY_BROKER_CONNECTION_TIMEOUT == 7.5,
        ),
        (
            "HEARTBEAT_INTERVAL",
            "5",
            lambda s: (
                s.HEARTBEAT_INTERVAL == 5
                and s.CELERY_BEAT_SCHEDULE["portal-heartbeat"]["schedule"] == 5.0
            ),
        ),
        (
            "LAPSE_SCAN_INTERVAL",
            "7",
            lambda s: s.CELERY_BEAT_SCHEDULE["permits-lapse"]["schedule"] == 7.0,
        ),
        ("AXES_FAILURE_LIMIT", "9", lambda s: s.AXES_FAILURE_LIMIT == 9),
        ("SITE_URL", "https://permits.example", lambda s: s.SITE_URL == "https://permits.example"),
        (
            "NOTICES_SCAN_INTERVAL",
            "60",
            lambda s: s.CELERY_BEAT_SCHEDULE["notices-scan-all"]["schedule"] == 60.0,
        ),
        ("NOTICES_SCAN_BATCH_SIZE", "7", lambda s: s.NOTICES_SCAN_BATCH_SIZE == 7),
        ("NOTICES_SCAN_PAUSE", "0.5", lambda s: s.NOTICES_SCAN_PAUSE == 0.5),
        (
            "NOTICES_DELIVERY_LEASE",
            "30",
            lambda s: (
                s.NOTICES_DELIVERY_LEASE == 30
                and s.CELERY_BEAT_SCHEDULE["notices-deliver-pending"]["schedule"] == 30.0
            ),
        ),
        ("LOG_LEVEL", "WARNING", lambda s: s.LOGGING["root"]["level"] == "WARNING"),
        (
            "CACHE_URL",
            "redis://127.0.0.1:6379/1",
            lambda s: (
                s.CACHES["default"]
                == {
                    "BACKEND": "django.core.cache.backends.redis.RedisCache",
                    "LOCATION": "redis://127.0.0.1:6379/1",
                    "OPTIONS": {},
                }
            ),
        ),
    ],
)
def test_each_variable_changes_its_setting(load_settings, name, value, read):
    assert read(load_settings(**{name: value}))


def test_conn_max_age_applies_to_postgresql(load_settings):
    s = load_settings(DATABASE_URL="postgres://u@h/db", CONN_MAX_AGE="17")
    assert s.DATABASES["default"]["CONN_MAX_AGE"] == 17
    assert s.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


def test_s3_variables_reach_the_storage_options(load_settings):
    s = load_settings(
        AWS_STORAGE_BUCKET_NAME="b",
        AWS_S3_ENDPOINT_URL="http://s3.example:9000",
        AWS_ACCESS_KEY_ID="id",
        AWS_SECRET_ACCESS_KEY="secret",
        AWS_S3_REGION_NAME="cn-north-1",
    )
    options = s.STORAGES["default"]["OPTIONS"]
    assert options["endpoint_url"] == "http://s3.example:9000"
    assert options["access_key"] == "id"
    assert options["secret_key"] == "secret"
    assert options["region_name"] == "cn-north-1"
    assert options["default_acl"] == "private"


def test_var_dir_moves_the_embedded_files(load_settings, tmp_path, monkeypatch):
    s = load_settings()
    assert str(s.VAR_DIR) == str(tmp_path / "var")


def test_every_variable_is_tested_and_documented():
    tested = {
        "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "SECURE_COOKIES",
        "DATABASE_URL", "CONN_MAX_AGE", "MEDIA_ROOT", "AWS_STORAGE_BUCKET_NAME",
        "AWS_S3_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_S3_REGION_NAME",
        "EMAIL_URL", "DEFAULT_FROM_EMAIL", "CELERY_BROKER_URL", "CELERY_BROKER_CONNECTION_TIMEOUT",
        "HEARTBEAT_INTERVAL", "AXES_FAILURE_LIMIT", "LOG_LEVEL", "VAR_DIR",
        "SITE_URL", "NOTICES_SCAN_INTERVAL", "NOTICES_SCAN_BATCH_SIZE", "NOTICES_SCAN_PAUSE",
        "NOTICES_DELIVERY_LEASE",
        "TRUSTED_PROXIES", "AXES_ADDRESS_FAILURE_LIMIT", "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS", "SESSION_IDLE_MINUTES",
        "LAPSE_SCAN_INTERVAL", "CACHE_URL",
    }  # fmt: skip
    assert settings_env_vars() == tested
    readme = (ROOT / "README.md").read_text()
    missing = [name for name in sorted(tested) if f"`{name}`" not in readme]
    assert not missing, f"README.md does not document {missing}"
