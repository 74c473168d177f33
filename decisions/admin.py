"""Admin for conventions, secretariats, bodies, meetings, documents and decisions.

Every class keeps edit history (django-simple-history: "History" on each record, with
revert); the records staff exchange as spreadsheets also import and export.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import ManyToManyField, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from simple_history.admin import SimpleHistoryAdmin

from brsportal.admin import GuardedAdmin, SafeInlineMixin

from .models import (
    Convention,
    Decision,
    DecisionParagraph,
    Document,
    DocumentSymbol,
    InforMEATerm,
    Meeting,
    Organization,
    Secretariat,
)
from .resources import (
    DecisionResource,
    DocumentResource,
    MeetingResource,
    OrganizationResource,
)

TIMESTAMPS = ("created_at", "updated_at")


@admin.register(Secretariat)
class SecretariatAdmin(GuardedAdmin, SimpleHistoryAdmin):
    list_display = ["short_name", "code", "name", "location"]
    search_fields = ["code", "name", "short_name"]
    autocomplete_fields = ["members"]
    readonly_fields = TIMESTAMPS
    ordering = ["code"]


@admin.register(Convention)
class ConventionAdmin(GuardedAdmin, SimpleHistoryAdmin):
    list_display = ["short_name", "code", "secretariat", "document_prefix", "position"]
    list_filter = ["secretariat"]
    list_select_related = ["secretariat"]
    search_fields = ["code", "name", "short_name"]
    autocomplete_fields = ["secretariat"]
    readonly_fields = TIMESTAMPS
    ordering = ["position", "code"]


@admin.register(Organization)
class OrganizationAdmin(ImportExportMixin, GuardedAdmin, SimpleHistoryAdmin):
    resource_classes = [OrganizationResource]
    list_display = ["name", "acronym", "kind", "website"]
    list_filter = ["kind"]
    search_fields = ["name", "acronym", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = TIMESTAMPS
    ordering = ["name"]


@admin.register(InforMEATerm)
class InforMEATermAdmin(GuardedAdmin, SimpleHistoryAdmin):
    """The InforMEA vocabulary the feed's keywords come from (see thematic areas)."""

    list_display = ["term", "namespace", "url", "themes"]
    search_fields = ["term", "url"]
    readonly_fields = TIMESTAMPS
    ordering = ["term"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("thematic_areas")

    @admin.display(description=_("thematic areas"))
    def themes(self, term: InforMEATerm) -> str:
        return "; ".join(area.name for area in term.thematic_areas.all())


@admin.register(Meeting)
class MeetingAdmin(ImportExportMixin, GuardedAdmin, SimpleHistoryAdmin):
    resource_classes = [MeetingResource]
    list_display = [
        "title",
        "kind",
        "body",
        "number",
        "start_date",
        "end_date",
        "place",
        "status",
    ]
    list_filter = ["kind", "status", "convention", "online"]
    list_select_related = ["convention", "organization"]
    search_fields = [
        "title",
        "slug",
        "city",
        "country",
        "venue",
        "organization__name",
        "organization__acronym",
        "convention__code",
    ]
    autocomplete_fields = ["convention", "organization"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = TIMESTAMPS
    date_hierarchy = "start_date"
    ordering = ["-start_date", "slug"]

    @admin.display(description=_("convention or body"))
    def body(self, obj: Meeting) -> str:
        return str(obj.body or "")

    @admin.display(description=_("place"))
    def place(self, obj: Meeting) -> str:
        return obj.place


class DocumentSymbolInline(SafeInlineMixin, admin.TabularInline):
    model = DocumentSymbol
    extra = 1
    fields = ["symbol", "position"]


@admin.register(Document)
class DocumentAdmin(ImportExportMixin, GuardedAdmin, SimpleHistoryAdmin):
    resource_classes = [DocumentResource]
    inlines = [DocumentSymbolInline]
    list_display = ["symbol", "title", "meeting"]
    list_filter = ["meeting__convention"]
    list_select_related = ["meeting"]
    search_fields = ["symbol", "title", "parallel_symbols__symbol"]
    autocomplete_fields = ["meeting"]
    readonly_fields = TIMESTAMPS
    ordering = ["symbol"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Document]:
        # str() of a document is its joint symbol; autocomplete lists print it.
        return super().get_queryset(request).prefetch_related("parallel_symbols")


@admin.register(DocumentSymbol)
class DocumentSymbolAdmin(GuardedAdmin, SimpleHistoryAdmin):
    list_display = ["symbol", "document", "position"]
    list_select_related = ["document"]
    search_fields = ["symbol", "document__symbol"]
    autocomplete_fields = ["document"]
    ordering = ["symbol"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[DocumentSymbol]:
        return (
            super().get_queryset(request).prefetch_related("document__parallel_symbols")
        )


class DecisionParagraphInline(SafeInlineMixin, admin.TabularInline):
    model = DecisionParagraph
    extra = 1
    fields = ["reference", "text", "position"]


class DecisionSearchMixin:
    """Search that understands a typed decision symbol (BC-17/22, RC11/8, sc-12/23.)."""

    symbol_path = ""

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet, search_term: str
    ) -> tuple[QuerySet, bool]:
        try:
            matches = Decision.objects.by_symbol(search_term)
        except ValidationError:
            return super().get_search_results(request, queryset, search_term)
        lookup = f"{self.symbol_path}pk__in" if self.symbol_path else "pk__in"
        return queryset.filter(**{lookup: matches.values("pk")}), False


@admin.register(Decision)
class DecisionAdmin(
    DecisionSearchMixin, ImportExportMixin, GuardedAdmin, SimpleHistoryAdmin
):
    resource_classes = [DecisionResource]
    inlines = [DecisionParagraphInline]
    list_display = ["symbol", "title", "convention", "meeting", "adopted_on", "status"]
    list_display_links = ["symbol", "title"]
    list_filter = ["convention", "meeting_number", "status"]
    list_select_related = ["convention", "meeting"]
    search_fields = ["title", "summary", "convention__code"]
    search_help_text = _("A symbol such as BC-17/22, or words of the title or summary.")
    autocomplete_fields = ["convention", "meeting", "recalls"]
    readonly_fields = ["recalled_by_list", *TIMESTAMPS]
    date_hierarchy = "adopted_on"
    ordering = ["convention__position", "-meeting_number", "number"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Decision]:
        # str() of a decision needs its convention (autocomplete lists, recalls).
        return super().get_queryset(request).select_related("convention")

    def formfield_for_manytomany(
        self, db_field: ManyToManyField, request: HttpRequest, **kwargs: Any
    ) -> forms.ModelMultipleChoiceField:
        if db_field.name == "recalls":
            kwargs["queryset"] = Decision.objects.select_related("convention")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description=_("symbol"), ordering="meeting_number")
    def symbol(self, obj: Decision) -> str:
        return obj.symbol

    @admin.display(description=_("recalled by"))
    def recalled_by_list(self, obj: Decision) -> str:
        later = obj.recalled_by.select_related("convention") if obj.pk else []
        return ", ".join(decision.symbol for decision in later) or "–"


@admin.register(DecisionParagraph)
class DecisionParagraphAdmin(DecisionSearchMixin, GuardedAdmin, SimpleHistoryAdmin):
    symbol_path = "decision__"
    list_display = ["__str__", "decision", "reference", "position"]
    list_select_related = ["decision__convention"]
    list_filter = ["decision__convention"]
    search_fields = ["reference", "text", "decision__title"]
    search_help_text = _("A decision symbol such as MC-5/10, or words of the text.")
    autocomplete_fields = ["decision"]
    ordering = [
        "decision__convention__position",
        "-decision__meeting_number",
        "decision__number",
        "position",
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[DecisionParagraph]:
        return super().get_queryset(request).select_related("decision__convention")
