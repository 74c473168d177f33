"""Which of the six UN languages a request is answered in.

Public pages and the admin carry the language in their address (``/fr/activities/``;
English has no prefix), so links, bookmarks and caches are per language and a
browser's Accept-Language never turns an English page into a "French" one. The API,
the feeds and the other unprefixed machine addresses (under ``/api/``) have no
prefix: ``?lang=`` chooses, else ``Accept-Language``, else English. An unknown
``?lang=`` is a 400 naming the parameter, as for every other API parameter.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.urls import translate_url
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

API_PREFIX = "/api/"
# The UN's order (English alphabetical order of the languages' names).
UN_ORDER = ("ar", "zh-hans", "en", "fr", "ru", "es")


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def api_language(request: HttpRequest) -> str | None:
    """The language ``?lang=`` asks for, the browser's, or None when ``lang`` is bad."""
    asked = request.GET.get("lang")
    if asked is None:
        return translation.get_language_from_request(request)
    try:
        return translation.get_supported_language_variant(asked.strip().lower())
    except LookupError:
        return None


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's, with the API's language chosen by ``?lang=`` or Accept-Language."""

    def process_request(self, request: HttpRequest) -> HttpResponse | None:
        if not request.path_info.startswith(API_PREFIX):
            return super().process_request(request)
        language = api_language(request)
        if language is None:
            translation.activate(settings.LANGUAGE_CODE)
            message = _("Choose one of the languages %(codes)s.") % {
                "codes": ", ".join(language_codes())
            }
            return JsonResponse({"lang": [message]}, status=400)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        return None

    def process_response(
        self, request: HttpRequest, response: HttpResponse
    ) -> HttpResponse:
        if not request.path_info.startswith(API_PREFIX):
            return super().process_response(request, response)
        patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


def alternates(request: HttpRequest) -> list[dict[str, str]]:
    """The current page in each language: code, name, address (for the switcher)."""
    names = dict(settings.LANGUAGES)
    path = request.path
    query = request.META.get("QUERY_STRING", "")
    current = translation.get_language()
    rows = []
    for code in UN_ORDER:
        url = translate_url(path, code)
        if query:
            url = f"{url}?{query}"
        info = translation.get_language_info(code)
        rows.append(
            {
                "code": code,
                "name": names[code],
                "url": url,
                "bidi": info["bidi"],
                "current": code == current,
            }
        )
    return rows


# Records are written in English; on a page in another language their text says so,
# so that screen readers and hyphenation read it as English, left to right.
CONTENT_LANGUAGE = "en"
FOREIGN_CONTENT = mark_safe(f' lang="{CONTENT_LANGUAGE}" dir="ltr"')  # noqa: S308 - constant


def i18n(request: HttpRequest) -> dict[str, object]:
    """Context processor: the switcher's rows (built when printed), content marks."""
    foreign = translation.get_language() != CONTENT_LANGUAGE
    return {
        "language_alternates": SimpleLazyObject(lambda: alternates(request)),
        "content_attrs": FOREIGN_CONTENT if foreign else "",
    }
