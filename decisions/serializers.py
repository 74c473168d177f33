"""API representations of conventions, secretariats, bodies, meetings, documents and
decisions. Records link to each other by URL; a related list that can grow (a meeting's
documents, the activities a decision mandates) is a link to the filtered list, so a
record's size and query count stay fixed and publication rules live in one place."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.urls import NoReverseMatch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request

from brsportal.links import IdentityLinkField, LinkField, reverse
from brsportal.serializers import (
    CleanModelSerializer,
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
from .symbols import (
    ACCEPTED_FORMS,
    DECISION_SLUG_PATTERN,
    DOCUMENT_ACCEPTED_FORMS,
    DOCUMENT_SYMBOL_PATTERN,
    decision_condition,
    parse_decision_symbol,
    parse_document_symbols,
)

# How each resource is found in a URL (the router's lookup_value_regex); decision
# slugs (bc-17-22, bc-ex-1-1) and UN symbols with their slashes come from the grammar.
CODE_PATTERN = r"[A-Za-z]{2,10}"
__all__ = ["CODE_PATTERN", "DECISION_SLUG_PATTERN", "DOCUMENT_SYMBOL_PATTERN"]


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
        return self.get_queryset().get(decision_condition([parts]))


class DocumentLinkField(LinkField):
    """A link to a document under any of its symbols (a parallel one, any case)."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("view_name", "document-detail")
        kwargs.setdefault("lookup_field", "symbol")
        super().__init__(**kwargs)

    def get_object(self, view_name: str, view_args, view_kwargs) -> Document:
        try:
            found = self.get_queryset().by_symbol(view_kwargs["symbol"]).first()
        except DjangoValidationError as error:
            raise Document.DoesNotExist from error
        if found is None:
            raise Document.DoesNotExist
        return found


class ConventionLinkField(LinkField):
    """A convention by link, or by its code (BC) as staff write it."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("view_name", "convention-detail")
        kwargs.setdefault("lookup_field", "code")
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, str) and "/" not in data and len(data) <= 10:
            convention = Convention.objects.filter(code=data.upper()).first()
            if convention is None:
                self.fail("does_not_exist")
            return convention
        return super().to_internal_value(data)


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
    convention = ConventionLinkField(
        queryset=Convention.objects.all(), allow_null=True, required=False
    )
    conventions = ConventionLinkField(
        many=True, queryset=Convention.objects.all(), required=False
    )
    organization = LinkField(
        view_name="organization-detail",
        lookup_field="slug",
        queryset=Organization.objects.all(),
        allow_null=True,
        required=False,
    )
    session = serializers.CharField(read_only=True)
    web_page = OptionalURLField(source="url", max_length=200)
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
            "conventions",
            "organization",
            "number",
            "extraordinary",
            "session",
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
    """A document; ``symbol`` is written as cited, a joint symbol whose further
    parts become the parallel symbols (a range is refused)."""

    url = IdentityLinkField(view_name="document-detail", lookup_field="symbol")
    symbol = serializers.CharField(max_length=1000, help_text=DOCUMENT_ACCEPTED_FORMS)
    symbols = serializers.ListField(
        source="all_symbols", child=serializers.CharField(), read_only=True
    )
    joint_symbol = serializers.CharField(read_only=True)
    meeting = LinkField(
        view_name="meeting-detail",
        lookup_field="slug",
        queryset=Meeting.objects.all(),
        allow_null=True,
        required=False,
    )
    web_address = OptionalURLField(source="url", max_length=500)
    page = PublicPageField()

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
            "page",
            "created_at",
            "updated_at",
        ]

    def validate_symbol(self, value: str) -> str:
        try:
            self.typed_symbols = parse_document_symbols(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from error
        return self.typed_symbols[0]

    def validate(self, attrs: dict) -> dict:
        attrs = super().validate(attrs)
        wanted = getattr(self, "typed_symbols", [])
        if len(wanted) > 1:
            probe = self.instance or Document()
            try:
                probe.check_symbols_free(wanted)
            except DjangoValidationError as error:
                raise serializers.ValidationError(self.error_detail(error)) from error
        return attrs

    def save(self, **kwargs) -> Document:
        try:
            with transaction.atomic():
                document = super().save(**kwargs)
                typed = getattr(self, "typed_symbols", [])[1:]
                if typed:
                    known = [s.symbol for s in document.parallel_symbols.all()]
                    document.set_parallel_symbols(
                        [*known, *(s for s in typed if s not in known)]
                    )
        except DjangoValidationError as error:  # a part taken meanwhile
            raise serializers.ValidationError({"symbol": error.messages}) from error
        return document


class DecisionParagraphSerializer(serializers.ModelSerializer):
    class Meta:
        model = DecisionParagraph
        fields = ["reference", "text", "position"]


class DecisionSerializer(CleanModelSerializer):
    """A decision; on writes ``symbol`` is the symbol as written (BC-17/22, VII/26
    with ``convention``, BC.Ex-1/1, OEWG-8/1) and its parts are read from it."""

    url = IdentityLinkField(view_name="decision-detail", lookup_field="slug")
    symbol = serializers.CharField(max_length=60, help_text=ACCEPTED_FORMS)
    key = serializers.CharField(read_only=True)
    slug = serializers.CharField(read_only=True)
    convention = ConventionLinkField(queryset=Convention.objects.all(), required=False)
    session = serializers.CharField(source="parts.session", read_only=True)
    meeting = LinkField(
        view_name="meeting-detail",
        lookup_field="slug",
        queryset=Meeting.objects.all(),
        allow_null=True,
        required=False,
    )
    web_address = OptionalURLField(source="url", max_length=500)
    page = PublicPageField()
    paragraphs = DecisionParagraphSerializer(many=True, read_only=True)
    recalls = DecisionLinkField(
        many=True,
        queryset=Decision.objects.select_related("convention"),
        required=False,
    )
    recalled_by = DecisionLinkField(many=True, read_only=True)
    activities = serializers.SerializerMethodField()

    class Meta:
        model = Decision
        fields = [
            "url",
            "symbol",
            "key",
            "slug",
            "convention",
            "body",
            "extraordinary",
            "session",
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
        read_only_fields = ["body", "extraordinary", "meeting_number", "number"]

    def validate(self, attrs: dict) -> dict:
        text = attrs.pop("symbol", None)
        if text is None and self.instance is None:
            raise serializers.ValidationError(
                {"symbol": [serializers.Field.default_error_messages["required"]]}
            )
        if text is not None:
            probe = Decision()
            convention = attrs.get("convention")
            try:
                try:
                    probe.set_symbol(text, convention)
                except DjangoValidationError as error:
                    # A form that names no convention keeps the record's own.
                    if convention or self.instance is None:
                        raise
                    if getattr(error, "code", None) != "ambiguous_symbol":
                        raise
                    probe.set_symbol(text, self.instance.convention)
            except DjangoValidationError as error:
                raise serializers.ValidationError(self.error_detail(error)) from error
            attrs.update(
                convention=probe.convention,
                body=probe.body,
                extraordinary=probe.extraordinary,
                meeting_number=probe.meeting_number,
                number=probe.number,
            )
        return super().validate(attrs)

    def error_detail(self, error: DjangoValidationError) -> dict:
        detail = super().error_detail(error)
        # The parts are read from the symbol: their errors are the symbol's.
        for name in ("body", "extraordinary", "meeting_number", "number"):
            if name in getattr(error, "error_dict", {}):
                detail.setdefault("symbol", []).extend(
                    detail.pop("non_field_errors", [])
                )
        return detail

    @extend_schema_field(OpenApiTypes.URI)
    def get_activities(self, obj: Decision) -> str:
        """The (published, for the public) activities this decision mandates."""
        return list_link(
            self.context.get("request"), "activity-list", decision=obj.slug
        )
