"""How a record moves through publication (draft, in review, published, archived):
editors draft and send for review; only holders of the model's publish permission
(report editors, administrators) publish, archive or withdraw."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

PUBLISHERS_ONLY = _(
    "Only report editors or administrators can publish, archive or withdraw a "
    "record; send it for review instead."
)


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class PublishableQuerySet(models.QuerySet):
    def published(self) -> PublishableQuerySet:
        return self.filter(publication_status=PublicationStatus.PUBLISHED)


class Publishable(models.Model):
    """A record the public sees once it is published."""

    publication_status = models.CharField(
        _("publication"),
        max_length=10,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
        db_index=True,
    )

    class Meta:
        abstract = True

    @property
    def is_public(self) -> bool:
        return self.publication_status == PublicationStatus.PUBLISHED

    def publication_error(self, user, status: str) -> str | None:
        """Why ``user`` may not move this record from its stored status to
        ``status``, or None if they may."""
        stored = None
        if self.pk:
            stored = (
                type(self)
                ._base_manager.filter(pk=self.pk)
                .values_list("publication_status", flat=True)
                .first()
            )
        guarded = {PublicationStatus.PUBLISHED, PublicationStatus.ARCHIVED}
        if stored == status or (stored not in guarded and status not in guarded):
            return None
        meta = self._meta
        if user.has_perm(f"{meta.app_label}.publish_{meta.model_name}"):
            return None
        return str(PUBLISHERS_ONLY)

    def move_to(self, status: str, *, by) -> bool:
        """Move the saved record to ``status`` on behalf of ``by``, under the row's
        lock, with the move in its history; False if it was there already.
        ValidationError with the reason if ``by`` may not."""
        with transaction.atomic():
            stored = type(self)._base_manager.select_for_update().get(pk=self.pk)
            error = self.publication_error(by, status)
            if error:
                raise ValidationError({"publication_status": [error]}, code="publish")
            if stored.publication_status == status:
                return False
            self.publication_status = status
            self._change_reason = f"publication: {status}"
            self.save()
            return True
