import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from attachments.constants import MaterialStatus
from attachments.models import Attachment, MaterialKind, add_months
from attachments.reference import KINDS
from attachments.reference import load as load_catalogue
from attachments.services import attachment_soft_delete, attachment_upload
from attachments.status import materials_status

from .conftest import image_bytes, pdf_bytes, upload_file
from .factories import MaterialKindFactory

pytestmark = pytest.mark.django_db


def read(attachment: Attachment) -> bytes:
    with attachment.file.open("rb") as fh:
        return fh.read()


def test_three_uploads_make_three_versions_and_only_the_newest_is_current(unit, kind, upload):
    contents = [pdf_bytes(1), pdf_bytes(2), image_bytes("PNG")]
    made = [upload(unit, kind, name=f"v{i}.pdf", content=c) for i, c in enumerate(contents)]
    versions = list(Attachment.objects.for_owner(unit).of_kind("U10a").order_by("version"))
    assert [a.version for a in versions] == [1, 2, 3]
    assert [a.is_current for a in versions] == [False, False, True]
    assert Attachment.objects.for_owner(unit).current().get() == made[2]
    assert [read(a) for a in versions] == contents
    assert versions[2].file_type == "png"
    assert versions[2].original_name == "v2.pdf"
    assert versions[2].download_name == "v2.png"


def test_stored_path_is_random_and_never_the_uploaders_name(unit, kind, upload):
    attachment = upload(unit, kind, name="../../王某 身份证.pdf")
    name = attachment.file.name
    assert name.startswith(f"attachments/units-unit/{unit.pk}/U10a/")
    assert name.endswith(".pdf")
    assert "王某" not in name
    assert ".." not in name
    assert attachment.original_name == "王某 身份证.pdf"


def test_versions_are_counted_per_owner_and_kind(unit, kind, upload):
    other_kind = MaterialKindFactory(code="U10b")
    from units.tests.factories import UnitFactory

    other_unit = UnitFactory()
    upload(unit, kind)
    upload(unit, kind)
    assert upload(unit, other_kind).version == 1
    assert upload(other_unit, kind).version == 1


def test_refused_upload_stores_nothing_and_keeps_what_exists(unit, kind, upload, tmp_path):
    first = upload(unit, kind)
    with pytest.raises(ValidationError) as excinfo:
        upload(unit, kind, name="x.pdf", content=b"<html>")
    assert "file" in excinfo.value.message_dict
    assert list(Attachment.objects.for_owner(unit)) == [first]
    first.refresh_from_db()
    assert first.is_current
    stored = [p for p in (tmp_path / "media").rglob("*") if p.is_file()]
    assert len(stored) == 1


def test_expiring_kind_needs_a_document_date_not_in_the_future(unit, upload):
    kind = MaterialKindFactory(code="U10c", expiring=True)
    with pytest.raises(ValidationError) as excinfo:
        upload(unit, kind)
    assert "document_date" in excinfo.value.message_dict
    with pytest.raises(ValidationError):
        upload(unit, kind, document_date=date(2999, 1, 1))
    assert upload(unit, kind, document_date=date(2026, 10, 1)).document_date == date(2026, 10, 1)


def test_soft_delete_keeps_file_and_row_and_makes_the_previous_version_current(
    unit, kind, upload, staff
):
    first, second = upload(unit, kind), upload(unit, kind)
    attachment_soft_delete(attachment=second, by=staff)
    second.refresh_from_db()
    first.refresh_from_db()
    assert second.deleted_at is not None
    assert second.deleted_by == staff
    assert not second.is_current
    assert first.is_current
    assert read(second) == pdf_bytes()
    assert Attachment.objects.for_owner(unit).count() == 2
    assert list(Attachment.objects.for_owner(unit).alive()) == [first]
    # Deleting twice changes nothing; the next upload is version 3, never a reused number.
    attachment_soft_delete(attachment=second, by=staff)
    assert upload(unit, kind).version == 3


def test_soft_deleting_the_only_version_leaves_the_material_missing(unit, kind, upload, staff):
    only = upload(unit, kind)
    attachment_soft_delete(attachment=only, by=staff)
    [state] = materials_status(unit, [kind], date(2026, 11, 27))
    assert state.status == MaterialStatus.MISSING


def test_materials_status_missing_present_and_outdated_t6(unit, upload, django_assert_num_queries):
    """T6: the unit's tax certificate must be dated within 3 (calendar) months."""
    licence = MaterialKindFactory(code="U10a")
    tax = MaterialKindFactory(code="U10c", expiring=True)
    declaration = MaterialKindFactory(code="U10d")
    upload(unit, licence)
    upload(unit, tax, document_date=date(2026, 8, 31))
    with django_assert_num_queries(1):  # the content type is cached by the uploads
        states = materials_status(unit, [licence, tax, declaration], date(2026, 11, 30))
    assert [s.status for s in states] == ["present", "present", "missing"]
    assert states[1].valid_until == date(2026, 11, 30)
    [late] = materials_status(unit, [tax], date(2026, 12, 1))
    assert late.status == MaterialStatus.OUTDATED
    assert late.attachment.document_date == date(2026, 8, 31)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 8, 31), 3, date(2026, 11, 30)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2027, 11, 29), 3, date(2028, 2, 29)),
        (date(2026, 10, 15), 3, date(2027, 1, 15)),
        (date(2026, 12, 31), 12, date(2027, 12, 31)),
    ],
)
def test_add_months_uses_calendar_months(start, months, expected):
    assert add_months(start, months) == expected


def test_kind_queries_and_clean():
    MaterialKindFactory(code="A", processes=["PR1", "PR2"])
    MaterialKindFactory(code="B", processes=["PR10"], is_active=False)
    assert [k.code for k in MaterialKind.objects.for_process("PR1")] == ["A"]
    assert list(MaterialKind.objects.active().values_list("code", flat=True)) == ["A"]
    bad = MaterialKindFactory.build(code="C", accepted_types=["gif"], processes=["PR9"])
    with pytest.raises(ValidationError) as excinfo:
        bad.full_clean()
    assert "accepted_types" in excinfo.value.message_dict


def test_catalogue_load_is_idempotent_and_covers_u10_and_m1_to_m7():
    assert load_catalogue() == len(KINDS)
    assert load_catalogue() == 0
    codes = set(MaterialKind.objects.values_list("code", flat=True))
    assert len(codes) == len(KINDS)
    assert {"U10a", "U10b", "U10c", "U10d", "U10e", "M1", "M2", "M5", "M7"} <= codes
    assert any(c.startswith("M3-") for c in codes)
    assert any(c.startswith("M4-") for c in codes)
    assert any(c.startswith("M6-") for c in codes)
    tax = MaterialKind.objects.get(code="U10c")
    assert tax.validity_months == 3
    assert "T6" in tax.rule_ids
    assert tax.name_zh.startswith("单位缴纳税费凭证")
    assert set(MaterialKind.objects.for_process("PR1").values_list("code", flat=True)) == {
        "U10a",
        "U10b",
        "U10c",
        "U10d",
        "U10e",
    }
    for kind in MaterialKind.objects.all():
        kind.full_clean()


@pytest.mark.django_db(transaction=True)
def test_concurrent_uploads_get_distinct_versions(unit, kind, staff):
    """Two uploads at the same moment: the owner-row lock gives them versions 1 and 2."""
    barrier = threading.Barrier(2)
    errors = []

    def worker(n):
        try:
            barrier.wait()
            attachment_upload(
                owner=unit,
                kind=kind,
                uploaded_file=upload_file(f"{n}.pdf", pdf_bytes()),
                uploaded_by=staff,
            )
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    versions = Attachment.objects.for_owner(unit).order_by("version")
    assert [(a.version, a.is_current) for a in versions] == [(1, False), (2, True)]
