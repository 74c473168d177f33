"""Users, tokens and clients for the API tests."""

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from brsportal.preconditions import etag
from tests import factories

WRITABLE_MODELS = ("activity", "serviceagreement", "synergy", "costsaving")


@pytest.fixture(autouse=True)
def _fresh_throttle_buckets():
    """Throttle counters live in the cache; each test starts with empty buckets."""
    cache.clear()
    yield
    cache.clear()


def make_editor(secretariat_code: str, username: str):
    """A staff member of one secretariat with the editors' model permissions."""
    user = factories.UserFactory(username=username, is_staff=True)
    codenames = [
        f"{action}_{model}"
        for model in WRITABLE_MODELS
        for action in ("view", "add", "change", "delete")
    ]
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="activities", codename__in=codenames
        )
    )
    factories.SecretariatFactory(code=secretariat_code).members.add(user)
    return user


def token_client(user) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def if_match(record) -> dict[str, str]:
    """The If-Match header a client sends after reading the record as now stored."""
    return {"HTTP_IF_MATCH": etag(type(record)._base_manager.get(pk=record.pk))}


@pytest.fixture
def mc_editor(db):
    return make_editor("MC", "mc-editor")


@pytest.fixture
def brs_editor(db):
    return make_editor("BRS", "brs-editor")


@pytest.fixture
def mc_client(mc_editor) -> APIClient:
    return token_client(mc_editor)


@pytest.fixture
def brs_client(brs_editor) -> APIClient:
    return token_client(brs_editor)
