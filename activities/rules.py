"""Object-level permissions: an editor changes records of their own secretariat or joint
records, never those of the other secretariat alone.

`rules` is consulted with a record (`user.has_perm("activities.change_activity", obj)`);
the model permission itself still comes from the user's groups (brsportal/roles.py).
"""

from __future__ import annotations

import rules
from django.apps import apps
from django.contrib.auth.backends import ModelBackend
from django.db.models import Q, QuerySet

from brsportal.roles import is_administrator
from decisions.models import (
    Decision,
    DecisionParagraph,
    Document,
    DocumentSymbol,
    Meeting,
)

from .models import Activity, ServiceAgreement, ServiceLine

_model_backend = ModelBackend()


def record_secretariat_ids(record) -> set[int] | None:
    """The secretariats a record belongs to; None for records shared by everyone."""
    if isinstance(record, Activity):
        return {s.pk for s in record.secretariats.all()}
    if isinstance(record, ServiceAgreement):
        return {record.provider_id, record.recipient_id}
    if isinstance(record, ServiceLine):
        return record_secretariat_ids(record.agreement)
    if hasattr(record, "activity_id") and not isinstance(record, Meeting):
        return record_secretariat_ids(record.activity)
    if isinstance(record, Decision):
        return {record.convention.secretariat_id}
    if isinstance(record, DecisionParagraph):
        return record_secretariat_ids(record.decision)
    if isinstance(record, Meeting):
        return {record.convention.secretariat_id} if record.convention_id else None
    if isinstance(record, Document):
        return record_secretariat_ids(record.meeting) if record.meeting_id else None
    if isinstance(record, DocumentSymbol):
        return record_secretariat_ids(record.document)
    return None


def scope_condition(model, user) -> Q | None:
    """The rows of ``model`` an editor of the user's secretariats may change (as a
    filter), or None for shared reference data everybody edits."""
    activity = Q(activity__secretariats__members=user)
    agreement = Q(agreement__provider__members=user) | Q(
        agreement__recipient__members=user
    )
    conditions = {
        Activity: Q(secretariats__members=user),
        ServiceAgreement: Q(provider__members=user) | Q(recipient__members=user),
        ServiceLine: agreement,
        Decision: Q(convention__secretariat__members=user),
        DecisionParagraph: Q(decision__convention__secretariat__members=user),
        Meeting: Q(convention__isnull=True) | Q(convention__secretariat__members=user),
        Document: Q(meeting__isnull=True)
        | Q(meeting__convention__isnull=True)
        | Q(meeting__convention__secretariat__members=user),
        DocumentSymbol: Q(document__meeting__isnull=True)
        | Q(document__meeting__convention__isnull=True)
        | Q(document__meeting__convention__secretariat__members=user),
    }
    if model in conditions:
        return conditions[model]
    if any(f.name == "activity" for f in model._meta.fields):
        return activity
    return None


def scoped_for(queryset: QuerySet, user) -> QuerySet:
    """``queryset`` limited to what ``user`` may change (all for superusers)."""
    condition = scope_condition(queryset.model, user)
    if condition is None or is_administrator(user):
        return queryset
    allowed = queryset.model._base_manager.filter(condition).values("pk")
    return queryset.filter(pk__in=allowed)


@rules.predicate
def in_record_scope(user, record) -> bool:
    if record is None or is_administrator(user):
        return True
    owners = record_secretariat_ids(record)
    if owners is None:
        return True
    if not owners:  # a record not yet given a secretariat is editable while drafted
        return True
    return user.secretariats.filter(pk__in=owners).exists()


def model_permission(codename: str) -> rules.Predicate:
    """The plain Django model permission, asked of ModelBackend to avoid recursion."""

    def check(user) -> bool:
        return _model_backend.has_perm(user, codename)

    return rules.Predicate(check, name=f"has {codename}")


def _register() -> None:
    """Every domain model's change and delete go through the record scope; models
    without an owner (organizations, thematic areas) pass it for everyone."""
    for label in ("decisions", "activities"):
        for model in apps.get_app_config(label).get_models():
            if model.__name__.startswith("Historical"):
                continue
            for action in ("change", "delete"):
                codename = f"{label}.{action}_{model._meta.model_name}"
                rules.add_perm(codename, model_permission(codename) & in_record_scope)


_register()
