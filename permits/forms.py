from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applicants.constants import Gender
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


class HolderContractForm(ContractForm):
    """The new unit accepts a holder of another unit's permit (employer change): name,
    gender and ID number as well, checked against the holder's record."""

    name = forms.CharField(label=_("Employee's name"), max_length=50)
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices)
    id_number = forms.CharField(label=_("ID number"), max_length=18)

    field_order = ["name", "gender", "id_number", "party_a", "start_date", "end_date"]


class ReleaseForm(CleanTextMixin, forms.Form):
    """解除关联: the former unit releases an employee who left."""

    name = forms.CharField(label=_("Employee's name"), max_length=50)
    id_number = forms.CharField(label=_("ID number"), max_length=18)
    left_on = forms.DateField(label=_("Contract end date"), widget=DateInput())
    resignation_file = forms.FileField(
        label=_("Scan of the resignation certificate"),
        help_text=_("The employee's resignation certificate (离职证明)."),
    )


class WithholdingRowForm(CleanTextMixin, forms.Form):
    month = forms.CharField(widget=forms.HiddenInput)
    social_insurance_unit = forms.CharField(
        label=_("Social insurance paid by"), max_length=200, required=False
    )
    tax_unit = forms.CharField(label=_("Income tax withheld by"), max_length=200, required=False)


WithholdingFormSet = forms.formset_factory(WithholdingRowForm, extra=0)


class RenewalDetailsForm(CleanTextMixin, forms.Form):
    old_unit_gone = forms.BooleanField(
        label=_("The former unit is gone: the withholding details cannot be obtained"),
        required=False,
        help_text=_(
            "Upload the tax record printed by the tax office and the wage statement instead "
            "of the screenshot."
        ),
    )


class WithholdingImportForm(CleanTextMixin, forms.Form):
    spreadsheet = forms.FileField(
        label=_("Spreadsheet of the 36 months (.xlsx)"),
        help_text=_(
            "One row per month: month (e.g. 2024-05), social insurance paid by, income tax "
            "withheld by. A header row is skipped."
        ),
    )


class OpinionForm(CleanTextMixin, forms.Form):
    opinion = forms.CharField(
        label=_("The unit's opinion (办理意见)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
