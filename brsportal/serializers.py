"""The serializer base every writable API resource uses, so the API validates exactly
as the admin does.

DRF never calls ``Model.full_clean()``: left alone, a write that breaks a model's
``clean()`` or one of its named constraints would reach the database and answer 500.
``CleanModelSerializer.validate`` builds the unsaved instance (many-to-many fields and
nested lists aside), runs ``full_clean()`` and turns Django's errors into DRF's
``{"field": ["message"], "non_field_errors": ["message"]}`` shape. ``save()`` runs in
one transaction, so nested rows are written all or nothing, and an ``IntegrityError``
that slips past validation (a race on a unique value) is still a 400.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import empty, get_error_detail
from rest_framework.settings import api_settings

from brsportal.links import IdentityLinkField, LinkField
from brsportal.prefetch import forget_prefetched

CONFLICT_MESSAGE = _(
    "This record conflicts with another one (a value that must be unique is taken)."
)


def concrete_field_names(model: type[models.Model]) -> set[str]:
    """Fields stored in the model's own table: no many-to-many, no reverse ones."""
    return {
        field.name
        for field in model._meta.get_fields()
        if field.concrete and not field.many_to_many
    }


def many_to_many_names(model: type[models.Model]) -> list[str]:
    return [field.name for field in model._meta.get_fields() if field.many_to_many]


@extend_schema_field({"type": "string", "format": "uri", "nullable": True})
class OptionalURLField(serializers.URLField):
    """A web address that may be missing: stored blank, shown as null (an empty
    string is not a valid "uri"); null and "" are both accepted on writes."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs["allow_blank"] = True
        super().__init__(**kwargs)

    def run_validation(self, data: Any = empty) -> Any:
        if data is None or data == "":
            return ""
        return super().run_validation(data)

    def to_representation(self, value: str) -> str | None:
        return value or None


UNENCODABLE_MESSAGE = _(
    "This value holds a character that cannot be stored (a lone UTF-16 surrogate)."
)


def has_lone_surrogate(value: Any) -> bool:
    """Whether a parsed JSON value holds text that UTF-8 cannot encode: JSON allows
    ``"\\ud800"``, the database driver would fail on it with a 500."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(value, Mapping):
        return any(
            has_lone_surrogate(k) or has_lone_surrogate(v) for k, v in value.items()
        )
    if isinstance(value, list):
        return any(has_lone_surrogate(item) for item in value)
    return False


class CleanModelSerializer(serializers.HyperlinkedModelSerializer):
    """A hyperlinked model serializer that runs the model's ``full_clean()``."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, Mapping):
            bad = [name for name, value in data.items() if has_lone_surrogate(value)]
            if bad:
                raise serializers.ValidationError(
                    {str(name): [UNENCODABLE_MESSAGE] for name in bad}
                )
        return super().to_internal_value(data)

    serializer_field_mapping = {
        **serializers.HyperlinkedModelSerializer.serializer_field_mapping,
        models.URLField: OptionalURLField,
    }
    serializer_related_field = LinkField
    serializer_url_field = IdentityLinkField

    # Fields full_clean must skip, e.g. the parent of a nested row that does not exist
    # yet while its parent is being validated.
    clean_exclude: tuple[str, ...] = ()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        self.check_publication(attrs)
        instance = self.build_instance(attrs)
        exclude = [*many_to_many_names(type(instance)), *self.clean_exclude]
        try:
            instance.full_clean(exclude=exclude)
        except DjangoValidationError as error:
            raise serializers.ValidationError(self.error_detail(error)) from error
        return attrs

    def check_publication(self, attrs: dict[str, Any]) -> None:
        """The admin's rule: only publishers publish, archive or withdraw."""
        request = self.context.get("request")
        if "publication_status" not in attrs or request is None:
            return
        record = self.instance or self.Meta.model()
        error = record.publication_error(request.user, attrs["publication_status"])
        if error:
            raise serializers.ValidationError({"publication_status": [error]})

    def build_instance(self, attrs: dict[str, Any]) -> models.Model:
        """The record as it would be saved, without touching the database."""
        model = self.Meta.model
        stored = {k: v for k, v in attrs.items() if k in concrete_field_names(model)}
        if self.instance is None:
            return model(**stored)
        instance = copy.copy(self.instance)
        for name, value in stored.items():
            setattr(instance, name, value)
        return instance

    def error_detail(self, error: DjangoValidationError) -> dict[str, Any]:
        """Django's errors keyed by this serializer's field names."""
        detail = get_error_detail(error)
        if not isinstance(detail, dict):
            return {api_settings.NON_FIELD_ERRORS_KEY: detail}
        by_source = {
            field.source: name
            for name, field in self.fields.items()
            if not field.read_only and field.source != "*"
        }
        result: dict[str, Any] = {}
        for key, messages in detail.items():
            if key == NON_FIELD_ERRORS:
                name = api_settings.NON_FIELD_ERRORS_KEY
            else:
                # A model field the API does not expose is reported as non-field.
                name = by_source.get(key, api_settings.NON_FIELD_ERRORS_KEY)
            result.setdefault(name, []).extend(messages)
        return result

    def save(self, **kwargs: Any) -> models.Model:
        try:
            with transaction.atomic():
                instance = super().save(**kwargs)
        except IntegrityError as error:
            raise serializers.ValidationError(
                {api_settings.NON_FIELD_ERRORS_KEY: [CONFLICT_MESSAGE]}
            ) from error
        # Row lists prefetched before the write are stale now (DRF clears only
        # Django's own prefetch cache).
        forget_prefetched(instance)
        return instance
