"""The engine's verdict is computed once per version of the facts and stored (issue 15): a
second page view reads it back; a change of the facts, of the day or of the wage table
computes it again."""

from datetime import timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from applicants import eligibility
from applicants.models import Applicant
from rules.engine.stored import verdict_from_json, verdict_to_json
from rules.models import WageTable

pytestmark = pytest.mark.django_db


@pytest.fixture
def engine():
    """A spy on the engine as the applicant pages call it."""
    with mock.patch.object(
        eligibility, "evaluate_person", wraps=eligibility.evaluate_person
    ) as spy:
        yield spy


def _home(client):
    response = client.get(reverse("applicants:home"))
    assert response.status_code == 200
    return response


def test_a_second_view_reads_the_stored_verdict(client, complete, applicant_user, engine):
    client.force_login(applicant_user)
    first = _home(client)
    assert engine.call_count == 1
    stored = Applicant.objects.get(pk=complete.pk)
    assert stored.verdict and len(stored.verdict_key) == 64
    second = _home(client)
    assert engine.call_count == 1  # not run again
    assert first.context["assessment"].verdict == second.context["assessment"].verdict
    client.get(reverse("applicants:eligibility"))
    assert engine.call_count == 1  # the eligibility page shares it


def test_a_change_of_the_facts_computes_it_again(client, complete, applicant_user, engine):
    client.force_login(applicant_user)
    _home(client)
    key = Applicant.objects.get(pk=complete.pk).verdict_key
    complete.facts = {**complete.facts, "monthly_taxable_income": "9000"}  # P5 now fails
    complete.save()
    _home(client)
    assert engine.call_count == 2
    stored = Applicant.objects.get(pk=complete.pk)
    assert stored.verdict_key != key
    assert verdict_from_json(stored.verdict).result("P5").outcome == "fail"


def test_a_change_of_the_profile_rows_computes_it_again(client, complete, applicant_user, engine):
    client.force_login(applicant_user)
    _home(client)
    complete.work_history.all().delete()
    _home(client)
    assert engine.call_count == 2


def test_another_day_or_another_wage_table_computes_it_again(
    client, complete, applicant_user, engine
):
    client.force_login(applicant_user)
    _home(client)
    tomorrow = timezone.localdate() + timedelta(days=1)
    with mock.patch("applicants.views.timezone.localdate", return_value=tomorrow):
        _home(client)
    assert engine.call_count == 2
    row = WageTable.objects.order_by("-application_year").first()
    row.monthly_average += 100
    row.save()
    _home(client)
    assert engine.call_count == 3


def test_a_stored_verdict_reads_back_equal(complete):
    today = timezone.localdate()
    facts = eligibility.person_facts(complete, today=today)
    verdict = eligibility.evaluate_person(
        facts, eligibility.load_wage_table(), eligibility.load_calendar()
    )
    assert any(r.figures for r in verdict.results)
    assert verdict_from_json(verdict_to_json(verdict)) == verdict
