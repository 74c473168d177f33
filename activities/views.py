"""Public pages of the joint activities and the service agreements."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.generic import DetailView
from django_filters.views import FilterView

from brsportal.views import (
    PAGE_SIZE,
    PublicFilterMixin,
    bad_request,
    form_errors,
    has_nul,
)
from decisions.models import Convention, Decision, Organization

from . import exports, search
from .filters import (
    ActivityFilter,
    CostSavingFilter,
    EventFilter,
    PartnerFilter,
    ServiceAgreementFilter,
    SynergyFilter,
)
from .iati import iati_activities, iati_chunks
from .models import (
    Activity,
    Biennium,
    CostSaving,
    Event,
    Partnership,
    ServiceAgreement,
    Synergy,
    ThematicArea,
)
from .models.details import partner_organizations
from .narrative import (
    cited_markers,
    excerpt,
    markdown_to_safe_html,
    reference_html,
    render_narrative,
)


def list_items(activities: QuerySet[Activity]) -> QuerySet[Activity]:
    """With what a list item shows (includes/activity_item.html): the theme and
    the conventions."""
    return activities.select_related("thematic_area").prefetch_related("conventions")


class ActivityListView(PublicFilterMixin, FilterView):
    """Published activities, filtered, searched, sorted and paginated."""

    filterset_class = ActivityFilter
    checkbox_filters = ("convention",)
    export_table = exports.ACTIVITIES

    def get_queryset(self) -> QuerySet[Activity]:
        # The current and coming bienniums first (an imported 2014 activity is not
        # news), newest entry first within one; activities_published_biennium read
        # backwards serves it at any page depth.
        return list_items(Activity.objects.published()).order_by("-biennium", "-pk")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        for activity in context["object_list"]:
            activity.excerpt = excerpt(activity.narrative)
        return context


class ActivityDetailView(DetailView):
    """One published activity with everything the public record says about it."""

    def get_queryset(self) -> QuerySet[Activity]:
        return (
            Activity.objects.published()
            .with_details()
            .with_results()
            # A cited document shows its symbols in every convention.
            .prefetch_related("references__document__parallel_symbols")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        activity = self.object
        references = list(activity.references.all())
        cited = set(cited_markers(activity.narrative))
        context["narrative_html"] = render_narrative(
            activity.narrative, references, anchor="fn", footnotes="links"
        )
        context["references"] = [
            (ref, ref.marker in cited, reference_html(ref)) for ref in references
        ]
        context["paragraphs_by_decision"] = paragraphs_by_decision(activity)
        return context


def paragraphs_by_decision(activity: Activity) -> list[tuple[Decision, list]]:
    """Mandating decisions, each with the paragraphs of it the activity cites.

    A paragraph's decision is listed even when the decision itself is not linked.
    """
    grouped: dict[int, tuple[Decision, list]] = {
        decision.pk: (decision, []) for decision in activity.decisions.all()
    }
    for paragraph in activity.decision_paragraphs.all():
        decision = paragraph.decision
        grouped.setdefault(decision.pk, (decision, []))[1].append(paragraph)
    return list(grouped.values())


class ServiceAgreementListView(PublicFilterMixin, FilterView):
    """Published cost-recovery agreements between the secretariats."""

    filterset_class = ServiceAgreementFilter
    export_table = exports.SERVICE_AGREEMENTS

    def get_queryset(self) -> QuerySet[ServiceAgreement]:
        return (
            ServiceAgreement.objects.published()
            .select_related("provider", "recipient")
            .prefetch_related("meetings")
        )


class ServiceAgreementDetailView(DetailView):
    """One published service agreement: services, meetings served, amounts."""

    def get_queryset(self) -> QuerySet[ServiceAgreement]:
        return (
            ServiceAgreement.objects.published()
            .select_related("provider", "recipient")
            .prefetch_related("lines", "meetings__convention")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["narrative_html"] = markdown_to_safe_html(self.object.narrative)
        return context


class SynergyListView(PublicFilterMixin, FilterView):
    """Synergies of published activities, by biennium and thematic area."""

    filterset_class = SynergyFilter
    export_table = exports.SYNERGIES

    def get_queryset(self) -> QuerySet[Synergy]:
        return (
            Synergy.objects.filter(activity__in=Activity.objects.published())
            .select_related("activity__thematic_area")
            .order_by("-activity__biennium", "activity__title", "position", "pk")
        )


class CostSavingListView(PublicFilterMixin, FilterView):
    """Cost savings of published activities, newest quarter first, with totals."""

    filterset_class = CostSavingFilter
    export_table = exports.COST_SAVINGS

    def get_queryset(self) -> QuerySet[CostSaving]:
        return (
            CostSaving.objects.filter(activity__in=Activity.objects.published())
            .select_related("activity__thematic_area")
            .order_by("-year", "-quarter", "activity__title", "pk")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["totals"] = self.object_list.totals_by_currency()
        return context


class PartnerListView(PublicFilterMixin, FilterView):
    """Organisations that take part in published activities, with their count."""

    filterset_class = PartnerFilter
    template_name = "activities/partner_filter.html"

    def get_queryset(self) -> QuerySet[Organization]:
        return partner_organizations().order_by("name", "pk")


class PartnerDetailView(DetailView):
    """One partner organisation and the published activities it takes part in."""

    template_name = "activities/partner_detail.html"
    context_object_name = "organization"

    def get_queryset(self) -> QuerySet[Organization]:
        return partner_organizations()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["partnerships"] = (
            Partnership.objects.filter(
                organization=self.object,
                activity__in=Activity.objects.published(),
            )
            .select_related("activity__thematic_area")
            .order_by("-activity__biennium", "activity__title", "role")
        )
        return context


def published_events() -> QuerySet[Event]:
    return Event.objects.filter(activity__in=Activity.objects.published())


class EventListView(PublicFilterMixin, FilterView):
    """Webinars, trainings and side events of published activities, latest first."""

    filterset_class = EventFilter

    def get_queryset(self) -> QuerySet[Event]:
        return (
            published_events()
            .select_related("activity", "meeting")
            .order_by("-start_date", "-pk")
        )


class EventDetailView(DetailView):
    """One event of a published activity: when, where, what it belongs to."""

    def get_queryset(self) -> QuerySet[Event]:
        return published_events().select_related(
            "activity__thematic_area", "meeting__convention"
        )


def iati_activities_xml(request: HttpRequest) -> HttpResponse:
    """The published activities as IATI activity XML 2.03, streamed; the activity
    list's filters apply (``?convention=MC``)."""
    if has_nul(request):
        return bad_request(
            request, _("The address contains a character that is not allowed.")
        )
    filterset = ActivityFilter(request.GET, queryset=Activity.objects.published())
    if not filterset.is_valid():
        return bad_request(request, form_errors(filterset.form))
    chunks = iati_chunks(
        iati_activities(filterset.qs.order_by()), request.build_absolute_uri
    )
    response = StreamingHttpResponse(chunks, content_type="application/xml")
    response["Content-Disposition"] = 'inline; filename="iati-activities.xml"'
    return response


class SearchForm(forms.Form):
    """The search box and its facets (every value optional)."""

    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    kind = forms.ChoiceField(
        label=_("Kind of record"),
        choices=[("", _("Any")), *search.KINDS.items()],
        required=False,
    )
    convention = forms.ModelChoiceField(
        Convention.objects.all(), to_field_name="code", required=False
    )
    biennium = forms.CharField(max_length=20, required=False)
    thematic_area = forms.ModelChoiceField(
        ThematicArea.objects.all(), to_field_name="slug", required=False
    )

    def clean_biennium(self) -> int | None:
        value = self.cleaned_data["biennium"]
        return Biennium.parse(value) if value else None


def search_page(request: HttpRequest) -> HttpResponse:
    """One search box over activities, decisions, documents, meetings and
    organisations, ranked, with snippets and facets (activities/search.py)."""
    if has_nul(request):
        return bad_request(
            request, _("The address contains a character that is not allowed.")
        )
    form = SearchForm(request.GET)
    context: dict[str, Any] = {"form": form, "query": request.GET.get("q", "")[:200]}
    if form.is_valid() and form.cleaned_data["q"].strip():
        data = form.cleaned_data
        filters = search.Filters(
            kind=data["kind"],
            convention=data["convention"],
            biennium=data["biennium"],
            thematic_area=data["thematic_area"],
        )
        number = request.GET.get("page", "1")
        number = int(number) if number.isdigit() and 0 < int(number) < 10_000 else 1
        results = search.search(
            data["q"], filters, offset=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE
        )
        paginator = Paginator(range(results.total), PAGE_SIZE)
        page = paginator.get_page(number)
        context.update(
            results=results,
            page_obj=page,
            is_paginated=paginator.num_pages > 1,
            page_range=paginator.get_elided_page_range(
                page.number, on_each_side=2, on_ends=1
            ),
            facets=facet_links(request, results.facets),
            selected={name: request.GET.get(name, "") for name in FACET_PARAMS},
        )
    return render(request, "activities/search.html", context)


FACET_PARAMS = ("kind", "convention", "biennium", "thematic_area")


def facet_links(request: HttpRequest, facets: list[search.Facet]) -> list[dict]:
    """Each facet's options as links that add (or, when chosen, remove) it."""

    def href(name: str, value: str | None) -> str:
        params = request.GET.copy()
        params.pop("page", None)
        if value is None:
            params.pop(name, None)
        else:
            params[name] = value
        return f"?{params.urlencode()}"

    shown = []
    for facet in facets:
        chosen = request.GET.get(facet.name, "")
        options = [
            {
                "label": label,
                "count": count,
                "selected": value == chosen,
                "href": href(facet.name, None if value == chosen else value),
            }
            for value, label, count in facet.options
        ]
        if options:
            shown.append({"label": facet.label, "options": options})
    return shown
