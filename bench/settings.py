"""The production settings plus a hello-world view (the ceiling) for the benchmark.

The production settings serve anonymous reads through brsportal.cache's page cache;
``BENCH_PAGE_CACHE=false`` takes it out to measure the uncached work.
"""

from brsportal.settings import *  # noqa: F403
from brsportal.settings import MIDDLEWARE, env

ROOT_URLCONF = "bench.urls"

if not env.bool("BENCH_PAGE_CACHE", default=True):
    MIDDLEWARE = [m for m in MIDDLEWARE if m != "brsportal.cache.PublicCacheMiddleware"]
# The ceiling is measured without the cache.
PUBLIC_CACHE_EXCLUDE = ("/admin/", "/health/", "/bench/")
