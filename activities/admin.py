"""Admin for joint activities (with their events, references, partners, synergies and
cost savings inline) and for cost-recovery service agreements.

Every class keeps edit history (django-simple-history) with revert; activities and
agreements import and export as spreadsheets with formula cells neutralised.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import F, ManyToManyField, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from simple_history.admin import SimpleHistoryAdmin

from brsportal.admin import (
    GuardedAdmin,
    PublishingAdmin,
    SafeInlineMixin,
    add_version_to_fieldsets,
    shortened,
)
from decisions.models import Decision, DecisionParagraph, Document

from .admin_forms import ActivityForm, ReferenceFormSet
from .models import (
    Activity,
    Biennium,
    CostSaving,
    Event,
    Partnership,
    Reference,
    ServiceAgreement,
    ServiceLine,
    Synergy,
    ThematicArea,
)
from .models.activities import OWNER_REQUIRED
from .narrative import cited_markers, reference_html, render_narrative
from .resources import ActivityResource, ServiceAgreementResource

TIMESTAMPS = ("created_at", "updated_at")


@admin.register(ThematicArea)
class ThematicAreaAdmin(GuardedAdmin, SimpleHistoryAdmin):
    list_display = ["name", "position", "slug", "informea_keywords"]
    list_editable = ["position"]
    filter_horizontal = ["informea_terms"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = TIMESTAMPS
    ordering = ["position", "name"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("informea_terms")

    @admin.display(description=_("InforMEA terms"))
    def informea_keywords(self, area: ThematicArea) -> str:
        return "; ".join(term.term for term in area.informea_terms.all())


class EventInline(SafeInlineMixin, admin.StackedInline):
    model = Event
    extra = 0
    autocomplete_fields = ["meeting"]
    fields = [
        ("kind", "title"),
        ("start_date", "end_date", "date_precision"),
        "meeting",
        ("venue", "city", "country", "online"),
        "url",
    ]


class ReferenceInline(SafeInlineMixin, admin.StackedInline):
    """Stacked, two fields a line: as a table, the document's search box sat past
    the right edge of a 1280 px screen."""

    model = Reference
    formset = ReferenceFormSet
    extra = 0
    autocomplete_fields = ["document"]
    fields = [("marker", "position"), "text", ("url", "document")]


class PartnershipInline(SafeInlineMixin, admin.TabularInline):
    model = Partnership
    extra = 0
    autocomplete_fields = ["organization"]
    fields = ["organization", "role", "note"]


class SynergyInline(SafeInlineMixin, admin.TabularInline):
    model = Synergy
    extra = 0
    fields = ["description", "position"]


class CostSavingInline(SafeInlineMixin, admin.TabularInline):
    model = CostSaving
    extra = 0
    fields = ["year", "quarter", "amount", "currency", "note"]


def posted_references(data) -> list[Reference]:
    """The references as typed in the form's inline (unsaved), for the preview."""
    try:
        total = min(int(data.get("references-TOTAL_FORMS", 0)), 200)
    except ValueError:
        total = 0
    documents = {}
    ids = [data.get(f"references-{i}-document", "") for i in range(total)]
    wanted = [int(value) for value in ids if value.isdigit()]
    if wanted:
        documents = Document.objects.in_bulk(wanted)
    references = []
    for i in range(total):
        prefix = f"references-{i}-"
        marker = data.get(prefix + "marker", "").strip()
        if not marker or data.get(prefix + "DELETE"):
            continue
        document_id = data.get(prefix + "document", "")
        references.append(
            Reference(
                marker=marker[:10],
                text=data.get(prefix + "text", "")[:5000],
                url=data.get(prefix + "url", "")[:500],
                document=documents.get(int(document_id))
                if document_id.isdigit()
                else None,
            )
        )
    return references


def with_symbols(db_field: ManyToManyField) -> QuerySet | None:
    """Querysets whose str() needs no further query (decisions print their symbol)."""
    if db_field.name == "decisions":
        return Decision.objects.select_related("convention")
    if db_field.name == "decision_paragraphs":
        return DecisionParagraph.objects.select_related("decision__convention")
    return None


@admin.register(Activity)
class ActivityAdmin(ImportExportMixin, PublishingAdmin, SimpleHistoryAdmin):
    form = ActivityForm
    resource_classes = [ActivityResource]
    inlines = [
        EventInline,
        ReferenceInline,
        PartnershipInline,
        SynergyInline,
        CostSavingInline,
    ]
    list_display = [
        "title",
        "thematic_area",
        "biennium_label",
        "status",
        "publication_status",
        "updated_at",
    ]
    list_filter = [
        "publication_status",
        "status",
        "kind",
        "biennium",
        "thematic_area",
        "conventions",
        "secretariats",
    ]
    list_select_related = ["thematic_area"]
    search_fields = ["title", "narrative", "slug"]
    autocomplete_fields = [
        "thematic_area",
        "conventions",
        "secretariats",
        "decisions",
        "decision_paragraphs",
    ]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = [*TIMESTAMPS, "narrative_preview"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    "thematic_area",
                    "narrative",
                    "narrative_preview",
                ]
            },
        ),
        (
            _("Classification"),
            {"fields": [("kind", "status"), ("biennium", "position")]},
        ),
        (_("Who"), {"fields": ["conventions", "secretariats"]}),
        (_("Mandate"), {"fields": ["decisions", "decision_paragraphs"]}),
        (
            _("Publication"),
            {"fields": ["publication_status", "change_reason", TIMESTAMPS]},
        ),
    ]

    class Media:
        js = ["js/vendor/htmx-2.0.11.min.js"]
        css = {"all": ["css/staff-admin.css"]}

    @admin.display(description=_("preview"))
    def narrative_preview(self, obj: Activity | None) -> str:
        """The narrative as the public page will show it, with its footnotes,
        refreshed as staff type (htmx posts the form to preview_view)."""
        return format_html(
            '<div class="narrative-preview" aria-live="polite" hx-post="{}" '
            'hx-trigger="load, input changed delay:600ms from:#id_narrative, '
            'change from:#references-group" hx-sync="this:replace">{}</div>',
            reverse("admin:activities_activity_preview"),
            _("The preview appears here."),
        )

    def get_urls(self) -> list:
        preview = path(
            "preview/",
            self.admin_site.admin_view(self.preview_view),
            name="activities_activity_preview",
        )
        return [preview, *super().get_urls()]

    def preview_view(self, request: HttpRequest) -> HttpResponse:
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not (
            self.has_add_permission(request) or self.has_change_permission(request)
        ):
            raise PermissionDenied
        narrative = request.POST.get("narrative", "")[:100_000]
        references = posted_references(request.POST)
        missing = Activity(narrative=narrative).missing_references(
            ref.marker for ref in references
        )
        return render(
            request,
            "admin/activities/activity/narrative_preview.html",
            {
                "html": render_narrative(narrative, references, anchor="pv"),
                "references": [
                    (ref, reference_html(ref))
                    for ref in references
                    if ref.marker in set(cited_markers(narrative))
                ],
                "missing": ", ".join(f"[^{marker}]" for marker in missing),
                "missing_count": len(missing),
            },
        )

    def save_model(self, request: HttpRequest, obj: Activity, form, change: bool):
        reason = form.history_reason() if hasattr(form, "history_reason") else ""
        if reason:
            obj._change_reason = reason[:100]
        super().save_model(request, obj, form, change)

    fieldsets = add_version_to_fieldsets(fieldsets)

    def formfield_for_manytomany(
        self, db_field: ManyToManyField, request: HttpRequest, **kwargs: Any
    ) -> forms.ModelMultipleChoiceField:
        queryset = with_symbols(db_field)
        if queryset is not None:
            kwargs["queryset"] = queryset
        if db_field.name == "secretariats":  # the rule's own words (check_owners)
            kwargs["error_messages"] = {"required": OWNER_REQUIRED}
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description=_("biennium"), ordering="biennium")
    def biennium_label(self, obj: Activity) -> str:
        return obj.biennium_label


@admin.register(Event)
class EventAdmin(GuardedAdmin, SimpleHistoryAdmin):
    list_display = [
        "title",
        "kind",
        shortened("activity", _("activity")),
        "start_date",
        "end_date",
        "place",
        shortened("meeting", _("held at"), chars=40),
    ]
    list_filter = ["kind", "online", "date_precision"]
    list_select_related = ["activity", "meeting"]
    search_fields = ["title", "venue", "city", "country", "activity__title"]
    autocomplete_fields = ["activity", "meeting"]
    readonly_fields = TIMESTAMPS
    date_hierarchy = "start_date"
    ordering = ["-start_date", "pk"]

    @admin.display(description=_("place"))
    def place(self, obj: Event) -> str:
        return obj.place


@admin.register(Reference)
class ReferenceAdmin(GuardedAdmin, SimpleHistoryAdmin):
    list_display = [
        "marker",
        shortened("activity", _("activity")),
        shortened("text", _("footnote text"), chars=80),
        shortened("url", _("web address"), chars=40),
        "document",
    ]
    list_select_related = ["activity", "document"]
    search_fields = ["marker", "text", "url", "document__symbol", "activity__title"]
    autocomplete_fields = ["activity", "document"]
    ordering = ["activity", "position", "pk"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Reference]:
        # A document prints as its joint symbol.
        return (
            super().get_queryset(request).prefetch_related("document__parallel_symbols")
        )


@admin.register(Partnership)
class PartnershipAdmin(GuardedAdmin, SimpleHistoryAdmin):
    list_display = [
        "organization",
        "role",
        shortened("activity", _("activity")),
        "note",
    ]
    list_filter = ["role", "organization__kind"]
    list_select_related = ["organization", "activity"]
    search_fields = [
        "organization__name",
        "organization__acronym",
        "activity__title",
        "note",
    ]
    autocomplete_fields = ["activity", "organization"]
    ordering = ["organization__name", "role"]


@admin.register(Synergy)
class SynergyAdmin(GuardedAdmin, SimpleHistoryAdmin):
    list_display = ["__str__", shortened("activity", _("activity")), "position"]
    list_select_related = ["activity"]
    search_fields = ["description", "activity__title"]
    autocomplete_fields = ["activity"]
    ordering = ["activity", "position", "pk"]


@admin.register(CostSaving)
class CostSavingAdmin(GuardedAdmin, SimpleHistoryAdmin):
    list_display = [
        shortened("activity", _("activity")),
        "year",
        "quarter",
        "amount",
        "currency",
        "note",
    ]
    list_filter = ["year", "quarter", "currency"]
    list_select_related = ["activity"]
    search_fields = ["activity__title", "note"]
    autocomplete_fields = ["activity"]
    ordering = ["-year", "-quarter", "activity"]


class ServiceLineInline(SafeInlineMixin, admin.TabularInline):
    model = ServiceLine
    extra = 1
    fields = ["service", "description", "estimated_cost"]


@admin.register(ServiceAgreement)
class ServiceAgreementAdmin(ImportExportMixin, PublishingAdmin, SimpleHistoryAdmin):
    resource_classes = [ServiceAgreementResource]
    inlines = [ServiceLineInline]
    list_display = [
        "title",
        "provider",
        "recipient",
        "status",
        "biennium_label",
        "invoiced_amount",
        "recovered_amount",
        "outstanding",
        "currency",
    ]
    list_filter = ["status", "biennium", "provider", "recipient", "publication_status"]
    list_select_related = ["provider", "recipient"]
    search_fields = ["title", "slug", "narrative", "meetings__title"]
    autocomplete_fields = ["provider", "recipient", "meetings"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["outstanding", *TIMESTAMPS]
    date_hierarchy = "requested_on"
    ordering = ["-biennium", "requested_on", "slug"]
    fieldsets = [
        (None, {"fields": ["title", "slug", ("provider", "recipient"), "meetings"]}),
        (
            _("Status"),
            {
                "fields": [
                    ("status", "biennium"),
                    ("requested_on", "signed_on", "completed_on"),
                ]
            },
        ),
        (
            _("Amounts"),
            {
                "fields": [
                    "currency",
                    "estimated_cost",
                    ("invoiced_amount", "recovered_amount"),
                    "outstanding",
                ]
            },
        ),
        (_("Report"), {"fields": ["narrative", "publication_status", TIMESTAMPS]}),
    ]
    fieldsets = add_version_to_fieldsets(fieldsets)

    @admin.display(description=_("biennium"), ordering="biennium")
    def biennium_label(self, obj: ServiceAgreement) -> str:
        return Biennium.label(obj.biennium)

    @admin.display(
        description=_("outstanding"),
        ordering=F("invoiced_amount") - F("recovered_amount"),
    )
    def outstanding(self, obj: ServiceAgreement) -> Decimal:
        return obj.outstanding


@admin.register(ServiceLine)
class ServiceLineAdmin(GuardedAdmin, SimpleHistoryAdmin):
    list_display = ["service", "agreement", "description", "estimated_cost"]
    list_filter = ["service"]
    list_select_related = ["agreement"]
    search_fields = ["description", "agreement__title"]
    autocomplete_fields = ["agreement"]
    ordering = ["agreement", "pk"]
