import pytest


@pytest.fixture(autouse=True)
def _quiet_urlize(settings):
    # Reference texts go through urlize; opt in to Django 2028's https default.
    settings.URLIZE_ASSUME_HTTPS = True
