"""What every public list page shares (the home page is brsportal/home.py)."""

from __future__ import annotations

import hashlib
from typing import Any

from django import forms
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.template.loader import render_to_string
from django.utils.cache import patch_vary_headers
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django_filters import FilterSet

from brsportal.cache import memoize
from brsportal.exports import FORMATS as EXPORT_FORMATS
from brsportal.exports import Table, export_response
from brsportal.widgets import QuickSelect

PAGE_SIZE = 20


def bad_request(request: HttpRequest, message: str) -> HttpResponse:
    """The site's 400 page with a sentence saying what was wrong."""
    html = render_to_string("400.html", {"message": message}, request=request)
    return HttpResponseBadRequest(html)


class ListPaginator(Paginator):
    """Numbered pages that stay fast on deep pages and large tables.

    - A page reads the primary keys of its rows first (an index-only scan when an
      index matches the order), then the rows themselves: OFFSET skips index
      entries, not whole rows with their narratives.
    - The total is counted once per change of the records (brsportal.cache), not
      on every page view: COUNT(*) reads every published row (bench/results/).
    """

    def page(self, number) -> Page:
        page = super().page(number)  # its rows: a lazy slice of the queryset
        if isinstance(page.object_list, QuerySet):
            keys = list(page.object_list.values_list("pk", flat=True))
            rows = self.object_list.order_by().filter(pk__in=keys)
            by_key = {row.pk: row for row in rows}
            page.object_list = [by_key[key] for key in keys]
        return page

    @cached_property
    def count(self) -> int:
        rows = self.object_list
        if not isinstance(rows, QuerySet):
            return Paginator.count.func(self)
        try:
            sql, params = rows.order_by().query.sql_with_params()
        except EmptyResultSet:
            return 0
        digest = hashlib.sha256(repr((sql, params)).encode()).hexdigest()
        return memoize(f"count:{digest}", rows.count)


class PublicFilterMixin:
    """Pagination, form tidying and input checks shared by the filtered list pages.

    Used with django_filters' FilterView, whose strict mode shows an empty list and
    the form's error messages when a filter value is invalid.
    """

    paginate_by = PAGE_SIZE
    paginator_class = ListPaginator
    # Machine-oriented filters the API offers; the HTML form leaves them out.
    hidden_filters: tuple[str, ...] = ("updated_since",)
    checkbox_filters: tuple[str, ...] = ()
    # The columns of the list's CSV and XLSX downloads (?export=csv|xlsx), if any.
    export_table: Table | None = None

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # A NUL byte cannot be stored or queried on PostgreSQL; say so instead of 500.
        if has_nul(request):
            return bad_request(
                request, _("The address contains a character that is not allowed.")
            )
        if self.export_table is not None and "export" in request.GET:
            return self.export(request.GET["export"])
        return super().dispatch(request, *args, **kwargs)

    def export(self, export_format: str) -> HttpResponse:
        """Every record the filters select (not one page) as a download."""
        if export_format not in EXPORT_FORMATS:
            return bad_request(
                self.request,
                _("Unknown export format “%(format)s”: choose %(formats)s.")
                % {
                    "format": export_format[:20],
                    "formats": " or ".join(EXPORT_FORMATS),
                },
            )
        self.object_list = self.get_queryset()
        filterset = self.get_filterset(self.get_filterset_class())
        if not filterset.is_valid():
            return bad_request(self.request, form_errors(filterset.form))
        # The table names its own prefetches; the page's list-item ones would be
        # read twice.
        queryset = filterset.qs.prefetch_related(None)
        return export_response(self.export_table, queryset, export_format)

    def get_filterset(self, filterset_class: type[FilterSet]) -> FilterSet:
        filterset = super().get_filterset(filterset_class)
        tidy_form(filterset.form, self.hidden_filters, self.checkbox_filters)
        return filterset

    def get_template_names(self) -> list[str]:
        names = super().get_template_names()
        # The filter form asks for the list alone (htmx); a full load gets the page.
        if getattr(self.request, "htmx", False) and not self.request.htmx.boosted:
            return [f"{name}#listing" for name in names]
        return names

    def render_to_response(
        self, context: dict[str, Any], **kwargs: Any
    ) -> HttpResponse:
        response = super().render_to_response(context, **kwargs)
        if getattr(self.request, "htmx", False):
            patch_vary_headers(response, ["HX-Request"])
        return response

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        page = context.get("page_obj")
        if page is not None:
            context["page_range"] = page.paginator.get_elided_page_range(
                page.number, on_each_side=2, on_ends=1
            )
        return context


def form_errors(form: forms.Form) -> str:
    """A form's errors as one sentence per field, for a 400 page."""
    return "; ".join(
        f"{form.fields[name].label if name in form.fields else name}: "
        f"{' '.join(messages)}"
        for name, messages in form.errors.items()
    )


def has_nul(request: HttpRequest) -> bool:
    """Whether a query parameter's name or value holds a NUL byte."""
    return any(
        "\x00" in key or any("\x00" in value for value in request.GET.getlist(key))
        for key in request.GET
    )


def tidy_form(
    form: forms.Form, hidden: tuple[str, ...], checkboxes: tuple[str, ...]
) -> None:
    """Words instead of dashes for empty choices; checkboxes for short multi-choices."""
    form.label_suffix = ""
    for name in hidden:
        form.fields.pop(name, None)
    for name, field in form.fields.items():
        if name in checkboxes:
            field.widget = forms.CheckboxSelectMultiple(choices=field.choices)
        elif getattr(field, "empty_label", None) is not None:
            field.empty_label = _("Default order") if name == "ordering" else _("Any")
            # The form's copy of the widget may still iterate the class-level field.
            field.widget.choices = field.choices
        if type(field.widget) is forms.Select:
            field.widget = QuickSelect(
                attrs=field.widget.attrs,
                choices=field.choices,
                memo=f"{type(form).__module__}.{type(form).__qualname__}.{name}",
            )
        if isinstance(field, forms.DateField):
            # The browser's date picker; its value is ISO 8601, which the field reads.
            field.widget.input_type = "date"
