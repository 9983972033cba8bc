"""The public self-check is throttled per client: beyond the rate a client gets a 429 with
a Chinese message and Retry-After; other clients are not affected; nothing is saved."""

import pytest
from django.core.cache import cache
from django.urls import reverse


@pytest.fixture(autouse=True)
def _small_rate(settings):
    settings.SELF_CHECK_RATE = 2
    settings.SELF_CHECK_WINDOW = 60
    cache.clear()
    yield
    cache.clear()


def test_self_check_is_throttled_per_client(client, db):
    url = reverse("rules:self_check")
    for _attempt in range(2):
        assert client.post(url, {}, REMOTE_ADDR="203.0.113.5").status_code in (200, 400)
    refused = client.post(url, {}, REMOTE_ADDR="203.0.113.5")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1
    assert "请稍候" in refused.content.decode()
    # Another client, and a plain GET of the form, are not affected.
    assert client.post(url, {}, REMOTE_ADDR="203.0.113.6").status_code in (200, 400)
    assert client.get(url, REMOTE_ADDR="203.0.113.5").status_code == 200
