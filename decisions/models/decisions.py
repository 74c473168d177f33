"""The COP decisions that mandate joint work, and their operative paragraphs."""

from __future__ import annotations

import datetime

from concurrency.fields import AutoIncVersionField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from brsportal.ownership import Owned, OwnedQuerySet

from .. import symbols
from ..symbols import (
    BODY_CONVENTIONS,
    DecisionSymbol,
    decision_condition,
    parse_decision_symbol,
)
from .base import Timestamped, UsedByLinks, date_in_range_validators, dates_in_range
from .bodies import Convention
from .meetings import Meeting


class DecisionQuerySet(OwnedQuerySet):
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


class Decision(Owned, UsedByLinks, Timestamped):
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

    def secretariat_ids(self) -> set[int]:
        return {self.convention.secretariat_id}

    @classmethod
    def owned_by(cls, user) -> Q:
        return Q(convention__secretariat__members=user)

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


class DecisionParagraphManager(models.Manager.from_queryset(OwnedQuerySet)):
    def get_by_natural_key(self, *key):
        # The decision's natural key (three or five parts), then the reference.
        *decision_key, ref = key
        decision = Decision.objects.get_by_natural_key(*decision_key)
        return self.get(decision=decision, reference=ref)


class DecisionParagraph(Owned, UsedByLinks):
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

    def secretariat_ids(self) -> set[int]:
        return self.decision.secretariat_ids()

    @classmethod
    def owned_by(cls, user) -> Q:
        return Q(decision__in=Decision.objects.editable_by(user))

    natural_key.dependencies = ["decisions.decision"]
