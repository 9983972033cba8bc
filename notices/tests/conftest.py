import pytest

from attachments.reference import load as load_material_kinds


@pytest.fixture
def material_kinds(db):
    load_material_kinds()
