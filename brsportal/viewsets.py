"""What every API list shares: keyword search and ``updated_since`` on its filters,
pagination, renderers (JSON, browsable, CSV export), ordering and schema."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer

from brsportal.exports import Table, export_response
from brsportal.filters import updated_since_filter
from brsportal.pagination import StandardPagination
from brsportal.params import StrictOrderingFilter
from brsportal.preconditions import ETagMixin
from brsportal.renderers import CSVRenderer
from brsportal.schema import AutoSchema


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
