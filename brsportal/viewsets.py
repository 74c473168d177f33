"""What every API list shares: keyword search and ``updated_since`` on its filters,
pagination, renderers (JSON, browsable, CSV export), ordering and schema."""

from __future__ import annotations

import django_filters
from django.db.models import ProtectedError, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions, permissions, viewsets
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.settings import api_settings

from brsportal.exports import Table, export_response
from brsportal.filters import updated_since_filter
from brsportal.pagination import StandardPagination
from brsportal.params import StrictOrderingFilter
from brsportal.preconditions import ConditionalWriteMixin, ETagMixin
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


# The writable API base: model permissions, JSON bodies, conditional writes --------

SLUG_PATTERN = r"[-a-zA-Z0-9_]+"


STILL_REFERRED_TO = _("Other records still refer to this one; it cannot be deleted: %s")


class ModelPermissionsOrReadOnly(permissions.DjangoModelPermissions):
    """Anyone may read; a write needs the model's permission, plus view as the admin."""

    perms_map = {
        **permissions.DjangoModelPermissions.perms_map,
        "POST": [
            "%(app_label)s.view_%(model_name)s",
            "%(app_label)s.add_%(model_name)s",
        ],
        "PUT": [
            "%(app_label)s.view_%(model_name)s",
            "%(app_label)s.change_%(model_name)s",
        ],
        "PATCH": [
            "%(app_label)s.view_%(model_name)s",
            "%(app_label)s.change_%(model_name)s",
        ],
        "DELETE": [
            "%(app_label)s.view_%(model_name)s",
            "%(app_label)s.delete_%(model_name)s",
        ],
    }

    def has_permission(self, request: Request, view) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return super().has_permission(request, view)


class BoundedJSONParser(JSONParser):
    """DRF's JSON parser, answering 400 instead of 500 to a body nested so deep
    (``[[[[...]]]]``) that Python's decoder runs out of recursion."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            raise ParseError(
                _("JSON parse error - the body is nested too deep.")
            ) from error


class WritableViewSet(ConditionalWriteMixin, ApiViewSetMixin, viewsets.ModelViewSet):
    """A writable list: reads for everyone, writes with the model permission, JSON
    bodies, conditional writes (ETag, If-Match: 428 without it, 412 when stale;
    brsportal/preconditions.py) and 400 for a record still used."""

    permission_classes = [ModelPermissionsOrReadOnly]
    # One documented request format; nested lists do not fit HTML forms anyway.
    parser_classes = [BoundedJSONParser]

    def perform_destroy(self, instance) -> None:
        try:
            self.write(instance, instance.delete)
        except ProtectedError as error:
            users = ", ".join(sorted({str(obj) for obj in error.protected_objects}))
            raise exceptions.ValidationError(
                {api_settings.NON_FIELD_ERRORS_KEY: [STILL_REFERRED_TO % users]}
            ) from error


OTHER_SECRETARIAT = _("This record belongs to another secretariat.")


class RecordRules(permissions.BasePermission):
    """A write may only touch a record its user may change in the admin: the
    object permissions of ``rules`` (an editor's own secretariat, shared records)."""

    message = OTHER_SECRETARIAT

    def has_object_permission(self, request: Request, view, obj) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return may_write(request.user, obj, request.method)


def may_write(user, obj, method: str = "PUT") -> bool:
    action = "delete" if method == "DELETE" else "change"
    opts = obj._meta
    return user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}", obj)
