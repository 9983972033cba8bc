import factory
from stdnum.cn import uscc

from units.models import Unit


def _credit_code(n: int) -> str:
    base = f"911103020{n:08d}"
    return base + uscc.calc_check_digit(base)


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"北京亦庄测试科技有限公司{n}")
    credit_code = factory.Sequence(_credit_code)
