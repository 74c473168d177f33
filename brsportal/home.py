"""The home page: what the portal is, with counts, charts, upcoming meetings and
the latest activities. It composes the apps it shows, so it may import them."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from activities.models import Activity, Biennium, Event
from activities.views import list_items
from brsportal.cache import memoize
from brsportal.charts import Bar, bar_chart
from decisions.models import Meeting


def counts_by_convention(activities: QuerySet) -> list[Bar]:
    rows = (
        activities.order_by()
        .values("conventions__code", "conventions__short_name")
        .annotate(n=Count("pk", distinct=True))
        .order_by("conventions__position", "conventions__code")
    )
    return [
        Bar(row["conventions__short_name"], row["n"], _list_url(convention=code))
        for row in rows
        if (code := row["conventions__code"])
    ]


def counts_by_thematic_area(activities: QuerySet) -> list[Bar]:
    rows = (
        activities.order_by()
        .values("thematic_area__slug", "thematic_area__name")
        .annotate(n=Count("pk", distinct=True))
        .order_by("thematic_area__position", "thematic_area__name")
    )
    return [
        Bar(
            row["thematic_area__name"],
            row["n"],
            _list_url(thematic_area=row["thematic_area__slug"]),
        )
        for row in rows
    ]


def counts_by_biennium(activities: QuerySet) -> list[Bar]:
    rows = (
        activities.order_by()
        .values("biennium")
        .annotate(n=Count("pk", distinct=True))
        .order_by("biennium")
    )
    return [
        Bar(
            Biennium.label(row["biennium"]),
            row["n"],
            _list_url(biennium=Biennium.label(row["biennium"])),
        )
        for row in rows
    ]


def _list_url(**params: str) -> str:
    return f"{reverse('activities:list')}?{urlencode(params)}"


class HomeView(TemplateView):
    """What the portal is, with counts, upcoming meetings and the latest activities."""

    template_name = "home.html"

    @staticmethod
    def figures() -> dict[str, Any]:
        """The charts and the count of published activities."""
        published = Activity.objects.published()
        charts = [
            (
                _("Activities by convention"),
                _("Convention"),
                counts_by_convention(published),
            ),
            (
                _("Activities by thematic area"),
                _("Thematic area"),
                counts_by_thematic_area(published),
            ),
            (_("Activities by biennium"), _("Biennium"), counts_by_biennium(published)),
        ]
        return {
            "charts": [
                {
                    "title": str(title),
                    "heading": str(heading),
                    "bars": bars,
                    "svg": bar_chart(title, bars),
                }
                for title, heading, bars in charts
            ],
            "activity_count": published.count(),
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        published = Activity.objects.published()
        # Aggregates over every published activity: kept until the next edit.
        context.update(memoize(f"home:figures:{get_language()}", self.figures))
        context["upcoming_meetings"] = (
            Meeting.objects.upcoming(today)
            .select_related("convention", "organization")
            .order_by("start_date", "slug")[:6]
        )
        context["upcoming_events"] = (
            Event.objects.filter(activity__in=published, start_date__gte=today)
            .select_related("activity", "meeting")
            .order_by("start_date", "pk")[:6]
        )
        context["latest_activities"] = list_items(published).order_by(
            "-updated_at", "pk"
        )[:6]
        return context
