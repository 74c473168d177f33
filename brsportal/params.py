"""Every API parameter a client can send is parsed here, once, at the edge.

A value the API cannot use is a 400 that names the parameter and the form it accepts,
``{"ordering": ["..."]}``, never a value silently ignored and never a server error:

- ``ordering``: one of the list's sort fields, optionally prefixed by ``-``;
- ``page`` and ``page_size``: whole numbers, the page size from 1 to the list's maximum;
- ``cursor``: only as the API gave it out in a ``next`` or ``previous`` link;
- ``format``: ``json``, ``api`` or ``csv``;
- times (``updated_since``): ISO 8601 that converts to UTC within years 1-9999.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from django_filters.fields import IsoDateTimeField
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter
from rest_framework.negotiation import DefaultContentNegotiation

TIME_MESSAGE = _(
    "Enter a date and time in ISO 8601, such as 2025-01-31T12:00:00Z or "
    "2025-01-31T13:00:00+01:00, that falls within the years 1 to 9999 in UTC."
)
CURSOR_MESSAGE = _(
    "This cursor is not one the API gave out: follow the next and previous links "
    "as they are, or start again from the first page without a cursor."
)


def refuse(parameter: str, message: Any) -> ValidationError:
    """The 400 every parameter error answers: ``{"parameter": ["message"]}``."""
    return ValidationError({parameter: [message]})


def to_utc(value: datetime.datetime) -> datetime.datetime:
    """An aware time in UTC; ValueError if that falls outside years 1-9999."""
    try:
        return value.astimezone(datetime.UTC)
    except OverflowError as error:  # 0001-01-01T00:00+14:00, 9999-12-31T23:59-12:00
        raise ValueError(str(TIME_MESSAGE)) from error


class UtcDateTimeField(IsoDateTimeField):
    """An ISO 8601 time, converted to UTC while the form is cleaned: a time that
    has no UTC equivalent is a form error, not an OverflowError in the query."""

    default_error_messages = {"invalid": TIME_MESSAGE}

    def to_python(self, value: Any) -> datetime.datetime | None:
        try:
            parsed = super().to_python(value)
        except OverflowError as error:  # a naive time at the calendar's edge
            raise forms.ValidationError(TIME_MESSAGE, code="invalid") from error
        if parsed is None:
            return None
        try:
            return to_utc(parsed)
        except ValueError as error:
            raise forms.ValidationError(TIME_MESSAGE, code="invalid") from error


def cursor_position(text: str | None) -> str | None:
    """A cursor's position (an ``updated_at``), checked to be a time the database
    can compare; returned as given, since DRF compares it as text with rows'."""
    if text is None:
        return None
    try:
        parsed = parse_datetime(text)
    except ValueError:  # well formed but impossible, such as month 13
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        raise refuse("cursor", CURSOR_MESSAGE)
    try:
        to_utc(parsed)
    except ValueError as error:
        raise refuse("cursor", CURSOR_MESSAGE) from error
    return text


def whole_number(parameter: str, text: str, *, maximum: int | None = None) -> int:
    """A positive whole number, up to ``maximum``, or a 400 saying so."""
    text = text.strip()
    if text.isascii() and text.isdigit() and len(text) <= 18:
        number = int(text)
        if number >= 1 and (maximum is None or number <= maximum):
            return number
    if maximum is None:
        raise refuse(parameter, _("Enter a whole number from 1 upwards."))
    raise refuse(
        parameter,
        _("Enter a whole number from 1 to %(maximum)d.") % {"maximum": maximum},
    )


class StrictOrderingFilter(OrderingFilter):
    """DRF's ``ordering``, refusing a field the list cannot be sorted by (DRF
    ignores it and sorts by the default, which a client would take for its order)."""

    def remove_invalid_fields(
        self, queryset, fields: Iterable[str], view, request
    ) -> list[str]:
        fields = [field.strip() for field in fields]
        valid = super().remove_invalid_fields(queryset, fields, view, request)
        if len(valid) != len([field for field in fields if field]):
            names = sorted(
                {name for name, _label in self.get_valid_fields(queryset, view)}
            )
            choices = ", ".join(names)
            raise refuse(
                self.ordering_param,
                _(
                    "Sort by one of: %(choices)s, each optionally preceded by - "
                    "for descending order, several separated by commas."
                )
                % {"choices": choices},
            )
        return valid


class StrictContentNegotiation(DefaultContentNegotiation):
    """An unknown ``?format=`` is a 400 naming the formats (DRF answers 404, as if
    the record did not exist)."""

    def filter_renderers(self, renderers, format):
        found = [renderer for renderer in renderers if renderer.format == format]
        if not found:
            choices = ", ".join(renderer.format for renderer in renderers)
            raise refuse(
                self.settings.URL_FORMAT_OVERRIDE,
                _("Unknown format; choose one of: %(choices)s.") % {"choices": choices},
            )
        return found
