"""What a report will hold and what it still lacks before it can be issued.

The annex selection itself is ``reports.content.part_activities``; this module only
reads the same rule back to staff: which activities each annex will hold and why
the others of the same bienniums are left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from activities.models import Activity, Biennium, PublicationStatus

if TYPE_CHECKING:
    from .models import Report


@dataclass
class AnnexPlan:
    """One annex (or an outline's body): its bienniums, the activities it will hold
    and those of its bienniums it leaves out, each with the reason."""

    number: int
    bienniums: list[int]
    planned: bool
    included: list[Activity] = field(default_factory=list)
    left_out: list[tuple[Activity, str]] = field(default_factory=list)

    @property
    def label(self) -> str:
        return ", ".join(Biennium.label(start) for start in self.bienniums)

    @property
    def holds(self) -> str:
        if self.planned:
            return _("planned activities")
        return _("ongoing and completed activities")


def left_out_reason(activity: Activity, *, planned: bool) -> str | None:
    """Why the annex leaves the activity out, or None when it holds it."""
    if activity.publication_status != PublicationStatus.PUBLISHED:
        return _("not published (%(state)s)") % {
            "state": activity.get_publication_status_display().lower()
        }
    if planned and activity.status != Activity.Status.PLANNED:
        return _("status %(status)s: this annex holds planned activities only") % {
            "status": activity.get_status_display().lower()
        }
    if not planned and activity.status == Activity.Status.PLANNED:
        return _(
            "status planned: this annex holds ongoing and completed activities; "
            "planned ones go in the next biennium's outline"
        )
    return None


def annex_plans(report: Report) -> list[AnnexPlan]:
    from .content import part_sources

    plans = []
    for source in part_sources(report):
        bienniums = [start for start in source.bienniums if start is not None]
        plan = AnnexPlan(source.number, bienniums, source.planned)
        candidates = (
            Activity.objects.filter(biennium__in=bienniums)
            .select_related("thematic_area")
            .order_by("theme_position", "position", "biennium", "pk")
        )
        for activity in candidates:
            reason = left_out_reason(activity, planned=source.planned)
            if reason is None:
                plan.included.append(activity)
            else:
                plan.left_out.append((activity, reason))
        plans.append(plan)
    return plans


def required_texts(report: Report) -> list[tuple[str, str]]:
    """The report's texts that must not be empty for its kind: (label, value)."""
    kind = report.Kind
    if report.kind == kind.BIENNIAL:
        return [
            (_("the cover note"), report.cover_note),
            (_("the introduction of annex I"), report.annex1_introduction),
            (_("the introduction of annex II"), report.annex2_introduction),
        ]
    if report.kind == kind.OUTLINE:
        return [(_("the introduction"), report.annex1_introduction)]
    return [(_("the overview"), report.overview)]


def missing_for_issue(report: Report) -> list[str]:
    """Every reason the report cannot be issued yet, one sentence each."""
    from .content import paragraph_count

    missing = [
        _("%(part)s is empty.") % {"part": label[:1].upper() + label[1:]}
        for label, value in required_texts(report)
        if not value.strip()
    ]
    if report.kind == report.Kind.QUARTERLY:
        period_set = bool(report.year and report.quarter)
        if not period_set:
            missing.append(_("No year and quarter are set."))
    else:
        period_set = report.biennium is not None
        if not period_set:
            missing.append(_("No biennium is set."))
    if period_set and not paragraph_count(report):
        missing.append(
            _(
                "This report has no paragraphs: publish its activities (or write "
                "its introductions or overview) before issuing it."
            )
        )
    return missing
