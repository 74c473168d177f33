"""Hyperlink fields for the API that build addresses from a template.

An activity in the API carries some fifty links (conventions, decisions, partners,
events, references ...), and DRF reverses each one through Django's URL resolver
(what that costs: bench/results/devices.md). Here each view's address is
reversed once, with a placeholder for the lookup value, and later links fill the
placeholder quoted exactly as ``reverse()`` quotes it. Anything unusual (positional
arguments, a format suffix, several keyword arguments, a value that Django would
escape specially) still goes through DRF's ``reverse``.

No link carries the request's ``?format=``: DRF's ``reverse`` copies it onto every
address it builds, so a CSV export's links (and a related list's, which appends its
own query: ``?format=csv?decision=mc-5-14``) led nowhere or to a spreadsheet.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote

from django.urls import NoReverseMatch, get_script_prefix, get_urlconf
from django.urls import reverse as django_reverse
from rest_framework import serializers
from rest_framework.relations import MANY_RELATION_KWARGS
from rest_framework.reverse import reverse as drf_reverse

from brsportal.prefetch import PrefetchedManyRelatedField

# Tried in turn: one must match the lookup's pattern (codes are 2-10 letters,
# document symbols hold a slash, decision slugs are like bc-17-22).
PLACEHOLDERS = ("BRSLINKZ", "BRSLINK/ZZ", "zz-999-999")
# What django.urls.resolvers.URLResolver._reverse_with_prefix leaves unquoted.
SAFE = "!$&'()*+,;=" + "/~:@"


@lru_cache(maxsize=512)
def _template(
    viewname: str, kwarg: str, prefix: str, urlconf: str | None
) -> tuple[str, str] | None:
    """The view's path with a placeholder for the value, and the placeholder."""
    for placeholder in PLACEHOLDERS:
        try:
            path = django_reverse(
                viewname, kwargs={kwarg: placeholder}, urlconf=urlconf
            )
        except NoReverseMatch:
            continue
        if path.count(placeholder) == 1:
            return path, placeholder
    return None


def resolved(viewname, args=None, kwargs=None, request=None, format=None, **extra):
    """DRF's ``reverse`` through Django's resolver, without the request's format."""
    path = drf_reverse(viewname, args, kwargs, None, format, **extra)
    return request.build_absolute_uri(path) if request is not None else path


def reverse(viewname, args=None, kwargs=None, request=None, format=None, **extra):
    """DRF's ``reverse`` for one keyword argument, from a cached template."""
    if args or format or extra or not kwargs or len(kwargs) != 1:
        return resolved(viewname, args, kwargs, request, format, **extra)
    ((kwarg, value),) = kwargs.items()
    text = str(value)
    # The prefix and URLconf are thread-local lookups: once per request.
    context = request.__dict__.get("_link_context") if request is not None else None
    if context is None:
        context = (get_script_prefix(), get_urlconf())
        if request is not None:
            request.__dict__["_link_context"] = context
    found = _template(viewname, kwarg, *context)
    if found is None or not text or ".." in text or text.startswith(("/", ".")):
        return resolved(viewname, args, kwargs, request, format, **extra)
    template, placeholder = found
    path = template.replace(placeholder, quote(text, safe=SAFE))
    if request is None:
        return path
    # The scheme and host, once per request; the path is already ASCII.
    base = request.__dict__.get("_link_base")
    if base is None:
        base = request.__dict__["_link_base"] = request.build_absolute_uri("/")[:-1]
    return base + path


class LinkField(serializers.HyperlinkedRelatedField):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.reverse = reverse  # DRF sets its own in __init__

    @classmethod
    def many_init(cls, *args, **kwargs) -> PrefetchedManyRelatedField:
        """``many=True``: DRF's list of links, reading prefetched row lists."""
        list_kwargs = {"child_relation": cls(*args, **kwargs)}
        list_kwargs |= {k: v for k, v in kwargs.items() if k in MANY_RELATION_KWARGS}
        return PrefetchedManyRelatedField(**list_kwargs)


class IdentityLinkField(serializers.HyperlinkedIdentityField):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.reverse = reverse
