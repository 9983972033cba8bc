from django.db import models
from django.utils.translation import gettext_lazy as _


class Unit(models.Model):
    """An employer (单位). The onboarding issue (PR1) adds the full profile."""

    name = models.CharField(_("unit name"), max_length=200)
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        unique=True,
        help_text=_("18 characters, as on the business licence (GB 32100)."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
