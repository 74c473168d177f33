"""The filters of the decision, meeting and document lists, shared by pages and API."""

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from brsportal.filters import updated_since_filter

from .models import Convention, Decision, Document, Meeting
from .symbols import (
    DOCUMENT_KINDS,
    decision_candidates,
    decision_condition,
    kind_condition,
    parse_document_citation,
)


class DecisionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_search", label=_("Keywords"), max_length=200
    )
    convention = django_filters.ModelChoiceFilter(
        field_name="convention",
        to_field_name="code",
        queryset=Convention.objects.all(),
        label=_("Convention"),
    )
    meeting = django_filters.ModelChoiceFilter(
        field_name="meeting",
        to_field_name="slug",
        queryset=Meeting.objects.all(),
        label=_("Adopted at"),
    )
    meeting_number = django_filters.NumberFilter(min_value=1, max_value=999)
    updated_since = updated_since_filter()

    class Meta:
        model = Decision
        fields = ["q", "convention", "meeting", "meeting_number", "updated_since"]

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """Title and summary words, or the decision(s) a typed symbol names in any
        of its forms (BC-17/22, decision VII/26, BC.Ex-1/1)."""
        words = value.split()[:10]
        condition = Q()
        for word in words:
            condition &= Q(title__icontains=word) | Q(summary__icontains=word)
        found = decision_candidates(value)
        if found:
            condition |= decision_condition(found)
        return queryset.filter(condition)


class MeetingFilter(django_filters.FilterSet):
    convention = django_filters.ModelChoiceFilter(
        method="filter_convention",
        to_field_name="code",
        queryset=Convention.objects.all(),
        label=_("Convention"),
    )
    kind = django_filters.ChoiceFilter(choices=Meeting.Kind.choices, label=_("Kind"))
    status = django_filters.ChoiceFilter(choices=Meeting.Status.choices)
    start_after = django_filters.DateFilter(
        field_name="start_date", lookup_expr="gte", label=_("Starting on or after")
    )
    start_before = django_filters.DateFilter(
        field_name="start_date", lookup_expr="lte", label=_("Starting on or before")
    )
    year = django_filters.NumberFilter(
        field_name="start_date__year", min_value=1900, max_value=2100, label=_("Year")
    )
    updated_since = updated_since_filter()

    class Meta:
        model = Meeting
        fields = ["convention", "kind", "status", "year", "updated_since"]

    def filter_convention(
        self, queryset: QuerySet, name: str, value: Convention
    ) -> QuerySet:
        """The convention's meetings, joint and simultaneous ones included."""
        joint = Meeting.conventions.through.objects.filter(convention=value)
        return queryset.filter(Q(convention=value) | Q(pk__in=joint.values("meeting")))


class DocumentFilter(django_filters.FilterSet):
    """The documents list: by convention, meeting, kind and year, and a search that
    reaches a document through any of its symbols, however written."""

    q = django_filters.CharFilter(
        method="filter_search", label=_("Symbol or title words"), max_length=200
    )
    convention = django_filters.ModelChoiceFilter(
        method="filter_convention",
        to_field_name="code",
        queryset=Convention.objects.all(),
        label=_("Convention"),
    )
    meeting = django_filters.CharFilter(
        field_name="meeting__slug", max_length=80, label=_("Meeting (identifier)")
    )
    kind = django_filters.ChoiceFilter(
        method="filter_kind", choices=list(DOCUMENT_KINDS.items()), label=_("Kind")
    )
    year = django_filters.NumberFilter(
        field_name="meeting__start_date__year",
        min_value=1900,
        max_value=2100,
        label=_("Year"),
    )
    symbol = django_filters.CharFilter(
        method="filter_symbol", max_length=1000, label=_("Symbol (any of its forms)")
    )
    updated_since = updated_since_filter()

    class Meta:
        model = Document
        fields = ["q", "convention", "meeting", "kind", "year", "symbol"]

    def filter_convention(
        self, queryset: QuerySet, name: str, value: Convention
    ) -> QuerySet:
        meetings = Meeting.objects.filter(
            Q(convention=value) | Q(conventions=value)
        ).values("pk")
        return queryset.filter(meeting__in=meetings)

    def filter_kind(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(kind_condition(value))

    def filter_symbol(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """A whole symbol (any case, joint, range) finds its documents; the start of
        one (UNEP/CHW.17/) lists the documents whose symbols start so."""
        try:
            return queryset.filter(
                pk__in=Document.objects.by_symbol(value).values("pk")
            )
        except ValidationError:
            starting = Document.objects.filter(
                Q(symbol__istartswith=value)
                | Q(parallel_symbols__symbol__istartswith=value)
            )
            return queryset.filter(pk__in=starting.values("pk"))

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        try:
            parse_document_citation(value)
        except ValidationError:
            condition = Q()
            for word in value.split()[:10]:
                condition &= (
                    Q(title__icontains=word)
                    | Q(symbol__icontains=word)
                    | Q(parallel_symbols__symbol__icontains=word)
                )
            matching = Document.objects.filter(condition).values("pk")
            return queryset.filter(pk__in=matching)
        return self.filter_symbol(queryset, name, value)
