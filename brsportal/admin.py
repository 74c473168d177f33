"""What every domain admin shares: record scope, optimistic locking, publication rule.

An editor's change lists show only records of their own secretariat (or joint ones);
changing or deleting asks `rules` with the record (brsportal/ownership.py). A form
carries the record's version: a second editor saving a stale copy is refused with a
message.
"""

from __future__ import annotations

from typing import Any

from concurrency.exceptions import RecordModifiedError
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext_lazy as _

from .publication import PublicationStatus, Publishable

STALE_MESSAGE = _(
    "Someone else saved this record while you were editing it. Open it again to see "
    "their changes, then make yours."
)


def shortened(field: str, description: str, chars: int = 60):
    """A change-list column with the start of a long value (an activity's title, a
    footnote, a web address), so that one row cannot push the list off the screen;
    sorts by the field."""

    @admin.display(description=description, ordering=field)
    def column(obj: models.Model) -> str:
        value = getattr(obj, field)
        return Truncator("" if value is None else str(value)).chars(chars)

    column.__name__ = f"short_{field}"
    return column


def is_versioned(model) -> bool:
    return hasattr(model, "_concurrencymeta")


class FiniteDecimalField(forms.DecimalField):
    """A decimal field that refuses NaN and infinities (sNaN crashes has_changed)."""

    def to_python(self, value):
        value = super().to_python(value)
        if value is not None and not value.is_finite():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return value


class RefusedValueSafeMixin:
    """Re-displaying a form that refused an id such as "abc" must not crash.

    Django's autocomplete widgets look the refused value up again to render it
    (pk__in=["abc"]); values that cannot be keys are left out of that look-up.
    """

    def optgroups(self, name, value, attr=None):
        # self.field is the model's relation, as in Django's own optgroups().
        remote = self.field.remote_field
        name = getattr(remote, "field_name", None) or remote.model._meta.pk.name
        target = remote.model._meta.get_field(name)
        low, high = connection.ops.integer_field_range(target.get_internal_type())
        usable = []
        for item in value:
            try:
                key = target.to_python(item)
            except ValidationError:
                continue
            if isinstance(key, int) and (
                (low is not None and key < low) or (high is not None and key > high)
            ):
                continue
            usable.append(item)
        return super().optgroups(name, usable, attr)


class SafeAutocompleteSelect(RefusedValueSafeMixin, AutocompleteSelect):
    pass


class SafeAutocompleteSelectMultiple(RefusedValueSafeMixin, AutocompleteSelectMultiple):
    pass


class SafeAutocompleteMixin:
    """A model admin or inline whose autocomplete fields survive refused ids."""

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(
            request
        ):
            kwargs["widget"] = SafeAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request: HttpRequest, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(
            request
        ):
            kwargs["widget"] = SafeAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class GuardedForm(forms.ModelForm):
    """Refuses stale versions and publication changes the user may not make."""

    request_user = None  # set by GuardedAdmin.get_form
    reverting = False  # a history revert starts from an old version on purpose

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        instance = self.instance
        if is_versioned(type(instance)):
            self._check_version(cleaned)
        publishable = isinstance(instance, Publishable) and self.request_user
        if "publication_status" in cleaned and publishable:
            status = cleaned["publication_status"]
            error = instance.publication_error(self.request_user, status)
            if error:
                self.add_error("publication_status", error)
        return cleaned

    def _check_version(self, cleaned: dict[str, Any]) -> None:
        instance = self.instance
        name = instance._concurrencymeta.field.name
        current = None
        if instance.pk:
            current = (
                type(instance)
                ._base_manager.filter(pk=instance.pk)
                .values_list(name, flat=True)
                .first()
            )
        given = cleaned.get(name)
        if given is None or self.reverting:
            # Not sent (a form without the field) or a revert: compare nothing,
            # carry the stored version so the save itself does not conflict.
            cleaned[name] = current or 0
        elif current is not None and int(given) != current:
            raise ValidationError(STALE_MESSAGE, code="stale")


class GuardedAdmin(SafeAutocompleteMixin, admin.ModelAdmin):
    """Mix in before SimpleHistoryAdmin: scope, per-record rules, versions."""

    form = GuardedForm

    def get_form(self, request: HttpRequest, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        match = request.resolver_match
        reverting = bool(match and match.url_name.endswith("_simple_history"))
        attributes = {"request_user": request.user, "reverting": reverting}
        return type(form.__name__, (form,), attributes)

    def get_fields(self, request: HttpRequest, obj=None) -> list:
        fields = list(super().get_fields(request, obj))
        if is_versioned(self.model) and "version" not in fields:
            fields.append("version")
        return fields

    def formfield_for_dbfield(self, db_field, request: HttpRequest, **kwargs):
        if is_versioned(self.model) and db_field.name == "version":
            return forms.IntegerField(widget=forms.HiddenInput, required=False)
        if isinstance(db_field, models.DecimalField):
            kwargs.setdefault("form_class", FiniteDecimalField)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request)
        opts = self.model._meta
        may_change = request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}")
        if may_change and hasattr(queryset, "editable_by"):
            return queryset.editable_by(request.user)
        return queryset  # view-only roles read everything, and unowned records

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        opts = self.model._meta
        return request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}", obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        opts = self.model._meta
        return request.user.has_perm(f"{opts.app_label}.delete_{opts.model_name}", obj)

    def get_deleted_objects(self, objs, request: HttpRequest):
        """Django's list, plus the records whose many-to-many links would vanish."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(
            objs, request
        )
        for obj in objs:
            for user in getattr(obj, "linked_users", list)():
                protected.append(f"{capfirst(user._meta.verbose_name)}: {user}")
        return deleted, counts, perms_needed, protected

    def changeform_view(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return super().changeform_view(request, *args, **kwargs)
        except RecordModifiedError:
            # Saved by someone else between our check and the write: nothing was
            # written (the admin's transaction rolled back).
            self.message_user(request, STALE_MESSAGE, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


class PublishingAdmin(GuardedAdmin):
    """Publication actions for report editors, who review but do not edit content.

    Each record is saved on its own, so every change lands in its history.
    """

    actions = ["publish_selected", "send_for_review", "archive_selected"]

    def has_publish_permission(self, request: HttpRequest) -> bool:
        opts = self.model._meta
        return request.user.has_perm(f"{opts.app_label}.publish_{opts.model_name}")

    def _move(self, request: HttpRequest, queryset: QuerySet, status: str) -> None:
        moved = 0
        with transaction.atomic():
            for record in queryset:
                try:
                    moved += record.move_to(status, by=request.user)
                except ValidationError as error:
                    message = " ".join(error.messages)
                    self.message_user(request, f"{record}: {message}", messages.ERROR)
        self.message_user(
            request,
            _("%(n)d record(s) now %(status)s.") % {"n": moved, "status": status},
        )

    @admin.action(
        description=_("Publish the selected records"), permissions=["publish"]
    )
    def publish_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._move(request, queryset, PublicationStatus.PUBLISHED)

    @admin.action(
        description=_("Archive the selected records"), permissions=["publish"]
    )
    def archive_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._move(request, queryset, PublicationStatus.ARCHIVED)

    @admin.action(
        description=_("Send the selected records for review"), permissions=["change"]
    )
    def send_for_review(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._move(request, queryset, PublicationStatus.IN_REVIEW)


class SafeInlineMixin(SafeAutocompleteMixin):
    """Inline rows: finite decimals, safe autocompletes, and a cap on tampered
    TOTAL_FORMS (a forged 99,999,999 would otherwise render a thousand rows)."""

    max_num = 200
    absolute_max = 250

    def formfield_for_dbfield(self, db_field, request: HttpRequest, **kwargs):
        if isinstance(db_field, models.DecimalField):
            kwargs.setdefault("form_class", FiniteDecimalField)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


def add_version_to_fieldsets(fieldsets: list) -> list:
    """Fieldsets with the hidden version field appended to the last one."""
    *head, (title, options) = fieldsets
    return [*head, (title, {**options, "fields": [*options["fields"], "version"]})]
