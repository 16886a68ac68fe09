"""The nearest valid code to a mistyped one, for "did you mean …?": the one algorithm
behind every suggestion (an import's codes and columns, the filters of the figures
pages, periods typed by hand).

Method: codes differ by single keystrokes (E06O00001 for E06000001, NI 1955 for NI 195),
so closeness is the edit distance with swaps of two neighbours (the *optimal string
alignment* distance: insertions, deletions, substitutions and transpositions each cost
one), not ``difflib``'s ratio, which prefers long common runs and so often suggests
another code entirely. A text gets a suggestion only within ``limit`` edits (by default
a third of its length, at least one). Ties go to the candidate of the same length, then
to the one sharing the longest start with the text (a slip is likelier at the end), then
to the one ``difflib`` rates closer, then alphabetically.

Speed: a ``CodeIndex`` is built once per register and groups its codes by length, so a
text is compared only with codes whose length is within its limit (a text longer than
every code by more than its limit costs nothing); the distance is Hyyrö's bit-parallel
form of the dynamic programme (2003), a dozen integer operations per character of the
candidate instead of one step per pair of characters; ``difflib`` is asked only to break
a tie. ``suggestions`` answers many texts at once, each distinct text once, and at most
``cap`` of them: the cost of a file's suggestions is bounded whatever the file holds.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable, Iterable


def _pattern(text: str) -> dict[str, int]:
    """For each character of ``text``, the bits of the positions it holds."""
    masks: dict[str, int] = {}
    for position, char in enumerate(text):
        masks[char] = masks.get(char, 0) | (1 << position)
    return masks


def _distance(text: str, masks: dict[str, int], candidate: str) -> int:
    """The optimal string alignment distance of ``text`` (its ``masks``) and
    ``candidate``: Hyyrö's bit vectors of the vertical and horizontal differences of the
    dynamic programme's columns, one column per character of ``candidate``."""
    length = len(text)
    if not length:
        return len(candidate)
    everything, top = (1 << length) - 1, 1 << (length - 1)
    plus, minus = everything, 0  # vertical differences +1 and -1 of the current column
    previous_match = previous_diagonal = 0
    score = length
    for char in candidate:
        match = masks.get(char, 0)
        swap = (((~previous_diagonal) & match) << 1) & previous_match
        diagonal = ((((match & plus) + plus) ^ plus) | match | minus | swap) & everything
        horizontal_plus = (minus | ~(diagonal | plus)) & everything
        horizontal_minus = diagonal & plus
        if horizontal_plus & top:
            score += 1
        elif horizontal_minus & top:
            score -= 1
        horizontal_plus = ((horizontal_plus << 1) | 1) & everything
        horizontal_minus = (horizontal_minus << 1) & everything
        plus = (horizontal_minus | ~(diagonal | horizontal_plus)) & everything
        minus = horizontal_plus & diagonal
        previous_match, previous_diagonal = match, diagonal
    return score


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance, or ``limit + 1`` once it exceeds ``limit``.

    >>> edit_distance("E06O00001", "E06000001", 3), edit_distance("NI1955", "NI195", 3)
    (1, 1)
    >>> edit_distance("2008/90", "2008/09", 3), edit_distance("ab", "ba", 3)
    (1, 1)
    >>> edit_distance("kitten", "sitting", 3), edit_distance("kitten", "sitting", 2)
    (3, 3)
    >>> edit_distance("", "abc", 5), edit_distance("abc", "", 1)
    (3, 2)
    """
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    return min(_distance(a, _pattern(a), b), limit + 1)


def default_limit(text: str) -> int:
    """How many edits a suggestion may be away: a third of the text, at least one.

    >>> default_limit("E06O00001"), default_limit("x")
    (3, 1)
    """
    return max(1, len(text) // 3)


class CodeIndex:
    """A register's codes, grouped by length, to find the nearest to many texts.

    >>> index = CodeIndex(["E06000001", "E06000010", "E06000011", "00EB"])
    >>> index.nearest("E06O00001"), index.nearest("00BE"), index.nearest("nothing like it")
    ('E06000001', '00EB', '')
    """

    def __init__(self, codes: Iterable[str]):
        self.by_length: dict[int, list[str]] = {}
        for code in sorted(set(codes)):
            self.by_length.setdefault(len(code), []).append(code)
        self.longest = max(self.by_length, default=0)

    def nearest(self, text: str, *, limit: int | None = None) -> str:
        """The code closest to ``text`` within ``limit`` edits (``default_limit``), or ""."""
        limit = default_limit(text) if limit is None else limit
        size = len(text)
        if size - limit > self.longest:
            return ""
        masks = _pattern(text)
        best: tuple[int, bool, int] | None = None
        tied: list[str] = []
        for length in range(max(0, size - limit), size + limit + 1):
            for code in self.by_length.get(length, ()):
                distance = _distance(text, masks, code)
                if distance > limit:
                    continue
                prefix = len(os.path.commonprefix([text, code]))
                key = (distance, length != size, -prefix)
                if best is None or key < best:
                    best, tied = key, [code]
                elif key == best:
                    tied.append(code)
        if len(tied) <= 1:
            return tied[0] if tied else ""
        # Only a tie asks difflib (slower): the closer by its ratio, then alphabetically.
        return min(tied, key=lambda code: (-_ratio(text, code), code))


def _ratio(text: str, code: str) -> float:
    return difflib.SequenceMatcher(None, text, code).ratio()


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
    return CodeIndex(candidates).nearest(text, limit=limit)


def suggestions(texts: Iterable[str], nearest: Callable[[str], str], *, cap: int) -> dict[str, str]:
    """``nearest`` of each of the first ``cap`` distinct ``texts`` (in their order), ""
    where there is none; the texts after them are left out, so the work is bounded.

    >>> index = CodeIndex(["NI195", "NI155", "NI157A"])
    >>> suggestions(["NI1955", "NI1955", "NI15", "zzzzzz", "NI157B"], index.nearest, cap=3)
    {'NI1955': 'NI195', 'NI15': 'NI155', 'zzzzzz': ''}
    """
    answers: dict[str, str] = {}
    for text in texts:
        if text in answers:
            continue
        if len(answers) >= cap:
            break
        answers[text] = nearest(text)
    return answers
