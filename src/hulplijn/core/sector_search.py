"""Find a firm's peer group from what its owner types: an everyday word, words of an official
SBI title, or a code, with typos forgiven.

The product compares a firm with the firms of its SBI 2008 division (two digits); every hit is
such a division, with the entries that led to it. What is searched: the SBI 2008 divisions,
groups, classes and subclasses with their official Dutch titles, the SBI 2025 ones with their
Dutch and English titles (an SBI 2025 code reaches its SBI 2008 division through the
division-level concordance), and a sourced list of everyday words (``bakkerij``, ``horeca``,
``kapper``) that the titles do not contain. Pure: hulplijn.reference loads the data
(``params.sector_search``); docs/decisions/0030-sector-search.md explains the choices.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

# words that say nothing about an activity; never searched on their own
STOPWORDS = frozenset(
    {
        # Dutch
        *("aan", "als", "bij", "de", "door", "een", "en", "ed", "geen", "het", "in", "met"),
        *("naar", "niet", "of", "om", "op", "overig", "overige", "rest", "te", "tot", "uit"),
        *("van", "voor"),
        # English
        *("a", "an", "and", "for", "in", "of", "or", "other", "the", "to", "with"),
    }
)
# scores: an everyday word beats a title word; a whole title word beats the start of one,
# which beats a piece inside a compound; a typo scales its score by its similarity
WORD, WORD_START = 100.0, 95.0
TERM, TERM_START, TERM_INSIDE = 70.0, 60.0, 45.0
FUZZY_WORD, FUZZY_TERM = 90.0, 55.0
LEVEL_BONUS = {"division": 5.0, "group": 3.0, "class": 2.0, "subclass": 0.0}
MIN_START = 3  # a token shorter than this only matches whole words
MIN_INSIDE = 5  # a token must be this long to match inside a compound ("ict" is not in "picture")
MIN_FUZZY = 4  # a token must be this long to be corrected


def normalise(text: str) -> str:
    """Lower case, accents off (café is cafe), apostrophes dropped (auto's is autos), every
    other non-letter or digit a space."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    plain = re.sub(r"['’´`]", "", plain)
    return " ".join(re.sub(r"[^0-9a-z]+", " ", plain).split())


def dotted(code: str) -> str:
    """An SBI code as the KVK writes it: 47, 56.3, 56.10, 47.24.1."""
    if len(code) <= 2:
        return code
    if len(code) == 3:
        return f"{code[:2]}.{code[2]}"
    return ".".join(part for part in (code[:2], code[2:4], code[4:]) if part)


def level_of(code: str) -> str:
    """division (2 digits), group (3), class (4) or subclass (5)."""
    return {2: "division", 3: "group", 4: "class"}.get(len(code), "subclass")


@dataclass(frozen=True)
class SbiEntry:
    """One code of one SBI version and the SBI 2008 division (the peer group) it belongs to."""

    version: str  # "2008" or "2025": never one code list
    code: str  # digits only: "47", "563", "1071", "47241"
    name_nl: str
    name_en: str  # "" where the source has no English title (the KVK's SBI 2008 list)
    peer: str  # the SBI 2008 division the product compares with

    @property
    def level(self) -> str:
        return level_of(self.code)

    @property
    def dotted(self) -> str:
        return dotted(self.code)

    def name(self, language: str) -> str:
        """The title in the page's language, Dutch where there is no English one."""
        return self.name_en if language == "en" and self.name_en else self.name_nl


@dataclass(frozen=True)
class SearchWord:
    """An everyday word and the SBI 2008 codes it stands for, with where that comes from."""

    word: str
    codes: tuple[str, ...]  # SBI 2008 codes, digits only
    source: str  # "kvk-title": the word is in the title; "project": the project's own list
    note: str = ""


@dataclass(frozen=True)
class Match:
    """Why a division was found: an entry, and the everyday word that led to it, if any."""

    entry: SbiEntry
    word: str | None = None


@dataclass(frozen=True)
class SectorHit:
    """One peer group (an SBI 2008 division) found, best first."""

    division: str
    score: float
    matches: tuple[Match, ...]


class SectorSearch:
    """An index of the SBI entries and the everyday words; ``search`` answers a query."""

    def __init__(self, entries: Iterable[SbiEntry], words: Iterable[SearchWord]) -> None:
        self._entries = {(e.version, e.code): e for e in entries}
        self._divisions = {
            e.code for e in self._entries.values() if e.version == "2008" and e.level == "division"
        }
        self._words: dict[str, list[Match]] = {}
        for word in words:
            key = normalise(word.word)
            for code in word.codes:
                entry = self.entry("2008", code)
                if entry is None:
                    raise ValueError(f"search word {word.word!r}: no SBI 2008 code {code}")
                self._words.setdefault(key, []).append(Match(entry, word.word))
        self._terms = {"nl": self._index(False), "en": self._index(True)}
        self._vocabulary = {language: list(terms) for language, terms in self._terms.items()}

    def _index(self, english: bool) -> dict[str, list[SbiEntry]]:
        terms: dict[str, list[SbiEntry]] = {}
        for entry in self._entries.values():
            names = (entry.name_nl, entry.name_en) if english else (entry.name_nl,)
            seen: set[str] = set()
            for term in normalise(" ".join(names)).split():
                if term not in STOPWORDS and term not in seen:
                    seen.add(term)
                    terms.setdefault(term, []).append(entry)
        return terms

    def entry(self, version: str, code: str) -> SbiEntry | None:
        """The entry of a code; a class or subclass ending in 0 that the list leaves out (the
        only class of its group, as the KVK's list does) is its group: 5630 is 563."""
        code = re.sub(r"[\s.]", "", code)
        while (version, code) not in self._entries and len(code) > 3 and code.endswith("0"):
            code = code[:-1]
        return self._entries.get((version, code))

    def search(self, query: str, language: str = "nl", limit: int = 10) -> tuple[SectorHit, ...]:
        """The peer groups for a query, best first; () when nothing fits."""
        digits = re.sub(r"[\s.]", "", query)
        if digits.isdigit():
            return self._by_code(digits)[:limit]
        tokens = [t for t in normalise(query).split() if t not in STOPWORDS]
        # per division, per word of the query: every (score, match)
        found: dict[str, dict[int, list[tuple[float, Match]]]] = {}
        for position, token in enumerate(tokens):
            for scored in self._token(token, language):
                found.setdefault(scored[1].entry.peer, {}).setdefault(position, []).append(scored)
        hits = []
        for division, per_token in found.items():
            score = sum(max(s for s, _m in scored) for scored in per_token.values())
            ranked = sorted(
                (s for scored in per_token.values() for s in scored),
                key=lambda s: (
                    s[1].word is None,
                    -s[0],
                    s[1].entry.version != "2008",
                    len(s[1].entry.code),
                ),
            )
            matches = _distinct(m for _s, m in ranked)
            hits.append((len(per_token), SectorHit(division, score, matches)))
        hits.sort(key=lambda h: (-h[0], -h[1].score, h[1].division))
        return tuple(hit for _count, hit in hits[:limit])

    def _by_code(self, digits: str) -> tuple[SectorHit, ...]:
        """A division (2 digits) or a group, class or subclass (3-6 digits, dots left out) in
        either version; its peer group is its SBI 2008 division."""
        if len(digits) < 2:
            return tuple(
                SectorHit(d, WORD, (Match(self._entries["2008", d]),))
                for d in sorted(self._divisions)
                if d.startswith(digits)
            )
        hits: dict[str, list[Match]] = {}
        for version in ("2008", "2025"):
            entry = self._longest(version, digits)
            if entry is not None:
                hits.setdefault(entry.peer, []).append(Match(entry))
        return tuple(SectorHit(d, WORD, _distinct(m)) for d, m in sorted(hits.items()))

    def _longest(self, version: str, digits: str) -> SbiEntry | None:
        """The most detailed entry the code names: itself, or the longest part of it that is a
        code (a code not in the list still finds its group or division)."""
        for end in range(len(digits), 1, -1):
            entry = self.entry(version, digits[:end])
            if entry is not None:
                return entry
        return None

    def _token(self, token: str, language: str) -> list[tuple[float, Match]]:
        """Every (score, match) for one word of the query."""
        found: list[tuple[float, Match]] = []
        for word, matches in self._words.items():
            if token == word:
                found += [(WORD, m) for m in matches]
            elif len(word) >= MIN_INSIDE and token.startswith(word):  # bakkerijen, kappers
                found += [(WORD_START, m) for m in matches]
        language = language if language in self._terms else "nl"
        terms = self._terms[language]
        for term, entries in terms.items():
            if term == token:
                score = TERM
            elif len(token) >= MIN_START and term.startswith(token):
                score = TERM_START
            elif len(token) >= MIN_INSIDE and token in term:
                score = TERM_INSIDE
            else:
                continue
            found += [(score + LEVEL_BONUS[e.level], Match(e)) for e in entries]
        if found or len(token) < MIN_FUZZY:
            return found
        # nothing as typed: the nearest words, spelling forgiven (bakkerei, restaurnat, kaper)
        cutoff = 85.0 if len(token) <= 5 else 80.0
        for word, similarity, _index in process.extract(
            token, list(self._words), scorer=fuzz.ratio, score_cutoff=cutoff, limit=3
        ):
            found += [(FUZZY_WORD * similarity / 100, m) for m in self._words[word]]
        for term, similarity, _index in process.extract(
            token, self._vocabulary[language], scorer=fuzz.ratio, score_cutoff=cutoff, limit=5
        ):
            found += [(FUZZY_TERM * similarity / 100, Match(e)) for e in terms[term]]
        return found


def _distinct(matches: Iterable[Match], most: int = 3) -> tuple[Match, ...]:
    """The first few matches with different titles (a class and its only subclass share one)."""
    kept: list[Match] = []
    names: set[str] = set()
    for match in matches:
        if match.entry.name_nl not in names:
            names.add(match.entry.name_nl)
            kept.append(match)
        if len(kept) == most:
            break
    return tuple(kept)
