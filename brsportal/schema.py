"""The OpenAPI schema's error responses, documented once for every operation.

Every error has one of two shapes, DRF's defaults:

- 400: ``{"field": ["message"], "non_field_errors": ["message"]}``; a nested list's
  errors sit under its name, keyed by the failing rows' positions from 0
  (``{"events": {"1": {"end_date": ["..."]}}}``); a malformed request body gives
  ``{"detail": "message"}``.
- 401, 403, 404, 412, 429: ``{"detail": "message"}``; 429 also sends ``Retry-After``.

Writes to activities and service agreements may send ``If-Match`` with the ETag a
read returned; a stale one answers 412 instead of overwriting someone's change.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular import openapi
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework.permissions import SAFE_METHODS

ERROR_SCHEMA = {
    "type": "object",
    "description": "An error: what went wrong, in words.",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
VALIDATION_ERROR_SCHEMA = {
    "type": "object",
    "description": (
        "Validation errors: each invalid field's name with its messages; errors of "
        "the record as a whole under non_field_errors; a nested list's errors keyed "
        "by the failing rows' positions, from 0. A malformed body gives "
        "{detail: message}."
    ),
    "properties": {
        "non_field_errors": {"type": "array", "items": {"type": "string"}},
        "detail": {"type": "string"},
    },
    "additionalProperties": True,
}
DESCRIPTIONS = {
    "400": "Invalid input: a filter value, a field, or the request body.",
    "401": "Authentication failed: a missing, wrong or expired token.",
    "403": "Not allowed: no permission on this kind of record, or the record "
    "belongs to another secretariat.",
    "404": "No such record, page, cursor or format.",
    "412": "The record changed since you read it: its ETag no longer matches "
    "If-Match. Fetch it again and reapply your change.",
    "429": "Too many requests; retry after the number of seconds in Retry-After.",
}


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's schema, plus the error responses each operation can give."""

    def error_codes(self) -> list[str]:
        # 404 everywhere: an unknown ?format= is "not found" too.
        codes = ["401", "404", "429"]
        if self.method not in SAFE_METHODS:
            codes += ["400", "403"]
        if self.method in ("PUT", "PATCH", "DELETE"):
            codes.append("412")
        if self._is_list_view() and self.method == "GET":
            codes.append("400")
        return sorted(set(codes))

    def _get_response_bodies(self, direction: str = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code in self.error_codes():
            schema = VALIDATION_ERROR_SCHEMA if code == "400" else ERROR_SCHEMA
            name = "ValidationError" if code == "400" else "Error"
            component = ResolvedComponent(
                name=name, type=ResolvedComponent.SCHEMA, object=name, schema=schema
            )
            self.registry.register_on_missing(component)
            response = self._get_response_for_code(
                component.ref, code, direction=direction
            )
            response["description"] = DESCRIPTIONS[code]
            if code == "429":
                response["headers"] = {
                    "Retry-After": {
                        "schema": {"type": "integer"},
                        "description": "Seconds to wait before the next request.",
                    }
                }
            responses.setdefault(code, response)
        return responses
