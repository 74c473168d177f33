"""Form widgets for the public filter forms."""

from __future__ import annotations

from django import forms
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from brsportal.cache import memoize


class QuickSelect(forms.Select):
    """A single-choice ``<select>`` whose options are written once per change.

    Django renders every ``<option>`` through a template and builds a model instance
    per choice, for every select of every list page: with the bench's organizations,
    most of the activity list's time (bench/results/devices.md). Here the options'
    markup is built in Python and, when ``memo`` is set, kept until the next change of
    the records (brsportal.cache), so a request only marks the selected option. The
    markup matches Django's for flat choices; grouped choices fall back to Django's
    rendering.
    """

    def __init__(self, attrs=None, choices=(), memo: str = "") -> None:
        super().__init__(attrs, choices)
        self.memo = memo

    def options_html(self) -> str | None:
        rows = []
        for option, label in self.choices:
            if isinstance(label, (list, tuple)):
                return None
            value = "" if option is None else str(option)
            rows.append(f'<option value="{escape(value)}">{escape(label)}</option>')
        return "".join(rows)

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        if self.memo:
            key = f"select:{self.memo}:{get_language()}"
            options = memoize(key, lambda: self.options_html() or "")
        else:
            options = self.options_html()
        if not options:
            return super().render(name, value, attrs, renderer)
        for chosen in {str(v) for v in self.format_value(value)}:
            plain = f'<option value="{escape(chosen)}">'
            options = options.replace(plain, f"{plain[:-1]} selected>", 1)
        attributes = flatatt(
            self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        )
        return mark_safe(f"<select{attributes}>{options}</select>")  # noqa: S308 - escaped above
