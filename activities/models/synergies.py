"""Synergies the joint activities yield and the cost savings they achieve."""

from concurrency.fields import AutoIncVersionField
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .activities import Activity
from .details import ActivityPart, ActivityPartQuerySet


class Synergy(ActivityPart):
    """An efficiency or delivery improvement an activity yields (a 2014 table row)."""

    activity = models.ForeignKey(
        Activity,
        on_delete=models.CASCADE,
        related_name="synergies",
        verbose_name=_("activity"),
    )
    description = models.TextField(_("synergy"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    version = AutoIncVersionField(
        _("version"),
        help_text=_("Raised by every save; stops two editors overwriting."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["activity", "position", "pk"]
        verbose_name = _("synergy")
        verbose_name_plural = _("synergies")

    def __str__(self) -> str:
        return self.description[:80]


class CostSavingQuerySet(ActivityPartQuerySet):
    def in_quarter(self, year: int, quarter: int) -> "CostSavingQuerySet":
        return self.filter(year=year, quarter=quarter)

    def totals_by_currency(self) -> dict[str, object]:
        rows = self.order_by().values("currency").annotate(total=models.Sum("amount"))
        return {row["currency"]: row["total"] for row in rows.order_by("currency")}


class CostSaving(ActivityPart):
    """An amount an activity saved in one reporting quarter."""

    class Currency(models.TextChoices):
        USD = "USD", _("US dollars")
        CHF = "CHF", _("Swiss francs")
        EUR = "EUR", _("Euros")

    activity = models.ForeignKey(
        Activity,
        on_delete=models.CASCADE,
        related_name="cost_savings",
        verbose_name=_("activity"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), choices=[(q, f"Q{q}") for q in range(1, 5)]
    )
    amount = models.DecimalField(
        _("amount"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.USD
    )
    note = models.TextField(_("note"), blank=True)
    version = AutoIncVersionField(
        _("version"),
        help_text=_("Raised by every save; stops two editors overwriting."),
    )

    objects = CostSavingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "-quarter", "activity"]
        verbose_name = _("cost saving")
        verbose_name_plural = _("cost savings")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="activities_costsaving_amount_not_negative",
                violation_error_message=_("A cost saving cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1) & Q(quarter__lte=4),
                name="activities_costsaving_quarter_valid",
                violation_error_message=_("The quarter is 1, 2, 3 or 4."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100),
                name="activities_costsaving_year_valid",
                violation_error_message=_("The year must be between 2000 and 2100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}, {self.year} Q{self.quarter}"
