"""Security properties: keys never shown, no eval/pickle of untrusted data, and path-like
inputs (document ids, sources, collection names) never become paths outside the store.

HTML escaping of reports is tested in ``tests/test_render_html.py``
(``test_hostile_text_is_escaped_everywhere``); the model-call paths' key scrubbing in
``tests/test_llm_client.py`` and ``tests/test_faults_llm.py``.
"""

from __future__ import annotations

import ast
import json
import os
import pickle
from pathlib import Path

import numpy as np
import pytest
from fake_openai import FakeOpenAI, Reply

from claimcheck import ClaimChecker, Settings
from claimcheck.cli import main
from claimcheck.store import EvidenceStore

PACKAGE = Path(__file__).resolve().parents[1] / "claimcheck"
KEY = "sk-test-SECURITY-b7e1c2d9a0f34e58"


def _files(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if p.is_file()}


# ---------------------------------------------------------------------------- keys


def test_objects_users_hold_never_show_the_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    settings = Settings.load(store=tmp_path / "store", embedder="openai")
    checker = ClaimChecker(settings=settings)
    extractor, verifier = checker.extractor, checker.verifier
    store = EvidenceStore(tmp_path / "store", embedder="openai", settings=settings)
    for obj in (settings, checker, extractor, verifier, store, store.embedder):
        assert KEY not in repr(obj) and KEY not in str(obj), type(obj).__name__
    assert KEY not in settings.model_dump_json() and KEY not in json.dumps(
        settings.model_dump(mode="json")
    )


def test_embedding_errors_are_one_line_and_never_echo_the_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = tmp_path / "doc.md"
    doc.write_text("# Tower\n\nThe tower is 330 metres tall.\n")
    with FakeOpenAI() as server:  # a server that quotes the key back, as some proxies do
        server.enqueue(Reply.error(401, f"Incorrect API key provided: {KEY}"))
        server.enqueue(*[Reply.error(500, f"upstream failed for {KEY}")] * 2)
        monkeypatch.setenv("CLAIMCHECK_MAX_RETRIES", "1")
        monkeypatch.setenv("OPENAI_API_KEY", KEY)
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        args = ["ingest", str(doc), "--embedder", "openai", "--store", str(tmp_path / "s")]
        assert main(args) == 1
        first = capsys.readouterr().err
        assert main(args) == 1
        second = capsys.readouterr().err
    assert "rejected the API key" in first and "OPENAI_API_KEY" in first
    assert "HTTP 500" in second and "unexpected" not in second
    for err in (first, second):
        assert err.count("\n") == 1 and KEY not in err and KEY[8:] not in err


# ---------------------------------------------------------------------------- eval / pickle


_UNSAFE_CALLS = {
    ("", "eval"), ("", "exec"), ("", "compile"), ("", "__import__"),
    ("pickle", "load"), ("pickle", "loads"), ("pickle", "Unpickler"),
    ("marshal", "load"), ("marshal", "loads"), ("shelve", "open"),
    ("dill", "load"), ("dill", "loads"), ("joblib", "load"), ("yaml", "load"),
    ("yaml", "unsafe_load"), ("torch", "load"),
}  # fmt: skip


def _call_name(node: ast.Call) -> tuple[str, str]:
    func = node.func
    if isinstance(func, ast.Name):
        return "", func.id
    if isinstance(func, ast.Attribute):
        owner = func.value.id if isinstance(func.value, ast.Name) else ""
        return owner, func.attr
    return "", ""


def test_the_package_never_evaluates_or_unpickles_data() -> None:
    found = []
    sources = sorted(PACKAGE.rglob("*.py"))
    assert len(sources) > 40
    for path in sources:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                where = f"{path.relative_to(PACKAGE.parent)}:{node.lineno}"
                if _call_name(node) in _UNSAFE_CALLS:
                    found.append(f"{where} {'.'.join(filter(None, _call_name(node)))}()")
                for kw in node.keywords:
                    if kw.arg == "allow_pickle" and not (
                        isinstance(kw.value, ast.Constant) and kw.value.value is False
                    ):
                        found.append(f"{where} allow_pickle not False")
                    if kw.arg == "shell" and not (
                        isinstance(kw.value, ast.Constant) and kw.value.value is False
                    ):
                        found.append(f"{where} shell=True")
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [a.name for a in node.names] + [getattr(node, "module", None) or ""]
                if any(n.split(".")[0] in {"pickle", "marshal", "shelve", "dill"} for n in names):
                    found.append(
                        f"{path.relative_to(PACKAGE.parent)}:{node.lineno} imports {names}"
                    )
    assert found == []


class _Boom:
    """Unpickling this would create a file (proof that a pickle ran)."""

    def __init__(self, target: str) -> None:
        self.target = target

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.mkdir, (self.target,))


def test_a_planted_pickle_in_the_lexical_index_is_never_run(tmp_path: Path) -> None:
    store = EvidenceStore(tmp_path / "store")
    store.ingest([Path(__file__).resolve().parents[1] / "examples" / "corpus" / "eiffel-tower.md"])
    manifest = json.loads((store.lexical_dir / "manifest.json").read_text())
    version = store.lexical_dir / manifest["dir"]
    proof = tmp_path / "pwned"
    planted = np.empty(1, dtype=object)
    planted[0] = _Boom(str(proof))
    for name in ("tokens.npy", "offsets.npy"):
        np.save(version / name, planted, allow_pickle=True)  # what an attacker could write
    assert pickle.dumps(_Boom(str(proof)))  # the payload is a valid pickle
    fresh = EvidenceStore(tmp_path / "store")
    assert fresh.search("Eiffel Tower height", k=1)[0].doc_id == "eiffel-tower.md"  # rebuilt
    assert not proof.exists()


# ---------------------------------------------------------------------------- paths


_HOSTILE_IDS = [
    "../../escape", "/etc/passwd-copy", "..\\..\\windows", "a/../../b", "./.lock", "lexical",
    "chroma/chroma.sqlite3", "~/home-escape", "%2e%2e%2fencoded", "con", "x" * 400, "ünï/cödé",
]  # fmt: skip


def test_document_ids_and_sources_never_become_paths(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    corpus = tmp_path / "hostile.jsonl"
    rows = [
        {"id": doc_id, "text": f"Document {n} says the reservoir holds {n + 1},000 litres.",
         "title": doc_id, "url": f"file:///{doc_id}"}
        for n, doc_id in enumerate(_HOSTILE_IDS)
    ]  # fmt: skip
    corpus.write_text("".join(json.dumps(r) + "\n" for r in rows))
    store = tmp_path / "store"
    before = _files(tmp_path)
    assert main(["ingest", str(corpus), "--store", str(store)]) == 0
    assert "added 12" in capsys.readouterr().out
    batch = tmp_path / "articles.jsonl"
    batch.write_text(
        "".join(json.dumps({"id": i, "source": i, "text": f"The reservoir holds {n + 1},000 "
                            "litres."}) + "\n" for n, i in enumerate(_HOSTILE_IDS))
    )  # fmt: skip
    out = tmp_path / "results.jsonl"
    assert main(["check", str(batch), "--out", str(out), "--store", str(store),
                 "--backend", "local"]) == 0  # fmt: skip
    created = _files(tmp_path) - before - {batch, out}
    outside = [p for p in created if store not in p.parents]
    assert outside == [] and _files(work) == set()
    opened = EvidenceStore(store)
    for row in rows:  # the ids are data: stored and returned verbatim
        got = opened.get_document(row["id"])
        assert got is not None and got.text == row["text"]
    reports = [json.loads(line) for line in out.read_text().splitlines()]
    assert sorted(r["article"]["id"] for r in reports) == sorted(_HOSTILE_IDS)


@pytest.mark.parametrize(
    "name", ["../evil", "/abs", "a/b", "..", ".hidden", "x", "a\\b", "ok\x00", "é-col", "y" * 513]
)
def test_collection_names_are_validated_before_anything_is_written(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_text("The dam is 100 metres high.")
    code = main(["ingest", str(doc), "--store", str(tmp_path / "store"), "--collection", name])
    err = capsys.readouterr().err
    assert code == 1 and "invalid collection name" in err and "--collection" in err
    assert not (tmp_path / "store").exists()


@pytest.mark.parametrize(
    "url", ["http://..:8000", "http://a%2F..%2Fb:8000", "http://[::1]:8000", "https://h.example"]
)
def test_a_server_url_never_moves_the_lexical_cache_out_of_the_store(
    url: str, tmp_path: Path
) -> None:
    store = EvidenceStore(tmp_path / "store", chroma_url=url)
    assert store.lexical_dir.parent == tmp_path / "store" / "lexical"
    assert store.lexical_dir.name.startswith("evidence@") and store.lexical_dir.name != ".."
