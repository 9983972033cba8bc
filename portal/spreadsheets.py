"""Excel exports that stay small in memory however many rows they hold: openpyxl's write-only
workbook spools each row to a temporary file as it comes, and the finished file is streamed
to the client in chunks. Dates are real date cells; the header row is frozen; each column is
as wide as its header or its widest expected value."""

import tempfile
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.http import FileResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
MAX_WIDTH = 60


@dataclass(frozen=True)
class Column:
    """One column: its (translated) header and the width of its widest expected value, in
    characters of the display (a Chinese character counts two)."""

    header: str
    width: int = 10


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(text))


def column_width(column: Column) -> float:
    return min(MAX_WIDTH, max(column.width, display_width(column.header)) + 2)


def _cell(sheet, value: Any) -> Any:
    if isinstance(value, datetime):
        cell = WriteOnlyCell(sheet, value=timezone.localtime(value).replace(tzinfo=None))
        cell.number_format = DATETIME_FORMAT
        return cell
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    return value


def write_xlsx(
    target, *, title: str, columns: Sequence[Column], rows: Iterable[Sequence[Any]]
) -> None:
    """Write one sheet to ``target`` (a path or a binary file), row by row."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    # Write-only sheets take their view and widths before the first row.
    sheet.freeze_panes = "A2"
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column_width(column)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="E8EEF7")
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=str(column.header))
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(vertical="center")
        header.append(cell)
    sheet.append(header)
    for row in rows:
        sheet.append([_cell(sheet, value) for value in row])
    workbook.save(target)


def xlsx_response(
    *, filename: str, title: str, columns: Sequence[Column], rows: Iterable[Sequence[Any]]
) -> FileResponse:
    """The workbook as a download, streamed from a temporary file that goes when it closes."""
    # Not a context manager: FileResponse closes (and so deletes) it once it has been sent.
    spool = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115
    write_xlsx(spool, title=title, columns=columns, rows=rows)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=filename, content_type=XLSX_TYPE)
