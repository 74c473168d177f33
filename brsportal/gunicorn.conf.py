"""Gunicorn settings for `make serve`, read from the environment.

PORT / GUNICORN_BIND     where to listen (default 127.0.0.1:$PORT, PORT 8000); behind a
                         load balancer bind 0.0.0.0:$PORT and set DJANGO_NUM_PROXIES
WEB_CONCURRENCY          worker processes (default 2 x CPUs + 1)
GUNICORN_THREADS         threads per worker (default 1: sync workers)
GUNICORN_ACCESS_LOG      access log file, "-" for stdout (default), "" for none
GUNICORN_MAX_REQUESTS    recycle a worker after this many requests (default 2000, 0 off)
GUNICORN_TIMEOUT         seconds before a stuck worker is killed (default 30)
"""

import gc
import multiprocessing
import os

wsgi_app = "brsportal.wsgi:application"
bind = os.environ.get("GUNICORN_BIND") or f"127.0.0.1:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# Import Django once in the master; workers share those pages copy-on-write.
preload_app = True
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
# %(D)s: the time the worker spent on the request, in microseconds.
access_log_format = '%(h)s %(t)s "%(r)s" %(s)s %(b)s %(D)s "%(a)s"'
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


# Garbage collection. An API page builds hundreds of model instances, in reference
# cycles through their related-object caches, so Python's collector runs often and,
# every few requests, runs a full collection that walks every object of the worker:
# Django, its URL resolvers, templates and serializers: most of the API's p95 at
# bench size (bench/results/devices.md). Objects that live as long as
# the worker are frozen out of the collector's reach: those the master preloaded,
# before each fork (their memory pages then also stay shared between workers), and
# those a worker's first requests load (frozen before the next request starts, when
# the previous response is gone, so no request's objects are kept).
FREEZE_AFTER_REQUESTS = 25


def pre_fork(server, worker) -> None:
    gc.freeze()


def pre_request(worker, req) -> None:
    worker.requests_started = getattr(worker, "requests_started", 0) + 1
    if worker.requests_started == FREEZE_AFTER_REQUESTS + 1:
        gc.collect()
        gc.freeze()
