"""API endpoints of the decisions app, and the writable API base.

Conventions, secretariats, bodies, meetings, documents and decisions are reference data
kept in the admin; the API publishes them. Each list takes the same filters as its
public page (the FilterSets of ``decisions/filters.py``), plus keyword search (``q``),
``updated_since`` and ``ordering``. Pagination is described in ``brsportal/pagination``:
numbered pages for the small lists, cursor pages for decisions.
"""

from __future__ import annotations

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, viewsets

from brsportal.pagination import UpdatedCursorPagination
from brsportal.viewsets import (
    OTHER_SECRETARIAT,
    SLUG_PATTERN,
    ApiViewSetMixin,
    KeywordFilterSet,
    ModelPermissionsOrReadOnly,
    RecordRules,
    WritableViewSet,
    may_write,
)

from . import exports, serializers
from .filters import DecisionFilter, DocumentFilter, MeetingFilter
from .models import Convention, Decision, Document, Meeting, Organization, Secretariat
from .symbols import decision_candidates, decision_condition, parse_decision_symbol


class ReferenceDataViewSet(WritableViewSet):
    """Decisions, meetings, documents: staff with the model permission write them
    as in the admin, within their secretariat's records (checked on the record as
    saved, so a write cannot move a record into another secretariat's)."""

    permission_classes = [ModelPermissionsOrReadOnly, RecordRules]

    def check_scope(self, instance) -> None:
        if not may_write(self.request.user, instance):
            raise exceptions.PermissionDenied(OTHER_SECRETARIAT)

    def perform_create(self, serializer) -> None:
        with transaction.atomic():
            self.saved_instance = serializer.save()
            self.check_scope(self.saved_instance)

    def perform_update(self, serializer) -> None:
        with transaction.atomic():
            super().perform_update(serializer)
            self.check_scope(self.saved_instance)


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
    """Organizations: UN bodies, MEAs, funds and the partners of activities, by slug."""

    queryset = Organization.objects.all()
    export_table = exports.ORGANIZATIONS
    serializer_class = serializers.OrganizationSerializer
    filterset_class = OrganizationFilter
    ordering_fields = ["name", "acronym", "updated_at"]
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN


class ApiMeetingFilter(KeywordFilterSet, MeetingFilter):
    search_fields = ("slug", "title", "venue", "city", "country")


class MeetingViewSet(ReferenceDataViewSet):
    """Meetings of the conventions' bodies and of other bodies, by slug; joint
    meetings list every convention whose body meets. Staff with the permission
    create and edit them."""

    queryset = Meeting.objects.select_related(
        "convention", "organization"
    ).prefetch_related("conventions")
    export_table = exports.MEETINGS
    serializer_class = serializers.MeetingSerializer
    filterset_class = ApiMeetingFilter
    ordering_fields = ["start_date", "title", "updated_at"]
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN


class ApiDocumentFilter(DocumentFilter):
    """The documents page's filters; ``q`` and ``symbol`` read any form of a symbol."""


DOCUMENT_SYMBOL = OpenApiParameter(
    "symbol",
    str,
    OpenApiParameter.PATH,
    description=(
        "Any UN symbol of the document, slashes included: UNEP/CHW.17/INF/54, or a "
        "parallel symbol of a joint document, in any case."
    ),
)


@extend_schema_view(
    **{
        action: extend_schema(parameters=[DOCUMENT_SYMBOL])
        for action in ("retrieve", "update", "partial_update", "destroy")
    }
)
class DocumentViewSet(ReferenceDataViewSet):
    """Meeting documents, by any of their UN symbols with the slashes
    (documents/UNEP/CHW.17/4/, a parallel symbol, any case). Staff with the
    permission create and edit them; ``symbol`` may be a joint symbol."""

    queryset = Document.objects.select_related("meeting").prefetch_related(
        "parallel_symbols"
    )
    export_table = exports.DOCUMENTS
    serializer_class = serializers.DocumentSerializer
    filterset_class = ApiDocumentFilter
    ordering_fields = ["symbol", "title", "updated_at"]
    lookup_field = "symbol"
    lookup_value_regex = serializers.DOCUMENT_SYMBOL_PATTERN

    def get_object(self) -> Document:
        text = self.kwargs["symbol"]
        try:
            found = self.get_queryset().by_symbol(text)
        except DjangoValidationError as error:
            raise Http404 from error
        document = found.first()
        if document is None:
            raise Http404
        self.check_object_permissions(self.request, document)
        return document


def validate_symbol(value: str) -> None:
    """A symbol of one decision, or a form that names no convention (VII/26)."""
    try:
        parse_decision_symbol(value)
    except DjangoValidationError as error:
        if error.code != "ambiguous_symbol":
            raise


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
        """The decision a symbol names in any of its forms; a form that names no
        convention (VII/26) finds it in the convention filtered on, or in each."""
        convention = self.form.cleaned_data.get("convention")
        code = convention.code if convention else None
        return queryset.filter(decision_condition(decision_candidates(value, code)))


DECISION_SLUG = OpenApiParameter(
    "slug",
    str,
    OpenApiParameter.PATH,
    pattern=f"^{serializers.DECISION_SLUG_PATTERN}$",
    description=(
        "The symbol as a slug: bc-17-22 for BC-17/22, bc-7-26 for VII/26, "
        "bc-ex-1-1 for BC.Ex-1/1, bc-oewg-8-1 for OEWG-8/1."
    ),
)


@extend_schema_view(
    **{
        action: extend_schema(parameters=[DECISION_SLUG])
        for action in ("retrieve", "update", "partial_update", "destroy")
    }
)
class DecisionViewSet(ReferenceDataViewSet):
    """Decisions, by symbol slug (bc-17-22), with their paragraphs and recalls.
    Staff with the permission create and edit them, writing ``symbol`` as cited."""

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
        decision = get_object_or_404(self.get_queryset(), decision_condition([parts]))
        self.check_object_permissions(self.request, decision)
        return decision
