"""How search reads words in each language: folding, letter variants, stems, filler words,
everyday phrasings (content/<lang>/search.yaml) and spelling slips.

Every word is reduced the same way in the index and in the query:

- `fold`: lower case, accents removed, and Arabic-script letter variants made one
  (أ/إ/آ/ٱ → ا, ة → ه, ى → ي, Urdu ک/ی/ہ/ۃ/ھ → ك/ي/ه), one character for one, so match
  positions in the folded text are positions in the original (for snippets);
- `key`: the folded word without Arabic short vowels, tatweel, joiners or the Bengali
  nukta, and for Arabic without the article and its clitics (ال، وال، بال، فال، كال، لل),
  so "محكمة" and "المحكمة" are one word;
- `stem`: Snowball stemmers for English, Polish, Romanian and Portuguese, a light suffix
  stripper for Arabic and Bengali (no Snowball stemmer exists for Bengali or Urdu; Urdu
  words are matched by prefix only).
"""

import re
import threading
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import cast

import Stemmer
from rapidfuzz import process
from rapidfuzz.distance import OSA

from portal import safe_yaml

WORD_PATTERN = re.compile(r"[\w\u0300-\u036f\u0900-\u0dff\u0610-\u061a\u064b-\u065f\u0670]+")

# Letters with no Unicode decomposition that readers type without their mark.
_EXTRA_FOLDS = {
    **dict(zip("łŁøØđĐıħĦ", "lLoOdDihH", strict=True)),
    # Arabic: hamza seats and alef forms, taa marbuta, alef maqsura.
    **dict.fromkeys("أإآٱ", "ا"),
    "ة": "ه",
    "ى": "ي",
    "ؤ": "و",
    "ئ": "ي",
    # Urdu and Persian letters typed on an Arabic keyboard (and the other way round).
    "ک": "ك",
    "ی": "ي",
    "ې": "ي",
    "ہ": "ه",
    "ۃ": "ه",
    "ھ": "ه",
    "ۀ": "ه",
}
# Marks that carry no meaning for search: Arabic short vowels and tatweel, zero-width
# joiners, the Bengali nukta (য় typed as one letter or as য + ়).
_DROPPED = re.compile("[\u064b-\u065f\u0670\u0640\u200c\u200d\u09bc]")
_ARABIC_PREFIXES = ("وال", "بال", "فال", "كال", "لل", "ال")
_ARABIC_SUFFIXES = ("هما", "كم", "ها", "ات", "ون", "ين", "ان", "يه", "ه", "ي")
_BENGALI_SUFFIXES = tuple(
    sorted(
        "গুলোকে গুলোর গুলির গুলো গুলি দেরকে দের েরা ের কে রা তে টি টা য র ে".split(),  # noqa: SIM905
        key=len,
        reverse=True,
    )
)
_SNOWBALL = {"en": "english", "pl": "polish", "ro": "romanian", "pt": "portuguese"}


class _FoldTable(dict[int, str]):
    """str.translate table that works out each character's folded form the first time
    it is seen: lower case, accents removed, always exactly one character."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        char = _EXTRA_FOLDS.get(char, char)
        base = unicodedata.normalize("NFD", char)[0]
        if unicodedata.combining(base):
            base = char
        lower = base.lower()
        folded = lower if len(lower) == 1 else base
        self[code] = folded = _EXTRA_FOLDS.get(folded, folded)
        return folded


_FOLD_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Lower-case, strip accents and unify letter variants one character at a time, so the
    folded text has the same length as the original and match positions map back onto it."""
    return text.translate(_FOLD_TABLE)


@lru_cache(maxsize=100_000)
def key(lang: str, word: str) -> str:
    """The folded word as it is indexed and looked up."""
    word = _DROPPED.sub("", fold(word))
    if lang in ("ar", "ur"):
        for prefix in _ARABIC_PREFIXES if lang == "ar" else ():
            if word.startswith(prefix) and len(word) - len(prefix) >= 2:
                word = word[len(prefix) :]
                break
    return word


@lru_cache(maxsize=8)
def _stemmer(lang: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer(_SNOWBALL[lang])


@lru_cache(maxsize=100_000)
def stem(lang: str, word_key: str) -> str:
    """The stem of a word already reduced by `key`."""
    if lang in _SNOWBALL:
        stemmed: str = _stemmer(lang).stemWord(word_key)
        return stemmed
    suffixes = {"ar": _ARABIC_SUFFIXES, "bn": _BENGALI_SUFFIXES}.get(lang, ())
    for suffix in suffixes:
        if word_key.endswith(suffix) and len(word_key) - len(suffix) >= 2:
            return word_key[: -len(suffix)]
    return word_key


def words(text: str) -> list[str]:
    return WORD_PATTERN.findall(text)


_INDEXED: dict[str, dict[str, str]] = {}


def index_text(lang: str, text: str) -> str:
    """Text as the index holds it: each word's key, and its stem where that differs."""
    found = WORD_PATTERN.findall(fold(text))
    indexed = _INDEXED.setdefault(lang, {})
    for word in set(found).difference(indexed):
        word_key = key(lang, word)
        word_stem = stem(lang, word_key)
        indexed[word] = word_key if word_stem == word_key else f"{word_key} {word_stem}"
    return " ".join(map(indexed.__getitem__, found))


def query_terms(lang: str, text: str, filler: frozenset[str] = frozenset()) -> list[str]:
    """A reader's words as keys, without filler words (unless nothing else is left)."""
    keys = [key(lang, word) for word in words(text)]
    keys = [k for k in keys if k]
    content = [k for k in keys if k not in filler]
    return content or keys


@dataclass(frozen=True)
class Topic:
    """Everyday ways of asking one thing, and the pages that answer it."""

    says: tuple[str, ...]
    pages: tuple[str, ...]  # addresses without the language, with an optional #section


@dataclass
class SearchWords:
    """One language's search.yaml, read."""

    filler: frozenset[str] = frozenset()
    topics: tuple[Topic, ...] = ()
    # Each phrase as a set of stems, with the topic it stands for.
    _phrases: list[tuple[frozenset[str], Topic]] = field(default_factory=list)

    def prepare(self, lang: str) -> "SearchWords":
        self._phrases = [
            (frozenset(stem(lang, k) for k in query_terms(lang, phrase, self.filler)), topic)
            for topic in self.topics
            for phrase in topic.says
        ]
        return self

    def topics_for(self, lang: str, terms: list[str]) -> list[Topic]:
        """Topics one of whose phrases has all its words among the reader's words."""
        stems = {stem(lang, term) for term in terms}
        found: list[Topic] = []
        # Longer phrases first: "taken into care" says more than "care".
        for phrase, topic in sorted(self._phrases, key=lambda p: -len(p[0])):
            if phrase and phrase <= stems and topic not in found:
                found.append(topic)
        return found


def load_search_words(path: Path, lang: str) -> SearchWords:
    """Read content/<lang>/search.yaml. Raises ValueError naming what is wrong."""
    data = safe_yaml.load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError("must be a mapping with `filler` and `topics`")
    filler = data.get("filler") or ""
    if not isinstance(filler, str):
        raise ValueError("`filler` must be text: words separated by spaces")
    topics = []
    for number, item in enumerate(data.get("topics") or [], start=1):
        if not isinstance(item, dict):
            raise ValueError(f"topic {number} must be a mapping with `says` and `pages`")
        says: object = item.get("says")  # YAML: checked just below
        pages: object = item.get("pages")
        for name, value in (("says", says), ("pages", pages)):
            if (
                not value
                or not isinstance(value, list)
                or not all(isinstance(v, str) for v in value)
            ):
                raise ValueError(f"topic {number}: `{name}` must be a list of text")
        for page in cast(list[str], pages):
            if not page.startswith("/"):
                raise ValueError(f"topic {number}: page {page!r} must start with /")
        # both checked just above to be lists of text
        topics.append(Topic(says=tuple(cast(list[str], says)), pages=tuple(cast(list[str], pages))))
    filler_keys = frozenset(key(lang, w) for w in words(filler))
    return SearchWords(filler=filler_keys, topics=tuple(topics)).prepare(lang)


class Speller:
    """Corrects words against one language's vocabulary (its pages, glossary and
    search.yaml): the nearest word by optimal string alignment distance (a swap of two
    letters counts as one slip), the most frequent among equals. The vocabulary is
    counted the first time a correction is needed."""

    def __init__(self, lang: str, texts: list[str]):
        self.lang = lang
        self._texts: list[str] | None = texts
        self._lock = threading.Lock()
        self.counts: dict[str, int] = {}
        self.shown: dict[str, str] = {}  # key → the word as the pages write it most often
        self.choices: list[str] = []

    def _count(self) -> None:
        with self._lock:
            if self._texts is None:
                return
            surface = Counter(word.lower() for word in words("\n".join(self._texts)))
            best: dict[str, int] = {}
            for word, count in surface.items():
                word_key = key(self.lang, word)
                if len(word_key) < 2 or word_key.isdigit():
                    continue
                self.counts[word_key] = self.counts.get(word_key, 0) + count
                if count > best.get(word_key, 0):
                    best[word_key], self.shown[word_key] = count, word
            self.choices = list(self.counts)
            self._texts = None

    def knows(self, word_key: str) -> bool:
        self._count()
        return word_key in self.counts

    def correct(self, word_key: str) -> str | None:
        """The word the reader most likely meant, or None for a word the pages use, a
        short word or one too far from any."""
        length = len(word_key)
        if length < 4 or word_key.isdigit() or self.knows(word_key):
            return None
        limit = 1 if length < 8 else 2
        candidates = process.extract(
            word_key, self.choices, scorer=OSA.distance, score_cutoff=limit, limit=20
        )
        if not candidates:
            return None
        return min(candidates, key=lambda c: (c[1], -self.counts[c[0]]))[0]
