"""Admin for reports: edit drafts, preview them, issue them (with confirmation) and
create revisions; issued reports are read-only."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.tasks import TaskResultStatus
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from . import import_admin
from .models import Report, ReportMeeting, SectionHeading
from .tasks import issue_report

KIND_HELP = {
    Report.Kind.BIENNIAL: _(
        "A note by the secretariats, annex I on the activities undertaken in one "
        "biennium and annex II outlining those planned for the next."
    ),
    Report.Kind.OUTLINE: _(
        "The activities planned for one biennium, or for a span of them."
    ),
    Report.Kind.QUARTERLY: _(
        "The synergies and cost savings of one quarter, with an overview."
    ),
}


def without(options: dict, *names: str) -> dict:
    """A fieldset's options without the given fields."""
    fields = [field for field in options["fields"] if field not in names]
    return {**options, "fields": fields}


class SectionHeadingInline(admin.TabularInline):
    model = SectionHeading
    extra = 0

    def has_add_permission(self, request, obj=None) -> bool:
        return obj is None or not obj.is_issued

    def has_change_permission(self, request, obj=None) -> bool:
        return obj is None or not obj.is_issued

    def has_delete_permission(self, request, obj=None) -> bool:
        return obj is None or not obj.is_issued


class ReportMeetingInline(admin.TabularInline):
    model = ReportMeeting
    extra = 0
    autocomplete_fields = ["meeting"]
    verbose_name_plural = _("meetings submitted to (masthead)")

    def has_add_permission(self, request, obj=None) -> bool:
        return obj is None or not obj.is_issued

    def has_change_permission(self, request, obj=None) -> bool:
        return obj is None or not obj.is_issued

    def has_delete_permission(self, request, obj=None) -> bool:
        return obj is None or not obj.is_issued


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "kind",
        "revision_label",
        "status",
        "issued_at",
        "issued_by_label",
        "preview",
    ]
    list_filter = ["kind", "status"]
    search_fields = ["title", "slug", "symbol"]
    list_select_related = ["replaces"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["replaces"]
    inlines = [ReportMeetingInline, SectionHeadingInline]
    actions = ["issue_selected", "revise_selected"]
    readonly_fields = ["issue_record", "warnings", "contents"]
    fieldsets = [
        (None, {"fields": [
            "kind", "title", "slug", "author", "language", "warnings", "contents",
        ]}),
        (_("Masthead"), {
            "fields": [
                "symbol", "distribution", "document_date", "original_language",
                "footnote_start",
            ],
            "description": _(
                "Printed on the first page as UN documents are; the meetings and "
                "agenda items are listed below."
            ),
        }),
        (_("Biennial joint report and outline"), {
            "fields": [
                "biennium", "last_biennium", "cover_note",
                "annex1_title", "annex1_introduction", "annex1_services_introduction",
                "annex2_title", "annex2_introduction", "annex2_services_introduction",
            ],
            "description": _(
                "An outline of planned activities covers the bienniums from the "
                "first to the last; its introduction and services introduction are "
                "those of annex I, and its period prints as typed under Period (or "
                "as the bienniums)."
            ),
        }),
        (_("Quarterly report"), {
            "fields": ["year", "quarter", "period_label", "overview"],
        }),
        (_("Publication"), {"fields": ["revision", "replaces", "issue_record"]}),
    ]  # fmt: skip

    # The kind first, then only that kind's fields --------------------------

    KIND_SECTIONS = {
        Report.Kind.BIENNIAL: {"biennial"},
        Report.Kind.OUTLINE: {"biennial"},
        Report.Kind.QUARTERLY: {"quarterly"},
    }

    def chosen_kind(self, request: HttpRequest, obj: Report | None) -> str | None:
        if obj is not None and obj.pk:
            return obj.kind
        kind = request.POST.get("kind") or request.GET.get("kind")
        return kind if kind in Report.Kind.values else None

    def get_fieldsets(self, request: HttpRequest, obj: Report | None = None):
        kind = self.chosen_kind(request, obj)
        if kind is None:
            return super().get_fieldsets(request, obj)
        keep = self.KIND_SECTIONS[kind]
        fieldsets = []
        for name, options in super().get_fieldsets(request, obj):
            if (
                name == _("Biennial joint report and outline")
                and "biennial" not in keep
            ):
                continue
            if name == _("Quarterly report") and "quarterly" not in keep:
                continue
            fieldsets.append((name, options))
        if kind == Report.Kind.BIENNIAL:
            fieldsets = [
                (name, without(options, "last_biennium")) for name, options in fieldsets
            ]
        if obj is None or obj.pk is None:
            fieldsets = [
                (name, without(options, "warnings", "issue_record", "contents"))
                for name, options in fieldsets
            ]
        return fieldsets

    def add_view(self, request: HttpRequest, form_url: str = "", extra_context=None):
        if (
            request.method == "GET"
            and self.chosen_kind(request, None) is None
            and self.has_add_permission(request)  # else Django's own refusal
        ):
            context = {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": _("Start a report: choose its kind"),
                "kinds": [
                    (value, label, KIND_HELP[value])
                    for value, label in Report.Kind.choices
                ],
            }
            return TemplateResponse(
                request, "admin/reports/report/choose_kind.html", context
            )
        extra_context = {
            **(extra_context or {}),
            "first_save_note": _(
                "Save the report first: Preview (HTML, PDF, Word), the annexes' "
                "contents and Issue appear once it is saved."
            ),
        }
        return super().add_view(request, form_url, extra_context)

    @admin.display(description=_("what the annexes will hold"))
    def contents(self, obj: Report) -> str:
        if obj is None or obj.pk is None or obj.is_issued:
            return "–"
        return render_to_string(
            "admin/reports/report/annex_plans.html",
            {"plans": obj.annex_plans(), "missing": obj.missing_for_issue()},
        )

    @admin.display(description=_("revision"))
    def revision_label(self, obj: Report) -> str:
        return obj.revision_label

    @admin.display(description=_("preview"))
    def preview(self, obj: Report) -> str:
        return format_html(
            '<a href="{}" target="_blank">HTML</a> · '
            '<a href="{}" target="_blank">PDF</a> · <a href="{}">Word</a>',
            obj.get_absolute_url(),
            obj.get_pdf_url(),
            obj.get_docx_url(),
        )

    @admin.display(description=_("check before issuing"))
    def warnings(self, obj: Report) -> str:
        if obj is None or obj.pk is None or obj.is_issued:
            return "–"
        problems = obj.citation_problems()
        if not problems:
            return _("Every reference is cited and every citation has its reference.")
        return format_html_join(
            "", '<p class="warning">{}</p>', ((problem,) for problem in problems)
        )

    @admin.display(description=_("issue record"))
    def issue_record(self, obj: Report) -> str:
        if not obj or not obj.is_issued:
            return _("Not issued: a draft, previewed live from the records.")
        return format_html(
            "Issued {} by {}.<br>PDF SHA-256 <code>{}</code><br>"
            "HTML SHA-256 <code>{}</code>",
            date_format(localtime(obj.issued_at), "DATETIME_FORMAT"),
            obj.issued_by_label,
            obj.sha256,
            obj.html_sha256,
        )

    # Issued reports are read-only --------------------------------------------

    def get_readonly_fields(self, request, obj=None) -> list[str]:
        if obj is not None and obj.is_issued:
            return [f.name for f in Report._meta.fields] + [
                "issue_record",
                "warnings",
                "contents",
            ]
        return list(self.readonly_fields)

    def get_prepopulated_fields(self, request, obj=None) -> dict:
        if obj is not None and obj.is_issued:
            return {}
        return super().get_prepopulated_fields(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.is_issued:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change) -> None:
        if obj.pk and Report.objects.filter(pk=obj.pk).issued().exists():
            messages.error(request, _("An issued report cannot change."))
            return
        super().save_model(request, obj, form, change)

    def delete_queryset(self, request, queryset: QuerySet) -> None:
        queryset.drafts().delete()

    # Issue and revise --------------------------------------------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="{}_{}_import".format(*info),
            ),
            path(
                "import/preview/",
                self.admin_site.admin_view(self.import_preview_view),
                name="{}_{}_import_preview".format(*info),
            ),
            path(
                "<path:object_id>/issue/",
                self.admin_site.admin_view(self.issue_view),
                name="{}_{}_issue".format(*info),
            ),
            path(
                "<path:object_id>/revise/",
                self.admin_site.admin_view(self.revise_view),
                name="{}_{}_revise".format(*info),
            ),
            *super().get_urls(),
        ]

    def import_view(self, request: HttpRequest) -> HttpResponse:
        return import_admin.upload_view(self, request)

    def import_preview_view(self, request: HttpRequest) -> HttpResponse:
        return import_admin.preview_view(self, request)

    def _change_url(self, report: Report) -> str:
        return reverse("admin:reports_report_change", args=[report.pk])

    def issue_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Confirmation page (GET), then issue (POST)."""
        report = get_object_or_404(Report, pk=object_id)
        if not self.has_issue_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            self._issue(request, [report])
            return HttpResponseRedirect(self._change_url(report))
        return self._confirm(request, [report])

    def revise_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        report = get_object_or_404(Report, pk=object_id)
        if request.method != "POST" or not self.has_issue_permission(request):
            return HttpResponseRedirect(self._change_url(report))
        try:
            revision = report.revise()
        except ValidationError as error:
            self.message_user(request, "; ".join(error.messages), messages.ERROR)
            return HttpResponseRedirect(self._change_url(report))
        self.message_user(request, _("Draft %s created.") % revision)
        return HttpResponseRedirect(self._change_url(revision))

    def _confirm(self, request: HttpRequest, reports: list[Report]) -> HttpResponse:
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Issue reports?"),
            "reports": reports,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(
            request, "admin/reports/report/issue_confirmation.html", context
        )

    def _issue(self, request: HttpRequest, reports: list[Report]) -> None:
        """Check each report, then hand the rendering to the task backend."""
        for report in reports:
            try:
                report.check_issuable()
            except ValidationError as error:
                self.message_user(
                    request, f"{report}: {'; '.join(error.messages)}", messages.ERROR
                )
                continue
            result = issue_report.enqueue(report.pk, request.user.pk)
            if result.status == TaskResultStatus.SUCCESSFUL:
                report.refresh_from_db()
                self.message_user(
                    request,
                    _("%(report)s issued; its HTML and PDF are frozen (SHA-256 %(h)s).")
                    % {"report": report, "h": report.sha256[:12]},
                )
            elif result.status == TaskResultStatus.FAILED:
                reason = result.errors[-1].traceback.strip().splitlines()[-1]
                self.message_user(
                    request,
                    _("%(report)s could not be issued: %(reason)s")
                    % {"report": report, "reason": reason},
                    messages.ERROR,
                )
            else:
                self.message_user(
                    request,
                    _(
                        "%(report)s is being rendered in the background; it will be "
                        "issued, with its PDF, when the worker has finished."
                    )
                    % {"report": report},
                    messages.INFO,
                )

    def has_issue_permission(self, request: HttpRequest) -> bool:
        """Issuing and revising freeze documents: report editors and administrators."""
        return request.user.has_perm("reports.issue_report")

    @admin.action(
        description=_("Issue the selected draft reports…"), permissions=["issue"]
    )
    def issue_selected(self, request: HttpRequest, queryset: QuerySet):
        drafts = list(queryset.drafts())
        if not drafts:
            self.message_user(request, _("Only drafts can be issued."), messages.ERROR)
            return None
        if request.POST.get("confirm") == "yes":
            self._issue(request, drafts)
            return None
        return self._confirm(request, drafts)

    @admin.action(
        description=_("Create a revision (Rev.N) of the selected reports"),
        permissions=["issue"],
    )
    def revise_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        for report in queryset:
            try:
                revision = report.revise()
            except ValidationError as error:
                self.message_user(
                    request, f"{report}: {'; '.join(error.messages)}", messages.ERROR
                )
            else:
                self.message_user(request, _("Draft %s created.") % revision)
