"""Results a page keeps between requests, in this process, each under a *stamp* of the
data it was built from: a small tuple the page reads from the database on every request
(one cheap query). When the stamp read differs from the one kept, the result is built
again, so a change shows on the next request, whatever process made it and whichever
process serves the page. Nothing is shared between processes, so nothing is invalidated:
a process keeps at most ``size`` results, the least recently used going first.

The stamp must change whenever the result would: the page that keeps a result says what
its stamp covers."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")

_EVERY: list[KeptResults] = []


class KeptResults(Generic[T]):
    """At most ``size`` results, each under its key with the stamp it was built at."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._kept: OrderedDict[Hashable, tuple[Hashable, T]] = OrderedDict()
        self._lock = threading.Lock()  # a threaded server shares one process's results
        _EVERY.append(self)

    def get(self, key: Hashable, stamp: Hashable, build: Callable[[], T]) -> T:
        """The result kept for ``key`` if it was built at ``stamp``, else ``build()``'s
        (kept from now on). Two requests missing at once both build: no lock is held
        while building, and either result is right."""
        with self._lock:
            kept = self._kept.get(key)
            if kept is not None and kept[0] == stamp:
                self._kept.move_to_end(key)
                return kept[1]
        result = build()
        with self._lock:
            self._kept[key] = (stamp, result)
            self._kept.move_to_end(key)
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)
        return result

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()


def kept_results_clear() -> None:
    """Forget every kept result of this process (tests, whose rolled-back data may give
    a later test the same ids and stamps)."""
    for kept in _EVERY:
        kept.clear()
