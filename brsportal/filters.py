"""Filters every list shares, pages and API alike."""

from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _

from brsportal.params import UtcDateTimeField

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
