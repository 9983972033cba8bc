"""The shared transitions of reviews.transitions, built once per case model: django-fsm-2
binds a transition function to one model's field, so each model must get its own."""

import pytest

from changes.models import PermitChange
from permits.models import PermitApplication, PermitCase
from units.models import UnitCase

CASE_MODELS = [PermitApplication, PermitCase, PermitChange, UnitCase]


@pytest.mark.parametrize("model", CASE_MODELS)
def test_each_case_model_collects_the_zone_decisions_on_its_own_field(model):
    field = model._meta.get_field("state")
    transitions = field.transitions[model]
    assert {"return_to_unit", "approve", "reject"} <= transitions.keys()
    for method in transitions.values():
        assert method._django_fsm.field is field


def test_the_unit_stage_keeps_each_process_s_names_and_targets():
    application = PermitApplication._meta.get_field("state")
    change = PermitChange._meta.get_field("state")
    returns = {
        (t.name, t.target)
        for field, model in ((application, PermitApplication), (change, PermitChange))
        for t in field.get_all_transitions(model)
        if t.name.startswith("return_to_") and t.name != "return_to_unit"
    }
    assert returns == {
        ("return_to_applicant", "returned_to_applicant"),
        ("return_to_holder", "returned_to_holder"),
    }
