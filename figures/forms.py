from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.constants import Process
from rules.forms import CleanTextMixin

from .measures import PROCESSES, Period

MONTH_FORMATS = ["%Y-%m", "%Y-%m-%d"]
MAX_MONTHS = 60


class MonthInput(forms.DateInput):
    input_type = "month"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m")


class StatisticsFilter(CleanTextMixin, forms.Form):
    """The period (whole months) and the processes of the statistics page."""

    first = forms.DateField(
        label=_("From (month)"), input_formats=MONTH_FORMATS, widget=MonthInput()
    )
    last = forms.DateField(label=_("To (month)"), input_formats=MONTH_FORMATS, widget=MonthInput())
    process = forms.ChoiceField(
        label=_("Process"),
        required=False,
        choices=[("", _("All"))] + [(p.value, f"{p.value} · {p.label}") for p in PROCESSES],
    )

    def clean(self):
        data = super().clean()
        first, last = data.get("first"), data.get("last")
        if first and last:
            if first > last:
                raise ValidationError(_("The first month is after the last one."))
            if len(Period(first, last).months()) > MAX_MONTHS:
                raise ValidationError(_("Choose at most 60 months."))
        return data

    def period(self) -> Period:
        return Period(self.cleaned_data["first"].replace(day=1), self.cleaned_data["last"])

    def processes(self) -> tuple[str, ...]:
        chosen = self.cleaned_data.get("process")
        return (Process(chosen),) if chosen else PROCESSES
