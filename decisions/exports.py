"""The columns of the decision, meeting, document and reference-data exports
(CSV and XLSX, see ``brsportal/exports.py``): symbols, codes and names, no addresses
except each record's own web page as recorded."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from brsportal.exports import Column, Table, choice_label, joined

from .models import Decision, DocumentSymbol, Meeting, Organization

DECISIONS = Table(
    name="decisions",
    columns=[
        Column(_("Symbol"), lambda d: d.symbol, width=12),
        Column(_("Title"), lambda d: d.title, width=60),
        Column(_("Convention"), lambda d: d.convention.short_name),
        Column(_("Adopted at"), lambda d: d.meeting.title if d.meeting else None),
        Column(_("Adopted on"), lambda d: d.adopted_on, "date", width=12),
        Column(_("Published on"), lambda d: d.published_on, "date", width=12),
        Column(
            _("Status"), lambda d: choice_label(Decision.Status, d.status), width=10
        ),
        Column(
            _("Implementing activities"),
            lambda d: d.published_activity_count,
            "int",
            width=10,
        ),
        Column(_("Summary"), lambda d: d.summary, width=60),
        Column(_("Web address"), lambda d: d.url, width=40),
        Column(_("Last updated"), lambda d: d.updated_at, "datetime"),
    ],
    prepare=lambda qs: qs.select_related("convention", "meeting").annotate(
        published_activity_count=Count(
            "activities",
            filter=Q(activities__publication_status="published"),
            distinct=True,
        )
    ),
)


def meeting_body(meeting: Meeting) -> str:
    body = meeting.body
    return body.short_name if hasattr(body, "short_name") else str(body or "")


MEETINGS = Table(
    name="meetings",
    columns=[
        Column(_("Identifier"), lambda m: m.slug, width=16),
        Column(_("Title"), lambda m: m.title, width=50),
        Column(_("Kind"), lambda m: choice_label(Meeting.Kind, m.kind), width=24),
        Column(_("Convention or body"), meeting_body, width=24),
        Column(_("Number"), lambda m: m.number, "int", width=8),
        Column(_("Start date"), lambda m: m.start_date, "date", width=12),
        Column(_("End date"), lambda m: m.end_date, "date", width=12),
        Column(_("Venue"), lambda m: m.venue, width=30),
        Column(_("City"), lambda m: m.city),
        Column(_("Country"), lambda m: m.country),
        Column(_("Country code"), lambda m: m.country_code, width=8),
        Column(_("Online"), lambda m: m.online, "bool", width=8),
        Column(_("Status"), lambda m: choice_label(Meeting.Status, m.status), width=10),
        Column(_("Web page"), lambda m: m.url, width=40),
        Column(_("Last updated"), lambda m: m.updated_at, "datetime"),
    ],
    prepare=lambda qs: qs.select_related("convention", "organization"),
)


def prepare_documents(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("meeting").prefetch_related(
        Prefetch("parallel_symbols", queryset=DocumentSymbol.objects.all())
    )


DOCUMENTS = Table(
    name="documents",
    columns=[
        Column(_("Symbol"), lambda d: d.joint_symbol, width=40),
        Column(_("Title"), lambda d: d.title, width=60),
        Column(_("Meeting"), lambda d: d.meeting.title if d.meeting else None),
        Column(_("Web address"), lambda d: d.url, width=40),
        Column(_("Last updated"), lambda d: d.updated_at, "datetime"),
    ],
    prepare=prepare_documents,
)

CONVENTIONS = Table(
    name="conventions",
    columns=[
        Column(_("Code"), lambda c: c.code, width=8),
        Column(_("Name"), lambda c: c.name, width=60),
        Column(_("Short name"), lambda c: c.short_name, width=24),
        Column(_("Secretariat"), lambda c: c.secretariat.short_name, width=24),
        Column(_("Document symbol prefix"), lambda c: c.document_prefix),
        Column(_("Adopted in"), lambda c: c.adopted_in, "int", width=10),
        Column(_("Website"), lambda c: c.website, width=40),
    ],
    prepare=lambda qs: qs.select_related("secretariat"),
)

SECRETARIATS = Table(
    name="secretariats",
    columns=[
        Column(_("Code"), lambda s: s.code, width=8),
        Column(_("Name"), lambda s: s.name, width=60),
        Column(_("Short name"), lambda s: s.short_name, width=24),
        Column(_("Conventions"), lambda s: joined(c.code for c in s.conventions.all())),
        Column(_("Location"), lambda s: s.location),
        Column(_("Website"), lambda s: s.website, width=40),
    ],
    prepare=lambda qs: qs.prefetch_related("conventions"),
)

ORGANIZATIONS = Table(
    name="organizations",
    columns=[
        Column(_("Identifier"), lambda o: o.slug, width=20),
        Column(_("Name"), lambda o: o.name, width=60),
        Column(_("Acronym"), lambda o: o.acronym, width=12),
        Column(_("Kind"), lambda o: choice_label(Organization.Kind, o.kind), width=30),
        Column(_("Website"), lambda o: o.website, width=40),
    ],
)
