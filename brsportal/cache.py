"""Anonymous reads of the public pages and the API, served from the default cache.

What is cached: a 200 answer to a GET by a visitor who is not signed in (no session
cookie, no ``Authorization`` header, not an htmx request), when the answer sets no
cookie, is not streamed, is not marked private/no-store/no-cache, used no CSP nonce
and varies on nothing but ``Cookie``, ``Accept`` and ``Accept-Language``. The key
holds the full path with its query string, the active language, the ``Accept``
header and the current *generation*. HEAD is answered from the GET entry.

``Vary: Cookie`` is allowed because an entry is only ever built for, and served to,
requests that carry no session: every page reads ``request.user`` and so varies on
the session cookie, yet all anonymous visitors see the same page. The language
cookie is covered by the language in the key.

Invalidation: any save, delete or many-to-many change of a record of the decisions,
activities or reports apps starts a new generation (again when the transaction
commits, so a read racing the write cannot keep the old copy), and every entry of
the old one stops being read. The generation lives in the default cache: with a
shared cache (Redis, ``REDIS_URL``) every worker and app server sees it at once;
the per-process local-memory cache (no ``REDIS_URL``) suits one worker, since
another worker would serve its copies until they expire. Several workers run with
Redis (README, Configuration).
Bulk ``QuerySet.update()`` and ``bulk_create()`` send no signals: call
``new_generation()`` after them.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils.functional import empty
from django.utils.http import split_header_value
from django.utils.translation import get_language, get_language_from_path

INVALIDATING_APPS = frozenset({"decisions", "activities", "reports"})
GENERATION_KEY = "brsportal:cache:generation"
KEY_PREFIX = "brsportal:page"
ALLOWED_VARY = frozenset({"cookie", "accept", "accept-language"})
UNCACHEABLE_CONTROL = frozenset({"private", "no-store", "no-cache"})


def timeout() -> int:
    return getattr(settings, "PUBLIC_CACHE_SECONDS", 600)


def max_bytes() -> int:
    return getattr(settings, "PUBLIC_CACHE_MAX_BYTES", 2 * 1024 * 1024)


def excluded_prefixes() -> tuple[str, ...]:
    return getattr(settings, "PUBLIC_CACHE_EXCLUDE", ("/admin/", "/health/"))


def generation() -> str:
    """The current generation; a new one never repeats an old one (time based)."""
    value = cache.get(GENERATION_KEY)
    if value is None:
        # Evicted or first use: start one that cannot match any stored key.
        cache.add(GENERATION_KEY, time.time_ns(), None)
        value = cache.get(GENERATION_KEY)
    return str(value)


def new_generation() -> None:
    """Make every cached page stale."""
    cache.set(GENERATION_KEY, time.time_ns(), None)


def _on_change(sender: type, **kwargs: Any) -> None:
    if sender._meta.app_label in INVALIDATING_APPS:
        new_generation()
        transaction.on_commit(new_generation)


@receiver(post_save, dispatch_uid="brsportal_cache_save")
def _saved(sender: type, **kwargs: Any) -> None:
    _on_change(sender, **kwargs)


@receiver(post_delete, dispatch_uid="brsportal_cache_delete")
def _deleted(sender: type, **kwargs: Any) -> None:
    _on_change(sender, **kwargs)


@receiver(m2m_changed, dispatch_uid="brsportal_cache_m2m")
def _linked(sender: type, action: str, **kwargs: Any) -> None:
    if action.startswith("post_"):
        # The sender is the through model; its app is the app of the relation.
        _on_change(sender, **kwargs)


def memoize(name: str, build: Callable[[], Any]) -> Any:
    """A computed value kept until the next change of the records (e.g. charts)."""
    key = f"brsportal:value:{generation()}:{get_language()}:{name}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, timeout())
    return value


def request_is_cacheable(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    path = request.path_info
    # /fr/admin/ is the admin as much as /admin/ is.
    language = get_language_from_path(path)
    if language and path.startswith(f"/{language}/"):
        path = path[len(language) + 1 :]
    if path.startswith(excluded_prefixes()):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    meta = request.META
    if "HTTP_AUTHORIZATION" in meta or "HTTP_HX_REQUEST" in meta:
        return False
    # No session cookie means an anonymous user; checked anyway, it costs nothing.
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def response_is_cacheable(request: HttpRequest, response: HttpResponse) -> bool:
    if request.method != "GET" or response.status_code != 200:
        return False
    if response.streaming or response.cookies:
        return False
    if len(response.content) > max_bytes():
        return False
    control = {
        part.split("=")[0].strip().lower()
        for part in split_header_value(response.get("Cache-Control", ""))
    }
    if control & UNCACHEABLE_CONTROL:
        return False
    vary = {v.lower() for v in split_header_value(response.get("Vary", ""))}
    if not vary <= ALLOWED_VARY:
        return False
    nonce = getattr(request, "_csp_nonce", None)
    # A page that printed a nonce cannot be reused: each answer gets a new one.
    return nonce is None or getattr(nonce, "_wrapped", empty) is empty


def page_key(request: HttpRequest) -> str:
    accept = request.META.get("HTTP_ACCEPT", "")
    digest = hashlib.sha256(
        f"{request.get_full_path()}\n{accept}".encode(), usedforsecurity=False
    ).hexdigest()
    return f"{KEY_PREFIX}:{generation()}:{get_language()}:{digest}"


class PublicCacheMiddleware:
    """Serve anonymous GET/HEAD answers from the cache; store cacheable ones."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request_is_cacheable(request):
            return self.get_response(request)
        key = page_key(request)
        stored = cache.get(key)
        if stored is not None:
            status, headers, content = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response["X-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if response_is_cacheable(request, response):
            headers = list(response.items())
            cache.set(key, (response.status_code, headers, response.content), timeout())
            response["X-Cache"] = "miss"
        return response
