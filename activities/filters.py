"""Filters of the activity and agreement lists, shared by the pages and the API."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from brsportal.filters import updated_since_filter
from decisions.models import Convention, Decision, Meeting, Organization, Secretariat

from .models import (
    Activity,
    Biennium,
    CostSaving,
    Event,
    ServiceAgreement,
    Synergy,
    ThematicArea,
)


class StableOrderingFilter(django_filters.OrderingFilter):
    """Sorting that ends on the primary key, so pages never repeat or skip a row
    whose sort value it shares with others (many activities share a biennium)."""

    def filter(self, qs: QuerySet, value) -> QuerySet:
        qs = super().filter(qs, value)
        if value:
            last = qs.query.order_by[-1] if qs.query.order_by else ""
            qs = qs.order_by(
                *qs.query.order_by, "-pk" if last.startswith("-") else "pk"
            )
        return qs


class BienniumFilter(django_filters.CharFilter):
    """Accepts 2024-2025, 2024–2025 or 2024 and filters on the biennium's first year."""

    def filter(self, qs: QuerySet, value: str) -> QuerySet:
        if not value:
            return qs
        try:
            start = Biennium.parse(value)
        except ValidationError as error:
            raise django_filters.exceptions.FieldError(error.messages[0]) from error
        return qs.filter(**{self.field_name: start})


def clean_biennium(value: str) -> str:
    Biennium.parse(value)
    return value


class DecisionSymbolFilter(django_filters.CharFilter):
    """Filters on a mandating decision typed as a symbol (BC-17/22, RC11/8): the
    activities it mandates directly or through one of its paragraphs."""

    def filter(self, qs: QuerySet, value: str) -> QuerySet:
        if not value:
            return qs
        return qs.mandated_by(Decision.objects.by_symbol(value))


def validate_decision_symbol(value: str) -> None:
    Decision.objects.by_symbol(value)


class ActivityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_search", label=_("Keywords"), max_length=200
    )
    convention = extend_schema_field(OpenApiTypes.STR)(
        django_filters.ModelMultipleChoiceFilter(
            field_name="conventions__code",
            to_field_name="code",
            queryset=Convention.objects.all(),
            label=_("Convention"),
            method="filter_convention",
        )
    )
    thematic_area = django_filters.ModelChoiceFilter(
        field_name="thematic_area",
        to_field_name="slug",
        queryset=ThematicArea.objects.all(),
        label=_("Thematic area"),
    )
    status = django_filters.ChoiceFilter(choices=Activity.Status.choices)
    kind = django_filters.ChoiceFilter(choices=Activity.Kind.choices)
    biennium = BienniumFilter(
        label=_("Biennium"), max_length=20, validators=[clean_biennium]
    )
    partner = django_filters.ModelChoiceFilter(
        field_name="partners",
        to_field_name="slug",
        queryset=Organization.objects.all(),
        label=_("Partner"),
        method="filter_partner",
    )
    decision = DecisionSymbolFilter(
        label=_("Mandating decision"),
        max_length=40,
        validators=[validate_decision_symbol],
    )
    year = django_filters.NumberFilter(
        method="filter_year", label=_("Year"), min_value=2000, max_value=2100
    )
    updated_since = updated_since_filter()
    ordering = StableOrderingFilter(
        fields=(
            ("title", "title"),
            ("biennium", "biennium"),
            ("updated_at", "updated"),
            ("theme_position", "thematic_area"),
        ),
        label=_("Sort by"),
    )

    class Meta:
        model = Activity
        fields = [
            "q",
            "convention",
            "thematic_area",
            "status",
            "kind",
            "biennium",
            "partner",
            "decision",
            "year",
            "updated_since",
        ]

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.search(value)

    def filter_convention(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset.under_conventions(value) if value else queryset

    def filter_partner(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset.with_partner(value) if value else queryset

    def filter_year(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset.in_year(int(value))


class AnyCaseModelChoiceField(forms.ModelChoiceField):
    """A choice by code that takes the code in any case (``brs`` is ``BRS``)."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return self.queryset.get(**{f"{self.to_field_name}__iexact": value})
        except (ValueError, TypeError, self.queryset.model.DoesNotExist) as error:
            codes = self.queryset.values_list(self.to_field_name, flat=True)
            raise ValidationError(
                _("There is no “%(value)s”: choose one of %(choices)s (any case)."),
                code="invalid_choice",
                params={"value": str(value)[:40], "choices": ", ".join(codes)},
            ) from error


class AnyCaseModelChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = AnyCaseModelChoiceField


def secretariat_filter(field_name: str, label) -> AnyCaseModelChoiceFilter:
    return extend_schema_field(OpenApiTypes.STR)(
        AnyCaseModelChoiceFilter(
            field_name=field_name,
            to_field_name="code",
            queryset=Secretariat.objects.all(),
            label=label,
        )
    )


class MeetingNameFilter(django_filters.CharFilter):
    """A meeting typed as a person would: any part of its title or its identifier,
    in any case."""

    def filter(self, qs: QuerySet, value: str) -> QuerySet:
        if not value:
            return qs
        meetings = Meeting.objects.filter(
            Q(slug__iexact=value) | Q(title__icontains=value)
        )
        return qs.filter(
            pk__in=qs.model.objects.filter(meetings__in=meetings).values("pk")
        )


class ServiceAgreementFilter(django_filters.FilterSet):
    provider = secretariat_filter("provider", _("Provided by"))
    recipient = secretariat_filter("recipient", _("Provided for"))
    status = django_filters.ChoiceFilter(choices=ServiceAgreement.Status.choices)
    biennium = BienniumFilter(
        label=_("Biennium"), max_length=20, validators=[clean_biennium]
    )
    meeting = MeetingNameFilter(label=_("Meeting served"), max_length=80)
    updated_since = updated_since_filter()

    class Meta:
        model = ServiceAgreement
        fields = ["provider", "recipient", "status", "biennium", "meeting"]


class ActivityResultFilter(django_filters.FilterSet):
    """What the synergy and cost saving lists share: their activity's attributes."""

    convention = extend_schema_field(OpenApiTypes.STR)(
        django_filters.ModelChoiceFilter(
            to_field_name="code",
            queryset=Convention.objects.all(),
            label=_("Convention"),
            method="filter_convention",
        )
    )
    thematic_area = django_filters.ModelChoiceFilter(
        field_name="activity__thematic_area",
        to_field_name="slug",
        queryset=ThematicArea.objects.all(),
        label=_("Thematic area"),
    )
    biennium = BienniumFilter(
        field_name="activity__biennium",
        label=_("Biennium"),
        max_length=20,
        validators=[clean_biennium],
    )

    def filter_convention(self, queryset: QuerySet, name: str, value) -> QuerySet:
        if not value:
            return queryset
        activities = Activity.objects.under_conventions([value])
        return queryset.filter(activity__in=activities.values("pk"))


class SynergyFilter(ActivityResultFilter):
    class Meta:
        model = Synergy
        fields = ["convention", "thematic_area", "biennium"]


class CostSavingFilter(ActivityResultFilter):
    year = django_filters.NumberFilter(min_value=2000, max_value=2100, label=_("Year"))
    quarter = django_filters.ChoiceFilter(
        choices=[(q, f"Q{q}") for q in range(1, 5)], label=_("Quarter")
    )
    currency = django_filters.ChoiceFilter(
        choices=CostSaving.Currency.choices, label=_("Currency")
    )

    class Meta:
        model = CostSaving
        fields = ["convention", "thematic_area", "biennium", "year", "quarter"]


class PartnerFilter(django_filters.FilterSet):
    """Partner organisations by any part of their name or acronym, and kind."""

    q = django_filters.CharFilter(
        method="filter_name", label=_("Name or acronym"), max_length=200
    )
    kind = django_filters.ChoiceFilter(
        choices=Organization.Kind.choices, label=_("Kind")
    )

    class Meta:
        model = Organization
        fields = ["q", "kind"]

    def filter_name(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(name__icontains=value) | Q(acronym__icontains=value))


class EventFilter(django_filters.FilterSet):
    """Events of published activities: words of the title or place, kind, year,
    convention."""

    q = django_filters.CharFilter(
        method="filter_words", label=_("Title or place"), max_length=200
    )
    kind = django_filters.ChoiceFilter(choices=Event.Kind.choices, label=_("Kind"))
    convention = extend_schema_field(OpenApiTypes.STR)(
        AnyCaseModelChoiceFilter(
            to_field_name="code",
            queryset=Convention.objects.all(),
            label=_("Convention"),
            method="filter_convention",
        )
    )
    year = django_filters.NumberFilter(
        field_name="start_date__year", label=_("Year"), min_value=2000, max_value=2100
    )

    class Meta:
        model = Event
        fields = ["q", "kind", "convention", "year"]

    def filter_words(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(
            Q(title__icontains=value)
            | Q(city__icontains=value)
            | Q(country__icontains=value)
            | Q(venue__icontains=value)
        )

    def filter_convention(self, queryset: QuerySet, name: str, value) -> QuerySet:
        if not value:
            return queryset
        activities = Activity.objects.under_conventions([value])
        return queryset.filter(activity__in=activities.values("pk"))
