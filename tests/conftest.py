"""The shared world of the access-matrix and hostile-input tests: the demo data (every role,
cases in every state) plus a second applicant, built once per module inside a transaction that
is rolled back afterwards."""

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from applicants.demo import make_complete_applicant, resident_id
from applicants.models import Applicant
from attachments.models import Attachment
from changes.services import change_open
from notices.constants import NoticeKind
from notices.models import Notice
from permits import life
from permits.models import Association, Permit, PermitApplication, PermitCase
from portal import demo
from portal.constants import Process, Role
from portal.models import User
from portal.reference_data import load_reference
from reviews.models import AuditEvent
from units.models import UnitCase


def _renewal_of(association: Association, staff: User):
    """Applicant A's earlier application, its permit inside the renewal window (T2) and the
    renewal (PR4) unit A prepares: the permit case of the matrix's URLs."""
    earlier = PermitApplication.objects.create(
        applicant=association.applicant,
        unit=association.unit,
        association=association,
        state="approved",
        decided_at=timezone.now() - timedelta(days=3 * 365),
    )
    expires_on = timezone.localdate() + timedelta(days=50)
    permit = Permit.objects.create(
        number="JKGJ-2000-999999",
        holder=association.applicant,
        unit=association.unit,
        application=earlier,
        issued_on=expires_on - timedelta(days=3 * 365),
        expires_on=expires_on,
    )
    life.permit_issue_record(permit=permit)
    return life.renewal_open(association=association, by=staff)


def files_under(folder) -> dict:
    """The storages of the settings with uploads kept under ``folder``."""
    return {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(folder / "media")},
        },
    }


def seed_demo(folder) -> None:
    """The reference and demo data, as ``bootstrap`` loads them, with the demo accounts'
    file under ``folder`` (the run's own, not the checkout's ``var/``)."""
    original = demo.DEMO_ACCOUNTS_FILE
    demo.DEMO_ACCOUNTS_FILE = folder / "demo_accounts.json"
    try:
        load_reference()
        demo.seed_all()
    finally:
        demo.DEMO_ACCOUNTS_FILE = original


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo data plus a second applicant, built once and rolled back after the module."""
    folder = tmp_path_factory.mktemp("matrix")
    with (
        override_settings(STORAGES=files_under(folder)),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        seed_demo(folder)
        users = {
            "appA": User.objects.get(username="applicant"),
            "appB": User.objects.create(username="applicant-b", role=Role.APPLICANT),
            "staffA": User.objects.get(username="unit"),
            "staffB": User.objects.get(username="unit-new"),
            "reviewer": User.objects.get(username="reviewer"),
            "admin": User.objects.get(username="admin"),
            # not in the access matrix: a complete profile, associated with no unit yet
            "appC": User.objects.create(username="applicant-c", role=Role.APPLICANT),
        }
        make_complete_applicant(
            user=users["appC"], name="周未联", id_number=resident_id("110101", date(1990, 5, 4), 77)
        )
        applicant = Applicant.objects.get(user=users["appA"])
        unit = users["staffA"].unit
        application = PermitApplication.objects.filter(applicant=applicant).first()
        attachment = Attachment.objects.filter(
            content_type=ContentType.objects.get_for_model(Applicant), object_id=applicant.pk
        ).first()
        applicant_type = ContentType.objects.get_for_model(Applicant).pk
        unit_case = UnitCase.objects.filter(unit=unit).first()
        employee = Association.objects.get(applicant=applicant, unit=unit, state="accepted")
        receipt = AuditEvent.objects.for_case(unit_case).filter(transition="submit").first()
        args = {
            "pk": None,
            "unit_pk": unit.pk,
            "process": "department",
            "action": "approve",
            "kind": "person",
            "uidb64": "MQ",
            "token": "bad-token",
            "content_type_id": applicant_type,
            "object_id": applicant.pk,
            "kind_code": "M1",
        }
        pks = {
            "units:case": unit_case.pk,
            "units:case_submit": UnitCase.objects.filter(unit=unit).first().pk,
            "reviews:unit_case": UnitCase.objects.filter(unit=unit).first().pk,
            "reviews:unit_case_decide": UnitCase.objects.filter(unit=unit).first().pk,
            "reviews:permit_application": application.pk,
            "reviews:permit_application_decide": application.pk,
            "permits:application_submit": application.pk,
            "permits:unit_application": application.pk,
            "permits:unit_application_decide": application.pk,
            "permits:association_withdraw": Association.objects.filter(applicant=applicant)
            .first()
            .pk,
            "permits:association_decide": Association.objects.filter(applicant=applicant)
            .first()
            .pk,
            "attachments:serve": attachment.pk,
            "attachments:thumbnail": attachment.pk,
            "attachments:delete": attachment.pk,
            "documents:employee_declaration": employee.pk,
            "documents:receipt": receipt.pk,
            "permits:employee": employee.pk,
            "permits:employee_contract": employee.pk,
            "permits:employee_release": employee.pk,
            "permits:permit_case_start": employee.pk,
        }
        # URL arguments of one route that differ from the shared ones in ``args``.
        kwargs = {
            "documents:blank": {"kind": "lodging"},
            "documents:my_declaration": {"kind": "integrity"},
            "documents:employee_declaration": {"kind": "integrity"},
            "permits:permit_case_start": {"kind": "renewal"},
        }
        # Cases waiting for a decision, for the hostile-input test's decision forms.
        pending = {
            "association": Association.objects.filter(unit=unit, state="requested").first(),
            "unit_application": PermitApplication.objects.filter(
                unit=unit, state="with_unit"
            ).first(),
            "zone_application": PermitApplication.objects.filter(state="with_zone").first(),
            "unit_case": UnitCase.objects.filter(state="submitted").first(),
        }
        # Built after the pks above, so that they still name the demo's objects.
        permit_case = _renewal_of(employee, users["staffA"])
        notice = Notice.objects.create(
            recipient=users["appA"],
            kind=NoticeKind.CONTRACT_ENDING,
            subject=f"permits.association:{employee.pk}",
            deadline=timezone.localdate() + timedelta(days=20),
            url=reverse("applicants:home"),
        )
        for name in ("my_permit_case", "unit_permit_case"):
            pks[f"permits:{name}"] = permit_case.pk
        for name in ("permit_case", "permit_case_decide"):
            pks[f"reviews:{name}"] = permit_case.pk
        for name in ("open", "read"):
            pks[f"notices:{name}"] = notice.pk
        # A basic-information change (PR6) of A's permit: the change case of the matrix's URLs.
        change = change_open(holder=applicant, kind=Process.PR6)
        for name in ("changes:edit", "changes:submit", "changes:unit_case", "changes:unit_decide"):
            pks[name] = change.pk
        for name in ("reviews:change_case", "reviews:change_decide"):
            pks[name] = change.pk
        kwargs["changes:start"] = {"kind": "basic"}
        kwargs["changes:unit_decide"] = {"action": "forward"}
        pending["permit_case"] = permit_case
        pending["zone_permit_case"] = PermitCase.objects.filter(state="with_zone").first()
        pending["employee"] = employee
        yield {"users": users, "args": args, "pks": pks, "kwargs": kwargs, "pending": pending}
        transaction.set_rollback(True)
