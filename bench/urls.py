"""The portal's URLs plus /bench/hello/, the cheapest Django answer: the ceiling."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"Hello, world", content_type="text/plain")


urlpatterns = [
    path("bench/hello/", hello, name="bench-hello"),
    path("", include("brsportal.urls")),
]
