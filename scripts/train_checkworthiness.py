"""Train the learned check-worthiness model: ``claimcheck/weights/checkworthiness-v1.{npz,json}``.

Usage::

    .venv/bin/pip install -e '.[train]'          # scikit-learn + openpyxl, training only
    .venv/bin/python scripts/train_checkworthiness.py [--data ../shared/datasets] [--out DIR]

Deterministic (fixed split hashes, liblinear with ``random_state=0``), about 30 s on 2 cores.

Data (all under ``--data``; test files are **never** trained or tuned on):

* ClaimBuster ``two_class/train.json`` — sentences whose sha256("claimbuster/<sentence_id>")
  falls in the lowest 20 % are validation, the rest training;
* CheckThat! 2019 ``clef19/CT19-T1-Training.csv`` — the 4 debates with the lowest
  sha256("checkthat2019/<file_name>") are validation, the other 15 training;
* PoliClaim ``PoliClaim_train_golden/*.xlsx`` (column ``golden``) — the 2 speeches with the
  lowest sha256("policlaim/<file name>") are validation, the other 6 training.

Training sentences whose text (case- and space-folded) also occurs in a validation set or in
one of the test files (ClaimBuster ``two_class/test.json``, ``clef19/CT19-T1-Test.csv``,
``PoliClaim_test/*.xlsx``; only their texts are read, never their labels) are dropped, so no
test or validation sentence is ever seen in training.

Steps:

1. **Model** (validation only): L2 logistic regression over the features of
   :mod:`claimcheck.extract._cw_features`; a grid over the inverse regularisation ``C`` and the
   weight of the CheckThat! sentences (whose label means "a journalist picked it", 2-3 %
   positive, unlike the other two sets' "contains a verifiable claim"); the pick maximises the
   mean of ClaimBuster AP, PoliClaim AP and CheckThat! 2019 MAP on validation.
2. **Blend and threshold**: the shipped score is ``sigmoid(a * learned + (1 - a) * rules)``
   (both logits). For ``a`` from 1.0 down in steps of 0.1 and F-beta with beta 1, 0.75, 0.5,
   the threshold maximises F-beta on the pooled ClaimBuster + PoliClaim validation sentences;
   the first (largest ``a``, then largest beta) whose extractor passes the **news guard** is
   shipped. The guard runs the offline extractor on our demo article and on the seed article
   (``evals/seed/*.json``): every should-skip item (and the opinion phrases
   ``tests/test_extract_seed.py`` checks) skipped, every core gold claim found, at
   least as many gold claims found as with the rule scorer, and at most 5 claims more than the
   rule scorer per article. This uses the seed gold as a development set (it is then no
   independent test of extraction; it never was for the hand-tuned rules either).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import logging
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claimcheck.extract import RuleExtractor  # noqa: E402
from claimcheck.extract._cw_features import (  # noqa: E402
    DENSE_NAMES,
    FEATURE_VERSION,
    model_inputs,
)
from claimcheck.extract.checkworthiness import (  # noqa: E402
    CheckWorthinessScorer,
    LearnedCheckWorthiness,
    RuleCheckWorthiness,
)
from claimcheck.text import normalize_for_match  # noqa: E402

logger = logging.getLogger("train_checkworthiness")

VERSION = "checkworthiness-v1"
DIM = 1 << 16
SEED = 0
GRID_C = (1.0, 2.0, 4.0, 8.0)
GRID_CHECKTHAT_WEIGHT = (0.1, 0.3, 1.0)
BLENDS = (1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1)
BETAS = (1.0, 0.75, 0.5)
NEWS_GOLD = (
    ("evals/seed/demo_gold.json", ROOT / "examples" / "article.txt"),
    ("evals/seed/seed_article_gold.json", ROOT.parent / "shared" / "seed_article.txt"),
)
# opinion phrases tests/test_extract_seed.py also requires skipped (beyond the gold's list)
EXTRA_SKIPS = {
    "seed_article_gold": (
        "made a sensational statement",
        "just a figure of speech",
        "obviously unacceptable demands",
        "There is a struggle for signs",
    )
}
CB_TRAIN = "claimbuster-checkthat/two_class/train.json"
CB_TEST = "claimbuster-checkthat/two_class/test.json"
CT_TRAIN = "claimbuster-checkthat/clef19/CT19-T1-Training.csv"
CT_TEST = "claimbuster-checkthat/clef19/CT19-T1-Test.csv"
PC_TRAIN = "afacta-policlaim/PoliClaim_train_golden"
PC_TEST = "afacta-policlaim/PoliClaim_test"
DATASETS = ("claimbuster", "checkthat2019", "policlaim")


@dataclass(frozen=True)
class Item:
    """One labelled sentence."""

    dataset: str
    group: str
    text: str
    label: int
    split: str


def fraction(key: str) -> float:
    """A stable number in ``[0, 1)`` for ``key`` (sha256, independent of seeds and order)."""
    return int(hashlib.sha256(key.encode("utf-8")).hexdigest()[:16], 16) / 2**64


def fold(text: str) -> str:
    return " ".join(text.lower().split())


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_xlsx(path: Path, group_column: str | None = None) -> list[tuple[str, int | None, str]]:
    """``(sentence, golden label or None, group)`` rows of a PoliClaim workbook."""
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        rows = list(wb.worksheets[0].iter_rows(values_only=True))
    finally:
        wb.close()
    header = [str(h).strip().lower() if h is not None else "" for h in rows[0]]
    si, gi = header.index("sentences"), header.index("golden")
    ci = header.index(group_column) if group_column else None
    out: list[tuple[str, int | None, str]] = []
    for row in rows[1:]:
        if row[si] is None or not str(row[si]).strip():
            continue
        group = str(row[ci]) if ci is not None and row[ci] is not None else ""
        out.append((str(row[si]), None if row[gi] is None else int(row[gi]), group))
    return out


def load(data: Path) -> tuple[list[Item], set[str], dict[str, dict[str, str]]]:
    """Training/validation items, the folded texts of the test files, and file hashes."""
    files: dict[str, dict[str, str]] = {}
    items: list[Item] = []

    path = data / CB_TRAIN
    files[CB_TRAIN] = {"sha256": sha256(path), "use": "train+validation"}
    for r in json.loads(path.read_text(encoding="utf-8")):
        split = "val" if fraction(f"claimbuster/{r['sentence_id']}") < 0.2 else "train"
        items.append(Item("claimbuster", "", str(r["text"]), int(r["label"]), split))

    path = data / CT_TRAIN
    files[CT_TRAIN] = {"sha256": sha256(path), "use": "train+validation"}
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    debates = sorted({r["file_name"] for r in rows}, key=lambda f: fraction(f"checkthat2019/{f}"))
    held = set(debates[:4])
    for r in rows:
        split = "val" if r["file_name"] in held else "train"
        label = int(str(r["label"]).strip())
        items.append(Item("checkthat2019", r["file_name"], str(r["text"]), label, split))

    speeches = sorted(
        (data / PC_TRAIN).glob("*.xlsx"), key=lambda p: fraction(f"policlaim/{p.name}")
    )
    for n, path in enumerate(speeches):
        files[f"{PC_TRAIN}/{path.name}"] = {"sha256": sha256(path), "use": "train+validation"}
        split = "val" if n < 2 else "train"
        for text, golden, _ in read_xlsx(path):
            if golden is not None:
                items.append(Item("policlaim", path.stem, text, golden, split))

    test: set[str] = set()
    path = data / CB_TEST
    files[CB_TEST] = {"sha256": sha256(path), "use": "texts excluded from training"}
    test.update(fold(str(r["text"])) for r in json.loads(path.read_text(encoding="utf-8")))
    path = data / CT_TEST
    files[CT_TEST] = {"sha256": sha256(path), "use": "texts excluded from training"}
    with path.open(encoding="utf-8", newline="") as fh:
        test.update(fold(str(r["text"])) for r in csv.DictReader(fh))
    for path in sorted((data / PC_TEST).glob("*.xlsx")):
        files[f"{PC_TEST}/{path.name}"] = {
            "sha256": sha256(path),
            "use": "texts excluded from training",
        }
        test.update(fold(text) for text, _, _ in read_xlsx(path))
    return items, test, files


def featurize(texts: list[str]) -> Any:
    """Sparse design matrix: hashed n-grams then the dense features."""
    from scipy import sparse

    rules = RuleCheckWorthiness()
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    for i, text in enumerate(texts):
        hashed, dense, _ = model_inputs(text, DIM, rules)
        for j, v in hashed.items():
            rows.append(i)
            cols.append(j)
            vals.append(v)
        for k, v in enumerate(dense):
            if v:
                rows.append(i)
                cols.append(DIM + k)
                vals.append(v)
    return sparse.csr_matrix((vals, (rows, cols)), shape=(len(texts), DIM + len(DENSE_NAMES)))


def binary(y: np.ndarray, pred: np.ndarray, beta: float = 1.0) -> dict[str, float]:
    """Precision, recall and F-beta (key ``f1`` when beta is 1)."""
    tp = int(((pred == 1) & (y == 1)).sum())
    p = tp / max(int(pred.sum()), 1)
    r = tp / max(int(y.sum()), 1)
    b2 = beta * beta
    f = (1 + b2) * p * r / (b2 * p + r) if p + r else 0.0
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1" if beta == 1 else "f": round(f, 4),
    }


def validation_report(
    items: list[Item], scores: np.ndarray, threshold: float | None
) -> dict[str, dict[str, Any]]:
    """Per validation set: size, positives, AP (CheckThat!: also MAP), P/R/F1 at threshold."""
    from sklearn.metrics import average_precision_score

    y = np.array([it.label for it in items])
    ds = np.array([it.dataset for it in items])
    groups = np.array([it.group for it in items])
    out: dict[str, dict[str, Any]] = {}
    for name in DATASETS:
        m = ds == name
        row: dict[str, Any] = {
            "sentences": int(m.sum()),
            "positives": int(y[m].sum()),
            "ap": round(float(average_precision_score(y[m], scores[m])), 4),
        }
        if name == "checkthat2019":
            aps = [
                float(average_precision_score(y[m & (groups == g)], scores[m & (groups == g)]))
                for g in sorted(set(groups[m]))
                if y[m & (groups == g)].any()
            ]
            row["map"] = round(float(np.mean(aps)), 4)
            row["debates"] = sorted(set(groups[m]))
        if threshold is not None:
            row.update(binary(y[m], (scores[m] >= threshold).astype(int)))
        out[name] = row
    return out


def selection_score(report: dict[str, dict[str, Any]]) -> float:
    return float(
        np.mean(
            [report["claimbuster"]["ap"], report["policlaim"]["ap"], report["checkthat2019"]["map"]]
        )
    )


def choose_threshold(items: list[Item], logits: np.ndarray, beta: float) -> tuple[float, float]:
    """The logit cut (-4..4, step 0.05) maximising F-beta on ClaimBuster+PoliClaim validation."""
    m = np.array([it.dataset in ("claimbuster", "policlaim") for it in items])
    y = np.array([it.label for it in items])[m]
    best = (0.0, -1.0)
    for t in np.round(np.arange(-4.0, 4.001, 0.05), 2):
        f = list(binary(y, (logits[m] >= t).astype(int), beta).values())[-1]
        if f > best[1]:
            best = (float(t), f)
    return best


def sigmoid(x: float) -> float:
    return float(1.0 / (1.0 + np.exp(-x)))


def write_npz(
    path: Path, clf: Any, blend: float, threshold: float, learned_threshold: float
) -> None:
    """The model file :class:`LearnedCheckWorthiness` reads (plain arrays, no pickle)."""
    coef = clf.coef_.reshape(-1)
    np.savez_compressed(
        path,
        version=np.array(VERSION),
        feature_version=np.array(FEATURE_VERSION),
        dense_names=np.array(DENSE_NAMES),
        hashed=coef[:DIM].astype(np.float32),
        dense=coef[DIM:].astype(np.float32),
        intercept=np.array([clf.intercept_[0]], dtype=np.float32),
        blend=np.array([blend], dtype=np.float64),
        threshold=np.array([threshold], dtype=np.float64),
        learned_threshold=np.array([learned_threshold], dtype=np.float64),
    )


def _skipped(claims: list[Any], article: str, phrase: str) -> bool:
    folded, index = normalize_for_match(article)
    needle = normalize_for_match(phrase)[0]
    pos = folded.find(needle)
    while needle and pos >= 0:
        a, b = index[pos], index[pos + len(needle) - 1] + 1
        if any(c.span.start < b and a < c.span.end for c in claims):
            return False
        pos = folded.find(needle, pos + 1)
    return True


def news_check(scorer: CheckWorthinessScorer, threshold: float) -> dict[str, dict[str, Any]]:
    """Gold claims found, skips kept, claim count: on each news article whose file exists."""
    from claimcheck.evaluation.seed import key_terms_found

    out: dict[str, dict[str, Any]] = {}
    for gold_file, article_path in NEWS_GOLD:
        if not article_path.is_file():
            logger.warning("news guard: %s absent, not checked", article_path)
            continue
        gold = json.loads((ROOT / gold_file).read_text(encoding="utf-8"))
        article = article_path.read_text(encoding="utf-8")
        claims = RuleExtractor(scorer=scorer, min_checkworthiness=threshold).extract(article)
        found = [
            g
            for g in gold["claims"]
            if any(
                key_terms_found(g["key_terms"], c.text, article[c.span.start : c.span.end])
                for c in claims
            )
        ]
        skips = [s["text"] for s in gold.get("should_skip") or []]
        skips += EXTRA_SKIPS.get(Path(gold_file).stem, ())
        out[Path(gold_file).stem] = {
            "claims": len(claims),
            "gold_found": len(found),
            "gold": len(gold["claims"]),
            "core_found": sum(1 for g in found if g.get("priority") == "core"),
            "core": sum(1 for g in gold["claims"] if g.get("priority") == "core"),
            "skipped": sum(1 for s in skips if _skipped(claims, article, s)),
            "should_skip": len(skips),
            "missed": sorted(g["id"] for g in gold["claims"] if g not in found),
        }
    return out


def guard_passes(candidate: dict[str, dict[str, Any]], rules: dict[str, dict[str, Any]]) -> bool:
    return all(
        c["skipped"] == c["should_skip"]
        and c["core_found"] == c["core"]
        and c["gold_found"] >= rules[name]["gold_found"]
        and c["claims"] <= rules[name]["claims"] + 5
        for name, c in candidate.items()
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "datasets")
    parser.add_argument("--out", type=Path, default=ROOT / "claimcheck" / "weights")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    from sklearn import __version__ as sklearn_version
    from sklearn.linear_model import LogisticRegression

    t0 = time.perf_counter()
    items, test_texts, files = load(args.data)
    val = [it for it in items if it.split == "val"]
    val_texts = {fold(it.text) for it in val}
    candidates = [it for it in items if it.split == "train"]
    train = [it for it in candidates if fold(it.text) not in test_texts | val_texts]
    dropped = len(candidates) - len(train)
    logger.info(
        "%d training sentences (%d dropped: text also in validation or test), %d validation",
        len(train),
        dropped,
        len(val),
    )
    x_train = featurize([it.text for it in train])
    x_val = featurize([it.text for it in val])
    y_train = np.array([it.label for it in train])
    is_ct = np.array([it.dataset == "checkthat2019" for it in train])

    # 1. the logistic regression: C and the CheckThat! weight on validation AP/MAP
    grid: list[dict[str, Any]] = []
    best: tuple[float, Any, dict[str, Any]] | None = None
    for c in GRID_C:
        for ct_weight in GRID_CHECKTHAT_WEIGHT:
            clf = LogisticRegression(C=c, solver="liblinear", max_iter=1000, random_state=SEED)
            clf.fit(x_train, y_train, sample_weight=np.where(is_ct, ct_weight, 1.0))
            report = validation_report(val, clf.decision_function(x_val), None)
            score = selection_score(report)
            row = {
                "C": c,
                "checkthat_weight": ct_weight,
                "selection_score": round(score, 4),
                **{f"{k}.ap": v["ap"] for k, v in report.items()},
                "checkthat2019.map": report["checkthat2019"]["map"],
            }
            grid.append(row)
            logger.info("%s", row)
            if best is None or score > best[0]:
                best = (score, clf, row)
    assert best is not None
    _, clf, chosen = best
    learned_val = clf.decision_function(x_val)
    rules = RuleCheckWorthiness()
    rules_val = np.array([rules.logit(it.text) for it in val])
    learned_cut, _ = choose_threshold(val, learned_val, 1.0)

    # 2. blend weight and threshold: validation F-beta, under the news guard
    args.out.mkdir(parents=True, exist_ok=True)
    npz_path = args.out / f"{VERSION}.npz"
    rules_news = news_check(rules, 0.5)
    logger.info("news guard, rule scorer: %s", json.dumps(rules_news))
    search: list[dict[str, Any]] = []
    shipped: tuple[float, float, float] | None = None
    for n, blend in enumerate(BLENDS):
        logits = blend * learned_val + (1 - blend) * rules_val
        for beta in BETAS:
            cut, f = choose_threshold(val, logits, beta)
            trial = args.out / f".{VERSION}-trial{n}-{beta}.npz"
            write_npz(trial, clf, blend, round(sigmoid(cut), 4), round(sigmoid(learned_cut), 4))
            try:
                scorer = LearnedCheckWorthiness(trial)
                news = news_check(scorer, scorer.threshold)
            finally:
                trial.unlink()
            passed = guard_passes(news, rules_news)
            search.append(
                {
                    "blend": blend,
                    "beta": beta,
                    "logit_cut": cut,
                    "val_f": f,
                    "passed": passed,
                    "news": news,
                }
            )
            logger.info(
                "blend %.1f beta %.2f cut %+.2f: %s %s",
                blend,
                beta,
                cut,
                "PASS" if passed else "fail",
                json.dumps(news),
            )
            if passed:
                shipped = (blend, beta, cut)
                break
        if shipped is not None:
            break
    if shipped is None:
        logger.error("no blend passes the news guard: keep the rule scorer as the default")
        return 1
    blend, beta, cut = shipped
    threshold = round(sigmoid(cut), 4)
    write_npz(npz_path, clf, blend, threshold, round(sigmoid(learned_cut), 4))
    final_val = blend * learned_val + (1 - blend) * rules_val
    validation = {
        "shipped": validation_report(val, final_val, cut),
        "learned_alone": validation_report(val, learned_val, learned_cut),
        "rules": validation_report(val, rules_val, 0.0),
    }
    card = {
        "version": VERSION,
        "weights_file": npz_path.name,
        "weights_sha256": sha256(npz_path),
        "model": "L2 logistic regression (scikit-learn liblinear, training only), blended with "
        "the rule scorer's logit; inference numpy/pure Python",
        "score": "sigmoid(blend * learned_logit + (1 - blend) * rule_logit)",
        "blend": blend,
        "threshold": {
            "value": threshold,
            "logit": cut,
            "rule": f"max F-beta (beta={beta}) on pooled ClaimBuster + PoliClaim validation, "
            "logit step 0.05; first blend/beta passing the news guard",
            "learned_alone_f1_logit_cut": learned_cut,
            "learned_alone_threshold": round(sigmoid(learned_cut), 4),
        },
        "features": {
            "feature_version": FEATURE_VERSION,
            "hashed": {
                "what": "unigrams and bigrams (with <s>/</s>) of lower-cased tokens; capitalised "
                "words after the first folded to <name>, numbers to <num>/<year>; symbols "
                "% $ € £ ? ! : ; and quote marks kept",
                "hash": "zlib.crc32(utf-8 of 'u:tok' or 'b:tok1 tok2') % dim; sign = bit 31",
                "dim": DIM,
                "scaling": "each distinct n-gram once, vector scaled by 1/sqrt(n-grams)",
            },
            "dense": list(DENSE_NAMES),
            "dense_weights": {
                n: round(float(w), 4) for n, w in zip(DENSE_NAMES, clf.coef_[0, DIM:], strict=True)
            },
            "intercept": round(float(clf.intercept_[0]), 4),
        },
        "hyperparameters": {
            "C": chosen["C"],
            "checkthat_weight": chosen["checkthat_weight"],
            "solver": "liblinear",
            "random_state": SEED,
            "grid": {"C": list(GRID_C), "checkthat_weight": list(GRID_CHECKTHAT_WEIGHT)},
            "selection": "max mean(ClaimBuster AP, PoliClaim AP, CheckThat! 2019 MAP) on "
            "validation",
        },
        "data": {
            "files": files,
            "training_sentences": {
                d: {
                    "sentences": sum(1 for it in train if it.dataset == d),
                    "positives": sum(it.label for it in train if it.dataset == d),
                }
                for d in DATASETS
            },
            "dropped_overlapping_texts": dropped,
            "split": "see scripts/train_checkworthiness.py (sha256-based, seed-free)",
        },
        "validation": validation,
        "grid": grid,
        "blend_search": search,
        "news_guard_rules": rules_news,
        "sklearn_version": sklearn_version,
    }
    (args.out / f"{VERSION}.json").write_text(
        json.dumps(card, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    logger.info("validation: %s", json.dumps(validation))
    logger.info(
        "shipped blend %.1f, threshold %.4f; wrote %s (%d bytes) and %s.json in %.1f s",
        blend,
        threshold,
        npz_path,
        npz_path.stat().st_size,
        VERSION,
        time.perf_counter() - t0,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
