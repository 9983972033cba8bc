from django.apps import AppConfig
from django.db.models import Field, ForeignObject
from django.utils.translation import gettext_lazy as _

from .lookups import AnyOf, RelatedAnyOf


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        Field.register_lookup(AnyOf)
        ForeignObject.register_lookup(RelatedAnyOf)
