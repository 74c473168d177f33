"""API representations of activities (with their partners, events, references,
mandates, synergies and cost savings), thematic areas and service agreements.

An activity is written in one request with its partners, events and references; a
nested list that is sent replaces the stored one, a list that is left out is kept.
Every row is validated by its model's ``full_clean()`` (see ``brsportal.serializers``)
and the whole write is one transaction.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from brsportal.links import IdentityLinkField, LinkField
from brsportal.prefetch import PrefetchedListSerializer
from brsportal.serializers import (
    CleanModelSerializer,
    OptionalURLField,
)
from decisions.models import (
    Convention,
    Decision,
    DecisionParagraph,
    Document,
    Meeting,
    Organization,
    Secretariat,
)
from decisions.serializers import (
    DecisionLinkField,
    DocumentLinkField,
    PublicPageField,
    list_link,
)

from .models import (
    Activity,
    Biennium,
    CostSaving,
    Event,
    Partnership,
    Reference,
    ServiceAgreement,
    ServiceLine,
    Synergy,
    ThematicArea,
)
from .models.activities import FIRST_BIENNIUM, LAST_BIENNIUM

NOT_YOUR_SECRETARIAT = _(
    "Include one of your own secretariats: you may only write records of your "
    "secretariat or joint ones."
)


@extend_schema_field(
    {
        "type": "integer",
        "minimum": FIRST_BIENNIUM,
        "maximum": LAST_BIENNIUM,
        "multipleOf": 2,
        "description": "A biennium as its first, even year: 2024 is 2024-2025. "
        "Writes also accept the label '2024-2025'.",
    }
)
class BienniumField(serializers.Field):
    """A biennium as its first year; accepts 2024, "2024" or "2024-2025"."""

    def to_representation(self, value: int) -> int:
        return value

    def to_internal_value(self, data: Any) -> int:
        text = str(data).strip() if isinstance(data, int | str) else ""
        if isinstance(data, bool) or not text:
            raise serializers.ValidationError(Biennium.message())
        if text.isdigit():
            # A single year names the biennium it starts, so it must be even.
            text = f"{text}-{int(text) + 1}"
        try:
            return Biennium.parse(text)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from error


class ThematicAreaSerializer(CleanModelSerializer):
    url = IdentityLinkField(view_name="thematicarea-detail", lookup_field="slug")
    activities = serializers.SerializerMethodField()

    class Meta:
        model = ThematicArea
        fields = [
            "url",
            "slug",
            "name",
            "description",
            "position",
            "activities",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_activities(self, obj: ThematicArea) -> str:
        request = self.context.get("request")
        return list_link(request, "activity-list", thematic_area=obj.slug)


class NestedRowSerializer(CleanModelSerializer):
    """A row written inside its activity or agreement, which may not exist yet."""

    parent_field = "activity"
    clean_exclude = ("activity",)


class PartnershipSerializer(NestedRowSerializer):
    organization = LinkField(
        view_name="organization-detail",
        lookup_field="slug",
        queryset=Organization.objects.all(),
    )
    name = serializers.CharField(source="organization.name", read_only=True)

    class Meta:
        list_serializer_class = PrefetchedListSerializer
        model = Partnership
        fields = ["organization", "name", "role", "note"]


class EventSerializer(NestedRowSerializer):
    meeting = LinkField(
        view_name="meeting-detail",
        lookup_field="slug",
        queryset=Meeting.objects.all(),
        allow_null=True,
        required=False,
    )
    web_page = OptionalURLField(source="url", max_length=500)

    class Meta:
        list_serializer_class = PrefetchedListSerializer
        model = Event
        fields = [
            "kind",
            "title",
            "start_date",
            "date_precision",
            "end_date",
            "meeting",
            "venue",
            "city",
            "country",
            "online",
            "web_page",
        ]


class ReferenceSerializer(NestedRowSerializer):
    document = DocumentLinkField(
        queryset=Document.objects.all(),
        allow_null=True,
        required=False,
    )
    web_address = OptionalURLField(source="url", max_length=500)

    class Meta:
        list_serializer_class = PrefetchedListSerializer
        model = Reference
        fields = ["marker", "text", "web_address", "document", "position"]


class MandateParagraphSerializer(serializers.ModelSerializer):
    decision = DecisionLinkField(read_only=True)
    symbol = serializers.CharField(source="decision.symbol", read_only=True)

    class Meta:
        list_serializer_class = PrefetchedListSerializer
        model = DecisionParagraph
        fields = ["decision", "symbol", "reference"]


class SynergyRowSerializer(serializers.ModelSerializer):
    class Meta:
        list_serializer_class = PrefetchedListSerializer
        model = Synergy
        fields = ["description", "position"]


class CostSavingRowSerializer(serializers.ModelSerializer):
    class Meta:
        list_serializer_class = PrefetchedListSerializer
        model = CostSaving
        fields = ["year", "quarter", "amount", "currency", "note"]


class NestedWriteMixin:
    """Creates and replaces the nested lists named in ``nested_fields``."""

    nested_fields: tuple[str, ...] = ()

    def pop_nested(self, validated_data: dict[str, Any]) -> dict[str, list[dict]]:
        return {
            name: validated_data.pop(self.fields[name].source)
            for name in self.nested_fields
            if self.fields[name].source in validated_data
        }

    def save_nested(self, parent: models.Model, nested: dict[str, list[dict]]) -> None:
        for name, rows in nested.items():
            child = self.fields[name].child
            related = getattr(parent, self.fields[name].source)
            related.all().delete()
            for index, row in enumerate(rows):
                obj = related.model(**{child.parent_field: parent}, **row)
                try:
                    # Now the parent exists: checks such as unique markers can run.
                    obj.full_clean()
                except DjangoValidationError as error:
                    # Keyed by row number, as DRF reports a nested list's errors.
                    errors = {str(index): child.error_detail(error)}
                    raise serializers.ValidationError({name: errors}) from error
                obj.save()

    def create(self, validated_data: dict[str, Any]) -> models.Model:
        nested = self.pop_nested(validated_data)
        parent = super().create(validated_data)
        self.save_nested(parent, nested)
        return parent

    def update(
        self, instance: models.Model, validated_data: dict[str, Any]
    ) -> models.Model:
        nested = self.pop_nested(validated_data)
        instance = super().update(instance, validated_data)
        self.save_nested(instance, nested)
        return instance


class ActivitySerializer(NestedWriteMixin, CleanModelSerializer):
    nested_fields = ("partners", "events", "references")

    url = IdentityLinkField(view_name="activity-detail", lookup_field="slug")
    thematic_area = LinkField(
        view_name="thematicarea-detail",
        lookup_field="slug",
        queryset=ThematicArea.objects.all(),
    )
    biennium = BienniumField()
    biennium_label = serializers.CharField(read_only=True)
    conventions = LinkField(
        view_name="convention-detail",
        lookup_field="code",
        queryset=Convention.objects.all(),
        many=True,
    )
    secretariats = LinkField(
        view_name="secretariat-detail",
        lookup_field="code",
        queryset=Secretariat.objects.all(),
        many=True,
    )
    decisions = DecisionLinkField(
        queryset=Decision.objects.select_related("convention"),
        many=True,
        required=False,
    )
    decision_paragraphs = MandateParagraphSerializer(many=True, read_only=True)
    partners = PartnershipSerializer(source="partnerships", many=True, required=False)
    events = EventSerializer(many=True, required=False)
    references = ReferenceSerializer(many=True, required=False)
    synergies = SynergyRowSerializer(many=True, read_only=True)
    cost_savings = CostSavingRowSerializer(many=True, read_only=True)
    page = PublicPageField()

    class Meta:
        model = Activity
        fields = [
            "url",
            "slug",
            "title",
            "narrative",
            "thematic_area",
            "kind",
            "status",
            "biennium",
            "biennium_label",
            "position",
            "conventions",
            "secretariats",
            "decisions",
            "decision_paragraphs",
            "partners",
            "events",
            "references",
            "synergies",
            "cost_savings",
            "publication_status",
            "page",
            "created_at",
            "updated_at",
        ]

    def validate_secretariats(self, value: list[Secretariat]) -> list[Secretariat]:
        try:
            Activity.check_owners(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(
                error.message_dict["secretariats"]
            ) from error
        user = self.context["request"].user
        if not Activity.is_member_of_any(
            user, {secretariat.pk for secretariat in value}
        ):
            raise serializers.ValidationError(NOT_YOUR_SECRETARIAT)
        return value

    def validate_references(self, value: list[dict]) -> list[dict]:
        markers = [row["marker"] for row in value]
        if len(markers) != len(set(markers)):
            raise serializers.ValidationError(_("Each reference needs its own marker."))
        return value


class ServiceLineSerializer(NestedRowSerializer):
    parent_field = "agreement"
    clean_exclude = ("agreement",)

    class Meta:
        model = ServiceLine
        fields = ["service", "description", "estimated_cost"]


class ServiceAgreementSerializer(NestedWriteMixin, CleanModelSerializer):
    nested_fields = ("lines",)

    url = IdentityLinkField(view_name="serviceagreement-detail", lookup_field="slug")
    provider = LinkField(
        view_name="secretariat-detail",
        lookup_field="code",
        queryset=Secretariat.objects.all(),
    )
    recipient = LinkField(
        view_name="secretariat-detail",
        lookup_field="code",
        queryset=Secretariat.objects.all(),
    )
    meetings = LinkField(
        view_name="meeting-detail",
        lookup_field="slug",
        queryset=Meeting.objects.all(),
        many=True,
    )
    biennium = BienniumField()
    outstanding = serializers.DecimalField(
        max_digits=15, decimal_places=2, read_only=True
    )
    lines = ServiceLineSerializer(many=True, required=False)
    page = PublicPageField()

    class Meta:
        model = ServiceAgreement
        fields = [
            "url",
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
            "narrative",
            "publication_status",
            "lines",
            "page",
            "created_at",
            "updated_at",
        ]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        user = self.context["request"].user
        owners = self.build_instance(attrs).secretariat_ids()
        if not ServiceAgreement.is_member_of_any(user, owners):
            raise serializers.ValidationError({"provider": [NOT_YOUR_SECRETARIAT]})
        return super().validate(attrs)

    def validate_lines(self, value: list[dict]) -> list[dict]:
        services = [row["service"] for row in value]
        if len(services) != len(set(services)):
            raise serializers.ValidationError(_("Each service may appear only once."))
        return value


class ActivityRowMixin:
    """The activity a synergy or cost saving belongs to must be one the user edits."""

    def validate_activity(self, value: Activity) -> Activity:
        user = self.context["request"].user
        if not Activity.objects.editable_by(user).filter(pk=value.pk).exists():
            raise serializers.ValidationError(NOT_YOUR_SECRETARIAT)
        return value


class SynergySerializer(ActivityRowMixin, CleanModelSerializer):
    url = IdentityLinkField(view_name="synergy-detail")
    activity = LinkField(
        view_name="activity-detail",
        lookup_field="slug",
        queryset=Activity.objects.all(),
    )

    class Meta:
        model = Synergy
        fields = ["url", "activity", "description", "position"]


class CostSavingSerializer(ActivityRowMixin, CleanModelSerializer):
    url = IdentityLinkField(view_name="costsaving-detail")
    activity = LinkField(
        view_name="activity-detail",
        lookup_field="slug",
        queryset=Activity.objects.all(),
    )

    class Meta:
        model = CostSaving
        fields = ["url", "activity", "year", "quarter", "amount", "currency", "note"]
