"""Who may change a record: each owned model states its owning secretariats once
(``secretariat_ids()``, ``owned_by(user)``); the ``rules`` predicate, the admin and the
API ask ``record.is_editable_by(user)`` or ``Model.objects.editable_by(user)``."""

from __future__ import annotations

from collections.abc import Iterable

import rules
from django.apps import AppConfig
from django.contrib.auth.backends import ModelBackend
from django.db import models
from django.db.models import Q

from .roles import is_administrator

_model_backend = ModelBackend()


class OwnedQuerySet(models.QuerySet):
    def editable_by(self, user) -> OwnedQuerySet:
        """The rows the user's secretariats own, joint ones included (all for
        administrators); a semi-join, so several owners never repeat a row."""
        if is_administrator(user):
            return self
        owned = self.model._base_manager.filter(self.model.owned_by(user))
        return self.filter(pk__in=owned.values("pk"))


class Owned(models.Model):
    """A record that belongs to one or more secretariats, whose staff edit it."""

    class Meta:
        abstract = True

    def secretariat_ids(self) -> set[int] | None:
        """The secretariats the record belongs to; None for a record everyone shares."""
        raise NotImplementedError

    @classmethod
    def owned_by(cls, user) -> Q:
        """The rows ``user``'s secretariats own (or everyone shares), as a filter."""
        raise NotImplementedError

    @staticmethod
    def is_member_of_any(user, secretariat_ids: Iterable[int]) -> bool:
        """Whether ``user`` works for one of these secretariats (administrators do)."""
        if is_administrator(user):
            return True
        return user.secretariats.filter(pk__in=list(secretariat_ids)).exists()

    def is_editable_by(self, user) -> bool:
        owners = self.secretariat_ids()
        # A record not yet given a secretariat stays editable while it is drafted.
        return not owners or self.is_member_of_any(user, owners)


@rules.predicate
def may_change_record(user, record) -> bool:
    """Records without owners (organizations, thematic areas) pass for everyone."""
    if record is None or not isinstance(record, Owned):
        return True
    return record.is_editable_by(user)


def model_permission(codename: str) -> rules.Predicate:
    """The plain Django model permission, asked of ModelBackend to avoid recursion."""

    def check(user) -> bool:
        return _model_backend.has_perm(user, codename)

    return rules.Predicate(check, name=f"has {codename}")


def register_record_rules(app_config: AppConfig) -> None:
    """Every model of the app is changed and deleted within the record's owners."""
    for model in app_config.get_models():
        if model.__name__.startswith("Historical"):
            continue
        for action in ("change", "delete"):
            codename = f"{app_config.label}.{action}_{model._meta.model_name}"
            rules.add_perm(codename, model_permission(codename) & may_change_record)
