"""Public pages of decisions, conventions, meetings and documents, and the calendar.

These pages show the published activities that implement a decision or serve a
meeting, so they read the activities app's querysets (never the other way round in
the models).
"""

from __future__ import annotations

import calendar
import datetime
import hashlib
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView
from django_filters.views import FilterView

from activities.calendar import build_calendar
from activities.models import Activity, Event, ServiceAgreement
from activities.views import list_items
from brsportal.cache import memoize
from brsportal.views import PublicFilterMixin, bad_request, has_nul

from . import exports
from .filters import DecisionFilter, DocumentFilter, MeetingFilter
from .models import Convention, Decision, DecisionParagraph, Document, Meeting
from .symbols import (
    decision_candidates,
    decision_condition,
    parse_decision_symbol,
    parse_document_citation,
)

RECENT = 10
IMPLEMENTING_SHOWN = 20


def published_activities() -> QuerySet[Activity]:
    """Published activities with what a list item shows."""
    return list_items(Activity.objects.published())


def published_count(field: str) -> Coalesce:
    """Subquery annotation: how many published activities point at the outer row."""
    counts = (
        Activity.objects.published()
        .filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(n=Count("pk", distinct=True))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


class DecisionListView(PublicFilterMixin, FilterView):
    """Decisions filterable by convention, meeting and keywords."""

    filterset_class = DecisionFilter
    hidden_filters = ("updated_since", "meeting_number")
    export_table = exports.DECISIONS

    def get_queryset(self) -> QuerySet[Decision]:
        return Decision.objects.select_related("convention", "meeting").annotate(
            activity_count=published_count("decisions")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        text = self.request.GET.get("q", "")
        context["symbol_match"] = decision_for_symbol(text)
        context["symbol_hint"] = symbol_hint(text, parse_decision_symbol)
        return context


def symbol_hint(text: str, parse) -> str:
    """What is wrong with search words that look like a symbol (they hold a slash)
    but do not read as one: the grammar's message, with the accepted forms."""
    if "/" not in text or len(text) > 200:
        return ""
    try:
        parse(text)
    except ValidationError as error:
        if error.code != "ambiguous_symbol":
            return error.messages[0]
    return ""


def decision_for_symbol(text: str) -> Decision | None:
    """The decision whose symbol was typed as keywords (BC-17/22, VII/26), if one."""
    found = decision_candidates(text)
    if not found:
        return None
    matches = list(
        Decision.objects.filter(decision_condition(found)).select_related("convention")[
            :2
        ]
    )
    return matches[0] if len(matches) == 1 else None


class DecisionDetailView(DetailView):
    """A decision with its meeting, recalls, paragraphs and implementing activities.

    The newest implementing activities are listed; when there are more, a link leads
    to all of them in the activity list, filtered by this decision.
    """

    def get_queryset(self) -> QuerySet[Decision]:
        # A paragraph names its activities by title only: no list-item prefetches.
        paragraph_activities = Prefetch(
            "activities", queryset=Activity.objects.published()
        )
        return Decision.objects.select_related(
            "convention", "meeting"
        ).prefetch_related(
            "recalls__convention",
            "recalled_by__convention",
            Prefetch(
                "paragraphs",
                queryset=DecisionParagraph.objects.prefetch_related(
                    paragraph_activities
                ),
            ),
        )

    def get_object(self, queryset: QuerySet | None = None) -> Decision:
        try:
            queryset = (queryset or self.get_queryset()).by_symbol(self.kwargs["slug"])
        except ValidationError as error:
            raise Http404(error.messages[0]) from error
        return get_object_or_404(queryset)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        # A typed symbol (BC-17/22, bc1722 variants) lands on the one canonical address.
        if kwargs["slug"] != self.object.slug:
            return redirect(self.object, permanent=True)
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        implementing = published_activities().mandated_by(self.object)
        context["implementing_count"] = implementing.count()
        context["implementing_activities"] = implementing.order_by(
            "-biennium", "title", "pk"
        )[:IMPLEMENTING_SHOWN]
        query = urlencode({"decision": self.object.symbol})
        context["implementing_all_url"] = f"{reverse('activities:list')}?{query}"
        return context


class ConventionListView(ListView):
    """The four conventions with counts of their decisions, activities and meetings."""

    def get_queryset(self) -> QuerySet[Convention]:
        return Convention.objects.select_related("secretariat").annotate(
            decision_count=Count("decisions", distinct=True),
            meeting_count=Count("meetings", distinct=True),
            activity_count=published_count("conventions"),
        )


class ConventionDetailView(DetailView):
    """A convention's page: its recent decisions, joint activities and meetings."""

    slug_field = "code"
    slug_url_kwarg = "code"

    def get_queryset(self) -> QuerySet[Convention]:
        return Convention.objects.select_related("secretariat")

    def get_object(self, queryset: QuerySet | None = None) -> Convention:
        code = self.kwargs["code"]
        if "\x00" in code:  # PostgreSQL cannot compare text holding NUL
            raise Http404
        return get_object_or_404(self.get_queryset(), code=code.upper()[:4])

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        if kwargs["code"] != self.object.code.lower():
            return redirect(self.object, permanent=True)
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        convention = self.object
        today = timezone.localdate()
        activities = published_activities().filter(conventions=convention)
        meetings = convention.meetings.all()
        context.update(
            activity_count=activities.count(),
            activities=activities.order_by("-updated_at", "pk")[:RECENT],
            decision_count=convention.decisions.count(),
            decisions=convention.decisions.select_related("convention")[:RECENT],
            upcoming_meetings=meetings.upcoming(today).order_by("start_date")[:RECENT],
            past_meetings=meetings.past(today)[:RECENT],
        )
        return context


def events_matching(filterset: MeetingFilter, data: dict[str, Any]) -> QuerySet[Event]:
    """Events of published activities that the meetings filter selects, its date
    filters reading the events' own dates.

    Meeting kind and status do not apply to events: filtering on them leaves none.
    """
    events = Event.objects.published().select_related("activity", "meeting")
    if data.get("kind") or data.get("status"):
        return events.none()
    if convention := data.get("convention"):
        events = events.filter(
            activity__in=Activity.objects.published().filter(conventions=convention)
        )
    for name in ("start_after", "start_before", "year", "updated_since"):
        events = filterset.filters[name].filter(events, data.get(name))
    return events.order_by("start_date", "pk")


class MeetingListView(PublicFilterMixin, FilterView):
    """The calendar: upcoming meetings and events first, then past meetings."""

    filterset_class = MeetingFilter
    export_table = exports.MEETINGS

    def get_queryset(self) -> QuerySet[Meeting]:
        return Meeting.objects.select_related("convention", "organization")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        today = timezone.localdate()
        meetings = self.object_list
        bound = self.filterset.is_bound
        if bound and not self.filterset.is_valid():
            events = Event.objects.none()
        else:
            data = self.filterset.form.cleaned_data if bound else {}
            events = events_matching(self.filterset, data)
        kwargs["object_list"] = meetings.past(today)
        context = super().get_context_data(
            upcoming_meetings=meetings.upcoming(today).order_by("start_date", "slug"),
            upcoming_events=events.filter(start_date__gte=today)[:50],
            **kwargs,
        )
        if "month" in self.request.GET:
            context.update(self.month_context(meetings, events, today))
        return context

    def month_context(self, meetings, events, today: datetime.date) -> dict[str, Any]:
        """The month view (?month=2026-05): a grid of weeks with what happens on
        each day, filtered like the list."""
        text = self.request.GET.get("month", "")
        first = parse_month(text) if text else today.replace(day=1)
        if first is None:
            return {
                "month_error": _("Give the month as YYYY-MM, for example %(example)s.")
                % {"example": f"{today:%Y-%m}"}
            }
        return {"month": month_grid(first, meetings, events, today)}


class MeetingDetailView(DetailView):
    """A meeting with its decisions, documents, joint events and service agreements."""

    def get_queryset(self) -> QuerySet[Meeting]:
        return Meeting.objects.select_related(
            "convention", "organization"
        ).prefetch_related(
            "conventions",
            "decisions__convention",
            "documents__parallel_symbols",
            Prefetch(
                "events",
                queryset=Event.objects.filter(
                    activity__in=Activity.objects.published()
                ).select_related("activity"),
            ),
            Prefetch(
                "service_agreements",
                queryset=ServiceAgreement.objects.published().select_related(
                    "provider", "recipient"
                ),
            ),
        )


class DocumentListView(PublicFilterMixin, FilterView):
    """Meeting documents filterable by convention, meeting, kind, year and any form
    of their symbols."""

    filterset_class = DocumentFilter
    hidden_filters = ("updated_since", "symbol")
    export_table = exports.DOCUMENTS

    def get_queryset(self) -> QuerySet[Document]:
        return Document.objects.select_related("meeting").prefetch_related(
            "parallel_symbols"
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        text = self.request.GET.get("q", "")
        context["symbol_hint"] = symbol_hint(text, parse_document_citation)
        return context


class DocumentDetailView(DetailView):
    """A meeting document by any of its UN symbols, with the activities citing it.

    The page lives under the document's first symbol; any other symbol (a parallel
    one, another case, a trailing full stop) redirects there.
    """

    def get_object(self, queryset: QuerySet | None = None) -> Document:
        documents = Document.objects.select_related("meeting").prefetch_related(
            "parallel_symbols"
        )
        try:
            found = documents.by_symbol(self.kwargs["symbol"][:1000])
        except ValidationError as error:
            raise Http404(error.messages[0]) from error
        document = found.first()
        if document is None:
            raise Http404
        return document

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if "\x00" in kwargs["symbol"]:  # PostgreSQL cannot compare text holding NUL
            raise Http404
        self.object = self.get_object()
        if kwargs["symbol"] != self.object.symbol:
            return redirect(self.object, permanent=True)
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["citing_activities"] = published_activities().filter(
            pk__in=self.object.references.values("activity")
        )
        return context


MONTH_YEARS = (1900, 2100)


def parse_month(text: str) -> datetime.date | None:
    """The first day of a month written YYYY-MM, or None."""
    try:
        first = datetime.datetime.strptime(text.strip()[:7], "%Y-%m").date()
    except ValueError:
        return None
    return first if MONTH_YEARS[0] <= first.year <= MONTH_YEARS[1] else None


def month_grid(
    first: datetime.date, meetings: QuerySet[Meeting], events, today: datetime.date
) -> dict[str, Any]:
    """Weeks (Monday first) of days, each with its meetings and events."""
    weeks = calendar.Calendar().monthdatescalendar(first.year, first.month)
    start, end = weeks[0][0], weeks[-1][-1]
    in_view = list(
        meetings.filter(start_date__lte=end)
        .filter(Q(end_date__gte=start) | Q(end_date=None, start_date__gte=start))
        .order_by("start_date", "slug")
    )
    happening = list(
        events.filter(start_date__lte=end).filter(
            Q(end_date__gte=start) | Q(end_date=None, start_date__gte=start)
        )
    )

    def on(day: datetime.date, rows: list) -> list:
        return [r for r in rows if r.start_date <= day <= (r.end_date or r.start_date)]

    previous = (first - datetime.timedelta(days=1)).replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return {
        "first": first,
        "weeks": [
            [
                {
                    "date": day,
                    "in_month": day.month == first.month,
                    "today": day == today,
                    "meetings": on(day, in_view),
                    "events": on(day, happening),
                }
                for day in week
            ]
            for week in weeks
        ],
        "previous": f"{previous:%Y-%m}" if previous.year >= MONTH_YEARS[0] else None,
        "next": f"{following:%Y-%m}" if following.year <= MONTH_YEARS[1] else None,
    }


def calendar_name(data: dict[str, Any]) -> str:
    """The feed's name after its filters, so two subscriptions can be told apart:
    "BRS and Minamata meetings and joint events: Minamata Convention, COP, 2026"."""
    parts = []
    if data.get("convention"):
        parts.append(data["convention"].short_name)
    if data.get("kind"):
        parts.append(str(Meeting.Kind(data["kind"]).label))
    if data.get("status"):
        parts.append(str(Meeting.Status(data["status"]).label))
    if data.get("year"):
        parts.append(str(int(data["year"])))
    if data.get("start_after"):
        parts.append(_("from %(date)s") % {"date": data["start_after"].isoformat()})
    if data.get("start_before"):
        parts.append(_("until %(date)s") % {"date": data["start_before"].isoformat()})
    name = _("BRS and Minamata meetings and joint events")
    return f"{name}: {', '.join(parts)}" if parts else name


# Without dates, the feed starts a year back: subscribers want what is coming, and a
# feed of every meeting since 2000 is megabytes that calendar clients re-read hourly.
FEED_PAST_DAYS = 365


def calendar_ics(request: HttpRequest) -> HttpResponse:
    """Meetings and joint events as iCalendar, filtered like the meetings page.

    The feed is built once per change of the records (brsportal.cache.memoize) for
    each query: ``icalendar`` builds each event slowly, seconds for the bench's
    meetings and events (bench/results/devices.md).
    """
    if has_nul(request):
        return bad_request(
            request, _("The address contains a character that is not allowed.")
        )
    filterset = MeetingFilter(
        request.GET,
        queryset=Meeting.objects.select_related("convention", "organization"),
    )
    if not filterset.is_valid():
        errors = "; ".join(
            f"{field}: {' '.join(messages)}"
            for field, messages in filterset.errors.items()
        )
        return bad_request(request, errors)
    data = dict(filterset.form.cleaned_data)
    meetings = filterset.qs
    today = timezone.localdate()
    if not any(data.get(name) for name in ("start_after", "start_before", "year")):
        data["start_after"] = today - datetime.timedelta(days=FEED_PAST_DAYS)
        meetings = meetings.filter(start_date__gte=data["start_after"])

    def build() -> bytes:
        return build_calendar(
            meetings.order_by("start_date", "slug"),
            events_matching(filterset, data),
            request.build_absolute_uri,
            calendar_name(filterset.form.cleaned_data),
        )

    key = "|".join(
        (
            request.build_absolute_uri("/"),
            get_language(),
            str(today),
            request.GET.urlencode(),
        )
    )
    content = memoize(f"calendar:{hashlib.sha256(key.encode()).hexdigest()}", build)
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="brsportal.ics"'
    return response
