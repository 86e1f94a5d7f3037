"""The offline hash embedder (stable, normalised, similar texts close) and get_embedder errors."""

from __future__ import annotations

import numpy as np
import pytest

from claimcheck.config import Settings
from claimcheck.errors import ConfigError
from claimcheck.store import HashEmbedder, get_embedder
from claimcheck.store.analysis import hash_strings


def test_hashes_are_pinned_so_stores_stay_valid_across_processes_and_versions() -> None:
    # Never Python's hash() (randomised per process): these values must be the same in every
    # process and release. If this test fails, stored vectors changed: bump HashEmbedder.VERSION.
    assert [int(v) % 100_000 for v in hash_strings(["border", "kyiv"], seed=1)] == [25405, 46836]
    vector = np.asarray(HashEmbedder().embed_query("The land border is 1,974 km long."))
    assert float(vector.astype(np.float64) @ np.arange(len(vector))) == pytest.approx(
        429.375, abs=0.01
    )


def test_vectors_are_unit_float32_and_similar_texts_are_closer() -> None:
    embedder = HashEmbedder()
    assert embedder.name.startswith("hash-v1-") and embedder.dimension == len(
        embedder.embed_query("x y")
    )
    vectors = embedder.embed_array(
        [
            "Russia and Ukraine share a land border of 1,974 kilometres.",
            "The land border between Ukraine and Russia is 1,974 km long.",
            "Photosynthesis converts light energy into chemical energy in plants.",
            "",
            "the of and",
        ]
    )
    assert vectors.dtype == np.float32 and vectors.shape == (5, embedder.dimension)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > 0.4 > vectors[0] @ vectors[2]
    assert np.array_equal(vectors[3], vectors[4])  # no content words: the same fixed vector
    # batch and single embedding agree
    assert np.allclose(
        embedder.embed_array(["Photosynthesis converts light"])[0],
        embedder.embed_query("Photosynthesis converts light"),
        atol=1e-6,
    )


def test_term_weights_only_change_query_vectors() -> None:
    embedder = HashEmbedder()
    plain = embedder.embed_array(["rare gene common word"])
    weighted = embedder.embed_array(
        ["rare gene common word"], term_weights={"rare": 5.0, "common": 0.1}
    )
    assert not np.allclose(plain, weighted)


def test_get_embedder_names_and_errors() -> None:
    assert isinstance(get_embedder("hash"), HashEmbedder)
    assert get_embedder("hash-256").dimension == 256  # type: ignore[attr-defined]
    with pytest.raises(ConfigError, match="unknown embedder 'word2vec'"):
        get_embedder("word2vec")
    with pytest.raises(ConfigError, match="OPENAI_API_KEY"):
        get_embedder("openai", Settings())
    openai = get_embedder("openai", Settings(openai_api_key="sk-test"))
    assert openai.name == "openai:text-embedding-3-small"  # type: ignore[attr-defined]
    assert "sk-test" not in repr(openai)
    try:
        import sentence_transformers  # type: ignore[import-not-found]  # noqa: F401
    except ImportError:
        with pytest.raises(ConfigError, match="pip install sentence-transformers"):
            get_embedder("sentence-transformers")
