"""The public list of issued reports, and each report as a web page and as a PDF."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpResponse
from django.template.response import TemplateResponse
from django.views.generic import DetailView, ListView

from .content import revision_changes
from .docx import EmptyReportError
from .models import Report


class ReportListView(ListView):
    """Issued reports, newest first, with their HTML and PDF."""

    paginate_by = 50

    def get_queryset(self):
        return (
            Report.objects.issued()
            .select_related("replaces")
            .prefetch_related("revisions")
            .order_by("-issued_at", "-pk")
        )

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        context["page_range"] = page.paginator.get_elided_page_range(page.number)
        return context


class ReportDetailView(DetailView):
    """An issued report's frozen HTML; a draft's live preview, for staff only."""

    def get_queryset(self):
        return Report.objects.visible_to(self.request.user).select_related("replaces")

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        if not self.object.is_issued:
            context.update(self.object.document_context())
            context["changes"] = revision_changes(self.object, context)
            context["citation_problems"] = self.object.citation_problems()
        return context

    def render_to_response(self, context, **response_kwargs) -> HttpResponse:
        response = super().render_to_response(context, **response_kwargs)
        if not self.object.is_issued:
            # A preview changes with the records: never cache or index it.
            response["Cache-Control"] = "private, no-store"
            response["X-Robots-Tag"] = "noindex"
        return response


class ReportPDFView(ReportDetailView):
    """The issued report's stored PDF, never re-rendered; drafts render live."""

    def get_context_data(self, **kwargs) -> dict:
        return {"report": self.object}

    def render_to_response(self, context, **response_kwargs) -> HttpResponse:
        report = self.object
        if report.is_issued:
            try:
                stored = report.pdf.open("rb")
            except (FileNotFoundError, ValueError) as error:
                raise Http404("The stored PDF is missing.") from error
            response = FileResponse(
                stored,
                content_type="application/pdf",
                as_attachment=False,
                filename=report.pdf_filename,
            )
            response["ETag"] = f'"{report.sha256}"'
            return response
        response = HttpResponse(report.render_pdf(), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{report.pdf_filename}"'
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex"
        return response


DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class ReportDocxView(ReportDetailView):
    """The issued report's stored Word document; drafts are built live."""

    def get_context_data(self, **kwargs) -> dict:
        return {"report": self.object}

    def render_to_response(self, context, **response_kwargs) -> HttpResponse:
        report = self.object
        if report.is_issued:
            if not report.docx:
                return self.unavailable(report, None)
            try:
                stored = report.docx.open("rb")
            except (FileNotFoundError, ValueError) as error:
                raise Http404("The stored Word document is missing.") from error
            response = FileResponse(
                stored,
                content_type=DOCX_TYPE,
                as_attachment=True,
                filename=report.docx_filename,
            )
            response["ETag"] = f'"{report.docx_sha256}"'
            return response
        try:
            data = report.render_docx()
        except EmptyReportError as error:
            return self.unavailable(report, error)
        response = HttpResponse(data, content_type=DOCX_TYPE)
        response["Content-Disposition"] = (
            f'attachment; filename="{report.docx_filename}"'
        )
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex"
        return response

    def unavailable(self, report, error) -> HttpResponse:
        """A page that says why there is no Word document (never a 500)."""
        response = TemplateResponse(
            self.request,
            "reports/docx_unavailable.html",
            {"report": report, "message": error.messages[0] if error else None},
            status=409 if error else 404,
        )
        response["Cache-Control"] = "private, no-store"
        return response
