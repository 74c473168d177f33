"""sitemap.xml (an index of one sitemap per kind of public record, each with the
records' last change) and robots.txt."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from activities.models import Activity, ServiceAgreement
from decisions.models import Convention, Decision, Document, Meeting
from reports.models import Report


class RecordSitemap(Sitemap):
    """Public records of one model; ``lastmod`` is their last change."""

    queryset = None
    limit = 10000

    def items(self):
        return self.queryset.order_by("pk")

    def lastmod(self, record):
        return record.updated_at


class ActivitySitemap(RecordSitemap):
    queryset = Activity.objects.published().only("slug", "updated_at")


class DecisionSitemap(RecordSitemap):
    queryset = Decision.objects.select_related("convention").only(
        "convention__code", "meeting_number", "number", "updated_at"
    )


class MeetingSitemap(RecordSitemap):
    queryset = Meeting.objects.only("slug", "updated_at")


class DocumentSitemap(RecordSitemap):
    queryset = Document.objects.only("symbol", "updated_at")


class ConventionSitemap(RecordSitemap):
    queryset = Convention.objects.all()


class AgreementSitemap(RecordSitemap):
    queryset = ServiceAgreement.objects.published().only("slug", "updated_at")


class ReportSitemap(RecordSitemap):
    queryset = Report.objects.issued()

    def lastmod(self, report):
        return report.issued_at


class ListSitemap(Sitemap):
    """The public list pages; they change whenever a record does."""

    changefreq = "daily"

    def items(self) -> list[str]:
        return [
            "home",
            "activities:list",
            "activities:agreements",
            "activities:synergies",
            "activities:cost_savings",
            "decisions:list",
            "decisions:conventions",
            "decisions:meetings",
            "reports:list",
        ]

    def location(self, name: str) -> str:
        return reverse(name)


SITEMAPS = {
    "pages": ListSitemap,
    "activities": ActivitySitemap,
    "decisions": DecisionSitemap,
    "conventions": ConventionSitemap,
    "meetings": MeetingSitemap,
    "documents": DocumentSitemap,
    "agreements": AgreementSitemap,
    "reports": ReportSitemap,
}


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Crawl the public pages; not the admin, nor downloads of every filter."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /*export=",
        "Disallow: /*format=csv",
        "Allow: /",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap-index'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
