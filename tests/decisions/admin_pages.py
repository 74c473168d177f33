"""Helpers for the admin tests of both apps: records of any model, admin addresses,
and the POST data a rendered admin form would send back."""

from __future__ import annotations

import datetime
import inspect
from decimal import Decimal
from typing import Any

import factory
from django import forms
from django.contrib import admin
from django.db import models
from django.http import HttpResponse
from django.urls import reverse

from tests import factories


def registered_models(app_label: str) -> list[type[models.Model]]:
    return [
        model for model in admin.site._registry if model._meta.app_label == app_label
    ]


def factory_for(model: type[models.Model]) -> type[factory.django.DjangoModelFactory]:
    for _, candidate in inspect.getmembers(factories, inspect.isclass):
        if (
            issubclass(candidate, factory.django.DjangoModelFactory)
            and candidate._meta.model is model
        ):
            return candidate
    raise LookupError(f"No factory for {model.__name__}")


def make(model: type[models.Model], index: int = 0) -> models.Model:
    """One record of ``model``; codes are unique, since code factories cycle."""
    if model._meta.model_name == "secretariat":
        return factories.SecretariatFactory(code=f"S{index}")
    if model._meta.model_name == "convention":
        return factories.ConventionFactory(code=f"C{index}")
    obj = factory_for(model)()
    if model._meta.model_name == "serviceagreement":
        obj.meetings.add(factories.MeetingFactory())  # at least one is required
    return obj


def admin_url(model: type[models.Model], view: str, *args: Any) -> str:
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def _value(field: forms.Field, value: Any) -> Any:
    if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
        return [str(item) for item in value or []]
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    if isinstance(value, datetime.date | Decimal | int):
        return str(value)
    return "" if value is None else value


def form_data(response: HttpResponse) -> dict[str, Any]:
    """What the browser would post back from an add or change page, unchanged."""
    data: dict[str, Any] = {}

    def add(form: forms.BaseForm) -> None:
        for name, field in form.fields.items():
            value = form[name].value()
            key = form.add_prefix(name)
            if isinstance(field.widget, forms.CheckboxInput):
                if value:
                    data[key] = "on"
            else:
                data[key] = _value(field, value)

    add(response.context["adminform"].form)
    # The revert page of a history entry has the main form only.
    inlines = response.context.get("inline_admin_formsets", [])
    for inline in inlines:
        add(inline.formset.management_form)
        for form in inline.formset.forms:
            add(form)
    return data


def inline_prefix(response: HttpResponse, model: type[models.Model]) -> str:
    for inline in response.context["inline_admin_formsets"]:
        if inline.formset.model is model:
            return inline.formset.prefix
    raise LookupError(model)


def error_messages(response: HttpResponse) -> list[str]:
    """Every error of the admin form and its inlines, as staff see them."""
    messages = []
    for item in response.context["errors"]:
        messages += [item] if isinstance(item, str) else [str(e) for e in item]
    return messages
