"""The shared world of the access-matrix and hostile-input tests: the demo data (every role,
cases in every state) plus a second applicant, built once per module inside a transaction that
is rolled back afterwards."""

from datetime import date

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test import override_settings

from applicants.demo import make_complete_applicant, resident_id
from applicants.models import Applicant
from attachments.models import Attachment
from permits.models import Association, PermitApplication
from portal import demo
from portal.constants import Role
from portal.models import User
from portal.reference_data import load_reference
from units.models import UnitCase


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo data plus a second applicant, built once and rolled back after the module."""
    folder = tmp_path_factory.mktemp("matrix")
    storages = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(folder / "media")},
        },
    }
    with (
        override_settings(STORAGES=storages),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        original = demo.DEMO_ACCOUNTS_FILE
        demo.DEMO_ACCOUNTS_FILE = folder / "demo_accounts.json"
        try:
            load_reference()
            demo.seed_all()
        finally:
            demo.DEMO_ACCOUNTS_FILE = original
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
            "units:case": UnitCase.objects.filter(unit=unit).first().pk,
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
        yield {"users": users, "args": args, "pks": pks, "pending": pending}
        transaction.set_rollback(True)
