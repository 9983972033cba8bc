import factory

from attachments.constants import FileType
from attachments.models import MaterialKind


class MaterialKindFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MaterialKind
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"K{n}")
    name_zh = factory.Sequence(lambda n: f"测试材料{n}")
    name_en = factory.Sequence(lambda n: f"Test material {n}")
    processes = factory.LazyFunction(lambda: ["PR1"])
    accepted_types = factory.LazyFunction(lambda: [t.value for t in FileType])
    rule_ids = "U10"

    class Params:
        images_only = factory.Trait(accepted_types=[FileType.JPEG.value, FileType.PNG.value])
        pdf_only = factory.Trait(accepted_types=[FileType.PDF.value])
        expiring = factory.Trait(validity_months=3, rule_ids="U10 T6")
