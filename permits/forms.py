from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rules.forms import CleanTextMixin, DateInput


class AssociateForm(CleanTextMixin, forms.Form):
    code = forms.CharField(
        label=_("Association code"),
        max_length=20,
        help_text=_("Ask your unit's HR staff for it."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class ContractForm(CleanTextMixin, forms.Form):
    """The unit accepts an association with the labour contract (M7, T5)."""

    party_a = forms.CharField(label=_("Party A"), max_length=200)
    start_date = forms.DateField(label=_("Contract start date"), widget=DateInput())
    end_date = forms.DateField(
        label=_("Contract end date"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty for an open-ended contract."),
    )
    work_location = forms.CharField(
        label=_("Work location"),
        max_length=200,
        required=False,
        help_text=_("May be empty; if filled it must contain 北京 (M7)."),
    )
    position = forms.CharField(label=_("Position"), max_length=100)
    contract_file = forms.FileField(
        label=_("Scan of the complete contract"),
        help_text=_(
            "The whole contract, not only the renewal page, "
            "with the unit's seal and the employee's signature (M7)."
        ),
    )

    def clean_start_date(self):
        value = self.cleaned_data["start_date"]
        if value > timezone.localdate():
            raise ValidationError(_("The contract must already have started."))
        return value

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end <= start:
            self.add_error("end_date", _("The end date must come after the start date."))
        return cleaned


class ReasonForm(CleanTextMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ZoneApproveForm(CleanTextMixin, forms.Form):
    comment = forms.CharField(label=_("Comment (optional)"), required=False, max_length=2000)
    override_reason = forms.CharField(
        label=_("Reason for exceeding a branch's 5 permits (U6)"),
        required=False,
        max_length=2000,
        help_text=_("Only needed when the unit is a branch that already holds 5 permits."),
    )
