"""Conditional writes in the API: no person's change is silently overwritten.

Every record people edit carries a version (django-concurrency's
``AutoIncVersionField``), raised by each save. The API sends it as a strong ``ETag``
(``"<pk>-<version>"``) on every read of one record and on every write's answer. A
``PUT``, ``PATCH``, ``DELETE`` or publication step of an existing record must send the
ETag it read as ``If-Match``:

- without ``If-Match``: ``428 Precondition Required`` (RFC 6585), saying what to send;
- with an ETag that is no longer current: ``412 Precondition Failed``, and nothing is
  written. The check is made before the write and again by the write itself (the
  version is part of its ``UPDATE ... WHERE``), so two writers that read the same
  version at the same moment still end in one success and one 412.

``If-Match: *`` means "whatever the current version": for a client that has decided to
overwrite, knowingly.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from concurrency.exceptions import RecordModifiedError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.request import Request
from rest_framework.response import Response

STALE = _(
    "The record changed since you read it (its ETag no longer matches If-Match). "
    "Fetch it again and reapply your change."
)
MISSING = _(
    "This write needs an If-Match header: send the ETag you received when you read "
    "the record (GET it first), so that nobody else's change is overwritten."
)


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = STALE
    default_code = "precondition_failed"


class PreconditionRequired(exceptions.APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = MISSING
    default_code = "precondition_required"


def etag(instance: models.Model) -> str | None:
    """A strong validator from the record's version (django-concurrency)."""
    version = getattr(instance, "version", None)
    return None if version is None else f'"{instance.pk}-{version}"'


def check_if_match(request: Request, instance: models.Model) -> None:
    """Raise 428 without If-Match, 412 when it does not name the current version."""
    current = etag(instance)
    if current is None:
        return
    if_match = request.headers.get("If-Match", "").strip()
    if not if_match:
        raise PreconditionRequired
    if if_match == "*":
        return
    # A weak validator (W/"...") is compared by its value, as a client that went
    # through a compressing proxy would send it.
    tags = {tag.strip().removeprefix("W/") for tag in if_match.split(",")}
    if current not in tags:
        raise PreconditionFailed


def with_etag(response: Response, instance: models.Model | None) -> Response:
    tag = etag(instance) if instance is not None else None
    if tag:
        response["ETag"] = tag
    return response


class ETagMixin:
    """A viewset whose single-record reads carry the record's ETag."""

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        instance = self.get_object()
        response = Response(self.get_serializer(instance).data)
        return with_etag(response, instance)


def lock_current(instance: models.Model) -> None:
    """Inside a transaction: lock the record's row and refuse with 412 if its stored
    version is no longer the one read. The write lock (``SELECT ... FOR UPDATE`` on
    PostgreSQL, the immediate transaction on SQLite) makes a second writer wait
    until the first has committed, and then see its new version."""
    field = instance._concurrencymeta.field
    stored = (
        type(instance)
        ._base_manager.select_for_update()
        .filter(pk=instance.pk)
        .values_list(field.attname, flat=True)
        .first()
    )
    if stored is None:
        raise exceptions.NotFound
    if stored != getattr(instance, field.attname):
        raise PreconditionFailed


class ConditionalWriteMixin(ETagMixin):
    """A writable viewset whose changes of an existing record need If-Match."""

    def check_precondition(self, instance: models.Model) -> None:
        check_if_match(self.request, instance)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # DRF's UpdateModelMixin.update, with the precondition checked before the
        # body is validated: a stale copy is a 412 whatever it holds.
        partial = kwargs.pop("partial", False)
        instance = self.get_object()
        self.check_precondition(instance)
        serializer = self.get_serializer(instance, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        self.perform_update(serializer)
        # The saved record, not a new lookup: a write may have changed the slug in
        # the address, and a lookup by the old one would answer 404 after saving.
        return with_etag(Response(serializer.data), self.saved_instance)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().create(request, *args, **kwargs)
        return with_etag(response, getattr(self, "saved_instance", None))

    def perform_create(self, serializer) -> None:
        self.saved_instance = serializer.save()

    def perform_update(self, serializer) -> None:
        self.saved_instance = self.write(serializer.instance, serializer.save)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        instance = self.get_object()
        self.check_precondition(instance)
        self.perform_destroy(instance)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def write(self, instance: models.Model, change: Callable[[], Any]) -> Any:
        """Run ``change`` in one transaction, if the record is still as read."""
        with transaction.atomic():
            if etag(instance) is not None:
                lock_current(instance)
            try:
                return change()
            except RecordModifiedError as error:  # saved by someone else meanwhile
                raise PreconditionFailed from error
