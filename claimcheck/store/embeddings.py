"""Embedders behind LangChain's ``Embeddings`` interface: the offline hash embedder and the others.

:class:`HashEmbedder` needs no download and no training. It is signed feature hashing
("the hashing trick") of three blocks, each L2-normalised, then weighted and normalised again:

* stemmed word unigrams (sublinear tf: ``1 + ln tf``),
* stemmed word bigrams of consecutive content words,
* character 3/4/5-grams of every content word (``"<word>"``), each word's n-grams scaled to unit
  weight, so related word forms that stemming misses still overlap.

All of it is vectorised with numpy over a batch of texts; hashes are stable across processes
(see :mod:`claimcheck.store.analysis`), so a store built by one process is searched correctly
by another. The name (``hash-v1-<dim>``) changes whenever the vectors would.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
from langchain_core.embeddings import Embeddings

from ..errors import ConfigError
from .analysis import (
    Analyzed,
    Analyzer,
    analyze,
    char_ngram_hashes,
    hash_strings,
    mix64,
    shared_analyzer,
)

if TYPE_CHECKING:
    from ..config import Settings

__all__ = [
    "EMBEDDERS",
    "HashEmbedder",
    "NamedEmbeddings",
    "embed_array",
    "embedder_dimension",
    "embedder_name",
    "get_embedder",
]

EMBEDDERS = ("hash", "openai", "sentence-transformers")
"""Names :func:`get_embedder` accepts."""

F32Array = npt.NDArray[np.float32]
I64Array = npt.NDArray[np.int64]
U64Array = npt.NDArray[np.uint64]

_BATCH = 2048  # texts per vectorised pass (bounds memory: 3 blocks x batch x dimension floats)


class HashEmbedder(Embeddings):
    """Offline, deterministic embedder: signed hashing of words, word bigrams and char n-grams.

    The defaults (1024 dimensions, block weights 0.5 / 0.25 / 1.0) were chosen on SciFact claims
    that are not used to report retrieval quality (see ``benchmarks/bench_retrieval.py``).

    Args:
        dimension: vector size (a power of two, 64-8192).
        weights: relative weight of the (unigram, bigram, char n-gram) blocks.
        ngram_sizes: character n-gram sizes.

    Attributes:
        name: ``"hash-v1-<dimension>"`` (plus the weights and n-gram sizes when they are not
            the defaults), recorded on the collection.
        dimension: vector size.
    """

    VERSION = "hash-v1"
    DEFAULT_WEIGHTS = (0.5, 0.25, 1.0)
    DEFAULT_NGRAMS = (3, 4, 5)

    def __init__(
        self,
        dimension: int = 1024,
        weights: tuple[float, float, float] = DEFAULT_WEIGHTS,
        ngram_sizes: tuple[int, ...] = DEFAULT_NGRAMS,
    ) -> None:
        if dimension < 64 or dimension > 8192 or dimension & (dimension - 1):
            raise ConfigError(
                f"hash embedder dimension must be a power of two in 64..8192, got {dimension}"
            )
        if len(weights) != 3 or min(weights) < 0 or not any(weights):
            raise ConfigError("hash embedder weights must be three non-negative numbers, not all 0")
        self.dimension = dimension
        self.weights = tuple(float(w) for w in weights)
        self.ngram_sizes = tuple(ngram_sizes)
        name = f"{self.VERSION}-{dimension}"
        if self.weights != self.DEFAULT_WEIGHTS:
            name += "-w" + "-".join(f"{w:g}" for w in self.weights)
        if self.ngram_sizes != self.DEFAULT_NGRAMS:
            name += "-n" + "".join(str(n) for n in self.ngram_sizes)
        self.name = name
        self._analyzer: Analyzer = shared_analyzer()

    def __repr__(self) -> str:
        return f"HashEmbedder(dimension={self.dimension})"

    # ------------------------------------------------------------------ LangChain interface

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Embed texts (as plain lists of floats, per the LangChain interface)."""
        return self.embed_array(texts).tolist()  # type: ignore[no-any-return]

    def embed_query(self, text: str) -> list[float]:
        """Embed one query (same vector space as documents)."""
        return self.embed_array([text])[0].tolist()  # type: ignore[no-any-return]

    # ------------------------------------------------------------------ fast path

    def embed_array(
        self, texts: Sequence[str], term_weights: Mapping[str, float] | None = None
    ) -> F32Array:
        """Embed texts into a ``(len(texts), dimension)`` float32 array of unit rows.

        Args:
            texts: the texts.
            term_weights: optional weight per stem, e.g. the corpus IDF when embedding queries
                (documents are embedded without it, so stored vectors never depend on the
                corpus); a stem missing from the mapping gets the largest weight in it.
        """
        return self.embed_analyzed(analyze(texts, self._analyzer), term_weights)

    def embed_analyzed(
        self, batch: Analyzed, term_weights: Mapping[str, float] | None = None
    ) -> F32Array:
        """Embed a batch already analysed with :func:`~claimcheck.store.analysis.analyze`."""
        n, dim = batch.n_texts, self.dimension
        out = np.zeros((n, dim), dtype=np.float32)
        if n == 0:
            return out
        vocab_data = _Vocab(
            stem_hash=hash_strings(batch.stems, seed=1),
            stem_weight=_stem_weights(batch.stems, term_weights),
            word_stem=batch.word_stem,
            **_word_ngrams(batch.words, batch.word_stem, self.ngram_sizes),
        )
        owners, word_ids = batch.owners, batch.word_ids
        bounds = np.searchsorted(owners, np.arange(0, n + _BATCH, _BATCH))
        for k, row0 in enumerate(range(0, n, _BATCH)):
            t0, t1 = int(bounds[k]), int(bounds[k + 1])
            rows = min(_BATCH, n - row0)
            out[row0 : row0 + rows] = self._accumulate(
                owners[t0:t1] - row0, word_ids[t0:t1], rows, vocab_data
            )
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        empty = norms[:, 0] == 0
        np.divide(out, norms, out=out, where=norms > 0)
        out[empty, 0] = 1.0  # a text without content words: a fixed unit vector, never NaN
        return out

    def _accumulate(self, owners: I64Array, word_ids: I64Array, n_rows: int, v: _Vocab) -> F32Array:
        """Hashed features of ``n_rows`` texts, each block scaled to unit (pre-hash) norm."""
        dim = self.dimension
        mask = np.uint64(dim - 1)
        if len(word_ids) == 0:
            return np.zeros((n_rows, dim), dtype=np.float32)
        w_uni, w_bi, w_char = self.weights
        cells: list[I64Array] = []
        values: list[npt.NDArray[np.float64]] = []

        def add(
            rows: I64Array, hashes: U64Array, weight: npt.NDArray[np.float64], w: float
        ) -> None:
            norm = np.sqrt(np.bincount(rows, weights=weight * weight, minlength=n_rows))
            scale = np.divide(w, norm, out=np.zeros_like(norm), where=norm > 0)
            cells.append(rows * dim + (hashes & mask).astype(np.int64))
            values.append(weight * scale[rows] * _sign(hashes))

        stem_ids = v.word_stem[word_ids]
        n_stems = len(v.stem_hash)
        if w_uni:  # stem unigrams, sublinear tf
            keys, counts = np.unique(owners * n_stems + stem_ids, return_counts=True)
            sids = keys % n_stems
            add(
                keys // n_stems,
                v.stem_hash[sids],
                (1.0 + np.log(counts)) * v.stem_weight[sids],
                w_uni,
            )
        same = owners[1:] == owners[:-1]
        if w_bi and same.any():  # bigrams of consecutive content stems within a text
            left, right = stem_ids[:-1][same], stem_ids[1:][same]
            with np.errstate(over="ignore"):
                bh = mix64(v.stem_hash[left] * np.uint64(0x9E3779B97F4A7C15) ^ v.stem_hash[right])
            add(owners[1:][same], bh, np.sqrt(v.stem_weight[left] * v.stem_weight[right]), w_bi)
        if w_char:  # char n-grams of each distinct word, unit weight per word, sublinear tf
            n_words = len(v.word_stem)
            keys, counts = np.unique(owners * n_words + word_ids, return_counts=True)
            rows, wids = keys // n_words, keys % n_words
            reps = v.gram_count[wids]
            pos = np.repeat(v.gram_start[wids] - np.cumsum(reps) + reps, reps) + np.arange(
                int(reps.sum())
            )
            word_w = (1.0 + np.log(counts)) * v.stem_weight[v.word_stem[wids]]
            per_gram = np.repeat(word_w / np.sqrt(np.maximum(reps, 1)), reps)
            # the block norm is computed per word (sum of its n-gram weights squared = word_w^2)
            norm = np.sqrt(np.bincount(rows, weights=word_w * word_w, minlength=n_rows))
            scale = np.divide(w_char, norm, out=np.zeros_like(norm), where=norm > 0)
            grow = np.repeat(rows, reps)
            gh = v.gram_hash[pos]
            cells.append(grow * dim + (gh & mask).astype(np.int64))
            values.append(per_gram * scale[grow] * _sign(gh))
        flat = np.bincount(
            np.concatenate(cells), weights=np.concatenate(values), minlength=n_rows * dim
        )
        return flat.reshape(n_rows, dim).astype(np.float32)


@dataclass(frozen=True)
class _Vocab:
    """Per-call vocabulary data: stems, their hashes and weights, words' char n-grams."""

    stem_hash: U64Array
    stem_weight: npt.NDArray[np.float64]
    word_stem: I64Array
    gram_start: I64Array
    gram_count: I64Array
    gram_hash: U64Array


def _stem_weights(
    stems: list[str], term_weights: Mapping[str, float] | None
) -> npt.NDArray[np.float64]:
    if term_weights is None:
        return np.ones(len(stems), dtype=np.float64)
    default = max(term_weights.values(), default=1.0)
    return np.fromiter(
        (term_weights.get(s, default) for s in stems), dtype=np.float64, count=len(stems)
    )


def _word_ngrams(
    words: list[str], word_stem: I64Array, sizes: tuple[int, ...]
) -> dict[str, np.ndarray]:
    """CSR layout of the char n-gram hashes of every content word (stopwords get none)."""
    content = np.flatnonzero(word_stem >= 0)
    owner, hashes = char_ngram_hashes([words[i] for i in content], sizes=sizes, seed=2)
    count = np.zeros(len(words), dtype=np.int64)
    count[content] = np.bincount(owner, minlength=len(content))
    start = np.concatenate(([0], np.cumsum(count)[:-1])).astype(np.int64)
    return {"gram_start": start, "gram_count": count, "gram_hash": hashes}


def _sign(h: U64Array) -> npt.NDArray[np.float64]:
    return 1.0 - 2.0 * (h >> np.uint64(63)).astype(np.float64)


def embed_array(embedder: Embeddings, texts: Sequence[str]) -> F32Array:
    """Embed ``texts`` as a float32 array, using the fast path when the embedder has one."""
    fast = getattr(embedder, "embed_array", None)
    if callable(fast):
        return np.asarray(fast(texts), dtype=np.float32)
    if not texts:
        return np.zeros((0, embedder_dimension(embedder) or 0), dtype=np.float32)
    return np.asarray(embedder.embed_documents(list(texts)), dtype=np.float32)


def embedder_name(embedder: Embeddings) -> str:
    """The name recorded on the collection for ``embedder``."""
    name = getattr(embedder, "name", None)
    if isinstance(name, str) and name:
        return name
    model = getattr(embedder, "model", None) or getattr(embedder, "model_name", None)
    return f"{type(embedder).__name__}:{model}" if model else type(embedder).__name__


def embedder_dimension(embedder: Embeddings) -> int | None:
    """The vector size of ``embedder`` when it says (``None`` if unknown until first use)."""
    dim = getattr(embedder, "dimension", None)
    return int(dim) if isinstance(dim, int) else None


def get_embedder(name: str, settings: Settings | None = None) -> Embeddings:
    """The embedder called ``name``: ``hash`` (offline), ``openai`` or ``sentence-transformers``.

    ``hash`` may carry a dimension (``hash-1024``). Every returned object has ``name`` and
    ``dimension`` attributes (``dimension`` may be ``None`` for sentence-transformers until loaded).

    Raises:
        ConfigError: unknown name, missing OpenAI key, or the optional package is not installed.
    """
    key = name.strip().lower()
    if key == "hash" or key.startswith(("hash-", "hash-v1-")):
        digits = key.rsplit("-", 1)[-1]
        return HashEmbedder(int(digits)) if digits.isdigit() else HashEmbedder()
    if key in ("openai", "text-embedding-3-small"):
        return _openai_embedder(settings)
    if key in ("sentence-transformers", "st") or key.startswith("sentence-transformers:"):
        model = key.split(":", 1)[1] if ":" in key else "all-MiniLM-L6-v2"
        return _sentence_transformers(model)
    raise ConfigError(
        f"unknown embedder {name!r}: use one of {', '.join(EMBEDDERS)} (CLAIMCHECK_EMBEDDER)"
    )


def _openai_embedder(settings: Settings | None) -> Embeddings:
    key = None
    base_url = None
    if settings is not None and settings.has_openai_key and settings.openai_api_key is not None:
        key = settings.openai_api_key.get_secret_value()
        base_url = settings.openai_base_url
    if not key and settings is None:
        key = os.environ.get("OPENAI_API_KEY") or None
    if not key:
        raise ConfigError(
            "the openai embedder needs an API key: set OPENAI_API_KEY (or use --embedder hash)"
        )

    def build() -> Embeddings:
        from langchain_openai import OpenAIEmbeddings
        from pydantic import SecretStr

        return OpenAIEmbeddings(
            model="text-embedding-3-small",
            openai_api_key=SecretStr(key),
            openai_api_base=base_url,
            # the default token-length check loads tiktoken's encoding file from the internet
            check_embedding_ctx_length=False,
            max_retries=settings.max_retries if settings is not None else 4,
            request_timeout=settings.timeout_s if settings is not None else 60.0,
        )

    def on_error(exc: Exception) -> Exception:
        from ..llm._errors import map_error

        return map_error(
            exc,
            base_url=base_url or "https://api.openai.com/v1",
            model="text-embedding-3-small",
            timeout_s=settings.timeout_s if settings is not None else 60.0,
            secret=key,
        )

    return NamedEmbeddings(
        build, name="openai:text-embedding-3-small", dimension=1536, on_error=on_error
    )


class NamedEmbeddings(Embeddings):
    """A LangChain embedder, built on first use, with the ``name`` and ``dimension`` the store
    records (so naming a store's embedder never imports or contacts anything).

    Args:
        factory: builds the embedder doing the work.
        name: recorded on the collection (a store only accepts the same name later).
        dimension: vector size, if known.
        on_error: maps a failure of the inner embedder to the exception to raise instead
            (e.g. an HTTP error to a :mod:`claimcheck.errors` error without the API key).
    """

    def __init__(
        self,
        factory: Callable[[], Embeddings],
        *,
        name: str,
        dimension: int | None,
        on_error: Callable[[Exception], Exception] | None = None,
    ) -> None:
        self._factory = factory
        self._inner: Embeddings | None = None
        self.name = name
        self.dimension = dimension
        self._on_error = on_error

    def __repr__(self) -> str:
        return f"NamedEmbeddings({self.name!r})"

    @property
    def inner(self) -> Embeddings:
        """The embedder doing the work (built now if needed)."""
        if self._inner is None:
            self._inner = self._factory()
        return self._inner

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Embed documents with the inner embedder."""
        try:
            return self.inner.embed_documents(texts)
        except Exception as exc:
            if self._on_error is None:
                raise
            raise self._on_error(exc) from None

    def embed_query(self, text: str) -> list[float]:
        """Embed a query with the inner embedder."""
        try:
            return self.inner.embed_query(text)
        except Exception as exc:
            if self._on_error is None:
                raise
            raise self._on_error(exc) from None


def _sentence_transformers(model: str) -> Embeddings:
    try:
        import sentence_transformers  # type: ignore[import-not-found]  # noqa: F401
    except ImportError:
        raise ConfigError(
            "the sentence-transformers embedder is optional: pip install sentence-transformers "
            "(it downloads a model on first use), or use --embedder hash"
        ) from None
    from langchain_core.embeddings import Embeddings as _Base

    class _STEmbedder(_Base):
        def __init__(self, model_name: str) -> None:
            self.name = f"sentence-transformers:{model_name}"
            self.model_name = model_name
            self.dimension: int | None = None
            self._model: Any = None

        def _load(self) -> Any:
            if self._model is None:
                from sentence_transformers import SentenceTransformer

                self._model = SentenceTransformer(self.model_name)
                self.dimension = int(self._model.get_sentence_embedding_dimension())
            return self._model

        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            vectors = self._load().encode(texts, normalize_embeddings=True)
            return [list(map(float, v)) for v in vectors]

        def embed_query(self, text: str) -> list[float]:
            return self.embed_documents([text])[0]

    return _STEmbedder(model)
