"""The unit's own spreadsheet of a holder's withholding months (PR4), read with openpyxl:
one row per month — month, social insurance paid by, income tax withheld by. Rows that are
not a month (a header, a total) are skipped; what is read is judged by the engine like typed
rows."""

import re
from datetime import date, datetime
from zipfile import BadZipFile

from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import gettext as _
from openpyxl import load_workbook

MAX_ROWS = 500
_MONTH = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})")


def _month(value) -> str | None:
    if isinstance(value, datetime | date):
        return f"{value.year}-{value.month:02d}"
    match = _MONTH.match(str(value or ""))
    if match is None or not 1 <= int(match.group(2)) <= 12:
        return None
    return f"{match.group(1)}-{int(match.group(2)):02d}"


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def rows_from_xlsx(upload: File) -> list[dict]:
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except (BadZipFile, OSError, KeyError, ValueError) as exc:
        raise ValidationError(
            {"spreadsheet": _("The file is not an Excel workbook (.xlsx).")}
        ) from exc
    rows = []
    try:
        sheet = workbook.worksheets[0]
        for index, cells in enumerate(sheet.iter_rows(max_col=3, values_only=True)):
            if index >= MAX_ROWS:
                break
            cells = (*cells, None, None, None)
            month = _month(cells[0])
            if month is None:
                continue
            rows.append(
                {
                    "month": month,
                    "social_insurance_unit": _text(cells[1]),
                    "tax_unit": _text(cells[2]),
                }
            )
    finally:
        workbook.close()
    if not rows:
        raise ValidationError({"spreadsheet": _("No row of the file starts with a month.")})
    return rows
