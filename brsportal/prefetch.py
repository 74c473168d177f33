"""Related rows fetched once for a page of records and kept as plain lists.

``prefetch_related("events")`` keeps each record's rows behind its related manager:
for every record and relation Django builds a filtered queryset to hold them: for a
20-row API page of activities with nine relations, 180 querysets that never run
(the cost: bench/results/devices.md). ``Prefetch(to_attr=...)``
stores a list instead. ``rows()`` names that list after the relation
(``events_rows``); ``prefetched()`` reads it back, and the serializer fields below
read it when it is there and the relation itself when it is not (a record just
created, or loaded without the prefetch).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model, Prefetch, QuerySet
from rest_framework import relations, serializers

SUFFIX = "_rows"


def rows(relation: str, queryset: QuerySet | None = None) -> Prefetch:
    """Prefetch ``relation`` into the list ``<relation>_rows``."""
    return Prefetch(relation, queryset=queryset, to_attr=relation + SUFFIX)


def prefetched(instance: Model, relation: str) -> list | None:
    """The rows ``rows(relation)`` left on the instance, or None."""
    return instance.__dict__.get(relation + SUFFIX)


def prefetched_or_related(instance: Model, relation: str) -> list:
    """The rows ``rows(relation)`` left on the instance, else the relation's rows."""
    found = prefetched(instance, relation)
    return list(getattr(instance, relation).all()) if found is None else found


class PrefetchedRowsMixin:
    """For a many-valued field: read the prefetched list when there is one."""

    def get_attribute(self, instance: Any) -> Any:
        found = None
        if isinstance(instance, Model) and "." not in self.source:
            found = prefetched(instance, self.source)
        return super().get_attribute(instance) if found is None else found


class PrefetchedListSerializer(PrefetchedRowsMixin, serializers.ListSerializer):
    """A nested list (``many=True``) that reads ``rows()`` lists."""


class PrefetchedManyRelatedField(PrefetchedRowsMixin, relations.ManyRelatedField):
    """A list of links (``many=True``) that reads ``rows()`` lists."""


def forget_prefetched(instance: Model) -> None:
    """Drop the ``rows()`` lists of an instance that was just written."""
    for name in [n for n in instance.__dict__ if n.endswith(SUFFIX)]:
        del instance.__dict__[name]
