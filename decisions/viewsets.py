"""Read-only API endpoints of the decisions app, and the pieces every viewset shares.

Conventions, secretariats, bodies, meetings, documents and decisions are reference data
kept in the admin; the API publishes them. Each list takes the same filters as its
public page (the FilterSets of ``decisions/filters.py``), plus keyword search (``q``),
``updated_since`` and ``ordering``. Pagination is described in ``brsportal/pagination``:
numbered pages for the small lists, cursor pages for decisions.
"""

from __future__ import annotations

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer

from brsportal.exports import Table, export_response
from brsportal.pagination import StandardPagination, UpdatedCursorPagination
from brsportal.params import StrictOrderingFilter
from brsportal.preconditions import ETagMixin
from brsportal.renderers import CSVRenderer
from brsportal.schema import AutoSchema

from . import exports, serializers
from .filters import (
    DecisionFilter,
    DocumentFilter,
    MeetingFilter,
    updated_since_filter,
)
from .models import Convention, Decision, Document, Meeting, Organization, Secretariat
from .symbols import parse_decision_symbol

SLUG_PATTERN = r"[-a-zA-Z0-9_]+"


class KeywordFilterSet(django_filters.FilterSet):
    """Adds ``q`` (every word must appear in one of ``search_fields``) and
    ``updated_since`` to a list's filters."""

    search_fields: tuple[str, ...] = ()

    q = django_filters.CharFilter(
        method="filter_keywords", label=_("Keywords"), max_length=200
    )
    updated_since = updated_since_filter()

    def filter_keywords(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        condition = Q()
        for word in value.split()[:10]:
            # Field names come from the class, only the words from the request.
            matches = Q()
            for field in self.search_fields:
                matches |= Q(**{f"{field}__icontains": word})
            condition &= matches
        return queryset.filter(condition).distinct()


class ApiViewSetMixin(ETagMixin):
    """Pagination, renderers (JSON, browsable, CSV), filters and schema of a list;
    one record's read carries its ETag (brsportal/preconditions.py).

    A list with an ``export_table`` answers ``?format=csv`` with the same CSV as its
    public page's export: every filtered record (no pages), streamed, with symbols
    and names instead of addresses, and a header row even when nothing matches.
    """

    pagination_class = StandardPagination
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, CSVRenderer]
    filter_backends = [DjangoFilterBackend, StrictOrderingFilter]
    schema = AutoSchema()
    export_table: Table | None = None

    def list(self, request, *args, **kwargs):
        renderer = getattr(request, "accepted_renderer", None)
        if self.export_table is not None and getattr(renderer, "format", "") == "csv":
            queryset = self.filter_queryset(self.get_queryset())
            return export_response(
                self.export_table, queryset.prefetch_related(None), "csv"
            )
        return super().list(request, *args, **kwargs)


class SecretariatFilter(KeywordFilterSet):
    search_fields = ("code", "name", "short_name")

    class Meta:
        model = Secretariat
        fields = ["q", "updated_since"]


class SecretariatViewSet(ApiViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """The secretariats, by code (BRS, MC)."""

    queryset = Secretariat.objects.prefetch_related("conventions")
    export_table = exports.SECRETARIATS
    serializer_class = serializers.SecretariatSerializer
    filterset_class = SecretariatFilter
    ordering_fields = ["code", "name", "updated_at"]
    lookup_field = "code"
    lookup_value_regex = serializers.CODE_PATTERN


class ConventionFilter(KeywordFilterSet):
    search_fields = ("code", "name", "short_name")
    secretariat = django_filters.CharFilter(
        field_name="secretariat__code", max_length=10, label=_("Secretariat code")
    )

    class Meta:
        model = Convention
        fields = ["q", "secretariat", "updated_since"]


class ConventionViewSet(ApiViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """The conventions, by code (BC, RC, SC, MC; any case)."""

    queryset = Convention.objects.select_related("secretariat")
    export_table = exports.CONVENTIONS
    serializer_class = serializers.ConventionSerializer
    filterset_class = ConventionFilter
    ordering_fields = ["position", "code", "name", "updated_at"]
    lookup_field = "code"
    lookup_value_regex = serializers.CODE_PATTERN

    def get_object(self) -> Convention:
        self.kwargs["code"] = self.kwargs["code"].upper()
        return super().get_object()


class OrganizationFilter(KeywordFilterSet):
    search_fields = ("slug", "name", "acronym")
    kind = django_filters.ChoiceFilter(choices=Organization.Kind.choices)

    class Meta:
        model = Organization
        fields = ["q", "kind", "updated_since"]


class OrganizationViewSet(ApiViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Other bodies: UN bodies, MEAs, funds, partners and donors, by slug."""

    queryset = Organization.objects.all()
    export_table = exports.ORGANIZATIONS
    serializer_class = serializers.OrganizationSerializer
    filterset_class = OrganizationFilter
    ordering_fields = ["name", "acronym", "updated_at"]
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN


class ApiMeetingFilter(KeywordFilterSet, MeetingFilter):
    search_fields = ("slug", "title", "venue", "city", "country")


class MeetingViewSet(ApiViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Meetings of the conventions' bodies and of other bodies, by slug."""

    queryset = Meeting.objects.select_related("convention", "organization")
    export_table = exports.MEETINGS
    serializer_class = serializers.MeetingSerializer
    filterset_class = ApiMeetingFilter
    ordering_fields = ["start_date", "title", "updated_at"]
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN


class ApiDocumentFilter(KeywordFilterSet, DocumentFilter):
    search_fields = ("symbol", "title", "parallel_symbols__symbol")


@extend_schema_view(
    retrieve=extend_schema(
        parameters=[
            OpenApiParameter(
                "symbol",
                str,
                OpenApiParameter.PATH,
                description="The UN symbol, slashes included: UNEP/CHW.17/INF/54.",
            )
        ]
    )
)
class DocumentViewSet(ApiViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Meeting documents, by UN symbol with its slashes (documents/UNEP/CHW.17/4/)."""

    queryset = Document.objects.select_related("meeting").prefetch_related(
        "parallel_symbols"
    )
    export_table = exports.DOCUMENTS
    serializer_class = serializers.DocumentSerializer
    filterset_class = ApiDocumentFilter
    ordering_fields = ["symbol", "title", "updated_at"]
    lookup_field = "symbol"
    lookup_value_regex = serializers.DOCUMENT_SYMBOL_PATTERN


def validate_symbol(value: str) -> None:
    parse_decision_symbol(value)


class ApiDecisionFilter(DecisionFilter):
    symbol = django_filters.CharFilter(
        method="filter_symbol",
        max_length=40,
        validators=[validate_symbol],
        label=_("Decision symbol (BC-17/22)"),
    )
    status = django_filters.ChoiceFilter(choices=Decision.Status.choices)

    class Meta(DecisionFilter.Meta):
        fields = [*DecisionFilter.Meta.fields, "symbol", "status"]

    def filter_symbol(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        parts = parse_decision_symbol(value)
        return queryset.filter(
            convention__code=parts.code,
            meeting_number=parts.meeting_number,
            number=parts.number,
        )


DECISION_SLUG = OpenApiParameter(
    "slug",
    str,
    OpenApiParameter.PATH,
    pattern=f"^{serializers.DECISION_SLUG_PATTERN}$",
    description="The symbol as a slug: bc-17-22 for BC-17/22.",
)


@extend_schema_view(retrieve=extend_schema(parameters=[DECISION_SLUG]))
class DecisionViewSet(ApiViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """COP decisions, by symbol slug (bc-17-22), with their paragraphs and recalls."""

    queryset = Decision.objects.select_related(
        "convention", "meeting"
    ).prefetch_related("paragraphs", "recalls__convention", "recalled_by__convention")
    export_table = exports.DECISIONS
    serializer_class = serializers.DecisionSerializer
    filterset_class = ApiDecisionFilter
    pagination_class = UpdatedCursorPagination
    ordering_fields = ["updated_at"]
    ordering = ["-updated_at"]
    lookup_field = "slug"
    lookup_value_regex = serializers.DECISION_SLUG_PATTERN

    def get_object(self) -> Decision:
        try:
            parts = parse_decision_symbol(self.kwargs["slug"])
        except DjangoValidationError as error:
            raise Http404 from error
        decision = get_object_or_404(
            self.get_queryset(),
            convention__code=parts.code,
            meeting_number=parts.meeting_number,
            number=parts.number,
        )
        self.check_object_permissions(self.request, decision)
        return decision
