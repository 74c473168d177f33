"""The anonymous page cache (brsportal/cache.py): hits, invalidation, and who never
gets a cached answer."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from activities.models import PublicationStatus
from brsportal import cache as page_cache
from tests import factories

MIDDLEWARE_AFTER = "django.contrib.auth.middleware.AuthenticationMiddleware"


@pytest.fixture(autouse=True)
def _page_cache(settings, tmp_path):
    """The middleware where settings.py would put it, and a fresh local cache."""
    middleware = list(settings.MIDDLEWARE)
    middleware.insert(
        middleware.index(MIDDLEWARE_AFTER) + 1, "brsportal.cache.PublicCacheMiddleware"
    )
    settings.MIDDLEWARE = middleware
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": str(tmp_path),
        }
    }
    settings.PUBLIC_CACHE_STAMP_FILE = str(tmp_path / "generation.stamp")


@pytest.fixture
def activity(db):
    return factories.ActivityFactory(
        slug="mercury-webinars", title="Webinars on mercury wastes"
    )


def test_second_anonymous_read_is_served_from_the_cache(client, activity):
    first = client.get(activity.get_absolute_url())
    second = client.get(activity.get_absolute_url())

    assert first["X-Cache"] == "miss"
    assert second["X-Cache"] == "hit"
    assert second.content == first.content


def test_cached_page_changes_after_an_edit(client, activity):
    url = reverse("activities:list")
    client.get(url)
    activity.title = "Webinars on mercury-added products"
    activity.save()

    response = client.get(url)

    assert response["X-Cache"] == "miss"
    assert "Webinars on mercury-added products" in response.content.decode()


def test_cached_page_changes_after_a_many_to_many_change(client, activity):
    url = activity.get_absolute_url()
    client.get(url)
    activity.conventions.add(factories.ConventionFactory(code="BC", short_name="Basel"))

    response = client.get(url)

    assert response["X-Cache"] == "miss"
    assert "Basel" in response.content.decode()


def test_unpublished_activity_is_not_served_from_the_cache(client, activity):
    client.get(activity.get_absolute_url())
    activity.publication_status = PublicationStatus.DRAFT
    activity.save()

    response = client.get(activity.get_absolute_url())

    assert response.status_code == 404


def test_draft_seen_by_staff_never_reaches_anonymous_visitors(admin_client):
    client = Client()
    draft = factories.ActivityFactory(
        title="Draft outline of joint work",
        publication_status=PublicationStatus.DRAFT,
    )
    admin_client.get(reverse("activities:list"))
    admin_client.get(draft.get_absolute_url())

    listed = client.get(reverse("activities:list"))

    assert "Draft outline of joint work" not in listed.content.decode()
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_staff_never_get_a_cached_page(admin_client, activity):
    client = Client()
    url = reverse("activities:list")
    client.get(url)
    client.get(url)

    response = admin_client.get(url)

    assert response.status_code == 200
    assert "X-Cache" not in response


def test_pages_read_by_staff_are_not_stored(admin_client, activity):
    client = Client()
    url = activity.get_absolute_url()
    admin_client.get(url)

    assert client.get(url)["X-Cache"] == "miss"


def test_api_read_is_cached_for_anonymous_clients_only(activity, staff_user):
    url = reverse("activity-detail", kwargs={"slug": activity.slug})
    anonymous = APIClient()
    anonymous.get(url)
    signed_in = APIClient()
    token, _ = Token.objects.get_or_create(user=staff_user)
    signed_in.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")

    assert anonymous.get(url)["X-Cache"] == "hit"
    assert "X-Cache" not in signed_in.get(url)


def test_api_formats_are_cached_apart(activity):
    url = reverse("activity-detail", kwargs={"slug": activity.slug})
    api = APIClient()
    api.get(url, HTTP_ACCEPT="application/json")

    response = api.get(url, HTTP_ACCEPT="text/csv")

    assert response["Content-Type"].startswith("text/csv")
    assert response["X-Cache"] == "miss"


def test_answer_that_sets_a_cookie_is_not_stored(rf, db):
    request = rf.get("/")
    response = page_cache.HttpResponse("hello")
    response.set_cookie("csrftoken", "x")

    assert not page_cache.response_is_cacheable(request, response)


def test_private_answer_is_not_stored(rf, db):
    request = rf.get("/")
    response = page_cache.HttpResponse("preview")
    response["Cache-Control"] = "private, no-store"

    assert not page_cache.response_is_cacheable(request, response)


def test_a_change_starts_a_new_generation(activity):
    before = page_cache.generation()
    activity.save()

    assert page_cache.generation() != before
