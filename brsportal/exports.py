"""Spreadsheet exports of the public lists and the API: CSV and XLSX, streamed.

A list's export is a ``Table``: its columns, each a header, a function reading the
value from one record and the kind of cell it makes. Every table is written by the
same two writers:

- CSV: UTF-8 with a byte-order mark (so Excel reads "2014–2015" and accents right),
  a header row even when nothing matches, one row per record, streamed in chunks of
  rows so that memory stays flat however many records are exported;
- XLSX (openpyxl in write-only mode, rows go to a temporary file, not to memory):
  typed cells (dates as dates, amounts as numbers formatted with their currency,
  counts as integers), a bold header row and frozen panes under it.

Related records are written as people cite them (symbols, codes, names), never as
addresses; a list of them is joined with "; ". Every text cell passes through
``escape_formula``, the one function that neutralises spreadsheet formulas: the admin's
import/export (``decisions/resources.py``) and the API's renderer call it too.
"""

from __future__ import annotations

import csv
import datetime
import io
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import get_language

# What Excel, LibreOffice and Google Sheets treat as the start of a formula (OWASP
# "CSV injection"); tab and carriage return can hide one from a quick look.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
CHUNK_ROWS = 500
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")


def _needs_escape(text: str) -> bool:
    return text.lstrip("'").startswith(FORMULA_TRIGGERS)


def escape_formula(value: Any) -> Any:
    """Prefix an apostrophe to text a spreadsheet would run as a formula.

    Text already starting with apostrophes gets one more, so that
    ``unescape_formula`` gives back exactly what was exported.
    """
    if isinstance(value, str) and _needs_escape(value):
        return "'" + value
    return value


def unescape_formula(value: Any) -> Any:
    """Undo ``escape_formula`` on an imported cell."""
    if isinstance(value, str) and value.startswith("'") and _needs_escape(value[1:]):
        return value[1:]
    return value


@lru_cache(maxsize=1024)
def _label(choices: type, value: Any, language: str | None) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


def choice_label(choices: type, value: Any) -> str:
    """A choice's label, looked up once per value and language: an export of
    100,000 rows would otherwise translate the same few labels a million times."""
    return "" if value in (None, "") else _label(choices, value, get_language())


def joined(values: Iterable[Any]) -> str:
    """Several related records in one cell: ``BC; RC``."""
    return "; ".join(str(value) for value in values if value not in (None, ""))


@dataclass(frozen=True)
class Column:
    """One column: its header, how to read the value, and the cell's kind.

    ``kind`` is ``text``, ``int``, ``date``, ``datetime``, ``bool`` or ``money``; a
    money column names, in ``currency``, the function giving the row's currency.
    """

    header: str
    value: Callable[[Any], Any]
    kind: str = "text"
    currency: Callable[[Any], str] | None = None
    width: int = 18


@dataclass
class Table:
    """What an export of one list holds; ``prepare`` adds the prefetches it reads."""

    name: str
    columns: list[Column]
    prepare: Callable[[QuerySet], QuerySet] = field(default=lambda queryset: queryset)

    def headers(self) -> list[str]:
        return [str(column.header) for column in self.columns]

    def records(self, queryset: QuerySet) -> Iterator[Any]:
        """The records in chunks: prefetches run per chunk, memory stays flat."""
        return self.prepare(queryset).iterator(chunk_size=CHUNK_ROWS)

    def values(self, record: Any) -> list[Any]:
        return [column.value(record) for column in self.columns]


def csv_text(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, datetime.date | int | Decimal | float):
        return str(value)
    return escape_formula(str(value))


def csv_chunks(table: Table, records: Iterable[Any]) -> Iterator[str]:
    """The CSV as text chunks: the BOM and header first, then rows in batches."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write(BOM)
    writer.writerow(table.headers())
    for count, record in enumerate(records, start=1):
        writer.writerow(
            csv_text(value, column.kind)
            for value, column in zip(table.values(record), table.columns, strict=True)
        )
        if count % CHUNK_ROWS == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def money_format(currency: str) -> str:
    return f'#,##0.00 "{currency}"' if currency else "#,##0.00"


def xlsx_cell(sheet, value: Any, column: Column, record: Any):
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, datetime.datetime):
        # Excel has no time zones: the portal's local time, without its offset.
        value = timezone.localtime(value).replace(tzinfo=None)
    elif isinstance(value, str):
        value = escape_formula(value)
    cell = WriteOnlyCell(sheet, value=value)
    if column.kind == "date" and value is not None:
        cell.number_format = "yyyy-mm-dd"
    elif column.kind == "datetime" and value is not None:
        cell.number_format = "yyyy-mm-dd hh:mm"
    elif column.kind == "money" and value is not None:
        currency = column.currency(record) if column.currency else ""
        cell.number_format = money_format(currency)
    return cell


def write_xlsx(table: Table, records: Iterable[Any], target) -> None:
    """The workbook into ``target`` (a path or a binary file)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=table.name[:31])
    sheet.freeze_panes = "A2"
    for index, column in enumerate(table.columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    bold = Font(bold=True)
    header = []
    for title in table.headers():
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for record in records:
        sheet.append(
            [
                xlsx_cell(sheet, value, column, record)
                for value, column in zip(
                    table.values(record), table.columns, strict=True
                )
            ]
        )
    workbook.save(target)


def filename(table: Table, extension: str) -> str:
    return f"{table.name}-{timezone.localdate():%Y-%m-%d}.{extension}"


def export_response(table: Table, queryset: QuerySet, export_format: str):
    """The whole queryset as a CSV or XLSX download; ValueError on another format."""
    if export_format == "csv":
        response = StreamingHttpResponse(
            csv_chunks(table, table.records(queryset)),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="{filename(table, "csv")}"'
        )
        return response
    if export_format == "xlsx":
        # Write-only rows go to a temporary file; the response streams that file.
        spool = tempfile.TemporaryFile()  # noqa: SIM115 (closed by the response)
        write_xlsx(table, table.records(queryset), spool)
        spool.seek(0)
        return FileResponse(
            spool,
            as_attachment=True,
            filename=filename(table, "xlsx"),
            content_type=XLSX_TYPE,
        )
    raise ValueError(export_format)
