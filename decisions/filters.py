"""The filters of the decision, meeting and document lists, shared by pages and API."""

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from brsportal.params import UtcDateTimeField

from .models import Convention, Decision, Document, Meeting

UPDATED_SINCE_HELP = _("Only records changed at or after this time (ISO 8601).")


class UtcIsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    """An ISO 8601 time compared in UTC: ISO allows offsets (+17:26) that PostgreSQL
    rejects with an error, and times at the calendar's edge that have no UTC
    equivalent; the form field converts, or refuses with a form error (a 400)."""

    field_class = UtcDateTimeField


def updated_since_filter(**kwargs: Any) -> UtcIsoDateTimeFilter:
    """The harvesters' filter every list has."""
    kwargs = {"field_name": "updated_at", "lookup_expr": "gte", **kwargs}
    return UtcIsoDateTimeFilter(label=UPDATED_SINCE_HELP, **kwargs)


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
        words = value.split()[:10]
        condition = Q()
        for word in words:
            condition &= Q(title__icontains=word) | Q(summary__icontains=word)
        return queryset.filter(condition)


class MeetingFilter(django_filters.FilterSet):
    convention = django_filters.ModelChoiceFilter(
        field_name="convention",
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


class DocumentFilter(django_filters.FilterSet):
    meeting = django_filters.CharFilter(field_name="meeting__slug", max_length=80)
    symbol = django_filters.CharFilter(
        field_name="symbol", lookup_expr="istartswith", max_length=120
    )
    updated_since = updated_since_filter()

    class Meta:
        model = Document
        fields = ["meeting", "symbol", "updated_since"]
