"""CSV export of every API list (``?format=csv``), safe to open in a spreadsheet.

One row per record. Nested objects become dotted columns (``convention.code``), lists of
plain values are joined with ``; `` and lists of objects are written one object per
``; ``-separated entry as ``key=value`` pairs. A cell that a spreadsheet would read as a
formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is
prefixed with a single quote, so a hostile title such as ``=HYPERLINK(...)`` stays text.
The link to the next page of a paginated list is sent in a ``Link`` header. The text
starts with a byte-order mark, and an empty list still has its header row.

The lists with an export table (``brsportal/exports.py``) do not come here: they
stream every filtered record with the public pages' columns instead.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from typing import Any

from rest_framework.renderers import BaseRenderer

from .exports import BOM, escape_formula


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Mapping):
        return ", ".join(f"{key}={cell_text(item)}" for key, item in value.items())
    if isinstance(value, list | tuple):
        return "; ".join(cell_text(item) for item in value)
    return str(value)


def flatten(record: Mapping[str, Any], prefix: str = "") -> dict[str, str]:
    """One record's cells, nested objects spread over dotted column names."""
    cells: dict[str, str] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            cells.update(flatten(value, prefix=f"{name}."))
        else:
            cells[name] = escape_formula(cell_text(value))
    return cells


class CSVRenderer(BaseRenderer):
    """Renders a list (or one record, or an error) as a CSV table."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> bytes:
        records = self.records(data, renderer_context or {})
        rows = [flatten(record) for record in records]
        columns: dict[str, None] = {}
        for row in rows:
            columns.update(dict.fromkeys(row))
        if not rows:
            # An empty list still names its columns.
            columns = dict.fromkeys(self.field_names(renderer_context or {}))
        buffer = io.StringIO()
        buffer.write(BOM)  # Excel reads UTF-8 (accents, en dashes) only with it
        writer = csv.DictWriter(buffer, fieldnames=list(columns), restval="")
        writer.writeheader()
        writer.writerows(rows)
        return buffer.getvalue().encode(self.charset)

    @staticmethod
    def field_names(context: Mapping[str, Any]) -> list[str]:
        view = context.get("view")
        try:
            return list(view.get_serializer().fields)
        except Exception:
            return []

    def records(self, data: Any, context: Mapping[str, Any]) -> list[Mapping[str, Any]]:
        if data is None:
            return []
        if isinstance(data, Mapping) and isinstance(data.get("results"), list):
            response = context.get("response")
            if response is not None and data.get("next"):
                response["Link"] = f'<{data["next"]}>; rel="next"'
            return data["results"]
        if isinstance(data, list):
            return [
                item if isinstance(item, Mapping) else {"value": item} for item in data
            ]
        if isinstance(data, Mapping):
            return [data]
        return [{"value": data}]
