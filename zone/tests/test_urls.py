"""The reviewers' portal moved out of the case machinery (`reviews`) into `zone`; its pages kept
their paths and their URL names."""

import pytest
from django.urls import resolve, reverse

from zone import views


@pytest.mark.parametrize(
    ("name", "args", "path", "view"),
    [
        ("reviews:home", [], "/review/", views.home),
        ("reviews:unit_case", [1], "/review/units/1/", views.unit_case),
        ("reviews:quota", [1], "/review/quotas/1/", views.quota),
        ("reviews:permits_queue", [], "/review/permits/", views.permits_queue),
        ("reviews:permit_application", [1], "/review/permits/1/", views.permit_application),
    ],
)
def test_reviewer_pages_keep_their_paths_and_names(name, args, path, view):
    assert reverse(name, args=args) == path
    assert resolve(path).func is view
