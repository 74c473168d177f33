"""What the decisions app's models share: the portal's date range, timestamps,
records that links protect from deletion, natural-key managers, and the receivers
that keep those rules for bulk deletes and raw loads."""

from __future__ import annotations

import datetime

from django.apps import AppConfig
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import ProtectedError, Q
from django.db.models.signals import pre_delete, pre_save
from django.utils.translation import gettext_lazy as _

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


def refuse_if_linked(instance: UsedByLinks) -> None:
    users = instance.linked_users()
    if users:
        names = ", ".join(sorted({str(user) for user in users}))
        raise ProtectedError(
            _("%(record)s is still used by: %(users)s")
            % {"record": instance, "users": names},
            set(users),
        )


def refuse_deleting_linked_records(sender, instance, **kwargs) -> None:
    """UsedByLinks for bulk deletes (queryset.delete) as well."""
    refuse_if_linked(instance)


def keep_version_on_raw_load(sender, instance, raw: bool, **kwargs) -> None:
    """loaddata and restore write rows as they were: no version bump, no conflict."""
    if raw:
        instance._concurrency_disable_increment = True
        instance._concurrency_disabled = True


def connect_receivers(app_config: AppConfig) -> None:
    """Each app connects these for its own models, the ones they apply to."""
    for model in app_config.get_models():
        if issubclass(model, UsedByLinks):
            pre_delete.connect(refuse_deleting_linked_records, sender=model)
        if hasattr(model, "_concurrencymeta"):
            pre_save.connect(keep_version_on_raw_load, sender=model)
