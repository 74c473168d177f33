"""The details of an activity: its partners (organizations, each in a role: partner,
donor, host, ...), its events and the footnotes (references) of its narrative."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from brsportal.ownership import Owned, OwnedQuerySet
from brsportal.publication import PublicationStatus
from decisions.models import (
    Document,
    Meeting,
    Organization,
    Timestamped,
    date_in_range_validators,
    dates_in_range,
)


class ActivityPartQuerySet(OwnedQuerySet):
    def published(self) -> ActivityPartQuerySet:
        """Rows of published activities."""
        return self.filter(activity__publication_status=PublicationStatus.PUBLISHED)


class ActivityPart(Owned):
    """A row of an activity (partner, event, reference, synergy, cost saving),
    owned by the activity's secretariats."""

    objects = ActivityPartQuerySet.as_manager()

    class Meta:
        abstract = True

    def secretariat_ids(self) -> set[int]:
        return self.activity.secretariat_ids()

    @classmethod
    def owned_by(cls, user) -> Q:
        activities = cls._meta.get_field("activity").related_model.objects
        return Q(activity__in=activities.editable_by(user))


class Partnership(ActivityPart):
    """An organization that takes part in an activity (a partner of it), in one role:
    partner, donor, host, ..."""

    class Role(models.TextChoices):
        PARTNER = "partner", _("Partner")
        DONOR = "donor", _("Donor")
        CO_ORGANIZER = "co_organizer", _("Co-organizer")
        FACILITATOR = "facilitator", _("Facilitator")
        HOST = "host", _("Host")
        PARTICIPANT = "participant", _("Participant")

    activity = models.ForeignKey(
        "Activity",
        on_delete=models.CASCADE,
        related_name="partnerships",
        verbose_name=_("activity"),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="partnerships",
        verbose_name=_("organization"),
    )
    role = models.CharField(
        _("role"), max_length=20, choices=Role.choices, default=Role.PARTNER
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["activity", "role", "organization__name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "organization", "role"],
                name="activities_partnership_unique_role",
                violation_error_message=_(
                    "This organization already has this role in the activity."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} ({self.get_role_display()})"


def partner_organizations() -> models.QuerySet[Organization]:
    """Organisations that take part in a published activity, each with the number
    of those activities (``activity_count``)."""
    from .activities import Activity  # activities.py imports this module

    published = Activity.objects.published().values("pk")
    # The count follows the filter's join: published activities only.
    return Organization.objects.filter(partnerships__activity__in=published).annotate(
        activity_count=models.Count("partnerships__activity", distinct=True)
    )


class Event(ActivityPart, Timestamped):
    """A webinar, side event, training or meeting held as part of an activity."""

    class Kind(models.TextChoices):
        WEBINAR = "webinar", _("Webinar")
        SIDE_EVENT = "side_event", _("Side event")
        TRAINING = "training", _("Training")
        MEETING = "meeting", _("Meeting")
        BRIEFING = "briefing", _("Briefing")
        DIALOGUE = "dialogue", _("Dialogue")
        OTHER = "other", _("Other")

    activity = models.ForeignKey(
        "Activity",
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("activity"),
    )

    class DatePrecision(models.TextChoices):
        DAY = "day", _("Exact days")
        MONTH = "month", _("Month only")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    start_date = models.DateField(
        _("start date"), validators=date_in_range_validators()
    )
    date_precision = models.CharField(
        _("date precision"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=_("Month only: the source gives the month, not the day."),
    )
    end_date = models.DateField(
        _("end date"), null=True, blank=True, validators=date_in_range_validators()
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("held at"),
        help_text=_("The meeting in whose margins it was held, if any."),
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=100, blank=True)
    online = models.BooleanField(_("online"), default=False)
    url = models.URLField(_("web page"), max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["start_date", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="activities_event_end_after_start",
                violation_error_message=_(
                    "The end date cannot be before the start date."
                ),
            ),
            dates_in_range("activities_event", "start_date", "end_date"),
        ]
        indexes = [models.Index(fields=["start_date"], name="activities_event_start")]

    def __str__(self) -> str:
        return f"{self.title} ({self.start_date:%d %b %Y})"

    def clean(self) -> None:
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": _("The end date cannot be before the start date.")}
            )

    def get_absolute_url(self) -> str:
        return reverse("events:detail", args=[self.pk])

    @property
    def place(self) -> str:
        if self.online and not self.city:
            return str(_("Online"))
        return ", ".join(part for part in (self.city, self.country) if part)


class Reference(ActivityPart):
    """A footnote of an activity's narrative: a web address, a document, or a note."""

    activity = models.ForeignKey(
        "Activity",
        on_delete=models.CASCADE,
        related_name="references",
        verbose_name=_("activity"),
    )
    marker = models.CharField(
        _("marker"),
        max_length=10,
        help_text=_("Cited in the narrative as [^marker]."),
    )
    text = models.TextField(_("footnote text"), blank=True)
    url = models.URLField(_("web address"), max_length=500, blank=True)
    document = models.ForeignKey(
        Document,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="references",
        verbose_name=_("document"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["activity", "position", "pk"]
        verbose_name = _("reference")
        verbose_name_plural = _("references")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "marker"],
                name="activities_reference_unique_marker",
                violation_error_message=_("This activity already has that marker."),
            ),
            models.CheckConstraint(
                condition=~Q(text="") | ~Q(url="") | Q(document__isnull=False),
                name="activities_reference_not_empty",
                violation_error_message=_(
                    "Give the footnote a text, a web address or a document."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.text or self.url or str(self.document)
