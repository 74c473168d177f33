"""Conventions, the secretariats that serve them, other bodies, meetings, documents and
the COP decisions that mandate joint work."""

from __future__ import annotations

import datetime

from concurrency.fields import AutoIncVersionField
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import F, ProtectedError, Q
from django.db.models.signals import pre_delete, pre_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from . import symbols
from .countries import country_code
from .symbols import (
    BODY_CONVENTIONS,
    DecisionSymbol,
    canonical,
    decision_condition,
    parse_decision_symbol,
    parse_document_citation,
)

# The portal's world: every stored date falls within it, so that no record can break
# a page or a feed (a day after 9999-12-31 does not exist; calendar clients and
# InforMEA choke on years far from ours). Meetings of other bodies reach back to the
# 1970s; plans reach forward a few decades.
FIRST_DATE = datetime.date(1900, 1, 1)
LAST_DATE = datetime.date(2100, 12, 31)
DATE_RANGE_MESSAGE = _("Enter a date from 1 January 1900 to 31 December 2100.")


def date_in_range_validators() -> list:
    return [
        MinValueValidator(FIRST_DATE, message=DATE_RANGE_MESSAGE),
        MaxValueValidator(LAST_DATE, message=DATE_RANGE_MESSAGE),
    ]


def dates_in_range(app_model: str, *fields: str) -> models.CheckConstraint:
    """The database's copy of the date range, for the named date fields."""
    condition = Q()
    for name in fields:
        condition &= Q(**{f"{name}__isnull": True}) | Q(
            **{f"{name}__gte": FIRST_DATE, f"{name}__lte": LAST_DATE}
        )
    return models.CheckConstraint(
        condition=condition,
        name=f"{app_model}_dates_in_range",
        violation_error_message=DATE_RANGE_MESSAGE,
    )


def validate_document_symbol(value: str) -> None:
    """One well-formed symbol, in any case (clean() stores the canonical case)."""
    symbols.parse_document_symbol(value)


class Timestamped(models.Model):
    """Creation and last-change times, for 'last updated' and updated_since."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True, db_index=True)

    class Meta:
        abstract = True


class UsedByLinks(models.Model):
    """A record that many-to-many links use may not be deleted while they do.

    Django cascades the rows of a many-to-many table; for the records listed in
    ``protected_by`` (reverse accessor names) we refuse instead, as PROTECT does.
    """

    protected_by: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def delete(self, *args, **kwargs):
        # Checked before Django's delete opens its transaction, so a refusal leaves
        # the caller's transaction usable (the pre_delete check covers bulk deletes).
        refuse_if_linked(self)
        return super().delete(*args, **kwargs)

    def linked_users(self) -> list[models.Model]:
        """The records whose links would silently disappear with this one."""
        return [
            user for name in self.protected_by for user in getattr(self, name).all()
        ]


class CodeManager(models.Manager):
    def get_by_natural_key(self, code: str):
        return self.get(code=code)


class SlugManager(models.Manager):
    def get_by_natural_key(self, slug: str):
        return self.get(slug=slug)


class Secretariat(UsedByLinks, Timestamped):
    """A convention secretariat (the BRS Secretariat, the Minamata Secretariat)."""

    protected_by = ("activities",)

    code = models.CharField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=60)
    location = models.CharField(_("location"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="secretariats",
        verbose_name=_("staff members"),
        help_text=_("Staff who edit this secretariat's records."),
    )

    objects = CodeManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("secretariat")
        verbose_name_plural = _("secretariats")

    def __str__(self) -> str:
        return self.short_name

    def natural_key(self) -> tuple[str]:
        return (self.code,)


class Convention(UsedByLinks, Timestamped):
    """A convention whose COP adopts decisions (BC, RC, SC, MC)."""

    protected_by = ("activities",)

    code = models.CharField(
        _("code"), max_length=4, unique=True, help_text=_("As in decision symbols: BC.")
    )
    name = models.CharField(_("name"), max_length=300, unique=True)
    short_name = models.CharField(_("short name"), max_length=60)
    secretariat = models.ForeignKey(
        Secretariat,
        on_delete=models.PROTECT,
        related_name="conventions",
        verbose_name=_("secretariat"),
    )
    document_prefix = models.CharField(
        _("document symbol prefix"),
        max_length=40,
        blank=True,
        help_text=_("The start of its meeting documents' symbols, e.g. UNEP/CHW."),
    )
    adopted_in = models.PositiveSmallIntegerField(
        _("adopted in"), null=True, blank=True
    )
    website = models.URLField(_("website"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = CodeManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("convention")
        verbose_name_plural = _("conventions")

    def __str__(self) -> str:
        return self.short_name

    def get_absolute_url(self) -> str:
        return reverse("decisions:convention", kwargs={"code": self.code.lower()})

    def natural_key(self) -> tuple[str]:
        return (self.code,)


class Organization(Timestamped):
    """Another body the joint work names: UN body, MEA, fund, partnership, donor."""

    class Kind(models.TextChoices):
        UN_BODY = "un_body", _("UN body or programme")
        MEA = "mea", _("Multilateral environmental agreement or its secretariat")
        FINANCIAL = "financial", _("Financial mechanism or fund")
        INTERGOVERNMENTAL = "intergovernmental", _("Intergovernmental organization")
        GOVERNMENT = "government", _("Government")
        REGIONAL_CENTRE = "regional_centre", _("Regional centre")
        PARTNERSHIP = "partnership", _("Partnership or initiative")
        NGO = "ngo", _("Non-governmental organization")
        OTHER = "other", _("Other")

    slug = models.SlugField(_("identifier"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=300, unique=True)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    website = models.URLField(_("website"), blank=True)
    version = AutoIncVersionField(
        _("version"),
        help_text=_("Raised by every save; stops two editors overwriting."),
    )

    objects = SlugManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self) -> str:
        return self.acronym or self.name

    @property
    def autocomplete_label(self) -> str:
        """Name and acronym, as the admin's search box lists it ("Geneva" finds
        the Geneva Environment Network, "GEN" too)."""
        if self.acronym and self.acronym != self.name:
            return f"{self.name} ({self.acronym})"
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


class InforMEATermManager(models.Manager):
    def get_by_natural_key(self, term: str):
        return self.get(term=term)


class InforMEATerm(Timestamped):
    """A term of InforMEA's vocabulary (the Law and Environment Ontology, LEO) that
    the InforMEA feed gives as a keyword; thematic areas name the terms they map to."""

    DEFAULT_NAMESPACE = "https://www.informea.org/terms"

    term = models.CharField(_("term"), max_length=200, unique=True)
    namespace = models.URLField(
        _("vocabulary"),
        default=DEFAULT_NAMESPACE,
        help_text=_("The vocabulary the term belongs to, as InforMEA names it."),
    )
    url = models.URLField(
        _("term page"), blank=True, help_text=_("The term's page on InforMEA.")
    )

    objects = InforMEATermManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["term"]
        verbose_name = _("InforMEA term")
        verbose_name_plural = _("InforMEA terms")

    def __str__(self) -> str:
        return self.term

    def natural_key(self) -> tuple[str]:
        return (self.term,)


class MeetingQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug: str) -> Meeting:
        return self.get(slug=slug)

    def upcoming(self, today) -> MeetingQuerySet:
        return self.filter(
            Q(end_date__gte=today) | Q(end_date=None, start_date__gte=today)
        )

    def past(self, today) -> MeetingQuerySet:
        return self.exclude(pk__in=self.upcoming(today).values("pk"))


MEETING_NUMBER_MESSAGE = _(
    "Session numbers run from 1 to 999 (the seventeenth meeting is 17; for an "
    "extraordinary meeting give its own number and tick “extraordinary session”)."
)


class Meeting(UsedByLinks, Timestamped):
    """A session of a COP or subsidiary body, of our conventions or of another body."""

    protected_by = ("service_agreements",)

    class Kind(models.TextChoices):
        COP = "cop", _("Conference of the Parties")
        OEWG = "oewg", _("Open-ended Working Group")
        ICC = "icc", _("Implementation and Compliance Committee")
        CRC = "crc", _("Chemical Review Committee")
        INC = "inc", _("Intergovernmental Negotiating Committee")
        POPRC = "poprc", _("Persistent Organic Pollutants Review Committee")
        OESG = "oesg", _("Open-ended Scientific Group")
        EEG = "eeg", _("Effectiveness Evaluation Group")
        UNEA = "unea", _("UN Environment Assembly")
        SBSTTA = (
            "sbstta",
            _("Subsidiary Body on Scientific, Technical and Technological Advice"),
        )
        REGIONAL = "regional", _("Regional meeting")
        EXPERT = "expert", _("Expert or coordination meeting")
        OTHER = "other", _("Other meeting")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        POSTPONED = "postponed", _("Postponed")
        CANCELLED = "cancelled", _("Cancelled")

    slug = models.SlugField(_("identifier"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    convention = models.ForeignKey(
        Convention,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("convention"),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("other body"),
        help_text=_("For meetings of bodies other than our four conventions."),
    )
    number = models.PositiveSmallIntegerField(
        _("number"),
        null=True,
        blank=True,
        help_text=_("The session: 17 for the seventeenth meeting, 1 for Ex-1."),
    )
    extraordinary = models.BooleanField(
        _("extraordinary session"),
        default=False,
        help_text=_("An extraordinary meeting, numbered on its own (Ex-1, Ex-2)."),
    )
    conventions = models.ManyToManyField(
        Convention,
        blank=True,
        related_name="joint_meetings",
        verbose_name=_("held jointly for"),
        help_text=_(
            "For joint or simultaneous meetings of several conferences: every "
            "convention whose body meets (the convention above included)."
        ),
    )
    title = models.CharField(_("title"), max_length=300)
    start_date = models.DateField(
        _("start date"), validators=date_in_range_validators()
    )
    end_date = models.DateField(
        _("end date"), null=True, blank=True, validators=date_in_range_validators()
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=100, blank=True)
    online = models.BooleanField(_("online"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    url = models.URLField(_("web page"), blank=True)
    version = AutoIncVersionField(
        _("version"),
        help_text=_("Raised by every save; stops two editors overwriting."),
    )

    objects = MeetingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "slug"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="decisions_meeting_end_after_start",
                violation_error_message=_(
                    "The end date cannot be before the start date."
                ),
            ),
            models.CheckConstraint(
                condition=Q(convention__isnull=False) | Q(organization__isnull=False),
                name="decisions_meeting_has_convention_or_body",
                violation_error_message=_(
                    "Choose the convention or the other body that meets."
                ),
            ),
            models.CheckConstraint(
                condition=Q(number__isnull=True) | Q(number__gte=1),
                name="decisions_meeting_number_positive",
                violation_error_message=_("Meeting numbers start at 1."),
            ),
            dates_in_range("decisions_meeting", "start_date", "end_date"),
            models.CheckConstraint(
                condition=Q(number__isnull=True) | Q(number__lte=symbols.MAX_NUMBER),
                name="decisions_meeting_number_at_most_999",
                violation_error_message=MEETING_NUMBER_MESSAGE,
            ),
        ]
        indexes = [models.Index(fields=["start_date"], name="decisions_meeting_start")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("decisions:meeting", kwargs={"slug": self.slug})

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    def clean(self) -> None:
        errors = {}
        if self.end_date and self.start_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date cannot be before the start date.")
        if not self.convention_id and not self.organization_id:
            errors["convention"] = _(
                "Choose the convention or the other body that meets."
            )
        if self.number is not None and self.number > symbols.MAX_NUMBER:
            errors["number"] = MEETING_NUMBER_MESSAGE
        if errors:
            raise ValidationError(errors)

    @property
    def body(self) -> Convention | Organization | None:
        return self.convention or self.organization

    @property
    def session(self) -> str:
        """The session as cited: 17, or Ex-1 for an extraordinary meeting."""
        if self.number is None:
            return ""
        return f"Ex-{self.number}" if self.extraordinary else str(self.number)

    def convention_codes(self) -> set[str]:
        """The conventions whose bodies meet: the convention and any joint ones."""
        codes = {c.code for c in self.conventions.all()} if self.pk else set()
        if self.convention_id:
            codes.add(self.convention.code)
        return codes

    @property
    def place(self) -> str:
        if self.online and not self.city:
            return str(_("Online"))
        return ", ".join(part for part in (self.city, self.country) if part)

    @property
    def country_code(self) -> str | None:
        """The country as an ISO 3166-1 alpha-2 code, when it is known."""
        return country_code(self.country)


class DocumentQuerySet(models.QuerySet):
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


class Document(Timestamped):
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


class DocumentSymbolManager(models.Manager):
    def get_by_natural_key(self, symbol: str):
        return self.get(symbol=symbol)


class DocumentSymbol(models.Model):
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


class DecisionQuerySet(models.QuerySet):
    def by_symbol(self, text: str, convention: str | None = None) -> DecisionQuerySet:
        """Decisions matching a typed symbol; ValidationError on a malformed one."""
        return self.filter(
            decision_condition([parse_decision_symbol(text, convention)])
        )

    def with_symbols(self, found) -> DecisionQuerySet:
        """Decisions with any of these DecisionSymbols."""
        return self.filter(decision_condition(found))


class DecisionManager(models.Manager.from_queryset(DecisionQuerySet)):
    def get_by_natural_key(
        self,
        code: str,
        meeting_number: int,
        number: int,
        body: str = symbols.COP,
        extraordinary: bool = False,
    ):
        return self.get(
            convention__code=code,
            body=body,
            extraordinary=extraordinary,
            meeting_number=meeting_number,
            number=number,
        )


class Decision(UsedByLinks, Timestamped):
    """A decision adopted by a conference of the Parties or one of its subsidiary
    bodies, such as BC-17/22, VII/26, BC.Ex-1/1 or OEWG-8/1."""

    protected_by = ("activities", "recalled_by")

    class Status(models.TextChoices):
        # InforMEA's value list.
        ADOPTED = "adopted", _("Adopted")
        ACTIVE = "active", _("Active")
        AMENDED = "amended", _("Amended")
        RETIRED = "retired", _("Retired")
        DRAFT = "draft", _("Draft")

    class Body(models.TextChoices):
        COP = symbols.COP, _("Conference of the Parties")
        OEWG = symbols.OEWG, _("Open-ended Working Group (Basel)")
        POPRC = symbols.POPRC, _("POPs Review Committee (Stockholm)")
        CRC = symbols.CRC, _("Chemical Review Committee (Rotterdam)")
        INC = symbols.INC, _("Intergovernmental Negotiating Committee")

    convention = models.ForeignKey(
        Convention,
        on_delete=models.PROTECT,
        related_name="decisions",
        verbose_name=_("convention"),
    )
    body = models.CharField(
        _("adopted by"), max_length=5, choices=Body.choices, default=Body.COP
    )
    extraordinary = models.BooleanField(
        _("extraordinary session"),
        default=False,
        help_text=_("Adopted at an extraordinary meeting (BC.Ex-1/1)."),
    )
    meeting_number = models.PositiveSmallIntegerField(
        _("session"), help_text=_("17 in BC-17/22, 7 in VII/26, 1 in BC.Ex-1/1.")
    )
    number = models.PositiveSmallIntegerField(
        _("decision number"), help_text=_("22 in BC-17/22.")
    )
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("adopted at"),
    )
    adopted_on = models.DateField(
        _("adopted on"), null=True, blank=True, validators=date_in_range_validators()
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ADOPTED
    )
    url = models.URLField(_("web address"), max_length=500, blank=True)
    recalls = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="recalled_by",
        verbose_name=_("recalls"),
        help_text=_("Earlier decisions this decision recalls."),
    )
    version = AutoIncVersionField(
        _("version"),
        help_text=_("Raised by every save; stops two editors overwriting."),
    )

    objects = DecisionManager()
    history = HistoricalRecords(m2m_fields=[recalls])

    class Meta:
        ordering = ["convention__position", "-meeting_number", "number"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "convention",
                    "body",
                    "extraordinary",
                    "meeting_number",
                    "number",
                ],
                name="decisions_decision_unique_symbol",
                violation_error_message=_(
                    "A decision with this symbol already exists."
                ),
            ),
            models.CheckConstraint(
                condition=Q(meeting_number__gte=1) & Q(number__gte=1),
                name="decisions_decision_numbers_positive",
                violation_error_message=_("Meeting and decision numbers start at 1."),
            ),
            dates_in_range("decisions_decision", "adopted_on"),
            models.CheckConstraint(
                condition=Q(meeting_number__lte=symbols.MAX_NUMBER)
                & Q(number__lte=symbols.MAX_NUMBER),
                name="decisions_decision_numbers_at_most_999",
                violation_error_message=_(
                    "Session and decision numbers run from 1 to 999."
                ),
            ),
            models.CheckConstraint(
                condition=Q(extraordinary=False) | Q(body=symbols.COP),
                name="decisions_decision_extraordinary_cop_only",
                violation_error_message=_(
                    "Only conferences of the Parties met in extraordinary session."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.symbol} {self.title}".strip()

    def get_absolute_url(self) -> str:
        return reverse("decisions:detail", kwargs={"slug": self.slug})

    def natural_key(self) -> tuple:
        # A COP's ordinary decisions keep the three-part key of the fixtures and
        # older backups; other bodies and extraordinary sessions add theirs.
        key = (self.convention.code, self.meeting_number, self.number)
        if self.body == symbols.COP and not self.extraordinary:
            return key
        return (*key, self.body, self.extraordinary)

    natural_key.dependencies = ["decisions.convention"]

    @property
    def parts(self) -> DecisionSymbol:
        return DecisionSymbol(
            self.convention.code,
            self.meeting_number,
            self.number,
            self.body,
            self.extraordinary,
        )

    @property
    def symbol(self) -> str:
        """The official form: BC-17/22, VII/26, BC.Ex-1/1, OEWG-8/1."""
        return str(self.parts)

    @property
    def key(self) -> str:
        """The canonical form every spelling of this decision shares."""
        return self.parts.key

    @property
    def slug(self) -> str:
        return self.parts.slug

    @property
    def published_on(self) -> datetime.date | None:
        """When the decision was published: its adoption date, or else the last day
        of the meeting that adopted it (decisions are adopted at the closing plenary
        and issued with the meeting's report)."""
        if self.adopted_on:
            return self.adopted_on
        if self.meeting_id:
            return self.meeting.end_date or self.meeting.start_date
        return None

    def set_symbol(self, text: str, convention: Convention | None = None) -> None:
        """Take the symbol as written (with the convention chosen beside it, for
        forms that name none) and set the parts; ValidationError if unreadable."""
        code = convention.code if convention else None
        try:
            parts = parse_decision_symbol(text, code)
        except ValidationError as error:
            raise ValidationError(
                {"symbol": error.messages}, code=error.code
            ) from error
        if convention is None or convention.code != parts.code:
            convention = Convention.objects.filter(code=parts.code).first()
            if convention is None:
                raise ValidationError(
                    {
                        "convention": _("The convention %(code)s is not recorded yet.")
                        % {"code": parts.code}
                    }
                )
        self.convention = convention
        self.body = parts.body
        self.extraordinary = parts.extraordinary
        self.meeting_number = parts.meeting_number
        self.number = parts.number

    def clean(self) -> None:
        errors = {}
        if (
            self.convention_id
            and self.body
            and self.body != symbols.COP
            and self.convention.code not in BODY_CONVENTIONS.get(self.body, ())
        ):
            errors["body"] = _(
                "The %(body)s's decisions are not the %(convention)s's."
            ) % {"body": self.get_body_display(), "convention": self.convention}
        if self.extraordinary and self.body != symbols.COP:
            errors["extraordinary"] = _(
                "Only conferences of the Parties met in extraordinary session."
            )
        if self.meeting_id and self.convention_id:
            codes = self.meeting.convention_codes()
            if codes and self.convention.code not in codes:
                errors["meeting"] = _("The meeting belongs to another convention.")
        if errors:
            raise ValidationError(errors)


class DecisionParagraphManager(models.Manager):
    def get_by_natural_key(self, *key):
        # The decision's natural key (three or five parts), then the reference.
        *decision_key, ref = key
        decision = Decision.objects.get_by_natural_key(*decision_key)
        return self.get(decision=decision, reference=ref)


class DecisionParagraph(UsedByLinks):
    """An operative paragraph of a decision that activities can cite (MC-5/10, 9)."""

    protected_by = ("activities",)

    decision = models.ForeignKey(
        Decision,
        on_delete=models.CASCADE,
        related_name="paragraphs",
        verbose_name=_("decision"),
    )
    reference = models.CharField(
        _("paragraph"), max_length=20, help_text=_("As cited: 9, or 5 (d).")
    )
    text = models.TextField(_("text or summary"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = DecisionParagraphManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["decision", "position", "reference"]
        verbose_name = _("decision paragraph")
        verbose_name_plural = _("decision paragraphs")
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "reference"],
                name="decisions_decisionparagraph_unique_reference",
                violation_error_message=_("This decision already has that paragraph."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.decision.symbol}, paragraph {self.reference}"

    def natural_key(self) -> tuple:
        return (*self.decision.natural_key(), self.reference)

    natural_key.dependencies = ["decisions.decision"]


def refuse_if_linked(instance: UsedByLinks) -> None:
    users = instance.linked_users()
    if users:
        names = ", ".join(sorted({str(user) for user in users}))
        raise ProtectedError(
            _("%(record)s is still used by: %(users)s")
            % {"record": instance, "users": names},
            set(users),
        )


@receiver(pre_delete)
def refuse_deleting_linked_records(sender, instance, **kwargs) -> None:
    """UsedByLinks for bulk deletes (queryset.delete) as well."""
    if isinstance(instance, UsedByLinks):
        refuse_if_linked(instance)


@receiver(pre_save)
def keep_version_on_raw_load(sender, instance, raw: bool, **kwargs) -> None:
    """loaddata and restore write rows as they were: no version bump, no conflict."""
    if raw and hasattr(instance, "_concurrencymeta"):
        instance._concurrency_disable_increment = True
        instance._concurrency_disabled = True
