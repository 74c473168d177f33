"""The published activities as IATI activity XML, version 2.03 (iatistandard.org).

What a donor's IATI team expects, from what the portal records:

- ``iati-identifier``: ``IATI_ACTIVITY_PREFIX`` and the activity's permalink (its
  slug, which editors are told never to change once public), so it stays the same
  from one export to the next. The prefix starts with the reporting organisation's
  reference (``IATI_ORGANISATION_REF``; default XM-DAC-41116, UNEP, which hosts both
  secretariats), as the standard asks.
- ``reporting-org``: that reference itself (a registered organisation identifier, as
  the standard requires of the publisher), named after the activity's first
  secretariat (by code);
  every secretariat of the activity is a participating organisation, accountable
  (role 2) and implementing (role 4).
- partners (donors among them): participating organisations with the IATI role of
  their part (``PARTNER_ROLES``) and an organisation type from their kind
  (``ORGANISATION_TYPES``).
- ``activity-status`` from the status (``ACTIVITY_STATUSES``); ``activity-date``: the
  biennium as planned start and end, the first and last event as actual ones.
- ``title`` and ``description`` with ``narrative`` elements in each language the
  content has (the records hold English).
- ``sector`` (OECD DAC 5-digit, vocabulary 1) from the thematic area where the mapping
  is sound (``SECTORS``), and the DAC policy markers for the environment (every
  programmatic activity of an environmental convention) and gender (the gender theme).
- ``document-link``: the activity's page (A12), each mandating decision (A02, objectives
  and purpose) and each cited meeting document (A08).

The tables below are the mapping: reviewable in one place, changed in one place.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator
from xml.etree import ElementTree as ET

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from brsportal.prefetch import prefetched_or_related, rows
from decisions.models import Decision, Document, Organization, Secretariat

from .models import Activity, Event, Partnership
from .narrative import _CITATION


def related(activity: Activity, relation: str) -> list:
    """The rows ``with_details(prefetch=rows)`` prefetched, or the relation's."""
    return prefetched_or_related(activity, relation)


IATI_VERSION = "2.03"
LANGUAGE = "en"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
MULTILATERAL = "40"

# IATI ActivityStatus codelist.
ACTIVITY_STATUSES = {
    Activity.Status.PLANNED: "1",  # Pipeline/identification
    Activity.Status.ONGOING: "2",  # Implementation
    Activity.Status.COMPLETED: "3",  # Finalisation
    Activity.Status.CANCELLED: "5",  # Cancelled
}
# IATI OrganisationRole codelist: 1 funding, 2 accountable, 3 extending, 4 implementing.
PARTNER_ROLES = {
    Partnership.Role.DONOR: "1",
    Partnership.Role.PARTNER: "4",
    Partnership.Role.CO_ORGANIZER: "4",
    Partnership.Role.FACILITATOR: "4",
    Partnership.Role.HOST: "4",
    Partnership.Role.PARTICIPANT: "4",
}
# IATI OrganisationType codelist.
ORGANISATION_TYPES = {
    Organization.Kind.UN_BODY: MULTILATERAL,
    Organization.Kind.MEA: MULTILATERAL,
    Organization.Kind.FINANCIAL: MULTILATERAL,
    Organization.Kind.INTERGOVERNMENTAL: MULTILATERAL,
    Organization.Kind.GOVERNMENT: "10",
    Organization.Kind.REGIONAL_CENTRE: MULTILATERAL,
    Organization.Kind.PARTNERSHIP: "90",
    Organization.Kind.NGO: "21",
    Organization.Kind.OTHER: "90",
}
# OECD DAC 5-digit sectors (vocabulary 1) by thematic area slug. 41010 Environmental
# policy and administrative management; 41081 Environmental education/training;
# 14050 Waste management/disposal. Themes of internal administration have none.
SECTORS = {
    "mercury-wastes": "14050",
    "trade-control": "41010",
    "implementation-compliance": "41010",
    "technical-assistance": "41010",
    "effectiveness-evaluation": "41010",
    "financial-resources": "41010",
    "knowledge-management": "41081",
    "outreach": "41081",
    "gender": "41010",
    "sustainability": "41010",
}
GENDER_THEMES = {"gender"}
# IATI PolicyMarker codelist (vocabulary 1, DAC): 1 gender equality, 2 aid to
# environment; significance 2: principal objective.
ENVIRONMENT_MARKER, GENDER_MARKER, PRINCIPAL = "2", "1", "2"
# IATI DocumentCategory codelist.
PAGE_CATEGORY, DECISION_CATEGORY, DOCUMENT_CATEGORY = "A12", "A02", "A08"


def organisation_ref() -> str:
    return getattr(settings, "IATI_ORGANISATION_REF", "XM-DAC-41116")


def activity_prefix() -> str:
    return getattr(settings, "IATI_ACTIVITY_PREFIX", f"{organisation_ref()}-BRSMC")


def identifier(activity: Activity) -> str:
    return f"{activity_prefix()}-{activity.slug}"


def narratives(parent: ET.Element, texts: dict[str, str]) -> ET.Element:
    """One ``narrative`` per language that has text (English without xml:lang)."""
    for language, text in texts.items():
        if text:
            narrative = ET.SubElement(parent, "narrative")
            if language != LANGUAGE:
                narrative.set(XML_LANG, language)
            narrative.text = text
    return parent


def org(parent: ET.Element, tag: str, name: str, **attributes: str) -> None:
    element = ET.SubElement(parent, tag, {k: v for k, v in attributes.items() if v})
    narratives(element, {LANGUAGE: name})


def secretariat_ref(secretariat: Secretariat) -> str:
    return f"{organisation_ref()}-{secretariat.code}"


def plain(text: str) -> str:
    """The narrative as text: Markdown reads as plain text; footnote marks go."""
    return " ".join(_CITATION.sub("", text or "").split())


def add_dates(element: ET.Element, activity: Activity, events: list[Event]) -> None:
    start = datetime.date(activity.biennium, 1, 1)
    end = datetime.date(activity.biennium + 1, 12, 31)
    dates = [("1", start), ("3", end)]
    if events and activity.status != Activity.Status.PLANNED:
        dates.append(("2", min(event.start_date for event in events)))
        if activity.status == Activity.Status.COMPLETED:
            last = max(event.end_date or event.start_date for event in events)
            dates.append(("4", last))
    for code, day in sorted(dates):
        ET.SubElement(element, "activity-date", {"type": code, "iso-date": str(day)})


def document_link(
    parent: ET.Element, url: str, title: str, category: str, day=None
) -> None:
    link = ET.SubElement(parent, "document-link", {"format": "text/html", "url": url})
    narratives(ET.SubElement(link, "title"), {LANGUAGE: title or url})
    ET.SubElement(link, "category", {"code": category})
    ET.SubElement(link, "language", {"code": LANGUAGE})
    if day:
        ET.SubElement(link, "document-date", {"iso-date": str(day)})


def decision_links(activity: Activity) -> list[Decision]:
    decisions = {d.pk: d for d in related(activity, "decisions")}
    for paragraph in related(activity, "decision_paragraphs"):
        decisions.setdefault(paragraph.decision.pk, paragraph.decision)
    return sorted(decisions.values(), key=lambda d: d.symbol)


def activity_element(activity: Activity, absolute: Callable[[str], str]) -> ET.Element:
    """One ``iati-activity``, its children in the order the schema requires."""
    element = ET.Element(
        "iati-activity",
        {
            "last-updated-datetime": activity.updated_at.astimezone(datetime.UTC)
            .replace(microsecond=0)
            .isoformat(),
            XML_LANG: LANGUAGE,
            "hierarchy": "1",
        },
    )
    ET.SubElement(element, "iati-identifier").text = identifier(activity)
    secretariats = sorted(related(activity, "secretariats"), key=lambda s: s.code)
    lead = secretariats[0] if secretariats else None
    org(
        element,
        "reporting-org",
        lead.name if lead else organisation_ref(),
        ref=organisation_ref(),
        type=MULTILATERAL,
    )
    narratives(ET.SubElement(element, "title"), {LANGUAGE: activity.title})
    description = plain(activity.narrative) or activity.title
    narratives(
        ET.SubElement(element, "description", {"type": "1"}), {LANGUAGE: description}
    )
    for secretariat in secretariats:
        for role in ("2", "4"):
            org(
                element,
                "participating-org",
                secretariat.name,
                ref=secretariat_ref(secretariat),
                role=role,
                type=MULTILATERAL,
            )
    for partnership in related(activity, "partnerships"):
        organization = partnership.organization
        org(
            element,
            "participating-org",
            organization.name,
            role=PARTNER_ROLES.get(partnership.role, "4"),
            type=ORGANISATION_TYPES.get(organization.kind, "90"),
        )
    if not secretariats and not related(activity, "partnerships"):
        org(element, "participating-org", organisation_ref(), role="4")
    ET.SubElement(
        element, "activity-status", {"code": ACTIVITY_STATUSES[activity.status]}
    )
    events = list(related(activity, "events"))
    add_dates(element, activity, events)
    ET.SubElement(element, "activity-scope", {"code": "1"})  # global
    sector = SECTORS.get(activity.thematic_area.slug)
    if sector:
        ET.SubElement(
            element,
            "sector",
            {"vocabulary": "1", "code": sector, "percentage": "100"},
        )
    add_policy_markers(element, activity)
    add_document_links(element, activity, absolute)
    return element


def add_policy_markers(element: ET.Element, activity: Activity) -> None:
    markers = []
    if activity.thematic_area.slug in GENDER_THEMES:
        markers.append(GENDER_MARKER)
    if activity.kind == Activity.Kind.PROGRAMMATIC:
        markers.append(ENVIRONMENT_MARKER)
    for code in sorted(markers):
        ET.SubElement(
            element,
            "policy-marker",
            {"vocabulary": "1", "code": code, "significance": PRINCIPAL},
        )


def add_document_links(
    element: ET.Element, activity: Activity, absolute: Callable[[str], str]
) -> None:
    document_link(
        element, absolute(activity.get_absolute_url()), activity.title, PAGE_CATEGORY
    )
    for decision in decision_links(activity):
        document_link(
            element,
            decision.url or absolute(decision.get_absolute_url()),
            f"{decision.symbol} {decision.title}",
            DECISION_CATEGORY,
            decision.published_on,
        )
    documents: dict[int, Document] = {}
    for reference in related(activity, "references"):
        if reference.document is not None:
            documents.setdefault(reference.document.pk, reference.document)
    for document in documents.values():
        document_link(
            element,
            document.url or absolute(document.get_absolute_url()),
            f"{document.symbol} {document.title}".strip(),
            DOCUMENT_CATEGORY,
        )


def iati_chunks(
    activities: Iterable[Activity], absolute: Callable[[str], str]
) -> Iterator[bytes]:
    """The whole file in pieces: one activity at a time, so memory stays flat."""
    generated = timezone.now().astimezone(datetime.UTC).replace(microsecond=0)
    yield (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<iati-activities version="{IATI_VERSION}" '
        f'generated-datetime="{generated.isoformat()}">\n'
    ).encode()
    for activity in activities:
        yield ET.tostring(activity_element(activity, absolute), encoding="utf-8")
        yield b"\n"
    yield b"</iati-activities>\n"


def iati_activities(queryset: QuerySet[Activity] | None = None) -> Iterator[Activity]:
    """Published activities with what an IATI record reads, in chunks."""
    queryset = Activity.objects.published() if queryset is None else queryset
    return (
        queryset.with_details(prefetch=rows)
        .select_related("thematic_area")
        .order_by("pk")
        .iterator(chunk_size=500)
    )
