from datetime import date, timedelta
from decimal import Decimal

import factory
from django.utils import timezone
from stdnum.cn import uscc

from units.constants import UnitCaseState
from units.models import Unit, UnitCase


def _credit_code(n: int) -> str:
    base = f"911103020{n:08d}"
    return base + uscc.calc_check_digit(base)


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"北京亦庄测试科技有限公司{n}")
    credit_code = factory.Sequence(_credit_code)

    class Params:
        # A profile that meets U1–U5: an enterprise legal person in the zone for 2 years.
        complete = factory.Trait(
            entity_type="enterprise_legal_person",
            registered_on=date(2020, 3, 1),
            established_on=date(2020, 3, 1),
            registered_in_zone=True,
            registered_capital=Decimal("5000000"),
            business_scope="集成电路设计、技术开发",
            previous_year_zone_tax=Decimal("350000"),
            zone_tax_months=48,
            operator_name="王经办",
            operator_id_number="11010519491231002X",
            operator_phone="13800138000",
        )
        key_support_unit = factory.Trait(key_support="electronic_information")


class UnitCaseFactory(factory.django.DjangoModelFactory):
    """A unit case in a given state, for lists and access tests (flows use the services)."""

    class Meta:
        model = UnitCase

    unit = factory.SubFactory(UnitFactory, complete=True)
    kind = "PR1"
    state = UnitCaseState.DRAFT

    class Params:
        submitted = factory.Trait(
            state=UnitCaseState.SUBMITTED,
            received_at=factory.LazyFunction(timezone.now),
            due_on=factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=14)),
        )
        returned = factory.Trait(
            state=UnitCaseState.RETURNED, received_at=factory.LazyFunction(timezone.now)
        )
        approved = factory.Trait(
            state=UnitCaseState.APPROVED,
            received_at=factory.LazyFunction(timezone.now),
            decided_at=factory.LazyFunction(timezone.now),
        )
        rejected = factory.Trait(
            state=UnitCaseState.REJECTED,
            received_at=factory.LazyFunction(timezone.now),
            decided_at=factory.LazyFunction(timezone.now),
        )
