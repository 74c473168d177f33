"""The admin as a workplace: the staff home and the admin grouped by the work.

The admin site is Django's own (``StaffAdminSite`` only regroups its index and adds
the home's panels); every ModelAdmin, with its scope, locking and history, is as
registered by the apps.
"""

from __future__ import annotations

from heapq import nlargest
from typing import Any

from django.contrib import admin
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.http import HttpRequest, HttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# The admin grouped by the work, in the order staff reach for it. A model not named
# here (a new app's) falls into "System" rather than disappearing.
SECTIONS: list[tuple[str, Any, list[str]]] = [
    (
        "records",
        _("Records"),
        [
            "activities.activity",
            "activities.event",
            "activities.synergy",
            "activities.costsaving",
            "activities.serviceagreement",
            "decisions.decision",
            "decisions.meeting",
            "decisions.document",
            "decisions.organization",
            "activities.partnership",
            "activities.reference",
        ],
    ),
    ("reports", _("Reports"), ["reports.report"]),
    (
        "reference",
        _("Reference data"),
        [
            "decisions.convention",
            "decisions.secretariat",
            "activities.thematicarea",
            "decisions.informeaterm",
            "decisions.decisionparagraph",
            "decisions.documentsymbol",
            "activities.serviceline",
        ],
    ),
    ("system", _("System"), []),
]


def group_by_work(app_list: list[dict]) -> list[dict]:
    """Django's app list (one entry per app label) regrouped into SECTIONS."""
    models = {}
    for app in app_list:
        for model in app["models"]:
            key = f"{app['app_label']}.{model['object_name'].lower()}"
            models[key] = model
    index = reverse("admin:index")
    groups = []
    for slug, name, keys in SECTIONS:
        chosen = [models.pop(key) for key in keys if key in models]
        if slug == "system":
            chosen += sorted(models.values(), key=lambda m: str(m["name"]))
        if chosen:
            groups.append(
                {
                    "name": name,
                    "app_label": slug,
                    "app_url": f"{index}#section-{slug}",
                    "has_module_perms": True,
                    "models": chosen,
                }
            )
    return groups


class LabelledAutocompleteView(AutocompleteJsonView):
    """Search results labelled by a record's ``autocomplete_label`` where it has
    one (an organisation's full name with its acronym), else by its str()."""

    def serialize_result(self, obj, to_field_name: str) -> dict[str, str]:
        result = super().serialize_result(obj, to_field_name)
        label = getattr(obj, "autocomplete_label", None)
        if label:
            result["text"] = str(label)
        return result


class StaffAdminSite(admin.AdminSite):
    site_header = _("BRS–Minamata joint portal: staff")
    site_title = _("BRS–Minamata joint portal")
    index_title = _("Staff home")
    index_template = "admin/staff_home.html"

    def get_app_list(self, request: HttpRequest, app_label: str | None = None):
        app_list = super().get_app_list(request, app_label)
        return app_list if app_label else group_by_work(app_list)

    def autocomplete_view(self, request: HttpRequest) -> HttpResponse:
        return LabelledAutocompleteView.as_view(admin_site=self)(request)

    def index(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        context = {**staff_home(request), **(extra_context or {})}
        return super().index(request, extra_context=context)


def admin_url(record) -> str:
    meta = record._meta
    try:
        return reverse(
            f"admin:{meta.app_label}_{meta.model_name}_change", args=[record.pk]
        )
    except NoReverseMatch:
        return ""


def staff_home(request: HttpRequest) -> dict[str, Any]:
    """The panels of the staff home, each a short list scoped to the user."""
    from activities.models import Activity, PublicationStatus, ServiceAgreement
    from reports.models import Report

    user = request.user
    workflow = [Activity, ServiceAgreement]
    review, drafts = [], []
    for model in workflow:
        if not user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}"):
            continue
        scoped = model.objects.editable_by(user)
        review += list(
            scoped.filter(publication_status=PublicationStatus.IN_REVIEW).order_by(
                "-updated_at"
            )[:10]
        )
        mine = model.history.filter(history_user=user).values("id")
        drafts += list(
            scoped.filter(
                publication_status=PublicationStatus.DRAFT, pk__in=mine
            ).order_by("-updated_at")[:10]
        )
    reports = []
    if user.has_perm("reports.view_report"):
        for report in Report.objects.exclude(status=Report.Status.ISSUED).order_by(
            "-updated_at"
        )[:8]:
            reports.append({"report": report, "missing": report.missing_for_issue()})
    return {
        "awaiting_review": [(r, admin_url(r)) for r in review],
        "my_drafts": [(r, admin_url(r)) for r in drafts],
        "reports_in_preparation": reports,
        "recent_changes": recent_changes(user),
    }


def recent_changes(user, limit: int = 12) -> list[dict[str, Any]]:
    """The latest edits by other people to the records staff work on."""
    from activities.models import Activity, ServiceAgreement
    from decisions.models import Decision, Document, Meeting
    from reports.models import Report

    rows = []
    for model in (Activity, ServiceAgreement, Decision, Meeting, Document, Report):
        meta = model._meta
        if not user.has_perm(f"{meta.app_label}.view_{meta.model_name}"):
            continue
        history = (
            model.history.exclude(history_user=user)
            .select_related("history_user")
            .order_by("-history_date")[:limit]
        )
        for row in history:
            rows.append(
                {
                    "when": row.history_date,
                    "who": row.history_user,
                    "kind": meta.verbose_name,
                    "record": str(row.instance),
                    "type": row.get_history_type_display(),
                    "reason": row.history_change_reason or "",
                    "url": admin_url(row.instance) if row.history_type != "-" else "",
                }
            )
    return nlargest(limit, rows, key=lambda row: row["when"])
