"""Gunicorn settings for ``make serve`` (read by ``scripts/serve``).

Workers: WEB_CONCURRENCY, else two per core plus one, the usual start for work that
waits on the database. Each worker is recycled after a few thousand requests (with some
jitter, so they do not all restart together), which bounds any slow growth in memory.
The request log is the application's own (one JSON line per request, with its id), so
gunicorn's access log is off.
"""

import multiprocessing
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = max_requests // 10
preload_app = True
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "warning")
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
