"""A read-only feed of decisions and meetings in InforMEA's vocabulary, for harvesting
by InforMEA (the UN portal of environmental agreements), at /api/informea/.

Field names and value lists are InforMEA's. How our values map onto theirs:

- decision ``type`` is always ``decision``; ``status`` is our status, whose values
  are InforMEA's list (active, adopted, amended, draft, retired); ``number`` is the
  symbol in its official form (BC-17/22, VII/26, BC.Ex-1/1, OEWG-8/1: as the
  decision was issued, never a form no document used); ``treaty`` is InforMEA's treaty
  identifier (basel, rotterdam, stockholm, minamata); ``published`` is the adoption
  date, or else the last day of the meeting that adopted it
  (``Decision.published_on``); ``keywords`` are InforMEA (LEO) terms, each
  ``{"namespace", "term"}``: those the thematic areas of the published activities the
  decision mandates map to (the mapping is data, kept in the admin under thematic
  areas and InforMEA terms; a theme without a mapping gives no keyword).
- meeting ``kind``: ``official`` for our conventions' bodies, ``partner`` for other
  bodies. ``type``: ``cop``; ``working`` for the OEWG; ``subsidiary`` for committees
  and scientific groups; ``expert``; otherwise ``other``. ``access``: ``member`` for
  sessions of parties (COP, OEWG, committees), ``invitation`` for expert and regional
  meetings, ``public`` otherwise. ``status``: planned is ``confirmed``, held is
  ``over``, then ``postponed`` and ``cancelled``. ``country`` is the ISO 3166-1
  alpha-2 code (``Meeting.country_code``) and ``location`` the venue, else the city
  and country; both are null when not known, never empty strings. ``virtual`` is
  whether the meeting is held online.

Every record has ``updated`` (its last change), and both lists take
``updated_since``, for harvesting only what changed.

The keywords come from activities, the app above this one: the one import upward,
stated as an exception in the import contract (pyproject.toml).
"""

from __future__ import annotations

import django_filters
from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import extend_schema_field
from rest_framework import generics, serializers

from activities.models import Activity
from brsportal.filters import updated_since_filter
from brsportal.pagination import UpdatedCursorPagination
from brsportal.viewsets import ApiViewSetMixin

from .models import Convention, Decision, Meeting
from .serializers import public_page

LANGUAGE = "en"
TREATIES = {"BC": "basel", "RC": "rotterdam", "SC": "stockholm", "MC": "minamata"}
DECISION_STATUSES = {
    Decision.Status.ACTIVE: "active",
    Decision.Status.ADOPTED: "adopted",
    Decision.Status.AMENDED: "amended",
    Decision.Status.DRAFT: "draft",
    Decision.Status.RETIRED: "retired",
}
MEETING_TYPES = {
    Meeting.Kind.COP: "cop",
    Meeting.Kind.OEWG: "working",
    Meeting.Kind.ICC: "subsidiary",
    Meeting.Kind.CRC: "subsidiary",
    Meeting.Kind.POPRC: "subsidiary",
    Meeting.Kind.OESG: "subsidiary",
    Meeting.Kind.EEG: "subsidiary",
    Meeting.Kind.SBSTTA: "subsidiary",
    Meeting.Kind.EXPERT: "expert",
}
PARTIES_ONLY = {"cop", "working", "subsidiary"}
MEETING_STATUSES = {
    Meeting.Status.PLANNED: "confirmed",
    Meeting.Status.HELD: "over",
    Meeting.Status.POSTPONED: "postponed",
    Meeting.Status.CANCELLED: "cancelled",
}


def enum(values) -> dict:
    return {"type": "string", "enum": sorted(set(values))}


def treaty(convention: Convention | None) -> str | None:
    if convention is None:
        return None
    return TREATIES.get(convention.code, convention.code.lower())


def localized(text: str) -> list[dict[str, str]]:
    return [{"language": LANGUAGE, "value": text}] if text else []


class LocalizedTextSerializer(serializers.Serializer):
    language = serializers.CharField()
    value = serializers.CharField()


LOCALIZED = LocalizedTextSerializer(many=True)
NULLABLE_URI = {"type": "string", "format": "uri", "nullable": True}
NULLABLE_STRING = {"type": "string", "nullable": True}
KEYWORDS = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {
            "namespace": {"type": "string", "format": "uri"},
            "term": {"type": "string"},
        },
        "required": ["namespace", "term"],
    },
}


class InforMEADecisionSerializer(serializers.Serializer):
    id = serializers.CharField(source="slug")
    link = serializers.SerializerMethodField()
    title = serializers.SerializerMethodField()
    summary = serializers.SerializerMethodField()
    type = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()
    number = serializers.CharField(source="symbol")
    treaty = serializers.SerializerMethodField()
    published = serializers.DateField(source="published_on", allow_null=True)
    updated = serializers.DateTimeField(source="updated_at")
    # camelCase: InforMEA's field names.
    meetingId = serializers.SerializerMethodField()
    meetingTitle = serializers.SerializerMethodField()
    meetingUrl = serializers.SerializerMethodField()
    keywords = serializers.SerializerMethodField()

    @extend_schema_field(NULLABLE_URI)
    def get_link(self, obj: Decision) -> str | None:
        return obj.url or public_page(self.context.get("request"), obj)

    @extend_schema_field(LOCALIZED)
    def get_title(self, obj: Decision) -> list[dict[str, str]]:
        return localized(obj.title)

    @extend_schema_field(LOCALIZED)
    def get_summary(self, obj: Decision) -> list[dict[str, str]]:
        return localized(obj.summary)

    @extend_schema_field(enum(["decision"]))
    def get_type(self, obj: Decision) -> str:
        return "decision"

    @extend_schema_field(enum(DECISION_STATUSES.values()))
    def get_status(self, obj: Decision) -> str:
        return DECISION_STATUSES.get(obj.status, "adopted")

    @extend_schema_field(NULLABLE_STRING)
    def get_treaty(self, obj: Decision) -> str | None:
        return treaty(obj.convention)

    @extend_schema_field(NULLABLE_STRING)
    def get_meetingId(self, obj: Decision) -> str | None:
        return obj.meeting.slug if obj.meeting else None

    @extend_schema_field(NULLABLE_STRING)
    def get_meetingTitle(self, obj: Decision) -> str | None:
        return obj.meeting.title if obj.meeting else None

    @extend_schema_field(NULLABLE_URI)
    def get_meetingUrl(self, obj: Decision) -> str | None:
        if obj.meeting is None:
            return None
        return obj.meeting.url or public_page(self.context.get("request"), obj.meeting)

    @extend_schema_field(KEYWORDS)
    def get_keywords(self, obj: Decision) -> list[dict[str, str]]:
        terms = {
            (term.namespace, term.term)
            for activity in obj.published_activities
            for term in activity.thematic_area.informea_terms.all()
        }
        return [
            {"namespace": namespace, "term": term} for namespace, term in sorted(terms)
        ]


class InforMEAMeetingSerializer(serializers.Serializer):
    id = serializers.CharField(source="slug")
    treaty = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    title = serializers.SerializerMethodField()
    start = serializers.DateField(source="start_date")
    end = serializers.DateField(source="end_date", allow_null=True)
    kind = serializers.SerializerMethodField()
    type = serializers.SerializerMethodField()
    access = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()
    repetition = serializers.SerializerMethodField()
    location = serializers.SerializerMethodField()
    city = serializers.SerializerMethodField()
    country = serializers.SerializerMethodField()
    latitude = serializers.SerializerMethodField()
    longitude = serializers.SerializerMethodField()
    virtual = serializers.BooleanField(source="online")
    updated = serializers.DateTimeField(source="updated_at")

    @extend_schema_field(NULLABLE_STRING)
    def get_repetition(self, obj: Meeting) -> str | None:
        return None  # sessions are single events

    @extend_schema_field(NULLABLE_STRING)
    def get_location(self, obj: Meeting) -> str | None:
        if obj.venue:
            return obj.venue
        place = ", ".join(part for part in (obj.city, obj.country) if part)
        return place or None

    @extend_schema_field(NULLABLE_STRING)
    def get_city(self, obj: Meeting) -> str | None:
        return obj.city or None

    @extend_schema_field({**NULLABLE_STRING, "pattern": "^[A-Z]{2}$"})
    def get_country(self, obj: Meeting) -> str | None:
        return obj.country_code

    @extend_schema_field({"type": "number", "nullable": True})
    def get_latitude(self, obj: Meeting) -> float | None:
        return None  # not recorded

    @extend_schema_field({"type": "number", "nullable": True})
    def get_longitude(self, obj: Meeting) -> float | None:
        return None  # not recorded

    @extend_schema_field(NULLABLE_STRING)
    def get_treaty(self, obj: Meeting) -> str | None:
        return treaty(obj.convention)

    @extend_schema_field(NULLABLE_URI)
    def get_url(self, obj: Meeting) -> str | None:
        return obj.url or public_page(self.context.get("request"), obj)

    @extend_schema_field(LOCALIZED)
    def get_title(self, obj: Meeting) -> list[dict[str, str]]:
        return localized(obj.title)

    @extend_schema_field(enum(["official", "partner"]))
    def get_kind(self, obj: Meeting) -> str:
        return "official" if obj.convention_id else "partner"

    @extend_schema_field(enum([*MEETING_TYPES.values(), "other"]))
    def get_type(self, obj: Meeting) -> str:
        return MEETING_TYPES.get(obj.kind, "other")

    @extend_schema_field(enum(["member", "invitation", "public"]))
    def get_access(self, obj: Meeting) -> str:
        if self.get_type(obj) in PARTIES_ONLY:
            return "member"
        if obj.kind in (Meeting.Kind.EXPERT, Meeting.Kind.REGIONAL):
            return "invitation"
        return "public"

    @extend_schema_field(enum(MEETING_STATUSES.values()))
    def get_status(self, obj: Meeting) -> str:
        return MEETING_STATUSES.get(obj.status, "confirmed")


class UpdatedSinceFilter(django_filters.FilterSet):
    updated_since = updated_since_filter()
    treaty = django_filters.ChoiceFilter(
        choices=[(name, name) for name in TREATIES.values()],
        method="filter_treaty",
        label="InforMEA treaty identifier",
    )

    def filter_treaty(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        codes = [code for code, treaty_id in TREATIES.items() if treaty_id == value]
        return queryset.filter(convention__code__in=codes)


class InforMEADecisionFilter(UpdatedSinceFilter):
    class Meta:
        model = Decision
        fields = ["updated_since", "treaty"]


class InforMEAMeetingFilter(UpdatedSinceFilter):
    class Meta:
        model = Meeting
        fields = ["updated_since", "treaty"]


class InforMEAListView(ApiViewSetMixin, generics.ListAPIView):
    """A feed list: cursor pages over ``updated_at``, newest changes first."""

    pagination_class = UpdatedCursorPagination
    ordering_fields = ["updated_at"]
    ordering = ["-updated_at"]


class InforMEADecisionList(InforMEAListView):
    """Decisions in InforMEA's format."""

    serializer_class = InforMEADecisionSerializer
    filterset_class = InforMEADecisionFilter

    def get_queryset(self) -> QuerySet:
        published = (
            Activity.objects.published()
            .select_related("thematic_area")
            .prefetch_related("thematic_area__informea_terms")
        )
        return Decision.objects.select_related(
            "convention", "meeting"
        ).prefetch_related(
            Prefetch("activities", queryset=published, to_attr="published_activities")
        )


class InforMEAMeetingList(InforMEAListView):
    """Meetings in InforMEA's format."""

    serializer_class = InforMEAMeetingSerializer
    filterset_class = InforMEAMeetingFilter
    queryset = Meeting.objects.select_related("convention")
