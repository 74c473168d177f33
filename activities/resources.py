"""Spreadsheet import and export (django-import-export) of activities and agreements.

The formula escaping lives in ``brsportal.resources.SafeResource``; every resource
here derives from it.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model
from import_export import fields, widgets

from brsportal.resources import SafeResource, StrictManyToManyWidget, code_widget
from decisions.models import Convention, Meeting, Secretariat
from decisions.resources import DecisionsWidget

from .models import Activity, Biennium, ServiceAgreement, ThematicArea


class BienniumWidget(widgets.Widget):
    """A biennium as staff write it, ``2024–2025``; stored as its first year."""

    def clean(self, value: Any, row: dict | None = None, **kwargs: Any) -> int | None:
        if value in (None, ""):
            return None
        try:
            return Biennium.parse(str(value))
        except ValidationError as error:
            raise ValueError(error.messages[0]) from error

    def render(self, value: Any, obj: Model | None = None, **kwargs: Any) -> str:
        return Biennium.label(value) if value else ""


def codes_widget(model: type[Model], field: str = "code") -> StrictManyToManyWidget:
    return StrictManyToManyWidget(model, separator=",", field=field)


class ActivityResource(SafeResource):
    thematic_area = fields.Field(
        "thematic_area", "thematic_area", code_widget(ThematicArea, "slug")
    )
    biennium = fields.Field("biennium", "biennium", BienniumWidget())
    conventions = fields.Field("conventions", "conventions", codes_widget(Convention))
    secretariats = fields.Field(
        "secretariats", "secretariats", codes_widget(Secretariat)
    )
    decisions = fields.Field("decisions", "decisions", DecisionsWidget())
    # Export only: partners and events are edited in the activity's inlines.
    partners = fields.Field(column_name="partners", readonly=True)
    events = fields.Field(column_name="events", readonly=True)
    updated_at = fields.Field("updated_at", "updated_at", readonly=True)

    class Meta(SafeResource.Meta):
        model = Activity
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "title",
            "thematic_area",
            "kind",
            "status",
            "biennium",
            "position",
            "conventions",
            "secretariats",
            "decisions",
            "publication_status",
            "narrative",
            "partners",
            "events",
            "updated_at",
        ]

    def import_instance(self, instance: Model, row: dict, **kwargs: Any) -> None:
        """Also refuse a row that would leave the activity without a secretariat
        (a missing column is refused by SafeResource already)."""
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.error_dict
        field = self.fields["secretariats"]
        if field.attribute not in errors and field.column_name in row:
            try:
                Activity.check_owners(field.clean(row, **kwargs))
            except ValidationError as error:
                errors.update(error.error_dict)
        if errors:
            raise ValidationError(errors)

    def dehydrate_partners(self, activity: Activity) -> str:
        return "; ".join(
            f"{p.organization.name} ({p.get_role_display()})"
            for p in activity.partnerships.select_related("organization")
        )

    def dehydrate_events(self, activity: Activity) -> str:
        return "; ".join(
            f"{e.title} ({e.start_date:%Y-%m-%d})" for e in activity.events.all()
        )


class ServiceAgreementResource(SafeResource):
    provider = fields.Field("provider", "provider", code_widget(Secretariat))
    recipient = fields.Field("recipient", "recipient", code_widget(Secretariat))
    meetings = fields.Field("meetings", "meetings", codes_widget(Meeting, "slug"))
    biennium = fields.Field("biennium", "biennium", BienniumWidget())
    outstanding = fields.Field("outstanding", "outstanding", readonly=True)

    class Meta(SafeResource.Meta):
        model = ServiceAgreement
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "title",
            "provider",
            "recipient",
            "meetings",
            "status",
            "biennium",
            "currency",
            "estimated_cost",
            "invoiced_amount",
            "recovered_amount",
            "outstanding",
            "requested_on",
            "signed_on",
            "completed_on",
            "publication_status",
            "narrative",
        ]
