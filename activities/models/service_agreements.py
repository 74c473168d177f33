"""Cost-recovery agreements under which one secretariat serves the other's meetings."""

from decimal import Decimal

from concurrency.fields import AutoIncVersionField
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from brsportal.ownership import Owned, OwnedQuerySet
from brsportal.publication import Publishable, PublishableQuerySet
from decisions.models import (
    Meeting,
    Secretariat,
    Timestamped,
    date_in_range_validators,
    dates_in_range,
)

from .activities import biennium_constraint, biennium_field
from .synergies import CostSaving


def money_field(verbose_name: str, **kwargs) -> models.DecimalField:
    return models.DecimalField(
        verbose_name,
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(0)],
        **kwargs,
    )


class ServiceAgreementQuerySet(PublishableQuerySet, OwnedQuerySet):
    def get_by_natural_key(self, slug: str) -> "ServiceAgreement":
        return self.get(slug=slug)

    def in_biennium(self, start: int) -> "ServiceAgreementQuerySet":
        return self.filter(biennium=start)

    def in_report_order(self) -> "ServiceAgreementQuerySet":
        return self.order_by("requested_on", "slug")


class ServiceAgreement(Owned, Publishable, Timestamped):
    """What one secretariat provides another for a meeting, its cost and recovery."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        NEGOTIATION = "negotiation", _("Under negotiation")
        SIGNED = "signed", _("Signed")
        DELIVERED = "delivered", _("Delivered")
        CLOSED = "closed", _("Closed")

    slug = models.SlugField(_("identifier"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=300)
    provider = models.ForeignKey(
        Secretariat,
        on_delete=models.PROTECT,
        related_name="services_provided",
        verbose_name=_("provider"),
    )
    recipient = models.ForeignKey(
        Secretariat,
        on_delete=models.PROTECT,
        related_name="services_received",
        verbose_name=_("recipient"),
    )
    meetings = models.ManyToManyField(
        Meeting,
        related_name="service_agreements",
        verbose_name=_("meetings served"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.REQUESTED
    )
    biennium = biennium_field()
    currency = models.CharField(
        _("currency"),
        max_length=3,
        choices=CostSaving.Currency.choices,
        default=CostSaving.Currency.USD,
    )
    estimated_cost = money_field(_("estimated cost"), null=True, blank=True)
    invoiced_amount = money_field(_("invoiced"), default=Decimal("0"))
    recovered_amount = money_field(_("recovered"), default=Decimal("0"))
    requested_on = models.DateField(
        _("requested on"), null=True, blank=True, validators=date_in_range_validators()
    )
    signed_on = models.DateField(
        _("signed on"), null=True, blank=True, validators=date_in_range_validators()
    )
    completed_on = models.DateField(
        _("completed on"), null=True, blank=True, validators=date_in_range_validators()
    )
    narrative = models.TextField(
        _("report text"),
        blank=True,
        help_text=_("The paragraph the joint report prints about this agreement."),
    )
    version = AutoIncVersionField(
        _("version"),
        help_text=_("Raised by every save; stops two editors overwriting."),
    )

    objects = ServiceAgreementQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[meetings])

    class Meta:
        ordering = ["-biennium", "requested_on", "slug"]
        verbose_name = _("service agreement")
        verbose_name_plural = _("service agreements")
        permissions = [
            ("publish_serviceagreement", _("Can publish or archive service agreements"))
        ]
        constraints = [
            biennium_constraint("activities_serviceagreement"),
            models.CheckConstraint(
                condition=~Q(provider=F("recipient")),
                name="activities_serviceagreement_provider_not_recipient",
                violation_error_message=_(
                    "A secretariat cannot provide services to itself."
                ),
            ),
            models.CheckConstraint(
                condition=Q(invoiced_amount__gte=0)
                & Q(recovered_amount__gte=0)
                & (Q(estimated_cost__isnull=True) | Q(estimated_cost__gte=0)),
                name="activities_serviceagreement_amounts_not_negative",
                violation_error_message=_("Amounts cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(recovered_amount__lte=F("invoiced_amount")),
                name="activities_serviceagreement_recovered_within_invoiced",
                violation_error_message=_(
                    "The recovered amount cannot exceed the invoiced amount."
                ),
            ),
            models.CheckConstraint(
                condition=Q(signed_on__isnull=True)
                | Q(requested_on__isnull=True)
                | Q(signed_on__gte=F("requested_on")),
                name="activities_serviceagreement_signed_after_requested",
                violation_error_message=_(
                    "An agreement cannot be signed before it was requested."
                ),
            ),
            dates_in_range(
                "activities_serviceagreement",
                "requested_on",
                "signed_on",
                "completed_on",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("activities:agreement", kwargs={"slug": self.slug})

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    def secretariat_ids(self) -> set[int]:
        """The provider and the recipient."""
        return {self.provider_id, self.recipient_id} - {None}

    @classmethod
    def owned_by(cls, user) -> Q:
        return Q(provider__members=user) | Q(recipient__members=user)

    @property
    def outstanding(self) -> Decimal:
        """What has been invoiced and not yet recovered."""
        return self.invoiced_amount - self.recovered_amount

    def clean(self) -> None:
        errors = {}
        if self.provider_id and self.provider_id == self.recipient_id:
            errors["recipient"] = _("A secretariat cannot provide services to itself.")
        if (
            self.recovered_amount is not None
            and self.invoiced_amount is not None
            and self.recovered_amount > self.invoiced_amount
        ):
            errors["recovered_amount"] = _(
                "The recovered amount cannot exceed the invoiced amount."
            )
        if errors:
            raise ValidationError(errors)


class ServiceLine(Owned):
    """One service within an agreement: IT, documents, registration, travel, ..."""

    class Service(models.TextChoices):
        IT = "it", _("IT services")
        DOCUMENTS = "documents", _("Document management and control")
        REGISTRATION = "registration", _("Registration")
        TRAVEL = "travel", _("Travel of sponsored delegates")
        CONFERENCE = "conference", _("Conference services")
        INTERPRETATION = "interpretation", _("Interpretation")
        TRANSLATION = "translation", _("Translation")
        OTHER = "other", _("Other")

    agreement = models.ForeignKey(
        ServiceAgreement,
        on_delete=models.CASCADE,
        related_name="lines",
        verbose_name=_("agreement"),
    )
    service = models.CharField(_("service"), max_length=20, choices=Service.choices)
    description = models.CharField(_("description"), max_length=300, blank=True)
    estimated_cost = money_field(_("estimated cost"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "pk"]
        verbose_name = _("service line")
        verbose_name_plural = _("service lines")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "service"],
                name="activities_serviceline_unique_service",
                violation_error_message=_("This service is already in the agreement."),
            ),
            models.CheckConstraint(
                condition=Q(estimated_cost__isnull=True) | Q(estimated_cost__gte=0),
                name="activities_serviceline_cost_not_negative",
                violation_error_message=_("A cost cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return self.get_service_display()

    def secretariat_ids(self) -> set[int]:
        return self.agreement.secretariat_ids()

    @classmethod
    def owned_by(cls, user) -> Q:
        return Q(agreement__in=ServiceAgreement.objects.editable_by(user))
