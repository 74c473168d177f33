"""The OpenAPI schema's error responses, documented once for every operation.

Every error has one of two shapes, DRF's defaults:

- 400: ``{"field": ["message"], "non_field_errors": ["message"]}``; a nested list's
  errors sit under its name, keyed by the failing rows' positions from 0
  (``{"events": {"1": {"end_date": ["..."]}}}``); a malformed request body gives
  ``{"detail": "message"}``.
- 401, 403, 404, 412, 428, 429: ``{"detail": "message"}``; 429 also sends
  ``Retry-After``.

A change of an existing record (PUT, PATCH, DELETE, publish, archive) must send
``If-Match`` with the ETag a read returned: without it 428, with a stale one 412
(brsportal/preconditions.py).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular import openapi
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.utils import OpenApiParameter
from rest_framework.permissions import SAFE_METHODS

IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=True,
    description="The ETag of the record as you read it (or * to overwrite whatever "
    "is stored). Without it: 428; no longer current: 412.",
)

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
    "400": "Invalid input: a parameter (filter, ordering, page, page size, cursor, "
    "format), a field, or the request body; the answer names it.",
    "401": "Authentication failed: a missing, wrong or expired token.",
    "403": "Not allowed: no permission on this kind of record, or the record "
    "belongs to another secretariat.",
    "404": "No such record or page.",
    "412": "The record changed since you read it: its ETag no longer matches "
    "If-Match. Fetch it again and reapply your change.",
    "428": "This change needs an If-Match header with the ETag you read.",
    "429": "Too many requests; retry after the number of seconds in Retry-After.",
}


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's schema, plus the error responses each operation can give."""

    def changes_a_record(self) -> bool:
        """Whether the operation changes an existing record (If-Match required)."""
        action = getattr(self.view, "action", None)
        return self.method in ("PUT", "PATCH", "DELETE") or action in (
            "publish",
            "archive",
        )

    def get_override_parameters(self) -> list:
        parameters = list(super().get_override_parameters())
        if self.changes_a_record():
            parameters.append(IF_MATCH)
        return parameters

    def error_codes(self) -> list[str]:
        # 400 everywhere: an unknown ?format= is refused by name on any address.
        codes = ["400", "401", "404", "429"]
        if self.method not in SAFE_METHODS:
            codes.append("403")
        if self.changes_a_record():
            codes += ["412", "428"]
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
