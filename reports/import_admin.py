"""The admin's import: upload a file, review what it proposes, confirm.

Nothing is written until the confirmation; the plan waits in the session between
the two steps, so the file is read once.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.forms import formset_factory
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from activities.models import Activity, Biennium, ThematicArea

from .importing import MAX_BYTES, ImportRefused, Plan, propose_file, write_plan
from .importing.propose import why_not

SESSION_KEY = "report_import_plan"


def may_import(request: HttpRequest) -> bool:
    """The import writes a report and activities: both permissions are needed."""
    return request.user.has_perms(["reports.add_report", "activities.add_activity"])


def area_choices() -> list[tuple[str, str]]:
    return [("", "---------")] + [
        (area.slug, area.name) for area in ThematicArea.objects.order_by("position")
    ]


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Document"),
        help_text=_(".docx, .pdf, .txt or .md, up to %(mb)d MB.")
        % {"mb": MAX_BYTES // 1048576},
    )
    slug = forms.SlugField(
        label=_("Report permalink"),
        required=False,
        max_length=120,
        help_text=_("Leave blank to take it from the file name."),
    )
    title = forms.CharField(label=_("Report title"), required=False, max_length=500)
    biennium = forms.TypedChoiceField(
        label=_("Biennium"),
        choices=[("", _("Tell from the document")), *Biennium.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    area = forms.ChoiceField(
        label=_("Thematic area for paragraphs whose heading names none"),
        required=False,
    )
    make_report = forms.TypedChoiceField(
        label=_("Draft report"),
        choices=[
            ("", _("When the document is a joint or quarterly report")),
            ("yes", _("Always")),
            ("no", _("Never: activities only")),
        ],
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = area_choices()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("%(name)s is %(size).1f MB; files up to %(mb)d MB can be imported.")
                % {
                    "name": upload.name,
                    "size": upload.size / 1048576,
                    "mb": MAX_BYTES // 1048576,
                }
            )
        return upload


class ProposalForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput)
    include = forms.BooleanField(label=_("import"), required=False)
    title = forms.CharField(label=_("title"), max_length=300)
    area = forms.ChoiceField(label=_("thematic area"), required=False)
    status = forms.ChoiceField(label=_("status"), choices=Activity.Status.choices)
    biennium = forms.TypedChoiceField(
        label=_("biennium"), choices=Biennium.choices, coerce=int
    )

    def __init__(self, *args, areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = areas

    def clean(self):
        data = super().clean()
        if data.get("include") and not data.get("area"):
            self.add_error("area", _("Pick a thematic area, or leave it out."))
        return data


ProposalFormSet = formset_factory(ProposalForm, extra=0)


def upload_view(model_admin: admin.ModelAdmin, request: HttpRequest) -> HttpResponse:
    if not may_import(request):
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            __, plan = propose_file(
                upload.name,
                upload.read(MAX_BYTES + 1),
                slug=form.cleaned_data["slug"],
                title=form.cleaned_data["title"],
                biennium=form.cleaned_data["biennium"],
                default_area=form.cleaned_data["area"],
                make_report=form.cleaned_data["make_report"],
            )
        except ImportRefused as error:
            form.add_error("file", str(error))
        else:
            request.session[SESSION_KEY] = plan.to_dict()
            return HttpResponseRedirect(reverse("admin:reports_report_import_preview"))
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": _("Import a document"),
        "form": form,
    }
    return TemplateResponse(request, "admin/reports/import_upload.html", context)


def apply_review(plan: Plan, formset) -> None:
    """The reviewer's choices, proposal by proposal."""
    by_key = {p.key: p for p in plan.proposals}
    for form in formset:
        data = form.cleaned_data
        proposal = by_key.get(data.get("key"))
        if proposal is None:
            continue
        proposal.include = data["include"]
        proposal.title = data["title"]
        proposal.area = data["area"]
        proposal.status = data["status"]
        proposal.biennium = data["biennium"]
        if not proposal.why_not.startswith("paragraph number"):
            proposal.why_not = why_not(proposal)


def preview_view(model_admin: admin.ModelAdmin, request: HttpRequest) -> HttpResponse:
    if not may_import(request):
        raise PermissionDenied
    stored = request.session.get(SESSION_KEY)
    if stored is None:
        messages.warning(request, _("Upload a document first."))
        return HttpResponseRedirect(reverse("admin:reports_report_import"))
    plan = Plan.from_dict(stored)
    areas = area_choices()
    initial = [
        {
            "key": p.key,
            "include": p.include and not p.why_not,
            "title": p.title,
            "area": p.area,
            "status": p.status,
            "biennium": p.biennium,
        }
        for p in plan.proposals
    ]
    formset = ProposalFormSet(
        request.POST or None, initial=initial, form_kwargs={"areas": areas}
    )
    if request.method == "POST" and formset.is_valid():
        apply_review(plan, formset)
        try:
            written = write_plan(plan, user=request.user)
        except ImportRefused as error:
            messages.error(request, _("Nothing imported: %s") % error)
        else:
            del request.session[SESSION_KEY]
            messages.success(
                request,
                _(
                    "Imported as drafts: %(created)d new activities, %(updated)d "
                    "earlier imports updated, %(kept)d published ones left unchanged."
                )
                % {
                    "created": len(written.created),
                    "updated": len(written.updated),
                    "kept": len(written.kept),
                },
            )
            if written.report is not None:
                return HttpResponseRedirect(
                    reverse("admin:reports_report_change", args=[written.report.pk])
                )
            return HttpResponseRedirect(reverse("admin:activities_activity_changelist"))
    rows = list(zip(plan.proposals, formset.forms, strict=True))
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": _("Review the import of %s") % plan.filename,
        "plan": plan,
        "counts": plan.counts(),
        "formset": formset,
        "rows": rows,
        "unplaced": plan.not_placed(),
        "unlinked": plan.not_linked(),
    }
    return TemplateResponse(request, "admin/reports/import_preview.html", context)
