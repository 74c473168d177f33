"""Conventions, the secretariats that serve them, organizations (that meet, or take
part in activities as their partners) and the InforMEA vocabulary."""

from __future__ import annotations

from concurrency.fields import AutoIncVersionField
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .base import CodeManager, SlugManager, Timestamped, UsedByLinks


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
    """An organization other than our secretariats: a UN body, MEA, fund, government,
    partnership or NGO that meets or takes part in activities as a partner."""

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
