"""The columns of the activity, service agreement, synergy and cost saving exports
(CSV and XLSX, see ``brsportal/exports.py``): symbols, codes and names of related
records, amounts as numbers with their currency."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from brsportal.exports import Column, Table, choice_label, joined
from brsportal.prefetch import prefetched_or_related, rows
from decisions.models import Meeting

from .models import Activity, Biennium, Partnership, ServiceAgreement


def related(activity: Activity, relation: str) -> list:
    """The rows ``with_details(prefetch=rows)`` prefetched (plain lists)."""
    return prefetched_or_related(activity, relation)


def mandates(activity: Activity) -> str:
    """Decisions as symbols, cited paragraphs as "MC-5/10, para. 9"."""
    cited = [decision.symbol for decision in related(activity, "decisions")]
    cited += [
        f"{paragraph.decision.symbol}, para. {paragraph.reference}"
        for paragraph in related(activity, "decision_paragraphs")
    ]
    return joined(cited)


def partners(activity: Activity) -> str:
    return joined(
        f"{p.organization.name} ({choice_label(Partnership.Role, p.role)})"
        for p in related(activity, "partnerships")
    )


def events(activity: Activity) -> str:
    return joined(
        f"{e.title} ({e.start_date:%Y-%m-%d})" for e in related(activity, "events")
    )


ACTIVITIES = Table(
    name="activities",
    columns=[
        Column(_("Title"), lambda a: a.title, width=60),
        Column(_("Identifier"), lambda a: a.slug, width=24),
        Column(_("Biennium"), lambda a: a.biennium_label, width=11),
        Column(_("Thematic area"), lambda a: a.thematic_area.name, width=30),
        Column(_("Kind"), lambda a: choice_label(Activity.Kind, a.kind), width=14),
        Column(
            _("Status"), lambda a: choice_label(Activity.Status, a.status), width=11
        ),
        Column(
            _("Conventions"),
            lambda a: joined(c.code for c in related(a, "conventions")),
        ),
        Column(
            _("Secretariats"),
            lambda a: joined(s.short_name for s in related(a, "secretariats")),
        ),
        Column(_("Mandating decisions"), mandates, width=30),
        Column(_("Partners"), partners, width=40),
        Column(_("Events"), events, width=40),
        Column(_("Narrative"), lambda a: a.narrative, width=80),
        Column(_("Last updated"), lambda a: a.updated_at, "datetime"),
    ],
    prepare=lambda qs: qs.with_details(prefetch=rows),
)


def prepare_agreements(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("provider", "recipient").prefetch_related(
        Prefetch("meetings", queryset=Meeting.objects.order_by("start_date", "slug"))
    )


def agreement_money(header, read) -> Column:
    return Column(header, read, "money", currency=lambda a: a.currency, width=16)


SERVICE_AGREEMENTS = Table(
    name="service-agreements",
    columns=[
        Column(_("Title"), lambda a: a.title, width=50),
        Column(_("Identifier"), lambda a: a.slug, width=20),
        Column(_("Provider"), lambda a: a.provider.short_name),
        Column(_("Recipient"), lambda a: a.recipient.short_name),
        Column(
            _("Status"),
            lambda a: choice_label(ServiceAgreement.Status, a.status),
            width=16,
        ),
        Column(_("Biennium"), lambda a: Biennium.label(a.biennium), width=11),
        Column(
            _("Meetings served"),
            lambda a: joined(m.title for m in a.meetings.all()),
            width=40,
        ),
        Column(_("Currency"), lambda a: a.currency, width=9),
        agreement_money(_("Estimated cost"), lambda a: a.estimated_cost),
        agreement_money(_("Invoiced"), lambda a: a.invoiced_amount),
        agreement_money(_("Recovered"), lambda a: a.recovered_amount),
        agreement_money(_("Outstanding"), lambda a: a.outstanding),
        Column(_("Requested on"), lambda a: a.requested_on, "date", width=12),
        Column(_("Signed on"), lambda a: a.signed_on, "date", width=12),
        Column(_("Completed on"), lambda a: a.completed_on, "date", width=12),
        Column(_("Last updated"), lambda a: a.updated_at, "datetime"),
    ],
    prepare=prepare_agreements,
)


def activity_columns() -> list[Column]:
    """Which activity a synergy or a cost saving belongs to."""
    return [
        Column(_("Activity"), lambda row: row.activity.title, width=50),
        Column(_("Activity identifier"), lambda row: row.activity.slug, width=24),
        Column(_("Biennium"), lambda row: row.activity.biennium_label, width=11),
        Column(
            _("Thematic area"), lambda row: row.activity.thematic_area.name, width=30
        ),
    ]


SYNERGIES = Table(
    name="synergies",
    columns=[
        *activity_columns(),
        Column(_("Synergy"), lambda s: s.description, width=80),
        Column(_("Position"), lambda s: s.position, "int", width=8),
    ],
    prepare=lambda qs: qs.select_related("activity__thematic_area"),
)

COST_SAVINGS = Table(
    name="cost-savings",
    columns=[
        *activity_columns(),
        Column(_("Year"), lambda c: c.year, "int", width=8),
        Column(_("Quarter"), lambda c: f"Q{c.quarter}", width=8),
        Column(_("Amount"), lambda c: c.amount, "money", currency=lambda c: c.currency),
        Column(_("Currency"), lambda c: c.currency, width=9),
        Column(_("Note"), lambda c: c.note, width=60),
    ],
    prepare=lambda qs: qs.select_related("activity__thematic_area"),
)

THEMATIC_AREAS = Table(
    name="thematic-areas",
    columns=[
        Column(_("Identifier"), lambda t: t.slug, width=24),
        Column(_("Name"), lambda t: t.name, width=50),
        Column(_("Position"), lambda t: t.position, "int", width=8),
        Column(_("Description"), lambda t: t.description, width=60),
    ],
)
