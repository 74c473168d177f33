"""The base of every spreadsheet import and export (django-import-export).

Text cells that a spreadsheet would run as a formula are prefixed with an apostrophe
on export and the apostrophe is removed again on import, so a file exported and
re-imported unchanged gives back the same records. A bad cell is the row's error,
never a traceback.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import Model, QuerySet
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources, widgets

from brsportal.exports import escape_formula, unescape_formula


class StrictManyToManyWidget(widgets.ManyToManyWidget):
    """Like ManyToManyWidget, but an unknown value is an error, not silently dropped."""

    def clean(self, value: Any, row: dict | None = None, **kwargs: Any) -> QuerySet:
        if not value:
            return self.model.objects.none()
        wanted = [part.strip() for part in str(value).split(self.separator)]
        wanted = [part for part in wanted if part]
        found = self.model.objects.filter(**{f"{self.field}__in": wanted})
        known = {force_str(getattr(obj, self.field)) for obj in found}
        unknown = [part for part in wanted if part not in known]
        if unknown:
            name = self.model._meta.verbose_name
            raise ValueError(f"Unknown {name}: {', '.join(unknown)}.")
        return found


# What import-export widgets raise on a bad cell (unknown code, "abc" as a number).
WIDGET_ERRORS = (ObjectDoesNotExist, ArithmeticError, ValueError, TypeError)


def widget_error_text(error: Exception) -> str:
    """A widget failure in words: our widgets' own messages, or what went wrong."""
    if isinstance(error, ArithmeticError):
        return str(_("not a number"))
    if isinstance(error, ObjectDoesNotExist):
        return str(_("no such record"))
    return str(error)[:200] or error.__class__.__name__


class SafeResource(resources.ModelResource):
    """A model resource whose export cannot smuggle formulas into a spreadsheet."""

    def export_field(self, field: fields.Field, instance: Model, **kwargs: Any) -> Any:
        return escape_formula(super().export_field(field, instance, **kwargs))

    def get_instance(self, instance_loader, row: dict):
        # Finding the row's record cleans its id columns: a missing column or a bad
        # value there is the row's error, not a traceback.
        try:
            return super().get_instance(instance_loader, row)
        except KeyError as error:
            raise ValidationError(
                _("The file lacks the column %(name)s that identifies rows.")
                % {"name": error}
            ) from error
        except WIDGET_ERRORS as error:
            raise ValidationError(
                _("A column that identifies the row holds an invalid value (%(e)s).")
                % {"e": error.__class__.__name__}
            ) from error

    def before_import_row(self, row: dict, **kwargs: Any) -> None:
        with_nul = [key for key, value in row.items() if "\x00" in str(value or "")]
        if with_nul:
            raise ValidationError(
                {
                    key: [_("Remove the NUL character from this cell.")]
                    for key in with_nul
                }
            )
        for key, value in row.items():
            row[key] = unescape_formula(value)

    def import_field(
        self, field: fields.Field, instance: Model, row: dict, *args, **kw
    ):
        # A widget's own failures (unknown code, "abc" as a number) become field
        # errors the import page lists, instead of a traceback.
        try:
            return super().import_field(field, instance, row, *args, **kw)
        except WIDGET_ERRORS as error:
            message = _("“%(value)s” is not valid here: %(error)s") % {
                "value": str(row.get(field.column_name, ""))[:60],
                "error": widget_error_text(error),
            }
            raise ValidationError({field.attribute: [message]}) from error

    def import_instance(self, instance: Model, row: dict, **kwargs: Any) -> None:
        # Many-to-many values are only saved after the row; check them now so a bad
        # one is reported as a field error with the others, not as a traceback.
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.error_dict
        for field in self.get_import_fields():
            if field.column_name not in row:
                continue  # a column the file leaves out keeps its value
            if isinstance(field.widget, widgets.ManyToManyWidget):
                try:
                    field.clean(row, **kwargs)
                except (ValueError, KeyError) as error:
                    errors[field.attribute] = [ValidationError(force_str(error))]
        if errors:
            raise ValidationError(errors)

    class Meta:
        clean_model_instances = True
        skip_unchanged = True


def code_widget(model: type[Model], field: str = "code") -> widgets.ForeignKeyWidget:
    return widgets.ForeignKeyWidget(model, field=field)
