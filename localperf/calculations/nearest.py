"""The nearest valid code to a mistyped one, for "did you mean …?".

Codes differ by single keystrokes (E06O00001 for E06000001, NI 1955 for NI 195), so the
measure is the edit distance (insertions, deletions, substitutions and swaps of two
neighbours), not ``difflib``'s ratio, which prefers long common runs and so often
suggests another code entirely. Ties go to the candidate of the same length, then to the
one sharing the longest start with the text (a slip is likelier at the end), then to the
one ``difflib`` rates closer, then alphabetically.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance, or ``limit + 1`` once it exceeds ``limit``.

    >>> edit_distance("E06O00001", "E06000001", 3), edit_distance("NI1955", "NI195", 3)
    (1, 1)
    >>> edit_distance("2008/90", "2008/09", 3)
    1
    """
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, start=1):
            cost = 0 if char_a == char_b else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def nearest(text: str, candidates: Iterable[str], *, limit: int | None = None) -> str:
    """The candidate closest to ``text``, or "" when none is within ``limit`` edits
    (by default a third of the text's length, at least one).

    >>> nearest("E06O00001", ["E06000011", "E06000010", "E06000001"])
    'E06000001'
    >>> nearest("age:16-25", ["age:16-24", "age:25-49", "sex:female"])
    'age:16-24'
    >>> nearest("NI1955", ["NI155", "NI195"])
    'NI195'
    >>> nearest("completely wrong", ["NI195", "NI157A"])
    ''
    """
    if limit is None:
        limit = max(1, len(text) // 3)
    scored = []
    for candidate in candidates:
        distance = edit_distance(text, candidate, limit)
        if distance <= limit:
            ratio = difflib.SequenceMatcher(None, text, candidate).ratio()
            prefix = len(os.path.commonprefix([text, candidate]))
            scored.append((distance, len(candidate) != len(text), -prefix, -ratio, candidate))
    return min(scored)[-1] if scored else ""
