"""Meeting documents, known by their UN symbols (a joint document has several)."""

from __future__ import annotations

from concurrency.fields import AutoIncVersionField
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from brsportal.ownership import Owned, OwnedQuerySet

from .. import symbols
from ..symbols import canonical, parse_document_citation
from .base import Timestamped
from .meetings import Meeting


def validate_document_symbol(value: str) -> None:
    """One well-formed symbol, in any case (clean() stores the canonical case)."""
    symbols.parse_document_symbol(value)


class DocumentQuerySet(OwnedQuerySet):
    def get_by_natural_key(self, symbol: str) -> Document:
        return self.get(symbol=symbol)

    def by_symbol(self, text: str) -> DocumentQuerySet:
        """Documents a typed citation names, by any of their symbols: one, a joint
        symbol's document, a range's documents. ValidationError if no symbol."""
        citation = parse_document_citation(text)
        return self.holding(citation.symbols)

    def holding(self, canonical_symbols) -> DocumentQuerySet:
        """Documents holding any of these canonical symbols, first or parallel."""
        wanted = list(canonical_symbols)
        # Two index lookups: the first symbols, and a semi-join on the parallel ones.
        parallel = DocumentSymbol.objects.filter(symbol__in=wanted).values("document")
        return self.filter(Q(symbol__in=wanted) | Q(pk__in=parallel))


class Document(Owned, Timestamped):
    """A meeting document, known by its UN symbol; a joint document has more symbols."""

    symbol = models.CharField(
        _("symbol"),
        max_length=120,
        unique=True,
        validators=[validate_document_symbol],
        help_text=_("The first (or only) UN symbol, e.g. UNEP/CHW.17/INF/54."),
    )
    title = models.CharField(_("title"), max_length=500, blank=True)
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("meeting"),
    )
    url = models.URLField(_("web address"), max_length=500, blank=True)
    version = AutoIncVersionField(
        _("version"),
        help_text=_("Raised by every save; stops two editors overwriting."),
    )

    objects = DocumentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["symbol"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.joint_symbol

    def get_absolute_url(self) -> str:
        return reverse("decisions:document", kwargs={"symbol": self.symbol})

    def natural_key(self) -> tuple[str]:
        return (self.symbol,)

    def secretariat_ids(self) -> set[int] | None:
        # Its meeting's; a document of no meeting is shared by everyone.
        return self.meeting.secretariat_ids() if self.meeting_id else None

    @classmethod
    def owned_by(cls, user) -> Q:
        return Q(meeting__isnull=True) | Q(
            meeting__in=Meeting.objects.editable_by(user)
        )

    def clean(self) -> None:
        if self.symbol:
            try:
                self.symbol = canonical(symbols.parse_document_symbol(self.symbol))
            except ValidationError as error:
                raise ValidationError({"symbol": error.messages}) from error
        # Another document's first symbol is the unique constraint's to report.
        parallel = DocumentSymbol.objects.filter(symbol=self.symbol)
        if self.pk:
            parallel = parallel.exclude(document=self)
        holder = parallel.select_related("document").first()
        if holder is not None:
            raise ValidationError(
                {
                    "symbol": _(
                        "This symbol already belongs to another document (%(other)s)."
                    )
                    % {"other": holder.document.symbol}
                }
            )

    def check_symbols_free(self, wanted: list[str]) -> None:
        """Refuse symbols another document holds, naming that document."""
        taken = Document.objects.holding(wanted).prefetch_related("parallel_symbols")
        if self.pk:
            taken = taken.exclude(pk=self.pk)
        others = list(taken[:3])
        if others:
            raise ValidationError(
                {
                    "symbol": _(
                        "%(symbols)s already belongs to the document %(other)s; "
                        "open that document instead of entering it again."
                    )
                    % {
                        "symbols": ", ".join(
                            s for s in wanted if s in others[0].all_symbols
                        ),
                        "other": "; ".join(str(other) for other in others),
                    }
                },
                code="taken",
            )

    @transaction.atomic
    def set_parallel_symbols(self, parallel: list[str]) -> None:
        """Make ``parallel`` (canonical, without the first symbol) the document's
        further symbols, in that order."""
        wanted = [s for s in parallel if s != self.symbol]
        self.parallel_symbols.exclude(symbol__in=wanted).delete()
        for position, symbol in enumerate(wanted, start=1):
            row = DocumentSymbol(document=self, symbol=symbol, position=position)
            existing = self.parallel_symbols.filter(symbol=symbol).first()
            if existing is not None:
                if existing.position != position:
                    existing.position = position
                    existing.save(update_fields=["position"])
                continue
            row.full_clean()
            row.save()

    @property
    def all_symbols(self) -> list[str]:
        return [self.symbol, *(s.symbol for s in self.parallel_symbols.all())]

    @property
    def joint_symbol(self) -> str:
        """All symbols joined by en dashes, as a joint document is cited."""
        return "\u2013".join(self.all_symbols)

    @property
    def year(self) -> int | None:
        return self.meeting.start_date.year if self.meeting else None


class DocumentSymbolManager(models.Manager.from_queryset(OwnedQuerySet)):
    def get_by_natural_key(self, symbol: str):
        return self.get(symbol=symbol)


class DocumentSymbol(Owned):
    """A further symbol under which a joint document is issued to another convention."""

    document = models.ForeignKey(
        Document,
        on_delete=models.CASCADE,
        related_name="parallel_symbols",
        verbose_name=_("document"),
    )
    symbol = models.CharField(
        _("symbol"), max_length=120, unique=True, validators=[validate_document_symbol]
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)

    objects = DocumentSymbolManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["document", "position", "symbol"]
        verbose_name = _("parallel symbol")
        verbose_name_plural = _("parallel symbols")

    def __str__(self) -> str:
        return self.symbol

    def natural_key(self) -> tuple[str]:
        return (self.symbol,)

    def secretariat_ids(self) -> set[int] | None:
        return self.document.secretariat_ids()

    @classmethod
    def owned_by(cls, user) -> Q:
        return Q(document__in=Document.objects.editable_by(user))

    def clean(self) -> None:
        if self.symbol:
            try:
                self.symbol = canonical(symbols.parse_document_symbol(self.symbol))
            except ValidationError as error:
                raise ValidationError({"symbol": error.messages}) from error
        if self.document_id and self.document.symbol == self.symbol:
            raise ValidationError(
                {"symbol": _("This is the document's own symbol, not a further one.")}
            )
        if Document.objects.filter(symbol=self.symbol).exists():
            raise ValidationError(
                {"symbol": _("This symbol already belongs to another document.")}
            )
