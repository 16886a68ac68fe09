"""The settings the load test serves with: the real ones, with URLs that add one trivial
page (``bench/load/urls.py``) to measure every page type against."""

from localperf.settings import *  # noqa: F403 - the real settings, one line changed

ROOT_URLCONF = "bench.load.urls"
