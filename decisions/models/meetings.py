"""Sessions of COPs and subsidiary bodies, of our conventions or of other
organizations."""

from __future__ import annotations

from concurrency.fields import AutoIncVersionField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from brsportal.ownership import Owned, OwnedQuerySet

from .. import symbols
from ..countries import country_code
from .base import Timestamped, UsedByLinks, date_in_range_validators, dates_in_range
from .bodies import Convention, Organization


class MeetingQuerySet(OwnedQuerySet):
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


class Meeting(Owned, UsedByLinks, Timestamped):
    """A session of a COP or subsidiary body of our conventions, or of another
    organization."""

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
        verbose_name=_("organization"),
        help_text=_("For meetings of organizations other than our four conventions."),
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
                    "Choose the convention or the organization that meets."
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

    def secretariat_ids(self) -> set[int] | None:
        # Meetings of other organizations are shared by everyone.
        return {self.convention.secretariat_id} if self.convention_id else None

    @classmethod
    def owned_by(cls, user) -> Q:
        return Q(convention__isnull=True) | Q(convention__secretariat__members=user)

    def clean(self) -> None:
        errors = {}
        if self.end_date and self.start_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date cannot be before the start date.")
        if not self.convention_id and not self.organization_id:
            errors["convention"] = _(
                "Choose the convention or the organization that meets."
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
