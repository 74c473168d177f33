"""The API's search (/api/v1/search/?q=): the portal-wide search of
activities/search.py, same syntax, ranking, snippets and facets, paginated by page
number. Every parameter is checked first: a value it cannot use is a 400 naming it.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from brsportal.schema import AutoSchema
from decisions.models import Convention

from . import search
from .models import Biennium, ThematicArea

PAGE_SIZE = 20
MAX_PAGE = 500


class SearchParametersSerializer(serializers.Serializer):
    """What a client may send: the query and the facets, each optional but ``q``."""

    q = serializers.CharField(max_length=search.MAX_QUERY, trim_whitespace=True)
    kind = serializers.ChoiceField(choices=list(search.KINDS), required=False)
    convention = serializers.SlugRelatedField(
        slug_field="code", queryset=Convention.objects.all(), required=False
    )
    biennium = serializers.CharField(max_length=20, required=False)
    thematic_area = serializers.SlugRelatedField(
        slug_field="slug", queryset=ThematicArea.objects.all(), required=False
    )
    page = serializers.IntegerField(min_value=1, max_value=MAX_PAGE, default=1)

    def validate_q(self, value: str) -> str:
        if "\x00" in value:
            raise serializers.ValidationError(_("The query contains a NUL character."))
        if search.parse(value).empty:
            raise serializers.ValidationError(_("The query has no word to search for."))
        return value

    def validate_biennium(self, value: str) -> int:
        try:
            return Biennium.parse(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from error


class SearchHitSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=list(search.KINDS))
    title = serializers.CharField()
    url = serializers.CharField(allow_null=True)
    snippet = serializers.CharField(help_text=_("HTML: matches in <mark>, escaped."))


class FacetOptionSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()


class FacetSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    options = FacetOptionSerializer(many=True)


class SearchResultsSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.CharField(allow_null=True)
    previous = serializers.CharField(allow_null=True)
    results = SearchHitSerializer(many=True)
    facets = FacetSerializer(many=True)


class SearchSchema(AutoSchema):
    """One page of results with its facets: an object, not a list of them."""

    def _is_list_view(self, serializer: Any = None) -> bool:
        return False


class SearchViewSet(viewsets.ViewSet):
    """Search activities, decisions, documents, meetings and organisations."""

    permission_classes = []
    schema = SearchSchema()

    @extend_schema(
        parameters=[SearchParametersSerializer],
        responses={200: SearchResultsSerializer},
        description=(
            "Websearch syntax: words (all must match, in any form), "
            '"a phrase", a OR b, -word. Ranked by relevance: a decision or '
            "document whose symbol is the query first, then title matches, then "
            "mentions. Facets count what matches by kind, convention, biennium "
            "and thematic area."
        ),
    )
    def list(self, request: Request) -> Response:
        # A parameter of the record lists (updated_since, ordering, ...) means
        # nothing here: said so, rather than silently ignored.
        takes = {*SearchParametersSerializer().fields, "format"}
        if unknown := sorted(set(request.query_params) - takes):
            raise ValidationError(
                {
                    name: [
                        _("The search does not take this parameter; it takes %s.")
                        % ", ".join(sorted(takes - {"format"}))
                    ]
                    for name in unknown
                }
            )
        params = SearchParametersSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        filters = search.Filters(
            kind=data.get("kind", ""),
            convention=data.get("convention"),
            biennium=data.get("biennium"),
            thematic_area=data.get("thematic_area"),
        )
        number = data["page"]
        found = search.search(
            data["q"], filters, offset=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE
        )
        url = request.build_absolute_uri()
        last = max(1, -(-found.total // PAGE_SIZE))
        body = {
            "count": found.total,
            "next": replace_query_param(url, "page", number + 1)
            if number < min(last, MAX_PAGE)
            else None,
            "previous": None,
            "results": [
                {
                    "kind": hit.kind,
                    "title": hit.title,
                    "url": request.build_absolute_uri(hit.url) if hit.url else None,
                    "snippet": str(hit.snippet),
                }
                for hit in found.hits
            ],
            "facets": [
                {
                    "name": facet.name,
                    "label": facet.label,
                    "options": [
                        {"value": value, "label": label, "count": count}
                        for value, label, count in facet.options
                    ],
                }
                for facet in found.facets
            ],
        }
        if number > 1:
            body["previous"] = (
                replace_query_param(url, "page", number - 1)
                if number > 2
                else remove_query_param(url, "page")
            )
        return Response(SearchResultsSerializer(body).data)
