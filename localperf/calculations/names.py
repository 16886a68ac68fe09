"""Place names as people type them: the one normalisation behind every place search.

Registers spell a place one way ("St. Helens", "King's Lynn and West Norfolk",
"Kingston upon Hull, City of", "Telford and Wrekin"); people type it another ("St
Helens", "Kings Lynn", "Hull", "Telford & Wrekin", "Westminster City of", "Medway
Towns"). Method:

* a name becomes its **words**: letters without accents, in lower case; apostrophes
  join ("King's" → "kings"); "&" is "and"; every other mark (full stops, commas,
  hyphens, brackets) separates words; "Saint" is "st";
* words that only say what kind of place or council it is (``FILLER``: "city", "of",
  "towns", "borough", "council", "and", …) are left out, so "Westminster City of",
  "City of Westminster" and "Westminster" are the same words; a text made only of such
  words keeps them, so that "City" still finds the City of London;
* a text **matches** a name when each of its words starts a word of the name, in any
  order: "Helens St" finds "St. Helens", "Tunb" finds "Tunbridge Wells", and "Hull"
  finds "Kingston upon Hull" but never "Solihull" (a word is matched from its start).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

FILLER = frozenset(
    {
        "and",
        "of",
        "the",
        "upon",
        "city",
        "towns",
        "town",
        "council",
        "borough",
        "metropolitan",
        "district",
        "county",
        "royal",
    }
)
_APOSTROPHES = re.compile(r"['’‘`´]")
_SEPARATORS = re.compile(r"[^a-z0-9]+")
_SAME_WORD = {"saint": "st", "ste": "st"}


def name_words(text: str) -> tuple[str, ...]:
    """Every word of ``text`` as a search compares it, filler included.

    >>> name_words("King's Lynn and West Norfolk")
    ('kings', 'lynn', 'and', 'west', 'norfolk')
    >>> name_words("St. Helens"), name_words("Saint Helens"), name_words("Telford & Wrekin")
    (('st', 'helens'), ('st', 'helens'), ('telford', 'and', 'wrekin'))
    >>> name_words("Stockton-on-Tees"), name_words("Ynys Môn")
    (('stockton', 'on', 'tees'), ('ynys', 'mon'))
    """
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    plain = _APOSTROPHES.sub("", plain.replace("&", " and "))
    return tuple(_SAME_WORD.get(word, word) for word in _SEPARATORS.split(plain) if word)


def name_key(text: str) -> tuple[str, ...]:
    """The words that name the place: ``name_words`` without the filler, unless the text
    is nothing but filler.

    >>> name_key("Westminster City of"), name_key("City of Westminster")
    (('westminster',), ('westminster',))
    >>> name_key("Medway Towns"), name_key("Kingston upon Hull, City of")
    (('medway',), ('kingston', 'hull'))
    >>> name_key("City of"), name_key("  ")
    (('city', 'of'), ())
    """
    words = name_words(text)
    meaningful = tuple(word for word in words if word not in FILLER)
    return meaningful or words


def name_matches(text: str | tuple[str, ...], *names: str) -> bool:
    """Whether every word of ``text`` starts a word of one of ``names`` (a place's name
    and, say, its council's name), in any order. An empty text matches nothing.

    >>> name_matches("St Helens", "St. Helens"), name_matches("Kings Lynn", "King's Lynn")
    (True, True)
    >>> name_matches("Hull", "Kingston upon Hull, City of"), name_matches("Hull", "Solihull")
    (True, False)
    >>> name_matches("Medway Towns", "Medway"), name_matches("Westminster City of", "Westminster")
    (True, True)
    >>> name_matches("Helens St", "St. Helens"), name_matches("Hull", "Kingston", "Hull Council")
    (True, True)
    >>> name_matches("", "Kent")
    False
    """
    wanted = name_key(text) if isinstance(text, str) else text
    if not wanted:
        return False
    return any(_all_start_words(wanted, name_words(name)) for name in names if name)


def _all_start_words(wanted: Iterable[str], words: tuple[str, ...]) -> bool:
    return all(any(word.startswith(w) for word in words) for w in wanted)


def same_name(text: str, name: str) -> bool:
    """Whether ``text`` names exactly the place ``name`` (the same words, any order):
    the best of several matches.

    >>> same_name("westminster city of", "Westminster"), same_name("Kent", "Kensington")
    (True, False)
    """
    return sorted(name_key(text)) == sorted(name_key(name))
