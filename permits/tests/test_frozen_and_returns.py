"""Submitted means frozen; a returned material is replaced by its owner (the unit for the
labour contract, M7) from the returned case; the reasons are listed in one place and go
away on resubmission; the unit's opinion (办理意见) goes with the forwarded case."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from attachments.models import Attachment
from permits import services
from permits.constants import ApplicationState
from permits.models import Permit
from reviews.models import AuditEvent
from reviews.services import MaterialReturn

from .conftest import scan

M7_REASON = "劳动合同签字页不清晰，请重新上传"


def _m7(application):
    contract = application.association.current_contract
    return contract, Attachment.objects.for_owner(contract).current().get()


def _upload_url(contract):
    content_type = ContentType.objects.get_for_model(contract)
    return reverse("attachments:upload", args=[content_type.pk, contract.pk, "M7"])


def test_m7_is_frozen_while_with_the_zone(client, with_zone):
    application = with_zone()
    contract, current = _m7(application)
    client.force_login(application.unit.staff.first())
    assert client.post(_upload_url(contract), {"file": scan()}).status_code == 404
    assert client.post(reverse("attachments:delete", args=[current.pk])).status_code == 404
    page = client.get(reverse("permits:unit_application", args=[application.pk]))
    assert _upload_url(contract) not in page.content.decode()
    assert Attachment.objects.for_owner(contract).count() == 1


def test_m7_is_frozen_while_with_the_unit_for_checking(client, associated):
    person = associated()
    application = services.application_open(applicant=person)
    services.application_submit(application=application, by=person.user)
    contract, _current = _m7(application)
    client.force_login(person.unit.staff_user)
    assert client.post(_upload_url(contract), {"file": scan()}).status_code == 404


def test_zone_return_on_m7_is_fixed_by_the_unit_and_approved(client, with_zone, reviewer):
    application = with_zone()
    staff = application.unit.staff.first()
    contract, first_version = _m7(application)
    services.application_return_to_unit(
        application=application,
        by=reviewer,
        comment="",
        returned=[MaterialReturn("M7", "劳动合同", M7_REASON)],
    )
    client.force_login(staff)
    url = reverse("permits:unit_application", args=[application.pk])
    page = client.get(url).content.decode()
    assert "需要修改" in page and M7_REASON in page
    assert _upload_url(contract) in page  # the upload form is on the returned case

    response = client.post(_upload_url(contract), {"file": scan("new.png"), "next": url})
    assert response.status_code == 302
    _contract, second_version = _m7(application)
    assert second_version.version == 2

    # After a zone return the unit says what it fixed; what it typed is kept on refusal.
    forward = reverse("permits:unit_application_decide", args=[application.pk, "forward"])
    refused = client.post(forward, {"comment": ""})
    assert refused.status_code == 400
    assert "办理意见" in refused.content.decode()
    response = client.post(forward, {"comment": "已重新上传清晰的劳动合同签字页。"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == ApplicationState.WITH_ZONE
    forwards = AuditEvent.objects.for_case(application).filter(transition="forward")
    assert [e.data["materials"]["M7"] for e in forwards] == [first_version.pk, second_version.pk]

    # Frozen again; the old reasons are history, the reviewer sees the unit's opinion.
    assert client.post(_upload_url(contract), {"file": scan()}).status_code == 404
    assert "需要修改" not in client.get(url).content.decode()
    client.force_login(reviewer)
    zone_page = client.get(reverse("reviews:permit_application", args=[application.pk]))
    assert "已重新上传清晰的劳动合同签字页。" in zone_page.content.decode()
    services.application_approve(application=application, by=reviewer)
    assert Permit.objects.filter(holder=application.applicant).count() == 1


def test_return_for_another_material_does_not_open_m7(client, with_zone, reviewer):
    application = with_zone()
    services.application_return_to_unit(
        application=application,
        by=reviewer,
        comment="",
        returned=[MaterialReturn("M1", "完税证明", "缺少一个月")],
    )
    contract, _current = _m7(application)
    client.force_login(application.unit.staff.first())
    assert client.post(_upload_url(contract), {"file": scan()}).status_code == 404


@pytest.mark.parametrize("needs_opinion", [False, True])
def test_unit_opinion_is_optional_unless_a_rule_asks(associated, needs_opinion, monkeypatch):
    person = associated()
    application = services.application_open(applicant=person)
    application = services.application_submit(application=application, by=person.user)
    monkeypatch.setattr(services, "opinion_required", lambda *_a, **_k: needs_opinion)
    if needs_opinion:
        with pytest.raises(services.Refused):
            services.application_forward(application=application, by=person.unit.staff_user)
        application.refresh_from_db()
        assert application.state == ApplicationState.WITH_UNIT
    else:
        services.application_forward(application=application, by=person.unit.staff_user)
        application.refresh_from_db()
        assert application.state == ApplicationState.WITH_ZONE


def test_applicant_sees_what_to_fix_only_while_returned(client, associated):
    person = associated()
    application = services.application_open(applicant=person)
    application = services.application_submit(application=application, by=person.user)
    services.application_return_to_applicant(
        application=application,
        by=person.unit.staff_user,
        comment="",
        returned=[MaterialReturn("M2", "户口本", "请上传本人页")],
    )
    client.force_login(person.user)
    page = client.get(reverse("permits:application")).content.decode()
    assert "需要修改" in page and "请上传本人页" in page
    steps = {s["key"]: s for s in client.get(reverse("applicants:home")).context["steps"]}
    assert not steps["submit"]["done"]  # a returned application is back with the applicant
    services.application_submit(application=application, by=person.user)
    assert "需要修改" not in client.get(reverse("permits:application")).content.decode()
