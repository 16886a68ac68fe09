"""localperf: England's Local Performance Framework, 2008–2011."""

import os

# Polars allocates through its own jemalloc, which by default keeps freed pages for ten
# seconds before giving them back to the system. An import's steps each free what the
# one before built, so the kept pages add up: the 1M-row import peaked at about 640 MB
# resident with some 520 MB in use (issue 16). Freed pages go back at once instead. The
# setting is read when Polars loads, so it is made here, before anything imports it.
os.environ.setdefault("_RJEM_MALLOC_CONF", "dirty_decay_ms:0,muzzy_decay_ms:0")
