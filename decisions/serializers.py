"""API representations of conventions, secretariats, bodies, meetings, documents and
decisions. Records link to each other by URL; a related list that can grow (a meeting's
documents, the activities a decision mandates) is a link to the filtered list, so a
record's size and query count stay fixed and publication rules live in one place."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import NoReverseMatch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request

from brsportal.links import IdentityLinkField, LinkField, reverse
from brsportal.serializers import (
    CleanModelSerializer,
    FieldsBuiltOnceMixin,
    OptionalURLField,
)

from .models import (
    Convention,
    Decision,
    DecisionParagraph,
    Document,
    Meeting,
    Organization,
    Secretariat,
)
from .symbols import parse_decision_symbol

# How each resource is found in a URL (the router's lookup_value_regex).
CODE_PATTERN = r"[A-Za-z]{2,10}"
DECISION_SLUG_PATTERN = r"[a-z]{2}-[0-9]{1,3}-[0-9]{1,3}"
# A UN symbol keeps its slashes: /api/v1/documents/UNEP/CHW.17/INF/54/.
DOCUMENT_SYMBOL_PATTERN = r"[A-Z][A-Za-z0-9.()\-]*(?:/[A-Za-z0-9][A-Za-z0-9.()\-]*)+"


def list_link(request: Request | None, view_name: str, **params: str) -> str:
    """The address of an API list filtered by ``params``."""
    return f"{reverse(view_name, request=request)}?{urlencode(params)}"


def public_page(request: Request | None, obj) -> str | None:
    """The record's public web page, absolute; None while the page does not exist."""
    try:
        path = obj.get_absolute_url()
    except NoReverseMatch:
        return None
    return request.build_absolute_uri(path) if request else path


@extend_schema_field({"type": "string", "format": "uri", "nullable": True})
class PublicPageField(serializers.Field):
    """The record's public web page, absolute; null while the page does not exist."""

    def __init__(self, **kwargs) -> None:
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value) -> str | None:
        return public_page(self.context.get("request"), value)


class DecisionLinkField(LinkField):
    """A link to a decision, whose address holds its symbol as a slug (bc-17-22)."""

    view_name = "decision-detail"
    lookup_field = "slug"

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("view_name", self.view_name)
        kwargs.setdefault("lookup_field", self.lookup_field)
        super().__init__(**kwargs)

    def get_object(self, view_name: str, view_args, view_kwargs) -> Decision:
        try:
            parts = parse_decision_symbol(view_kwargs["slug"])
        except DjangoValidationError as error:
            raise Decision.DoesNotExist from error
        return self.get_queryset().get(
            convention__code=parts.code,
            meeting_number=parts.meeting_number,
            number=parts.number,
        )


class SecretariatSerializer(CleanModelSerializer):
    url = IdentityLinkField(view_name="secretariat-detail", lookup_field="code")
    conventions = LinkField(
        view_name="convention-detail", lookup_field="code", many=True, read_only=True
    )

    class Meta:
        model = Secretariat
        fields = [
            "url",
            "code",
            "name",
            "short_name",
            "location",
            "website",
            "conventions",
            "created_at",
            "updated_at",
        ]


class ConventionSerializer(CleanModelSerializer):
    url = IdentityLinkField(view_name="convention-detail", lookup_field="code")
    secretariat = LinkField(
        view_name="secretariat-detail", lookup_field="code", read_only=True
    )
    decisions = serializers.SerializerMethodField()
    activities = serializers.SerializerMethodField()

    class Meta:
        model = Convention
        fields = [
            "url",
            "code",
            "name",
            "short_name",
            "secretariat",
            "document_prefix",
            "adopted_in",
            "website",
            "position",
            "decisions",
            "activities",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_decisions(self, obj: Convention) -> str:
        return list_link(
            self.context.get("request"), "decision-list", convention=obj.code
        )

    @extend_schema_field(OpenApiTypes.URI)
    def get_activities(self, obj: Convention) -> str:
        return list_link(
            self.context.get("request"), "activity-list", convention=obj.code
        )


class OrganizationSerializer(CleanModelSerializer):
    url = IdentityLinkField(view_name="organization-detail", lookup_field="slug")
    activities = serializers.SerializerMethodField()

    class Meta:
        model = Organization
        fields = [
            "url",
            "slug",
            "name",
            "acronym",
            "kind",
            "website",
            "activities",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_activities(self, obj: Organization) -> str:
        return list_link(self.context.get("request"), "activity-list", partner=obj.slug)


class MeetingSerializer(CleanModelSerializer):
    url = IdentityLinkField(view_name="meeting-detail", lookup_field="slug")
    convention = LinkField(
        view_name="convention-detail",
        lookup_field="code",
        read_only=True,
        allow_null=True,
    )
    organization = LinkField(
        view_name="organization-detail",
        lookup_field="slug",
        read_only=True,
        allow_null=True,
    )
    web_page = OptionalURLField(source="url", read_only=True)
    page = PublicPageField()
    documents = serializers.SerializerMethodField()
    decisions = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = [
            "url",
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
            "web_page",
            "page",
            "documents",
            "decisions",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_documents(self, obj: Meeting) -> str:
        return list_link(self.context.get("request"), "document-list", meeting=obj.slug)

    @extend_schema_field(OpenApiTypes.URI)
    def get_decisions(self, obj: Meeting) -> str:
        return list_link(self.context.get("request"), "decision-list", meeting=obj.slug)


class DocumentSerializer(CleanModelSerializer):
    url = IdentityLinkField(view_name="document-detail", lookup_field="symbol")
    symbols = serializers.ListField(
        source="all_symbols", child=serializers.CharField(), read_only=True
    )
    joint_symbol = serializers.CharField(read_only=True)
    meeting = LinkField(
        view_name="meeting-detail",
        lookup_field="slug",
        read_only=True,
        allow_null=True,
    )
    web_address = OptionalURLField(source="url", read_only=True)

    class Meta:
        model = Document
        fields = [
            "url",
            "symbol",
            "symbols",
            "joint_symbol",
            "title",
            "meeting",
            "web_address",
            "created_at",
            "updated_at",
        ]


class DecisionParagraphSerializer(FieldsBuiltOnceMixin, serializers.ModelSerializer):
    class Meta:
        model = DecisionParagraph
        fields = ["reference", "text", "position"]


class DecisionSerializer(CleanModelSerializer):
    url = IdentityLinkField(view_name="decision-detail", lookup_field="slug")
    symbol = serializers.CharField(read_only=True)
    slug = serializers.CharField(read_only=True)
    convention = LinkField(
        view_name="convention-detail", lookup_field="code", read_only=True
    )
    meeting = LinkField(
        view_name="meeting-detail",
        lookup_field="slug",
        read_only=True,
        allow_null=True,
    )
    web_address = OptionalURLField(source="url", read_only=True)
    page = PublicPageField()
    paragraphs = DecisionParagraphSerializer(many=True, read_only=True)
    recalls = DecisionLinkField(many=True, read_only=True)
    recalled_by = DecisionLinkField(many=True, read_only=True)
    activities = serializers.SerializerMethodField()

    class Meta:
        model = Decision
        fields = [
            "url",
            "symbol",
            "slug",
            "convention",
            "meeting_number",
            "number",
            "title",
            "summary",
            "meeting",
            "adopted_on",
            "status",
            "web_address",
            "page",
            "paragraphs",
            "recalls",
            "recalled_by",
            "activities",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_activities(self, obj: Decision) -> str:
        """The (published, for the public) activities this decision mandates."""
        return list_link(
            self.context.get("request"), "activity-list", decision=obj.slug
        )
