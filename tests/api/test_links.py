"""The API's links come from cached templates; they must equal DRF's reverse()."""

import pytest
from rest_framework.reverse import reverse as drf_reverse
from rest_framework.test import APIRequestFactory

from brsportal import links

CASES = [
    ("activity-detail", "slug", "joint-webinar_2024"),
    ("decision-detail", "slug", "bc-17-22"),
    ("convention-detail", "code", "BC"),
    ("secretariat-detail", "code", "Minamata"),
    ("document-detail", "symbol", "UNEP/CHW.17/INF/54"),
    ("document-detail", "symbol", "UNEP/FAO/RC/COP.12/INF/25"),
    ("document-detail", "symbol", "UNEP/CHW.15/6/Add.6/Rev.1"),
    ("document-detail", "symbol", "UNEP/POPS/COP.12(a)/1"),
]


@pytest.mark.parametrize(("view", "kwarg", "value"), CASES)
def test_link_equals_drf_reverse_absolute_and_relative(view, kwarg, value):
    request = APIRequestFactory().get("/api/v1/")

    assert links.reverse(view, kwargs={kwarg: value}, request=request) == drf_reverse(
        view, kwargs={kwarg: value}, request=request
    )
    assert links.reverse(view, kwargs={kwarg: value}) == drf_reverse(
        view, kwargs={kwarg: value}
    )


def test_link_with_a_format_suffix_is_left_to_drf():
    assert links.reverse(
        "decision-detail", kwargs={"slug": "bc-17-22"}, format="json"
    ) == drf_reverse("decision-detail", kwargs={"slug": "bc-17-22"}, format="json")


def test_link_template_is_built_once_per_view():
    links._template.cache_clear()
    for number in range(5):
        links.reverse("decision-detail", kwargs={"slug": f"bc-17-{number}"})

    assert links._template.cache_info().misses == 1


def test_api_fields_use_the_template_links():
    from activities.serializers import ActivitySerializer

    fields = ActivitySerializer().fields

    assert fields["url"].reverse is links.reverse
    assert fields["conventions"].child_relation.reverse is links.reverse


@pytest.mark.parametrize(("view", "kwarg", "value"), CASES)
def test_every_api_lookup_has_a_template(monkeypatch, view, kwarg, value):
    """No link of these views falls back to Django's resolver on each call."""

    def resolver_called(*args, **kwargs):
        raise AssertionError(f"{view} went through drf_reverse")

    monkeypatch.setattr(links, "drf_reverse", resolver_called)
    request = APIRequestFactory().get("/api/v1/")

    assert links.reverse(view, kwargs={kwarg: value}, request=request).startswith(
        "http://testserver/api/v1/"
    )
