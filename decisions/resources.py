"""Spreadsheet import and export (django-import-export) of conventions' records.

Every resource derives from ``brsportal.resources.SafeResource`` (formula cells
neutralised on export, restored on import).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy as _
from import_export import fields, widgets

from brsportal.resources import SafeResource, code_widget

from .models import Convention, Decision, Document, Meeting, Organization
from .symbols import parse_decision_symbol, parse_document_symbols


class DecisionsWidget(widgets.ManyToManyWidget):
    """Decisions as their symbols, ``BC-17/22; RC-11/8``, parsed as people type them."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(Decision, separator=";", **kwargs)

    def clean(self, value: Any, row: dict | None = None, **kwargs: Any) -> QuerySet:
        pks = []
        for text in filter(None, (p.strip() for p in str(value or "").split(";"))):
            try:
                parts = parse_decision_symbol(text)
            except ValidationError as error:
                raise ValueError(error.messages[0]) from error
            decision = Decision.objects.with_symbols([parts]).first()
            if decision is None:
                raise ValueError(f"Unknown decision: {parts}.")
            pks.append(decision.pk)
        return Decision.objects.filter(pk__in=pks)

    def render(self, value: Any, obj: Model | None = None, **kwargs: Any) -> str:
        if value is None:
            return ""
        return "; ".join(d.symbol for d in value.select_related("convention"))


class OrganizationResource(SafeResource):
    class Meta(SafeResource.Meta):
        model = Organization
        import_id_fields = ["slug"]
        fields = ["slug", "name", "acronym", "kind", "website"]


class MeetingResource(SafeResource):
    convention = fields.Field("convention", "convention", code_widget(Convention))
    organization = fields.Field(
        "organization", "organization", code_widget(Organization, "slug")
    )

    class Meta(SafeResource.Meta):
        model = Meeting
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "kind",
            "convention",
            "organization",
            "number",
            "title",
            "start_date",
            "end_date",
            "venue",
            "city",
            "country",
            "online",
            "status",
            "url",
        ]


class DocumentResource(SafeResource):
    """Documents by symbol; the symbol cell may hold a joint symbol (its parts
    become the parallel symbols) and is matched against documents that already
    hold any of its parts, so a joint document is never entered twice."""

    meeting = fields.Field("meeting", "meeting", code_widget(Meeting, "slug"))
    joint_symbol = fields.Field("joint_symbol", "joint_symbol", readonly=True)

    class Meta(SafeResource.Meta):
        model = Document
        import_id_fields = ["symbol"]
        fields = ["symbol", "joint_symbol", "title", "meeting", "url"]

    def before_import_row(self, row: dict, **kwargs: Any) -> None:
        super().before_import_row(row, **kwargs)
        text = row.get("symbol") or row.get("joint_symbol") or ""
        try:
            wanted = parse_document_symbols(str(text))
        except ValidationError as error:
            raise ValidationError({"symbol": error.messages}) from error
        holders = list(Document.objects.holding(wanted)[:2])
        if len(holders) > 1:
            raise ValidationError(
                {
                    "symbol": _(
                        "The parts of %(text)s belong to two documents (%(a)s; "
                        "%(b)s); a joint symbol is one document."
                    )
                    % {"text": text, "a": holders[0], "b": holders[1]}
                }
            )
        # The row updates the document that holds any of its symbols.
        row["symbol"] = holders[0].symbol if holders else wanted[0]
        row["__symbols__"] = wanted

    def import_instance(self, instance: Model, row: dict, **kwargs: Any) -> None:
        super().import_instance(instance, row, **kwargs)
        wanted = row.get("__symbols__") or [instance.symbol]
        instance.check_symbols_free(wanted)
        instance._parallel = [s for s in wanted if s != instance.symbol]

    def after_save_instance(self, instance: Model, row: dict, **kwargs: Any) -> None:
        super().after_save_instance(instance, row, **kwargs)
        if kwargs.get("dry_run") or not getattr(instance, "_parallel", None):
            return
        known = [s.symbol for s in instance.parallel_symbols.all()]
        instance.set_parallel_symbols(
            [*known, *(s for s in instance._parallel if s not in known)]
        )


class DecisionResource(SafeResource):
    """Decisions by symbol as written (``VII/26`` with the convention column,
    ``BC.Ex-1/1``, ``OEWG-8/1``), or by their parts in the columns convention,
    body, extraordinary, meeting_number and number; when both are given they must
    agree."""

    symbol = fields.Field("symbol", "symbol", readonly=True)
    convention = fields.Field("convention", "convention", code_widget(Convention))
    meeting = fields.Field("meeting", "meeting", code_widget(Meeting, "slug"))
    recalls = fields.Field("recalls", "recalls", DecisionsWidget())

    class Meta(SafeResource.Meta):
        model = Decision
        import_id_fields = [
            "convention",
            "body",
            "extraordinary",
            "meeting_number",
            "number",
        ]
        fields = [
            "symbol",
            "convention",
            "body",
            "extraordinary",
            "meeting_number",
            "number",
            "title",
            "summary",
            "meeting",
            "adopted_on",
            "status",
            "url",
            "recalls",
        ]

    def before_import(self, dataset, **kwargs: Any) -> None:
        # A file may give the symbol alone: its parts are read from it row by row.
        super().before_import(dataset, **kwargs)
        headers = dataset.headers or []
        # Files of the earlier columns (no body, no extraordinary) are COP decisions.
        wanted = ["body", "extraordinary"]
        if "symbol" in headers:
            wanted = self._meta.import_id_fields
        for column in wanted:
            if column not in headers:
                dataset.append_col([""] * dataset.height, header=column)

    def before_import_row(self, row: dict, **kwargs: Any) -> None:
        super().before_import_row(row, **kwargs)
        row.setdefault("body", "")
        row.setdefault("extraordinary", "")
        text = str(row.get("symbol") or "").strip()
        if not text:
            row["body"] = row["body"] or Decision.Body.COP
            row["extraordinary"] = row["extraordinary"] or "0"
            return
        try:
            parts = parse_decision_symbol(
                text, str(row.get("convention") or "") or None
            )
        except ValidationError as error:
            raise ValidationError({"symbol": error.messages}) from error
        given = {
            "convention": parts.code,
            "body": parts.body,
            "extraordinary": "1" if parts.extraordinary else "0",
            "meeting_number": str(parts.meeting_number),
            "number": str(parts.number),
        }
        for column, value in given.items():
            cell = str(row.get(column) or "").strip()
            if column == "extraordinary" and cell.lower() in {"true", "false"}:
                cell = "1" if cell.lower() == "true" else "0"
            if cell == "":
                row[column] = value
            elif cell.upper() != value.upper():
                raise ValidationError(
                    {
                        "symbol": _(
                            "The symbol %(symbol)s says %(column)s %(value)s, the "
                            "column says %(cell)s."
                        )
                        % {
                            "symbol": parts,
                            "column": column,
                            "value": value,
                            "cell": cell[:20],
                        }
                    }
                )
