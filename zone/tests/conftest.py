from permits.tests.conftest import (  # noqa: F401 - the PR3 fixtures, shared
    applicant,
    associated,
    permitted_unit,
    reference_data,
    reviewer,
    with_zone,
)
