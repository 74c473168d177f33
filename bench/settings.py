"""The production settings plus a hello-world view (the ceiling) for the benchmark.

``BENCH_PAGE_CACHE=true`` adds brsportal.cache.PublicCacheMiddleware where the
deployment settings are meant to put it, to measure cached anonymous reads.
"""

from brsportal.settings import *  # noqa: F403
from brsportal.settings import MIDDLEWARE, env

ROOT_URLCONF = "bench.urls"

if env.bool("BENCH_PAGE_CACHE", default=False):
    MIDDLEWARE = list(MIDDLEWARE)
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
        "brsportal.cache.PublicCacheMiddleware",
    )
    # The ceiling is measured without the cache.
    PUBLIC_CACHE_EXCLUDE = ("/admin/", "/health/", "/bench/")
