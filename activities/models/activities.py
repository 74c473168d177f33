"""Joint activities of the secretariats and their thematic areas (their partners,
events and references are in ``details.py``)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from concurrency.fields import AutoIncVersionField
from django.contrib.postgres.search import SearchQuery, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models import F, Prefetch, Q
from django.db.models.functions import Mod
from django.db.models.lookups import Exact
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from activities.narrative import cited_markers
from brsportal.ownership import Owned, OwnedQuerySet
from brsportal.publication import (
    PublicationStatus,
    Publishable,
    PublishableQuerySet,
)
from decisions.models import (
    Convention,
    Decision,
    DecisionParagraph,
    InforMEATerm,
    Organization,
    Secretariat,
    SlugManager,
    Timestamped,
)

from .details import Event, Partnership, Reference

FIRST_BIENNIUM, LAST_BIENNIUM = 2000, 2098


class Biennium:
    """A two-year budget period stored as its first (even) year: 2024 is 2024–2025."""

    PATTERN = re.compile(r"^\s*(\d{4})\s*[-\u2010-\u2015/]\s*(\d{4})\s*$")
    choices = [
        (year, f"{year}\u2013{year + 1}")
        for year in range(FIRST_BIENNIUM, LAST_BIENNIUM + 1, 2)
    ]

    @staticmethod
    def label(start: int) -> str:
        return f"{start}\u2013{start + 1}"

    @classmethod
    def parse(cls, text: str) -> int:
        """Return the first year of '2024-2025' / '2024–2025' / '2024', or raise."""
        text = str(text).strip()
        match = cls.PATTERN.match(text)
        if match:
            start, end = int(match[1]), int(match[2])
        elif text.isdigit() and len(text) == 4:
            start = int(text) - int(text) % 2
            end = start + 1
        else:
            raise ValidationError(cls.message(), code="invalid_biennium")
        if (
            end != start + 1
            or start % 2
            or not FIRST_BIENNIUM <= start <= LAST_BIENNIUM
        ):
            raise ValidationError(cls.message(), code="invalid_biennium")
        return start

    @staticmethod
    def message() -> str:
        return str(
            _(
                "Enter a biennium such as 2024–2025: an even first year from 2000 to "
                "2098, then the next year."
            )
        )


def biennium_field() -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        _("biennium"), choices=Biennium.choices, db_index=True
    )


def biennium_constraint(app_model: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(biennium__gte=FIRST_BIENNIUM)
        & Q(biennium__lte=LAST_BIENNIUM)
        & Exact(Mod("biennium", 2), 0),
        name=f"{app_model}_biennium_valid",
        violation_error_message=Biennium.message(),
    )


# PostgreSQL text search configurations, one per UN language (migration
# 0013_unaccented_search_configurations): the language's stemmer after unaccent, or
# simple + unaccent where PostgreSQL has no stemmer. A column in another language
# (title_fr, ...) is indexed with its language's configuration.
SEARCH_CONFIGS = {
    "en": "brs_en",
    "fr": "brs_fr",
    "es": "brs_es",
    "ru": "brs_ru",
    "ar": "brs_ar",
    "zh": "brs_zh",
}
SEARCH_CONFIG = SEARCH_CONFIGS["en"]  # the configuration of the content fields


def published_index(name: str, *fields: str) -> models.Index:
    """A partial index over published activities only: the public pages and the
    anonymous API read nothing else."""
    return models.Index(
        fields=list(fields),
        name=f"activities_published_{name}",
        condition=Q(publication_status=PublicationStatus.PUBLISHED),
    )


class ThematicArea(Timestamped):
    """A theme of joint work; its position orders the lettered sections of reports."""

    slug = models.SlugField(_("identifier"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    informea_terms = models.ManyToManyField(
        InforMEATerm,
        blank=True,
        related_name="thematic_areas",
        verbose_name=_("InforMEA terms"),
        help_text=_(
            "The InforMEA (LEO) terms this theme maps to: the keywords of the "
            "decisions that mandate its activities in the InforMEA feed."
        ),
    )

    objects = SlugManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("thematic area")
        verbose_name_plural = _("thematic areas")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("activities:list") + f"?thematic_area={self.slug}"

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


class ActivityQuerySet(PublishableQuerySet, OwnedQuerySet):
    def in_biennium(self, start: int) -> ActivityQuerySet:
        return self.filter(biennium=start)

    def undertaken(self) -> ActivityQuerySet:
        return self.filter(
            status__in=[Activity.Status.ONGOING, Activity.Status.COMPLETED]
        )

    def planned(self) -> ActivityQuerySet:
        return self.filter(status=Activity.Status.PLANNED)

    # Many-to-many filters are semi-joins (pk IN subquery): a join would repeat rows and
    # need DISTINCT over whole rows, narratives included, which at bench size costs
    # more than the search itself (bench/results/explain-100k.md).

    def for_convention(self, code: str) -> ActivityQuerySet:
        return self.under_conventions(Convention.objects.filter(code=code))

    def under_conventions(self, conventions) -> ActivityQuerySet:
        """Activities under any of the given conventions."""
        linked = Activity.conventions.through.objects.filter(convention__in=conventions)
        return self.filter(pk__in=linked.values("activity_id"))

    def with_partner(self, organization: Organization) -> ActivityQuerySet:
        linked = Partnership.objects.filter(organization=organization)
        return self.filter(pk__in=linked.values("activity_id"))

    def in_year(self, year: int) -> ActivityQuerySet:
        """Activities of the biennium that contains the year, or with an event in it."""
        with_event = Event.objects.filter(start_date__year=year).values("activity_id")
        return self.filter(Q(biennium=year - year % 2) | Q(pk__in=with_event))

    def search(self, text: str) -> ActivityQuerySet:
        """Keyword search over title and narrative in websearch syntax (quotes, OR,
        -word): PostgreSQL full-text, or the FTS5 index on SQLite (activities/search.py
        reads the syntax the same way on both)."""
        text = (text or "").replace("\x00", " ").strip()[:200]
        if not text:
            return self
        if connection.vendor == "postgresql":
            query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
            return self.filter(search_document=query)
        from activities.search import fts_filter  # it imports this module

        return fts_filter(self, "activity", text)

    def mandated_by(self, decisions) -> ActivityQuerySet:
        """Activities that a decision (or queryset of decisions) mandates, directly
        or through one of its paragraphs."""
        if isinstance(decisions, models.Model):
            decisions = [decisions]
        direct = Activity.decisions.through.objects.filter(decision__in=decisions)
        via_paragraph = Activity.decision_paragraphs.through.objects.filter(
            decisionparagraph__decision__in=decisions
        )
        # One IN over a UNION: "IN (direct) OR IN (via paragraph)" made PostgreSQL
        # test every published activity against both lists (bench/results/).
        mandated = direct.values("activity_id").union(
            via_paragraph.values("activity_id")
        )
        return self.filter(pk__in=mandated)

    def in_report_order(self) -> ActivityQuerySet:
        return self.order_by("theme_position", "position", "pk")

    def with_details(
        self, prefetch: Callable[..., Prefetch] = Prefetch
    ) -> ActivityQuerySet:
        """Everything a page or the API shows of each activity, one query per
        relation (the related rows' own links are joined, not prefetched).

        ``prefetch`` builds each relation's ``Prefetch``: the API passes its own,
        which keeps the rows as plain lists (brsportal/prefetch.py).
        """
        return self.select_related("thematic_area").prefetch_related(
            prefetch("conventions"),
            prefetch("secretariats"),
            prefetch(
                "decisions", queryset=Decision.objects.select_related("convention")
            ),
            prefetch(
                "decision_paragraphs",
                queryset=DecisionParagraph.objects.select_related(
                    "decision__convention"
                ),
            ),
            # Within one activity, the rows' own order: their Meta.ordering starts
            # with "activity", which would join the activities and their themes.
            prefetch(
                "partnerships",
                queryset=Partnership.objects.select_related("organization").order_by(
                    "role", "organization__name", "pk"
                ),
            ),
            prefetch("events", queryset=Event.objects.select_related("meeting")),
            prefetch(
                "references",
                queryset=Reference.objects.select_related("document").order_by(
                    "position", "pk"
                ),
            ),
        )

    def with_results(
        self, prefetch: Callable[..., Prefetch] = Prefetch
    ) -> ActivityQuerySet:
        """Its synergies and cost savings too (the activity page and the API)."""
        from .synergies import CostSaving, Synergy  # they import this module

        return self.prefetch_related(
            prefetch("synergies", queryset=Synergy.objects.order_by("position", "pk")),
            prefetch(
                "cost_savings",
                queryset=CostSaving.objects.order_by("-year", "-quarter", "pk"),
            ),
        )


OWNER_REQUIRED = _(
    "Choose at least one secretariat: every activity belongs to the secretariat "
    "(or secretariats, for joint work) whose staff edit it."
)


class ActivityManager(models.Manager.from_queryset(ActivityQuerySet)):
    def get_by_natural_key(self, slug: str) -> Activity:
        return self.get(slug=slug)


class Activity(Owned, Publishable, Timestamped):
    """One joint activity of the secretariats: a numbered paragraph of a report."""

    class Kind(models.TextChoices):
        PROGRAMMATIC = "programmatic", _("Programmatic")
        ADMINISTRATIVE = "administrative", _("Administrative")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ONGOING = "ongoing", _("Ongoing")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    slug = models.SlugField(
        _("permalink"),
        max_length=120,
        unique=True,
        help_text=_("The stable part of the page address; do not change once public."),
    )
    title = models.CharField(_("title"), max_length=300)
    narrative = models.TextField(
        _("narrative"),
        blank=True,
        help_text=_(
            "Markdown. Cite a reference with [^N], where N is the reference's marker."
        ),
    )
    thematic_area = models.ForeignKey(
        ThematicArea,
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("thematic area"),
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.PROGRAMMATIC
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    biennium = biennium_field()
    # Giving a position another activity holds inserts this one there (make_room).
    position = models.PositiveIntegerField(
        _("position"), default=0, help_text=_("Order within its thematic area.")
    )
    conventions = models.ManyToManyField(
        Convention, related_name="activities", verbose_name=_("conventions")
    )
    secretariats = models.ManyToManyField(
        Secretariat,
        related_name="activities",
        verbose_name=_("secretariats"),
        help_text=_("The secretariats this activity belongs to."),
    )
    partners = models.ManyToManyField(
        Organization,
        through="Partnership",
        related_name="activities",
        blank=True,
        verbose_name=_("partners"),
    )
    decisions = models.ManyToManyField(
        Decision,
        related_name="activities",
        blank=True,
        verbose_name=_("mandating decisions"),
    )
    decision_paragraphs = models.ManyToManyField(
        DecisionParagraph,
        related_name="activities",
        blank=True,
        verbose_name=_("mandating paragraphs"),
    )
    version = AutoIncVersionField(
        _("version"),
        help_text=_("Raised by every save; stops two editors overwriting."),
    )
    # Title and narrative as full-text terms for search(), written by a PostgreSQL
    # trigger on every insert and update (migration 0004), whatever the write path:
    # save(), bulk_create(), loaddata or SQL. Stored, so a search reads the GIN index
    # and never re-parses narratives. Always empty on SQLite.
    search_document = SearchVectorField(null=True, editable=False)
    # The thematic area's position, copied by database triggers (migration 0005) on
    # every write of the activity and every change of a theme's position, so that
    # "sort by thematic area" reads an index instead of sorting every published row
    # joined to its theme (bench/results/devices.md).
    theme_position = models.PositiveSmallIntegerField(default=0, editable=False)

    objects = ActivityManager()
    history = HistoricalRecords(
        m2m_fields=[conventions, secretariats, decisions],
        excluded_fields=["search_document", "theme_position"],
    )

    class Meta:
        ordering = ["-biennium", "theme_position", "position", "pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [biennium_constraint("activities_activity")]
        indexes = [
            # The public list's default order and the API's cursor; the plans that
            # justify each index: bench/results/explain-100k.md.
            published_index("recent", "-updated_at", "-id"),
            # The list's other sort orders, ended by the primary key as they are.
            published_index("title", "title", "id"),
            published_index("biennium", "biennium", "id"),
            published_index("theme", "theme_position", "id"),
        ]
        permissions = [("publish_activity", _("Can publish or archive activities"))]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        with transaction.atomic():
            self.make_room()
            super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("activities:detail", kwargs={"slug": self.slug})

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    def secretariat_ids(self) -> set[int]:
        return {secretariat.pk for secretariat in self.secretariats.all()}

    @classmethod
    def owned_by(cls, user) -> Q:
        return Q(secretariats__members=user)

    @staticmethod
    def check_owners(secretariats: Iterable[Secretariat]) -> None:
        """Refuse an activity that no secretariat would own (the admin, the API and
        the import call this before setting ``secretariats``)."""
        if not list(secretariats):
            raise ValidationError({"secretariats": [OWNER_REQUIRED]}, code="no_owner")

    def make_room(self) -> None:
        """Placing an activity at a position another one of its thematic area and
        biennium holds inserts it there: that one and those after it move down by
        one, so staff never renumber paragraphs by hand. Position 0 is "not placed"
        and an unchanged position moves nothing."""
        if not self.position or self.thematic_area_id is None:
            return
        if self.pk is not None:
            stored = Activity.objects.filter(pk=self.pk).values_list(
                "position", "thematic_area_id", "biennium"
            )
            if stored.first() == (self.position, self.thematic_area_id, self.biennium):
                return
        siblings = Activity.objects.filter(
            thematic_area_id=self.thematic_area_id, biennium=self.biennium
        ).exclude(pk=self.pk)
        if siblings.filter(position=self.position).exists():
            siblings.filter(position__gte=self.position).update(
                position=F("position") + 1
            )

    def missing_references(self, markers: Iterable[str]) -> list[str]:
        """The markers the narrative cites ([^2]) that none of ``markers`` answers,
        in order of citation: such a call would vanish from the public page."""
        given = {str(marker).strip() for marker in markers}
        return [
            marker for marker in cited_markers(self.narrative) if marker not in given
        ]

    def next_position(self) -> int:
        """The position after the last activity of its thematic area and biennium."""
        last = (
            Activity.objects.filter(
                thematic_area_id=self.thematic_area_id, biennium=self.biennium
            )
            .exclude(pk=self.pk)
            .aggregate(last=models.Max("position"))["last"]
        )
        return (last or 0) + 1

    @staticmethod
    def secretariats_of(conventions: Iterable[Convention]) -> list[Secretariat]:
        """The secretariats that serve the given conventions (BC, RC, SC: BRS)."""
        return list(
            Secretariat.objects.filter(
                conventions__in=[c.pk for c in conventions]
            ).distinct()
        )

    @property
    def biennium_label(self) -> str:
        return Biennium.label(self.biennium)
