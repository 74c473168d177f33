"""Reports rendered from the records: one row is one version of one report, frozen
(HTML, PDF and their SHA-256) when it is issued."""

from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models import F, Q
from django.db.models.functions import Mod
from django.db.models.lookups import Exact
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from activities.models import Biennium, ThematicArea
from activities.models.activities import FIRST_BIENNIUM, LAST_BIENNIUM
from decisions.models import Meeting, Timestamped
from decisions.symbols import validate_document_symbol

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

SYSTEM_ISSUER = "brsportal"
DEFAULT_AUTHOR = (
    "Secretariat of the Basel, Rotterdam and Stockholm conventions and "
    "Secretariat of the Minamata Convention on Mercury"
)
MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip
QUARTER_ENDS = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}


# Symbols of a joint document are typed one a line, or joined by en dashes or commas.
_SYMBOL_SEPARATORS = re.compile(r"[\s,\u2013\u2014]+")


def split_symbols(text: str) -> list[str]:
    """The document symbols typed in a report's symbol field, in order."""
    return [part for part in _SYMBOL_SEPARATORS.split(text or "") if part]


class IssuedReportError(ValidationError):
    """Raised when something tries to change or delete an issued report."""


def quarter_label(year: int, quarter: int) -> str:
    """'1 January – 31 March 2014', as the quarterly reports print the period."""
    first_month = MONTHS[(quarter - 1) * 3]
    last_month, last_day = QUARTER_ENDS[quarter]
    return f"1 {first_month} \u2013 {last_day} {MONTHS[last_month - 1]} {year}"


class ReportQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug: str) -> Report:
        return self.get(slug=slug)

    def issued(self) -> ReportQuerySet:
        return self.filter(status=Report.Status.ISSUED)

    def drafts(self) -> ReportQuerySet:
        return self.filter(status=Report.Status.DRAFT)

    def visible_to(self, user) -> ReportQuerySet:
        """Issued reports for everyone; drafts too for staff (live preview)."""
        if user.is_authenticated and user.is_staff:
            return self
        return self.issued()

    def delete(self) -> tuple[int, dict[str, int]]:
        if self.issued().exists():
            raise IssuedReportError(
                _("Issued reports cannot be deleted; issue a revision instead.")
            )
        return super().delete()


class Report(Timestamped):
    """One version of one report: a biennial joint report, an outline of planned
    activities or a quarterly synergies report."""

    class Kind(models.TextChoices):
        BIENNIAL = "biennial", _("Biennial joint report")
        OUTLINE = "outline", _("Outline of planned activities")
        QUARTERLY = "quarterly", _("Quarterly report")

    class Distribution(models.TextChoices):
        GENERAL = "General", _("General")
        LIMITED = "Limited", _("Limited")
        RESTRICTED = "Restricted", _("Restricted")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ISSUED = "issued", _("Issued")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=500)
    slug = models.SlugField(
        _("permalink"),
        max_length=120,
        unique=True,
        help_text=_(
            "The page address: /reports/permalink/ and /reports/permalink.pdf, "
            "e.g. joint-report-2026-2027."
        ),
    )
    symbol = models.CharField(
        _("document symbol"),
        max_length=500,
        blank=True,
        help_text=_(
            "UN document symbol(s), one a line for a joint document, e.g. "
            "UNEP/MC/COP.6/INF/10; printed top right of the first page and in the "
            "running header. Leave blank to print the title instead."
        ),
    )
    distribution = models.CharField(
        _("distribution"),
        max_length=10,
        choices=Distribution.choices,
        default=Distribution.GENERAL,
    )
    document_date = models.DateField(
        _("date of the document"),
        null=True,
        blank=True,
        help_text=_("Printed under the distribution. Leave blank for the issue date."),
    )
    original_language = models.CharField(
        _("original language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default="en",
    )
    footnote_start = models.PositiveSmallIntegerField(
        _("first footnote number"),
        default=1,
        help_text=_(
            "The report numbers its footnotes in one sequence from this number: 4 "
            "when the cover pages carry footnotes 1 to 3."
        ),
    )
    author = models.CharField(
        _("author"),
        max_length=300,
        default=DEFAULT_AUTHOR,
        help_text=_("Written into the PDF's metadata."),
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default="en",
    )
    cover_note = models.TextField(
        _("note by the secretariat"),
        blank=True,
        help_text=_("Markdown. The cover note printed before the annexes."),
    )
    # Biennial reports.
    biennium = models.PositiveSmallIntegerField(
        _("biennium reported"),
        choices=Biennium.choices,
        null=True,
        blank=True,
        help_text=_(
            "Biennial report: annex I reports the activities of this biennium; "
            "annex II outlines those planned for the next one. Outline: the first "
            "biennium it covers."
        ),
    )
    last_biennium = models.PositiveSmallIntegerField(
        _("last biennium outlined"),
        choices=Biennium.choices,
        null=True,
        blank=True,
        help_text=_("Outline: the last biennium it covers; blank for one biennium."),
    )
    annex1_title = models.CharField(_("title of annex I"), max_length=500, blank=True)
    annex1_introduction = models.TextField(
        _("annex I introduction"),
        blank=True,
        help_text=_("Markdown; each paragraph becomes a numbered paragraph."),
    )
    annex1_services_introduction = models.TextField(
        _("annex I services introduction"),
        blank=True,
        help_text=_(
            "Markdown paragraphs that open section III, before the agreements."
        ),
    )
    annex2_title = models.CharField(_("title of annex II"), max_length=500, blank=True)
    annex2_introduction = models.TextField(
        _("annex II introduction"),
        blank=True,
        help_text=_("Markdown; each paragraph becomes a numbered paragraph."),
    )
    annex2_services_introduction = models.TextField(
        _("annex II services introduction"),
        blank=True,
        help_text=_(
            "Markdown paragraphs that open section III, before the agreements."
        ),
    )
    # Quarterly reports.
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    quarter = models.PositiveSmallIntegerField(
        _("quarter"),
        choices=[(q, f"Q{q}") for q in range(1, 5)],
        null=True,
        blank=True,
    )
    period_label = models.CharField(
        _("period"),
        max_length=100,
        blank=True,
        help_text=_("Leave blank for '1 January – 31 March 2014' style."),
    )
    overview = models.TextField(_("overview"), blank=True, help_text=_("Markdown."))
    # Publication.
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        db_index=True,
    )
    revision = models.PositiveSmallIntegerField(
        _("revision"), default=0, help_text=_("0 for the original, 1 for Rev.1, ...")
    )
    replaces = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="revisions",
        verbose_name=_("corrects"),
    )
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    issued_by_label = models.CharField(
        _("issued by (name)"),
        max_length=150,
        blank=True,
        help_text=_("The issuer's name as it was, or the system that issued it."),
    )
    html = models.TextField(_("frozen HTML"), blank=True, editable=False)
    html_sha256 = models.CharField(
        _("SHA-256 of the HTML"), max_length=64, blank=True, editable=False
    )
    pdf = models.FileField(
        _("frozen PDF"), upload_to="reports/", blank=True, editable=False
    )
    sha256 = models.CharField(
        _("SHA-256 of the PDF"), max_length=64, blank=True, editable=False
    )
    docx = models.FileField(
        _("frozen Word document"), upload_to="reports/", blank=True, editable=False
    )
    docx_sha256 = models.CharField(
        _("SHA-256 of the Word document"), max_length=64, blank=True, editable=False
    )

    objects = ReportQuerySet.as_manager()
    # The frozen HTML is large and never edited; the hashes record it.
    history = HistoricalRecords(excluded_fields=["html"])

    class Meta:
        ordering = ["-issued_at", "-created_at"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        permissions = [("issue_report", _("Can issue reports and create revisions"))]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="quarterly")
                | (
                    Q(year__gte=2000)
                    & Q(year__lte=2100)
                    & Q(quarter__gte=1)
                    & Q(quarter__lte=4)
                ),
                name="reports_report_quarter_valid",
                violation_error_message=_(
                    "A quarterly report needs a year (2000–2100) and a quarter (1–4)."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(kind="biennial")
                | (
                    Q(biennium__gte=FIRST_BIENNIUM)
                    & Q(biennium__lte=LAST_BIENNIUM)
                    & Exact(Mod("biennium", 2), 0)
                ),
                name="reports_report_biennium_valid",
                violation_error_message=Biennium.message(),
            ),
            models.CheckConstraint(
                condition=~Q(kind="outline")
                | (
                    Q(biennium__gte=FIRST_BIENNIUM)
                    & Q(biennium__lte=LAST_BIENNIUM)
                    & Exact(Mod("biennium", 2), 0)
                    & (
                        Q(last_biennium__isnull=True)
                        | (
                            Q(last_biennium__gte=F("biennium"))
                            & Q(last_biennium__lte=LAST_BIENNIUM)
                            & Exact(Mod("last_biennium", 2), 0)
                        )
                    )
                ),
                name="reports_report_outline_span_valid",
                violation_error_message=_(
                    "An outline covers one biennium or a span of bienniums: the last "
                    "starts on an even year, not before the first."
                ),
            ),
            models.CheckConstraint(
                condition=Q(footnote_start__gte=1),
                name="reports_report_footnote_start_positive",
                violation_error_message=_("Footnotes are numbered from 1 or more."),
            ),
            models.CheckConstraint(
                condition=~Q(status="issued")
                | (
                    Q(issued_at__isnull=False)
                    & ~Q(sha256="")
                    & ~Q(html_sha256="")
                    & ~Q(pdf="")
                ),
                name="reports_report_issued_complete",
                violation_error_message=_(
                    "An issued report has its date, HTML, PDF and their SHA-256."
                ),
            ),
            models.CheckConstraint(
                condition=Q(revision=0, replaces__isnull=True)
                | Q(revision__gte=1, replaces__isnull=False),
                name="reports_report_revision_linked",
                violation_error_message=_(
                    "A revision (Rev.1 or later) names the report it corrects, "
                    "and an original does not."
                ),
            ),
            models.UniqueConstraint(
                fields=["replaces"],
                name="reports_report_one_revision",
                violation_error_message=_("This report already has a revision."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.revision_label})" if self.revision else self.title

    def get_absolute_url(self) -> str:
        return reverse("reports:detail", kwargs={"slug": self.slug})

    def get_pdf_url(self) -> str:
        return reverse("reports:pdf", kwargs={"slug": self.slug})

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    # State -------------------------------------------------------------------

    @property
    def is_issued(self) -> bool:
        return self.status == self.Status.ISSUED

    @property
    def revision_label(self) -> str:
        return f"Rev.{self.revision}" if self.revision else _("Original")

    @property
    def symbols(self) -> list[str]:
        return split_symbols(self.symbol)

    @property
    def running_header(self) -> str:
        """The document symbol(s), or the title when the symbol is unknown."""
        return " ".join(self.symbols) or self.title

    @property
    def date_of_document(self):
        """The date printed in the masthead: the one set, else the issue date."""
        if self.document_date:
            return self.document_date
        return timezone.localdate(self.issued_at) if self.issued_at else None

    @property
    def outline_bienniums(self) -> list[int]:
        """The bienniums an outline covers (first to last)."""
        if self.biennium is None:
            return []
        last = self.last_biennium or self.biennium
        return list(range(self.biennium, last + 1, 2))

    @property
    def outline_label(self) -> str:
        """'2026–2027' or '2024–2025 to 2028–2029', unless a period is typed."""
        if self.period_label:
            return self.period_label
        bienniums = self.outline_bienniums
        if not bienniums:
            return ""
        first, last = Biennium.label(bienniums[0]), Biennium.label(bienniums[-1])
        return first if first == last else f"{first} \u2013 {last}"

    @property
    def period(self) -> str:
        if self.period_label:
            return self.period_label
        if self.year and self.quarter:
            return quarter_label(self.year, self.quarter)
        return ""

    @property
    def period_covered(self) -> str:
        """What the report covers, as its readers name it: the biennium, the
        bienniums of an outline, or the quarter."""
        if self.kind == self.Kind.QUARTERLY:
            return self.period
        if self.kind == self.Kind.OUTLINE:
            return self.outline_label
        return self.period_label or self.biennium_label

    @property
    def next_biennium(self) -> int | None:
        return self.biennium + 2 if self.biennium is not None else None

    @property
    def biennium_label(self) -> str:
        return Biennium.label(self.biennium) if self.biennium is not None else ""

    @property
    def pdf_filename(self) -> str:
        return f"{self.slug}.pdf"

    @property
    def docx_filename(self) -> str:
        return f"{self.slug}.docx"

    def get_docx_url(self) -> str:
        return reverse("reports:docx", kwargs={"slug": self.slug})

    def clean(self) -> None:
        errors = {}
        if self.kind == self.Kind.QUARTERLY:
            if not self.year or not 2000 <= self.year <= 2100:
                errors["year"] = _("A quarterly report needs a year (2000–2100).")
            if self.quarter not in (1, 2, 3, 4):
                errors["quarter"] = _("The quarter is 1, 2, 3 or 4.")
        if self.kind in (self.Kind.BIENNIAL, self.Kind.OUTLINE) and (
            self.biennium is None
            or self.biennium % 2
            or not FIRST_BIENNIUM <= self.biennium <= LAST_BIENNIUM
        ):
            errors["biennium"] = Biennium.message()
        last = self.last_biennium
        if (
            self.kind == self.Kind.OUTLINE
            and last is not None
            and (
                last % 2
                or last > LAST_BIENNIUM
                or (self.biennium is not None and last < self.biennium)
            )
        ):
            errors["last_biennium"] = _(
                "The last biennium starts on an even year, not before the first."
            )
        if self.footnote_start is not None and self.footnote_start < 1:
            errors["footnote_start"] = _("Footnotes are numbered from 1 or more.")
        for symbol in self.symbols:
            try:
                validate_document_symbol(symbol)
            except ValidationError:
                errors["symbol"] = _(
                    "%(symbol)s is not a UN document symbol: write each symbol like "
                    "UNEP/MC/COP.6/INF/10 (capital letters for the issuing body, "
                    "then parts separated by slashes), one a line."
                ) % {"symbol": symbol[:60]}
                break
        if self.replaces_id and self.replaces_id == self.pk:
            errors["replaces"] = _("A report cannot correct itself.")
        if errors:
            raise ValidationError(errors)

    def _stored_status(self) -> str | None:
        if self.pk is None:
            return None
        return (
            Report.objects.filter(pk=self.pk).values_list("status", flat=True).first()
        )

    def save(self, *args, **kwargs) -> None:
        if self._stored_status() == self.Status.ISSUED:
            raise IssuedReportError(
                _(
                    "%(report)s was issued and can no longer change; create a "
                    "revision to correct it."
                )
                % {"report": self}
            )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._stored_status() == self.Status.ISSUED:
            raise IssuedReportError(
                _("Issued reports cannot be deleted; issue a revision instead.")
            )
        return super().delete(*args, **kwargs)

    # Rendering ---------------------------------------------------------------

    def document_context(self, *, for_print: bool = False) -> dict:
        """What templates/reports/document.html needs, built from the records now."""
        from .content import build_context

        with translation.override(self.language):
            return build_context(self, for_print=for_print)

    def render_html(self) -> str:
        """The report's content as an HTML fragment (the web page's body)."""
        from .content import render_fragment

        with translation.override(self.language):
            return render_fragment(self)

    def standalone_html(self) -> str:
        """A self-contained HTML file: the frozen (or live) content and its style."""
        from .content import render_standalone

        with translation.override(self.language):
            return render_standalone(self)

    def render_pdf(self) -> bytes:
        from .pdf import render_report_pdf

        # The fixed wording, dates and numbers in the report's own language.
        with translation.override(self.language):
            return render_report_pdf(self)

    def render_docx(self) -> bytes:
        """The report as a Word document (EmptyReportError when it has nothing)."""
        from .docx import render_docx

        with translation.override(self.language):
            return render_docx(self)

    def render_docx_or_none(self) -> bytes | None:
        from .docx import EmptyReportError

        try:
            return self.render_docx()
        except EmptyReportError:
            return None

    def citation_problems(self) -> list[str]:
        """What the preview warns about before issuing: references a narrative
        never cites, and citations that name no reference."""
        from .content import citation_problems

        return citation_problems(self)

    # Publication -------------------------------------------------------------

    def check_issuable(self) -> None:
        """Raise the ValidationError that would stop issue(), before any rendering."""
        if self.is_issued:
            raise IssuedReportError(_("This report has already been issued."))
        self.full_clean()
        if missing := self.missing_for_issue():
            raise ValidationError(missing)

    def missing_for_issue(self) -> list[str]:
        """Every reason the report cannot be issued yet (empty required texts, no
        paragraphs), one sentence each; empty when it can be."""
        from .readiness import missing_for_issue

        return missing_for_issue(self)

    def annex_plans(self) -> list:
        """The activities each annex will hold, and those it leaves out with why."""
        from .readiness import annex_plans

        return annex_plans(self)

    def issue(self, user: AbstractBaseUser | None = None) -> Report:
        """Render, store and hash the HTML and the PDF, and mark the report issued."""
        with transaction.atomic():
            locked = Report.objects.select_for_update().get(pk=self.pk)
            locked.check_issuable()
            # Rendered as issued, so the frozen copies carry no draft marks.
            locked.status = self.Status.ISSUED
            locked.issued_at = timezone.now()
            locked.issued_by = user
            locked.issued_by_label = (
                user.get_username() if user is not None else SYSTEM_ISSUER
            )
            html = locked.render_html()
            pdf = locked.render_pdf()
            locked.html = html
            locked.html_sha256 = hashlib.sha256(html.encode()).hexdigest()
            locked.sha256 = hashlib.sha256(pdf).hexdigest()
            locked.pdf.save(locked.pdf_filename, ContentFile(pdf), save=False)
            docx = locked.render_docx_or_none()
            if docx is not None:
                locked.docx_sha256 = hashlib.sha256(docx).hexdigest()
                locked.docx.save(locked.docx_filename, ContentFile(docx), save=False)
            locked.save()
        self.refresh_from_db()
        return self

    def verify(self) -> bool:
        """Whether the stored PDF and HTML still match the hashes taken at issue."""
        if not self.is_issued:
            return False
        with self.pdf.open("rb") as stored:
            pdf_ok = hashlib.sha256(stored.read()).hexdigest() == self.sha256
        html_ok = hashlib.sha256(self.html.encode()).hexdigest() == self.html_sha256
        docx_ok = True
        if self.docx:
            with self.docx.open("rb") as stored:
                docx_ok = hashlib.sha256(stored.read()).hexdigest() == self.docx_sha256
        return pdf_ok and html_ok and docx_ok

    def revise(self) -> Report:
        """Create the next version (Rev.N) as a draft that corrects this report."""
        if not self.is_issued:
            raise ValidationError(_("Only an issued report can be revised."))
        if self.revisions.exists():
            raise ValidationError(_("This report already has a revision."))
        with transaction.atomic():
            number = self.revision + 1
            original = self
            while original.replaces_id:
                original = original.replaces
            copied = {
                field.name: getattr(self, field.name)
                for field in self._meta.concrete_fields
                if field.name in REVISION_COPIED_FIELDS
            }
            revision = Report(
                **copied,
                slug=f"{original.slug}-rev{number}"[:120],
                symbol=_revised_symbol(original.symbol, number),
                revision=number,
                replaces=self,
            )
            revision.full_clean()
            revision.save()
            SectionHeading.objects.bulk_create(
                SectionHeading(
                    report=revision,
                    annex=heading.annex,
                    thematic_area_id=heading.thematic_area_id,
                    heading=heading.heading,
                )
                for heading in self.section_headings.all()
            )
            ReportMeeting.objects.bulk_create(
                ReportMeeting(
                    report=revision,
                    meeting_id=line.meeting_id,
                    agenda_item=line.agenda_item,
                    agenda_title=line.agenda_title,
                    position=line.position,
                )
                for line in self.meeting_lines.all()
            )
        return revision


REVISION_COPIED_FIELDS = {
    "kind", "title", "author", "language", "cover_note", "biennium",
    "distribution", "original_language", "footnote_start", "last_biennium",
    "annex1_title", "annex1_introduction", "annex1_services_introduction",
    "annex2_title", "annex2_introduction", "annex2_services_introduction",
    "year", "quarter", "period_label", "overview",
}  # fmt: skip


def _revised_symbol(symbol: str, number: int) -> str:
    """UNEP/MC/COP.6/INF/10 becomes UNEP/MC/COP.6/INF/10/Rev.1 (each symbol of a
    joint document)."""
    return "\n".join(f"{part}/Rev.{number}" for part in split_symbols(symbol))


class SectionHeadingManager(models.Manager):
    def get_by_natural_key(self, report: str, annex: int, area: str) -> SectionHeading:
        return self.get(report__slug=report, annex=annex, thematic_area__slug=area)


class SectionHeading(models.Model):
    """A report's own heading for one thematic area's section in one annex."""

    class Annex(models.IntegerChoices):
        I = 1, _("Annex I (activities undertaken)")  # noqa: E741
        II = 2, _("Annex II (activities planned)")

    report = models.ForeignKey(
        Report,
        on_delete=models.CASCADE,
        related_name="section_headings",
        verbose_name=_("report"),
    )
    annex = models.PositiveSmallIntegerField(_("annex"), choices=Annex.choices)
    thematic_area = models.ForeignKey(
        ThematicArea,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("thematic area"),
    )
    heading = models.CharField(_("heading"), max_length=300)

    objects = SectionHeadingManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "annex", "thematic_area__position"]
        verbose_name = _("section heading")
        verbose_name_plural = _("section headings")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "annex", "thematic_area"],
                name="reports_sectionheading_unique_area",
                violation_error_message=_(
                    "This annex already has a heading for that thematic area."
                ),
            ),
            models.CheckConstraint(
                condition=Q(annex__in=[1, 2]),
                name="reports_sectionheading_annex_valid",
                violation_error_message=_("The annex is I or II."),
            ),
            models.CheckConstraint(
                condition=~Q(heading=""),
                name="reports_sectionheading_heading_not_empty",
                violation_error_message=_("Write the heading."),
            ),
        ]

    def __str__(self) -> str:
        return self.heading

    def save(self, *args, **kwargs) -> None:
        if self.report_id and self.report.is_issued:
            raise IssuedReportError(
                _("The report was issued; its headings can no longer change.")
            )
        super().save(*args, **kwargs)

    def natural_key(self) -> tuple[str, int, str]:
        return (self.report.slug, self.annex, self.thematic_area.slug)

    natural_key.dependencies = ["reports.report", "activities.thematicarea"]

    def clean(self) -> None:
        if self.report_id and self.report.kind != Report.Kind.BIENNIAL:
            raise ValidationError(
                {"report": _("Only biennial reports have lettered sections.")}
            )


class ReportMeetingManager(models.Manager):
    def get_by_natural_key(self, report: str, meeting: str) -> ReportMeeting:
        return self.get(report__slug=report, meeting__slug=meeting)


class ReportMeeting(models.Model):
    """A meeting a report is submitted to, and the agenda item it is submitted under
    (printed in the masthead)."""

    report = models.ForeignKey(
        Report,
        on_delete=models.CASCADE,
        related_name="meeting_lines",
        verbose_name=_("report"),
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("meeting"),
    )
    agenda_item = models.CharField(
        _("agenda item"),
        max_length=200,
        blank=True,
        help_text=_("As printed, e.g. 'Item 5 (f) of the provisional agenda'."),
    )
    agenda_title = models.CharField(
        _("title of the agenda item"),
        max_length=500,
        blank=True,
        help_text=_("e.g. 'Matters for action by the Conference of the Parties: …'."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = ReportMeetingManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "position", "pk"]
        verbose_name = _("meeting submitted to")
        verbose_name_plural = _("meetings submitted to")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "meeting"],
                name="reports_reportmeeting_unique_meeting",
                violation_error_message=_("The report already names this meeting."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.meeting)

    def save(self, *args, **kwargs) -> None:
        if self.report_id and self.report.is_issued:
            raise IssuedReportError(
                _("The report was issued; its masthead can no longer change.")
            )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.report_id and self.report.is_issued:
            raise IssuedReportError(
                _("The report was issued; its masthead can no longer change.")
            )
        return super().delete(*args, **kwargs)

    def natural_key(self) -> tuple[str, str]:
        return (self.report.slug, self.meeting.slug)

    natural_key.dependencies = ["reports.report", "decisions.meeting"]

    @property
    def body(self) -> str:
        """'Conference of the Parties to the Minamata Convention on Mercury': the
        convention's full name, or the body as the meeting's title names it."""
        meeting = self.meeting
        if meeting.kind == Meeting.Kind.COP and meeting.convention is not None:
            return _("Conference of the Parties to the %(convention)s") % {
                "convention": meeting.convention.name
            }
        session, sep, body = meeting.title.partition(" of the ")
        return body[:1].upper() + body[1:] if sep and body else meeting.title

    @property
    def session(self) -> str:
        """'Sixth meeting'."""
        session, sep, _body = self.meeting.title.partition(" of the ")
        return session if sep else ""

    @property
    def place_and_dates(self) -> str:
        """'Geneva, 3–7 November 2025'."""
        meeting = self.meeting
        start, end = meeting.start_date, meeting.end_date or meeting.start_date
        if start == end:
            dates = f"{start.day} {MONTHS[start.month - 1]} {start.year}"
        elif (start.year, start.month) == (end.year, end.month):
            dates = f"{start.day}\u2013{end.day} {MONTHS[end.month - 1]} {end.year}"
        elif start.year == end.year:
            dates = (
                f"{start.day} {MONTHS[start.month - 1]}\u2013"
                f"{end.day} {MONTHS[end.month - 1]} {end.year}"
            )
        else:
            dates = (
                f"{start.day} {MONTHS[start.month - 1]} {start.year}\u2013"
                f"{end.day} {MONTHS[end.month - 1]} {end.year}"
            )
        place = meeting.city or (_("online") if meeting.online else "")
        return f"{place}, {dates}" if place else dates


@receiver(pre_save, sender=Report)
def keep_issued_report_on_loaddata(sender, instance: Report, raw: bool, **kwargs):
    """loaddata bypasses save(): re-loading the demo fixtures must not turn an issued
    report back into a draft, so a raw save of an issued row writes the stored row."""
    if not raw or instance.pk is None:
        return
    stored = Report.objects.filter(pk=instance.pk, status=Report.Status.ISSUED).first()
    if stored is None:
        return
    for field in Report._meta.concrete_fields:
        setattr(instance, field.attname, getattr(stored, field.attname))


@receiver(pre_save, sender=SectionHeading)
def keep_issued_heading_on_loaddata(
    sender, instance: SectionHeading, raw: bool, **kwargs
):
    """The same protection for the headings of an issued report."""
    if not raw or instance.pk is None:
        return
    stored = (
        SectionHeading.objects.filter(pk=instance.pk, report__status="issued")
        .select_related("report")
        .first()
    )
    if stored is not None:
        for field in SectionHeading._meta.concrete_fields:
            setattr(instance, field.attname, getattr(stored, field.attname))
