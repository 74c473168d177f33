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

from brsportal.admin import GuardedAdmin, GuardedForm, SafeInlineMixin

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
from .symbols import (
    ACCEPTED_FORMS,
    DOCUMENT_ACCEPTED_FORMS,
    decision_candidates,
    decision_condition,
    parse_document_symbols,
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
        "session",
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
    autocomplete_fields = ["convention", "organization", "conventions"]
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

    @admin.display(description=_("session"), ordering="number")
    def session(self, obj: Meeting) -> str:
        return obj.session


class DocumentSymbolInline(SafeInlineMixin, admin.TabularInline):
    model = DocumentSymbol
    extra = 1
    fields = ["symbol", "position"]


class DocumentForm(GuardedForm):
    """The symbol as written: one symbol, or a joint one whose further parts become
    the parallel symbols; a range is refused, naming the documents it stands for."""

    symbol = forms.CharField(
        label=_("symbol"),
        max_length=1000,
        help_text=DOCUMENT_ACCEPTED_FORMS,
    )

    class Meta:
        model = Document
        fields = "__all__"

    def clean_symbol(self) -> str:
        try:
            self.symbols = parse_document_symbols(self.cleaned_data["symbol"])
        except ValidationError as error:
            raise forms.ValidationError(error.messages) from error
        return self.symbols[0]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        wanted = getattr(self, "symbols", [])
        if len(wanted) > 1:
            try:
                self.instance.check_symbols_free(wanted)
            except ValidationError as error:
                self.add_error(None, error.messages)
        return cleaned


class DocumentSearchMixin:
    """Search that understands any typed form of a document symbol."""

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet, search_term: str
    ) -> tuple[QuerySet, bool]:
        try:
            matches = Document.objects.by_symbol(search_term)
        except ValidationError:
            return super().get_search_results(request, queryset, search_term)
        field = "document__pk__in" if queryset.model is DocumentSymbol else "pk__in"
        return queryset.filter(**{field: matches.values("pk")}), False


@admin.register(Document)
class DocumentAdmin(
    DocumentSearchMixin, ImportExportMixin, GuardedAdmin, SimpleHistoryAdmin
):
    form = DocumentForm
    resource_classes = [DocumentResource]
    inlines = [DocumentSymbolInline]
    list_display = ["symbol", "title", "meeting"]
    list_filter = ["meeting__convention"]
    list_select_related = ["meeting"]
    search_fields = ["symbol", "title", "parallel_symbols__symbol"]
    search_help_text = _("Any symbol of the document, as written, or title words.")
    autocomplete_fields = ["meeting"]
    readonly_fields = ["all_symbols_list", *TIMESTAMPS]
    ordering = ["symbol"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Document]:
        # str() of a document is its joint symbol; autocomplete lists print it.
        return super().get_queryset(request).prefetch_related("parallel_symbols")

    @admin.display(description=_("all symbols, as cited"))
    def all_symbols_list(self, obj: Document) -> str:
        return obj.joint_symbol if obj.pk else "–"

    def save_related(self, request: HttpRequest, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        typed = getattr(form, "symbols", [])[1:]
        known = [s.symbol for s in form.instance.parallel_symbols.all()]
        new = [s for s in typed if s not in known]
        if new:
            form.instance.set_parallel_symbols([*known, *new])


@admin.register(DocumentSymbol)
class DocumentSymbolAdmin(DocumentSearchMixin, GuardedAdmin, SimpleHistoryAdmin):
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
    """Search that understands a typed decision symbol (BC-17/22, RC11/8, sc-12/23.,
    decision VII/26 in every convention that could mean it)."""

    symbol_path = ""

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet, search_term: str
    ) -> tuple[QuerySet, bool]:
        found = decision_candidates(search_term)
        if not found:
            return super().get_search_results(request, queryset, search_term)
        matches = Decision.objects.filter(decision_condition(found))
        lookup = f"{self.symbol_path}pk__in" if self.symbol_path else "pk__in"
        return queryset.filter(**{lookup: matches.values("pk")}), False


PARSED_PARTS = ("body", "extraordinary", "meeting_number", "number")


class DecisionForm(GuardedForm):
    """The symbol as written (BC-17/22, VII/26, BC.Ex-1/1, OEWG-8/1); its parts
    are read from it. The convention decides forms that name none (VII/26)."""

    symbol = forms.CharField(label=_("symbol"), max_length=60, help_text=ACCEPTED_FORMS)

    class Meta:
        model = Decision
        fields = "__all__"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("symbol", self.instance.symbol)
        if "convention" in self.fields:
            self.fields["convention"].required = False
            self.fields["convention"].help_text = _(
                "Needed only when the symbol names no convention (VII/26)."
            )
        self.symbol_read = False

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        text = cleaned.get("symbol")
        if not text:
            return cleaned
        try:
            self.instance.set_symbol(text, cleaned.get("convention"))
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                self.add_error(field if field in self.fields else "symbol", messages)
            return cleaned
        cleaned["convention"] = self.instance.convention
        self.symbol_read = True
        return cleaned

    def _get_validation_exclusions(self) -> set[str]:
        # The parsed parts are not form fields, but the unique symbol and the
        # checks on them must be validated here, not fail in the database.
        excluded = super()._get_validation_exclusions()
        return excluded - set(PARSED_PARTS) if self.symbol_read else excluded

    def _update_errors(self, errors: ValidationError) -> None:
        # Errors on the parsed parts belong to the symbol the staff member typed.
        if hasattr(errors, "error_dict"):
            for name in PARSED_PARTS:
                if name in errors.error_dict:
                    moved = errors.error_dict.pop(name)
                    errors.error_dict.setdefault("symbol", []).extend(moved)
        super()._update_errors(errors)


@admin.register(Decision)
class DecisionAdmin(
    DecisionSearchMixin, ImportExportMixin, GuardedAdmin, SimpleHistoryAdmin
):
    form = DecisionForm
    resource_classes = [DecisionResource]
    inlines = [DecisionParagraphInline]
    list_display = ["symbol", "title", "convention", "meeting", "adopted_on", "status"]
    list_display_links = ["symbol", "title"]
    list_filter = ["convention", "body", "extraordinary", "meeting_number", "status"]
    list_select_related = ["convention", "meeting"]
    search_fields = ["title", "summary", "convention__code"]
    search_help_text = _(
        "A symbol as written (BC-17/22, VII/26, BC.Ex-1/1, OEWG-8/1), or words of "
        "the title or summary."
    )
    autocomplete_fields = ["convention", "meeting", "recalls"]
    fields = [
        "symbol",
        "convention",
        "parsed_symbol",
        "title",
        "summary",
        "meeting",
        "adopted_on",
        "status",
        "url",
        "recalls",
        "recalled_by_list",
        *TIMESTAMPS,
    ]
    readonly_fields = ["parsed_symbol", "recalled_by_list", *TIMESTAMPS]
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

    @admin.display(description=_("read as"))
    def parsed_symbol(self, obj: Decision) -> str:
        if not obj.pk:
            return _("Filled in from the symbol when you save.")
        session = _("extraordinary session") if obj.extraordinary else _("session")
        return (
            f"{obj.convention} · {obj.get_body_display()} · {session} "
            f"{obj.parts.session} · {_('decision')} {obj.number} · "
            f"{_('cited as')} {obj.symbol} · {_('canonical')} {obj.key}"
        )

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
