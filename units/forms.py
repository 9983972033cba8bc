import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.i18n import in_language
from rules.engine.identity import IdentityError, parse_resident_id
from rules.engine.types import EntityType
from rules.forms import CleanTextMixin, DateInput

from .models import Unit

QUOTA_MAX_YEARS = 10
PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$")


class UnitProfileForm(CleanTextMixin, forms.ModelForm):
    """The unit profile of PR1. Name and credit code come from sign-in and are not edited here."""

    class Meta:
        model = Unit
        fields = [
            "entity_type",
            "registered_on",
            "established_on",
            "registered_in_zone",
            "registered_capital",
            "head_office_registered_capital",
            "industry",
            "strategic_emerging_industry",
            "profit_making",
            "business_scope",
            "previous_year_zone_tax",
            "zone_tax_months",
            "agency_kind",
            "key_support",
            "operator_name",
            "operator_id_number",
            "operator_phone",
            "legal_representative",
        ]
        widgets = {
            "registered_on": DateInput(),
            "established_on": DateInput(),
            "business_scope": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("entity_type", "established_on", "registered_capital", "business_scope",
                     "previous_year_zone_tax", "zone_tax_months", "operator_name",
                     "operator_id_number", "operator_phone"):  # fmt: skip
            self.fields[name].required = True
        for name in (
            "registered_capital",
            "head_office_registered_capital",
            "previous_year_zone_tax",
        ):
            self.fields[name].min_value = 0
            self.fields[name].widget.attrs["min"] = "0"
            self.fields[name].validators.append(_not_negative)

    def _past_date(self, name: str):
        value = self.cleaned_data.get(name)
        if value and value > timezone.localdate():
            raise ValidationError(_("The date cannot be in the future."))
        return value

    def clean_registered_on(self):
        return self._past_date("registered_on")

    def clean_established_on(self):
        return self._past_date("established_on")

    def clean_zone_tax_months(self):
        months = self.cleaned_data.get("zone_tax_months")
        if months is not None and months > 1200:
            raise ValidationError(_("Enter the number of months, e.g. 18."))
        return months

    def clean_operator_id_number(self):
        value = self.cleaned_data.get("operator_id_number", "").strip().upper()
        try:
            parse_resident_id(value, today=timezone.localdate())
        except IdentityError as exc:
            raise ValidationError(in_language(exc.zh, exc.en)) from None
        return value

    def clean_operator_phone(self):
        value = self.cleaned_data.get("operator_phone", "").strip().replace(" ", "")
        if not PHONE.match(value):
            raise ValidationError(
                _("Enter a mobile number (11 digits) or a landline such as 010-67881234.")
            )
        return value

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("entity_type") == EntityType.BRANCH
            and cleaned.get("head_office_registered_capital") is None
        ):
            self.add_error(
                "head_office_registered_capital",
                _("A branch gives its head office's registered capital (rule U3)."),
            )
        registered, established = cleaned.get("registered_on"), cleaned.get("established_on")
        if registered and established and registered < established:
            self.add_error("registered_on", _("Registration cannot precede establishment."))
        return cleaned


def _not_negative(value) -> None:
    if value is not None and value < 0:
        raise ValidationError(_("The amount cannot be negative."))


class QuotaForm(CleanTextMixin, forms.Form):
    granted = forms.IntegerField(label=_("Places granted"), min_value=0, max_value=100000)
    expires_on = forms.DateField(label=_("Expires on"), widget=DateInput())
    comment = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept with the quota's history."),
    )

    def clean_expires_on(self):
        value = self.cleaned_data["expires_on"]
        today = timezone.localdate()
        if value < today:
            raise ValidationError(_("The expiry date has already passed."))
        if value > today.replace(year=today.year + QUOTA_MAX_YEARS, day=min(today.day, 28)):
            raise ValidationError(
                _("A quota runs for at most %(years)s years.") % {"years": QUOTA_MAX_YEARS}
            )
        return value
