"""The shipped check-worthiness model: plain weights, fixed predictions, the extractor's default."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.errors import ConfigError
from claimcheck.extract import (
    CheckWorthinessScorer,
    LearnedCheckWorthiness,
    RuleCheckWorthiness,
    RuleExtractor,
)
from claimcheck.extract._cw_features import (
    DENSE_NAMES,
    FEATURE_VERSION,
    hashed_features,
    ngram_tokens,
)
from claimcheck.extract.checkworthiness import DEFAULT_MODEL

CARD = DEFAULT_MODEL.with_suffix(".json")
_SCORER = LearnedCheckWorthiness()

# (sentence, shipped score, learned-only score): measured on checkworthiness-v1
FIXED = [
    (
        "The Assembly adopted the resolution in April 2014, with 100 votes in favour and 11 "
        "against.",
        0.9319,
        0.9342,
    ),
    ("Canada ran Operation UNIFIER.", 0.5860, 0.3300),
    ("I think we all deserve a better future.", 0.0038, 0.0063),
    ("Thank you very much.", 0.1689, 0.0098),
    ("We have cut taxes for 20 million families.", 0.5119, 0.9385),
]


def test_weights_are_plain_numpy_arrays_without_pickle() -> None:
    assert DEFAULT_MODEL.stat().st_size <= 1_000_000
    with np.load(DEFAULT_MODEL, allow_pickle=False) as npz:
        arrays = {name: npz[name] for name in npz.files}
    assert all(a.dtype.kind in "fU" for a in arrays.values())  # floats and strings only
    assert str(arrays["version"]) == "checkworthiness-v1"
    assert str(arrays["feature_version"]) == FEATURE_VERSION
    assert tuple(arrays["dense_names"]) == DENSE_NAMES
    assert arrays["hashed"].shape == (1 << 16,) and arrays["dense"].shape == (len(DENSE_NAMES),)
    assert np.isfinite(arrays["hashed"]).all() and np.isfinite(arrays["dense"]).all()


def test_the_card_describes_the_shipped_file() -> None:
    card = json.loads(CARD.read_text(encoding="utf-8"))
    assert card["version"] == _SCORER.version == "checkworthiness-v1"
    assert card["weights_sha256"] == hashlib.sha256(DEFAULT_MODEL.read_bytes()).hexdigest()
    assert card["features"]["feature_version"] == FEATURE_VERSION
    assert card["blend"] == pytest.approx(_SCORER.blend)
    assert card["threshold"]["value"] == pytest.approx(_SCORER.threshold)
    assert {"shipped", "learned_alone", "rules"} <= set(card["validation"])
    assert all(f["sha256"] for f in card["data"]["files"].values())


@pytest.mark.parametrize(("sentence", "shipped", "learned"), FIXED)
def test_fixed_predictions(sentence: str, shipped: float, learned: float) -> None:
    assert _SCORER.score(sentence) == pytest.approx(shipped, abs=2e-4)
    assert LearnedCheckWorthiness(learned_only=True).score(sentence) == pytest.approx(
        learned, abs=2e-4
    )


def test_blend_is_the_documented_mix_of_learned_and_rule_logits() -> None:
    sentence = "Exports rose by 12% in 2023, the statistics office said."
    rules = RuleCheckWorthiness().logit(sentence)
    expected = _SCORER.blend * _SCORER.learned_logit(sentence) + (1 - _SCORER.blend) * rules
    assert _SCORER.logit(sentence) == pytest.approx(expected)
    assert sum(_SCORER.contributions(sentence).values()) == pytest.approx(expected)
    assert 0.0 < _SCORER.blend < 1.0


def test_facts_outscore_opinion_courtesy_and_questions() -> None:
    threshold = _SCORER.threshold
    assert _SCORER.score("Unemployment fell to 3.9 percent last year.") >= threshold
    for text in (
        "I think we all deserve a better future.",
        "Thank you very much.",
        "What are you going to do about it?",
        "Joe Biden is proposing obviously unacceptable demands for the Kremlin.",
    ):
        assert _SCORER.score(text) < threshold, text


def test_learned_only_uses_its_own_threshold() -> None:
    alone = LearnedCheckWorthiness(learned_only=True)
    assert alone.blend == 1.0 and alone.threshold != _SCORER.threshold
    sentence = "We have cut taxes for 20 million families."
    assert alone.logit(sentence) == pytest.approx(_SCORER.learned_logit(sentence))


def test_default_extractor_uses_the_learned_scorer_and_its_threshold() -> None:
    extractor = RuleExtractor()
    assert isinstance(extractor.scorer, LearnedCheckWorthiness)
    assert extractor.min_checkworthiness == pytest.approx(_SCORER.threshold)
    claim = extractor.extract("The bridge, which opened in 2019, is 4 km long.")[0]
    assert claim.checkworthiness == pytest.approx(_SCORER.score(claim.text), abs=1e-4)


def test_rules_stay_selectable_with_their_own_threshold() -> None:
    extractor = RuleExtractor(scorer=RuleCheckWorthiness())
    assert extractor.min_checkworthiness == 0.5
    assert RuleExtractor(min_checkworthiness=0.9).min_checkworthiness == 0.9


def test_implements_the_protocol() -> None:
    assert isinstance(_SCORER, CheckWorthinessScorer)


@given(st.text(max_size=300), st.text(max_size=30))
@settings(max_examples=150, deadline=None)
def test_scores_are_probabilities(sentence: str, context: str) -> None:
    assert 0.0 <= _SCORER.score(sentence, context) <= 1.0


def test_hashing_is_stable_and_folds_names_and_numbers() -> None:
    assert ngram_tokens("In 2021, GDP rose 3.5% in Chile.") == [
        "in", "<year>", "<name>", "rose", "<num>", "%", "in", "<name>",
    ]  # fmt: skip
    vec = hashed_features("Prices rose.", 1 << 16)
    # crc32 buckets, not Python's per-process hash(): the same in every process
    # 5 n-grams (u:prices, u:rose, b:<s> prices, b:prices rose, b:rose </s>), each ±1/sqrt(5)
    assert vec == pytest.approx({2242: 0.4472, 3823: -0.4472, 50718: -0.4472,
                                 30331: -0.4472, 57249: -0.4472}, abs=1e-4)  # fmt: skip


def _write(path: Path, **override: object) -> Path:
    with np.load(DEFAULT_MODEL, allow_pickle=False) as npz:
        arrays = {name: npz[name] for name in npz.files}
    arrays.update({k: np.asarray(v) for k, v in override.items()})
    np.savez(path, **arrays)  # type: ignore[arg-type]
    return path


def test_bad_weight_files_are_config_errors_that_say_the_fix(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found.*train_checkworthiness"):
        LearnedCheckWorthiness(tmp_path / "missing.npz")
    (tmp_path / "junk.npz").write_bytes(b"not a zip")
    with pytest.raises(ConfigError, match="cannot read"):
        LearnedCheckWorthiness(tmp_path / "junk.npz")
    with pytest.raises(ConfigError, match="trained on features"):
        LearnedCheckWorthiness(_write(tmp_path / "old.npz", feature_version="cw-features-0"))
    with pytest.raises(ConfigError, match="wrong shape"):
        LearnedCheckWorthiness(_write(tmp_path / "shape.npz", dense=np.zeros(3)))


def test_a_retrained_file_is_used(tmp_path: Path) -> None:
    path = _write(tmp_path / "other.npz", blend=np.array([1.0]), threshold=np.array([0.7]))
    other = LearnedCheckWorthiness(path)
    assert other.blend == 1.0 and other.threshold == 0.7
    assert RuleExtractor(scorer=other).min_checkworthiness == 0.7


def test_inference_needs_no_scikit_learn() -> None:
    code = (
        "import sys; from claimcheck.extract import RuleExtractor; "
        "RuleExtractor().extract('The bridge opened in 2019.'); "
        "assert 'sklearn' not in sys.modules and 'scipy' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
