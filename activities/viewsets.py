"""API endpoints of the activities app: activities, thematic areas, synergies, cost
savings and service agreements.

Who sees what: anonymous clients see published records only, as on the public pages.
A staff member with the view permission also sees the drafts of their own secretariat
(or joint ones), never another secretariat's. Writes need the model permission (with
view, as in the admin) and may only touch records of the user's secretariat: another
secretariat's published record answers 403, its draft 404 (it is not visible at all).

Activities are paginated by cursor (see ``brsportal/pagination.py``): deep pages cost
the same as the first however large the table grows.
"""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from brsportal.filters import updated_since_filter
from brsportal.pagination import UpdatedCursorPagination
from brsportal.preconditions import with_etag
from brsportal.prefetch import rows
from brsportal.viewsets import (
    SLUG_PATTERN,
    ApiViewSetMixin,
    KeywordFilterSet,
    ModelPermissionsOrReadOnly,
    RecordRules,
    WritableViewSet,
)

from . import exports
from . import serializers as api_serializers
from .filters import (
    ActivityFilter,
    CostSavingFilter,
    ServiceAgreementFilter,
    SynergyFilter,
)
from .models import (
    PublicationStatus,
    ThematicArea,
)


class IsPublisher(permissions.BasePermission):
    """Holds the model's publish permission (report editors, administrators)."""

    message = _("Only report editors or administrators can publish or archive.")

    def has_permission(self, request: Request, view) -> bool:
        model = view.get_queryset().model
        return bool(
            request.user
            and request.user.is_authenticated
            and request.user.has_perm(
                f"{model._meta.app_label}.publish_{model._meta.model_name}"
            )
        )


class ScopedViewSet(WritableViewSet):
    """A writable list whose rows are published or belong to secretariats."""

    permission_classes = [ModelPermissionsOrReadOnly, RecordRules]

    def editable_queryset(self) -> QuerySet:
        model = self.serializer_class.Meta.model
        return model.objects.editable_by(self.request.user)

    def published_queryset(self) -> QuerySet:
        return self.serializer_class.Meta.model.objects.published()

    def visible_queryset(self) -> QuerySet:
        """Published rows, plus the drafts the user may edit."""
        published = self.published_queryset()
        user = self.request.user
        model = published.model
        if user.has_perm(f"{model._meta.app_label}.publish_{model._meta.model_name}"):
            return model._default_manager.all()  # publishers review every draft
        if not user.is_authenticated or not user.has_perm(
            f"{model._meta.app_label}.view_{model._meta.model_name}"
        ):
            return published
        editable = self.editable_queryset().values("pk")
        return model._default_manager.filter(
            Q(pk__in=published.values("pk")) | Q(pk__in=editable)
        )


class PublicationActions:
    """publish/archive for the records that go through publication (Publishable);
    synergies and cost savings follow their activity and have none."""

    @extend_schema(request=None, responses={200: None})
    @action(detail=True, methods=["post"], permission_classes=[IsPublisher])
    def publish(self, request: Request, *args, **kwargs) -> Response:
        """Publish the record (report editors and administrators)."""
        return self._move(PublicationStatus.PUBLISHED)

    @extend_schema(request=None, responses={200: None})
    @action(detail=True, methods=["post"], permission_classes=[IsPublisher])
    def archive(self, request: Request, *args, **kwargs) -> Response:
        """Archive the record: it leaves the public pages and API."""
        return self._move(PublicationStatus.ARCHIVED)

    def _move(self, status_value: str) -> Response:
        instance = self.get_object()
        self.check_precondition(instance)
        # IsPublisher has let only publishers in: move_to has nothing to refuse.
        user = self.request.user
        self.write(instance, lambda: instance.move_to(status_value, by=user))
        serializer = self.get_serializer(instance)
        return with_etag(Response(serializer.data), instance)


class ThematicAreaFilter(KeywordFilterSet):
    search_fields = ("slug", "name", "description")

    class Meta:
        model = ThematicArea
        fields = ["q", "updated_since"]


class ThematicAreaViewSet(ApiViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """The themes of joint work, by slug, in report order."""

    queryset = ThematicArea.objects.all()
    export_table = exports.THEMATIC_AREAS
    serializer_class = api_serializers.ThematicAreaSerializer
    filterset_class = ThematicAreaFilter
    ordering_fields = ["position", "name", "updated_at"]
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN


class ApiActivityFilter(ActivityFilter):
    # The page's sort options are replaced by the cursor's (see the module docstring).
    ordering = None


class ActivityViewSet(PublicationActions, ScopedViewSet):
    """Joint activities, by slug, with partners, events, references and mandates."""

    export_table = exports.ACTIVITIES
    serializer_class = api_serializers.ActivitySerializer
    filterset_class = ApiActivityFilter
    pagination_class = UpdatedCursorPagination
    ordering_fields = ["updated_at"]
    ordering = ["-updated_at"]
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN

    def get_queryset(self) -> QuerySet:
        return (
            self.visible_queryset()
            .with_details(prefetch=rows)
            .with_results(prefetch=rows)
        )


class ApiServiceAgreementFilter(KeywordFilterSet, ServiceAgreementFilter):
    search_fields = ("slug", "title", "narrative")

    class Meta(ServiceAgreementFilter.Meta):
        fields = [*ServiceAgreementFilter.Meta.fields, "q", "updated_since"]


class ServiceAgreementViewSet(PublicationActions, ScopedViewSet):
    """Cost-recovery agreements between the secretariats, by slug, with their lines."""

    export_table = exports.SERVICE_AGREEMENTS
    serializer_class = api_serializers.ServiceAgreementSerializer
    filterset_class = ApiServiceAgreementFilter
    ordering_fields = ["biennium", "requested_on", "title", "updated_at"]
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN

    def get_queryset(self) -> QuerySet:
        return (
            self.visible_queryset()
            .select_related("provider", "recipient")
            .prefetch_related("meetings", "lines")
        )


class ActivityRowFilter(KeywordFilterSet):
    """Rows hanging off an activity; ``updated_since`` reads their change history,
    as the rows carry no timestamp of their own."""

    activity = django_filters.CharFilter(field_name="activity__slug", max_length=120)
    updated_since = updated_since_filter(method="filter_changed_since")

    def filter_changed_since(self, queryset: QuerySet, name: str, value) -> QuerySet:
        changed = self.Meta.model.history.filter(history_date__gte=value)
        return queryset.filter(pk__in=changed.values("id"))


class ApiSynergyFilter(ActivityRowFilter, SynergyFilter):
    search_fields = ("description",)

    class Meta(SynergyFilter.Meta):
        fields = ["q", "activity", *SynergyFilter.Meta.fields, "updated_since"]


class ApiCostSavingFilter(ActivityRowFilter, CostSavingFilter):
    search_fields = ("note", "activity__title")

    class Meta(CostSavingFilter.Meta):
        fields = [
            "q",
            "activity",
            *CostSavingFilter.Meta.fields,
            "currency",
            "updated_since",
        ]


class ActivityRowViewSet(ScopedViewSet):
    """Rows whose visibility and scope are their activity's."""

    lookup_value_regex = r"[0-9]+"

    def get_queryset(self) -> QuerySet:
        return self.visible_queryset().select_related("activity")


class SynergyViewSet(ActivityRowViewSet):
    """Synergies the activities yield."""

    export_table = exports.SYNERGIES
    serializer_class = api_serializers.SynergySerializer
    filterset_class = ApiSynergyFilter
    ordering_fields = ["position", "id"]


class CostSavingViewSet(ActivityRowViewSet):
    """Cost savings the activities achieved, by quarter."""

    export_table = exports.COST_SAVINGS
    serializer_class = api_serializers.CostSavingSerializer
    filterset_class = ApiCostSavingFilter
    ordering_fields = ["year", "quarter", "amount", "id"]
