"""Put an issued permit at a chosen point of its life, for the PR4/PR5/T3 tests. The dates
are fixed (2026), passed to the services as ``today``, so no test depends on the day it runs."""

from datetime import date, timedelta

from attachments.models import MaterialKind
from attachments.services import attachment_upload
from permits import life, services
from permits.models import LabourContract, Permit, PermitPeriod
from rules.engine.deadlines import permit_expiry
from rules.tables import load_calendar

from .conftest import scan

# The permit expires on 2026-10-31: the window opens on 2026-08-31 and the last day is
# 2026-09-29, 20 working days before expiry across the National Day holiday (T2).
EXPIRES = date(2026, 10, 31)
IN_WINDOW = date(2026, 9, 15)
LAST_DAY = date(2026, 9, 29)
AFTER_LAST_DAY = date(2026, 9, 30)


def issued_permit(with_zone, reviewer, serial: int = 1, unit=None) -> Permit:
    application = with_zone(serial, unit)
    return services.application_approve(application=application, by=reviewer)


def expire_on(permit: Permit, expires_on: date = EXPIRES) -> Permit:
    """Move a freshly issued permit so that it expires on ``expires_on`` (3 years, T7)."""
    issued = expires_on + timedelta(days=1)
    issued = issued.replace(year=issued.year - 3)
    assert permit_expiry(issued) == expires_on
    dates = life.renewal_dates(expires_on, load_calendar())
    Permit.objects.filter(pk=permit.pk).update(
        issued_on=issued, expires_on=expires_on, **dates.as_fields()
    )
    PermitPeriod.objects.filter(permit=permit).update(starts_on=issued, ends_on=expires_on)
    permit.refresh_from_db()
    return permit


def with_contract_history(permit: Permit) -> None:
    """The holder's earlier contract with the same unit, covering the 36 months before the
    current one (the renewal judges continuity against every contract, PR4)."""
    association = permit.holder.associations.get(unit=permit.unit)
    current = association.current_contract
    earlier = LabourContract.objects.create(
        association=association,
        party_a=permit.unit.name,
        start_date=date(2022, 1, 1),
        end_date=current.start_date - timedelta(days=1),
        position="工程师",
        created_by=current.created_by,
        created_at=current.created_at - timedelta(days=900),
    )
    assert association.current_contract == current
    return earlier


def fill_renewal(case, by, today: date = IN_WINDOW, unit_name: str | None = None):
    """The 36 months as the unit enters them, and the screenshot beside them."""
    name = unit_name or case.unit.name
    rows = [
        {"month": r["month"], "social_insurance_unit": name, "tax_unit": name}
        for r in life.withholding_rows(case, today)
    ]
    case = life.renewal_details_save(case=case, by=by, rows=rows, old_unit_gone=False)
    attachment_upload(
        owner=case,
        kind=MaterialKind.objects.get(code="PR4-income"),
        uploaded_file=scan("withholding.png"),
        uploaded_by=by,
    )
    return case
