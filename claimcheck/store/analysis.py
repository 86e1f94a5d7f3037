"""Text analysis shared by the lexical index and the hash embedder: tokens, stems, stable hashes.

Both retrievers see the same terms: lower-cased runs of letters and digits, English stopwords
(:data:`claimcheck.text.STOPWORDS`) and single letters dropped, Snowball-stemmed with PyStemmer.
Hashes are computed with numpy from the characters' code points (a polynomial hash finished by
splitmix64), so they are identical in every process and platform — never Python's ``hash()``.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ..text import STOPWORDS

__all__ = [
    "MAX_TOKEN_CHARS",
    "Analyzed",
    "Analyzer",
    "analyze",
    "char_ngram_hashes",
    "hash_strings",
    "mix64",
    "shared_analyzer",
    "tokenize",
]

MAX_TOKEN_CHARS = 40
"""Tokens are cut to this many characters (longer ones are identifiers, URLs or noise)."""

_TOKEN_RE = re.compile(r"[^\W_]+")
_MASK64 = np.uint64(0xFFFFFFFFFFFFFFFF)
_PRIME = np.uint64(0x100000001B3)  # FNV-64 prime, as the polynomial base

U64Array = npt.NDArray[np.uint64]
I64Array = npt.NDArray[np.int64]


def tokenize(text: str) -> list[str]:
    """Lower-cased runs of letters and digits of ``text`` (stopwords kept)."""
    return _TOKEN_RE.findall(text.lower())


def mix64(values: U64Array) -> U64Array:
    """splitmix64 finaliser: spreads the bits of each uint64 (vectorised, wraps on overflow)."""
    with np.errstate(over="ignore"):
        z = values + np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def _codepoints(strings: Sequence[str], width: int) -> tuple[npt.NDArray[np.uint32], np.ndarray]:
    """A ``(len(strings), width)`` matrix of code points (0-padded) and the string lengths."""
    if not strings:
        return np.zeros((0, width), dtype=np.uint32), np.zeros(0, dtype=np.int64)
    arr = np.array([s[:width] for s in strings], dtype=f"<U{width}")
    points = arr.view(np.uint32).reshape(len(strings), width)
    lengths = np.fromiter((min(len(s), width) for s in strings), dtype=np.int64, count=len(strings))
    return points, lengths


def hash_strings(strings: Sequence[str], seed: int = 0) -> U64Array:
    """Stable 64-bit hashes of ``strings`` (the first :data:`MAX_TOKEN_CHARS` characters)."""
    width = max((len(s) for s in strings), default=1)
    width = max(1, min(width, MAX_TOKEN_CHARS))
    points, lengths = _codepoints(strings, width)
    h = np.full(len(strings), np.uint64(seed) ^ np.uint64(0xCBF29CE484222325), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(width):
            stepped = h * _PRIME + points[:, j].astype(np.uint64)
            h = np.where(lengths > j, stepped, h)
        h = h + lengths.astype(np.uint64)
    return mix64(h)


def char_ngram_hashes(
    words: Sequence[str], sizes: Sequence[int] = (3, 4, 5), seed: int = 0
) -> tuple[npt.NDArray[np.int64], U64Array]:
    """Hashes of the character n-grams of ``"<word>"`` for every word.

    Returns:
        ``(owner, hashes)``: ``hashes[i]`` is an n-gram of ``words[owner[i]]``; ``owner`` is sorted.
    """
    if not words:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.uint64)
    width = min(max(len(w) for w in words), MAX_TOKEN_CHARS - 2) + 2
    points, lengths = _codepoints(["<" + w[: width - 2] + ">" for w in words], width)
    cols = points.astype(np.uint64)
    owners: list[npt.NDArray[np.int64]] = []
    hashes: list[U64Array] = []
    rows = np.arange(len(words), dtype=np.int64)
    with np.errstate(over="ignore"):
        for n in sizes:
            salt = np.uint64(seed * 1_000_003 + n * 7919)
            for start in range(0, width - n + 1):
                valid = lengths >= start + n
                if not valid.any():
                    break
                h = np.full(int(valid.sum()), salt, dtype=np.uint64)
                sub = cols[valid]
                for j in range(n):
                    h = h * _PRIME + sub[:, start + j]
                owners.append(rows[valid])
                hashes.append(h)
    owner = np.concatenate(owners)
    hashed = mix64(np.concatenate(hashes))
    order = np.argsort(owner, kind="stable")
    return owner[order], hashed[order]


class Analyzer:
    """Tokens → stemmed content terms, with a bounded cache of the stem of every token seen.

    Thread-safe. ``terms(text)`` is what the lexical index stores and what queries are matched
    with; the hash embedder uses the same stems for its word features.
    """

    def __init__(self, max_cache: int = 500_000) -> None:
        import Stemmer  # PyStemmer (C extension)

        self._stemmer = Stemmer.Stemmer("english")
        self._cache: dict[str, str] = {}
        self._max_cache = max_cache
        self._lock = threading.Lock()

    def stems(self, tokens: Sequence[str]) -> list[str]:
        """The stem of each token, ``""`` for a stopword or a single letter."""
        cache = self._cache
        missing = [t for t in set(tokens) if t not in cache]
        if missing:
            with self._lock:
                if len(cache) + len(missing) > self._max_cache:
                    cache.clear()
                keep = [t for t in missing if t not in STOPWORDS and (len(t) > 1 or t.isdigit())]
                for token, stemmed in zip(keep, self._stemmer.stemWords(keep), strict=True):
                    cache[token] = stemmed[:MAX_TOKEN_CHARS]
                for token in missing:
                    cache.setdefault(token, "")
        return [cache.get(t, "") for t in tokens]

    def terms(self, text: str) -> list[str]:
        """Stemmed content terms of ``text`` in order (stopwords dropped)."""
        return [s for s in self.stems(tokenize(text)) if s]

    def terms_many(self, texts: Sequence[str]) -> list[list[str]]:
        """:meth:`terms` of every text (stems the batch's vocabulary once)."""
        tokenized = [tokenize(t) for t in texts]
        vocab = list({tok for toks in tokenized for tok in toks})
        stem_of = dict(zip(vocab, self.stems(vocab), strict=True))
        return [[s for s in map(stem_of.__getitem__, toks) if s] for toks in tokenized]


_SHARED: Analyzer | None = None
_SHARED_LOCK = threading.Lock()


def shared_analyzer() -> Analyzer:
    """The process-wide :class:`Analyzer` (its stem cache is shared)."""
    global _SHARED
    with _SHARED_LOCK:
        if _SHARED is None:
            _SHARED = Analyzer()
        return _SHARED


@dataclass(frozen=True)
class Analyzed:
    """A batch of texts analysed once, for both the lexical index and the hash embedder.

    Attributes:
        n_texts: number of texts.
        words: distinct tokens of the batch.
        word_stem: for each word, the index of its stem in ``stems`` (``-1`` for a stopword).
        stems: distinct stems of the batch.
        owners: for each content token (in text order), the index of its text (non-decreasing).
        word_ids: for each content token, its index in ``words``.
    """

    n_texts: int
    words: list[str]
    word_stem: I64Array
    stems: list[str]
    owners: I64Array
    word_ids: I64Array

    @property
    def stem_ids(self) -> I64Array:
        """For each content token, the index of its stem in ``stems``."""
        return self.word_stem[self.word_ids]

    def offsets(self) -> I64Array:
        """``offsets[i]:offsets[i + 1]`` is the token range of text ``i``."""
        return np.searchsorted(self.owners, np.arange(self.n_texts + 1)).astype(np.int64)

    def terms(self) -> list[list[str]]:
        """Stemmed content terms of each text, in order."""
        stems = np.asarray(self.stems + [""], dtype=object)
        flat = stems[self.stem_ids].tolist()
        bounds = self.offsets().tolist()
        return [flat[bounds[i] : bounds[i + 1]] for i in range(self.n_texts)]


def analyze(texts: Sequence[str], analyzer: Analyzer | None = None) -> Analyzed:
    """Tokenise and stem a batch of texts (the vocabulary is stemmed once)."""
    analyzer = analyzer or shared_analyzer()
    vocab: dict[str, int] = {}
    flat: list[int] = []
    lengths = np.zeros(len(texts), dtype=np.int64)
    lookup = vocab.get
    for i, text in enumerate(texts):
        toks = tokenize(text)
        for tok in set(toks).difference(vocab):
            vocab[tok] = len(vocab)
        flat.extend(map(lookup, toks))  # type: ignore[arg-type]
        lengths[i] = len(toks)
    words = list(vocab)
    stem_index: dict[str, int] = {}
    word_stem = np.fromiter(
        (stem_index.setdefault(s, len(stem_index)) if s else -1 for s in analyzer.stems(words)),
        dtype=np.int64,
        count=len(words),
    )
    word_ids = np.asarray(flat, dtype=np.int64)
    owners = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
    kept = word_stem[word_ids] >= 0 if len(word_ids) else np.zeros(0, dtype=bool)
    return Analyzed(
        n_texts=len(texts),
        words=words,
        word_stem=word_stem,
        stems=list(stem_index),
        owners=owners[kept],
        word_ids=word_ids[kept],
    )
