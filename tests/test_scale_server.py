"""Server mode against a real ``chroma run`` (no mock of Chroma): the same results as an
embedded store, the lexical index rebuilt from the server and cached locally per collection
fingerprint, and several checker processes sharing one server while another process ingests."""

from __future__ import annotations

import json
import subprocess
import uuid
from pathlib import Path
from typing import Any

import pytest
from chroma_server import ChromaServer, chroma_server  # noqa: F401 - the fixture
from conftest import EXAMPLES
from scale_support import cli, ingest_script, synthetic_docs, wait_for_line, write_jsonl

from claimcheck.cli import main
from claimcheck.models import Document
from claimcheck.store import EvidenceStore

pytestmark = [pytest.mark.network_server]

CORPUS = EXAMPLES / "corpus"
ARTICLE = EXAMPLES / "article.txt"
CLAIMS = EXAMPLES / "claims.jsonl"


def _collection() -> str:
    return f"t-{uuid.uuid4().hex[:12]}"


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    code = main(list(args))
    out = capsys.readouterr()
    assert code == 0, out.err
    return out.out


def _essence(claims: list[dict[str, Any]]) -> list[Any]:
    """What must not depend on where the passages live (timings may)."""
    return [
        (
            c["id"], c["text"], c["span"], c["status"], c["verdict"],
            [(x["doc_id"], x["passage_id"], x["start"], x["end"], x["quote"], x["stance"],
              x["score"]) for x in c["citations"]],
        )
        for c in claims
    ]  # fmt: skip


def test_server_mode_gives_the_same_verdicts_and_citations_as_embedded_mode(
    chroma_server: ChromaServer,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    name = _collection()
    remote = [
        "--chroma-url",
        chroma_server.url,
        "--collection",
        name,
        "--store",
        str(tmp_path / "cache"),
    ]
    local = ["--store", str(tmp_path / "embedded")]
    for where in (remote, local):
        _run(capsys, "ingest", str(CORPUS), *where)
    reports, verified, infos = [], [], []
    for where in (remote, local):
        out = _run(capsys, "check", str(ARTICLE), "--backend", "local", "--format", "json", *where)
        reports.append(json.loads(out))
        out = _run(capsys, "verify", "--input", str(CLAIMS), "--format", "jsonl", *where)
        verified.append([json.loads(line) for line in out.splitlines()])
        infos.append(json.loads(_run(capsys, "store", "info", "--format", "json", *where)))
    server, embedded = reports
    assert server["claims"], "the demo article has claims"
    assert _essence(server["claims"]) == _essence(embedded["claims"])
    assert server["summary"] == embedded["summary"]
    assert _essence(verified[0]) == _essence(verified[1])
    assert infos[0]["path"] == chroma_server.url
    for key in ("documents", "passages", "embedder", "dimension", "lexical_index"):
        assert infos[0][key] == infos[1][key], key
    # the server really holds the passages (and the embedded folder holds none of the server's)
    assert not (tmp_path / "cache" / "chroma").exists()


def test_the_lexical_index_is_rebuilt_from_the_server_and_cached_per_fingerprint(
    chroma_server: ChromaServer,  # noqa: F811
    tmp_path: Path,
) -> None:
    name = _collection()
    writer = EvidenceStore(tmp_path / "writer", collection=name, chroma_url=chroma_server.url)
    assert writer.ingest([CORPUS]).added == 21
    # a checker on another machine: an empty cache folder
    reader = EvidenceStore(tmp_path / "reader", collection=name, chroma_url=chroma_server.url)
    assert reader.info().lexical_index == "missing"
    assert (
        reader.search("land border Russia Ukraine kilometres", k=1)[0].doc_id == "border-length.md"
    )
    assert reader.lexical_dir.name == f"{name}@127.0.0.1-{chroma_server.port}"
    manifest = json.loads((reader.lexical_dir / "manifest.json").read_text())
    collection = reader._read_collection()
    assert manifest["collection_id"] == str(collection.id)
    assert manifest["epoch"] == collection.metadata["epoch"]
    assert manifest["count"] == collection.count() == reader.info().passages

    # the next process finds the cache fresh and does not rebuild it
    again = EvidenceStore(tmp_path / "reader", collection=name, chroma_url=chroma_server.url)
    assert again.info().lexical_index == "fresh"
    again.search("Eiffel Tower height", k=3)
    assert json.loads((again.lexical_dir / "manifest.json").read_text())["dir"] == manifest["dir"]

    # another process ingests: the cached index no longer matches the server's collection
    new = Document(
        id="zeppelin",
        title="Airship hangar",
        text="The airship hangar at Brand near Berlin is 360 metres long and now holds a "
        "tropical indoor resort.",
    )
    assert writer.ingest_documents([new]).added == 1
    assert again.info().lexical_index == "stale"
    hits = again.search("airship hangar Brand tropical resort", k=1)
    assert hits[0].doc_id == "zeppelin"  # rebuilt from the server's collection
    rebuilt = json.loads((again.lexical_dir / "manifest.json").read_text())
    assert rebuilt["count"] == manifest["count"] + 1 and rebuilt["dir"] != manifest["dir"]

    # the collection recreated under the same name (a new id): the cache is stale again
    writer._get_client().delete_collection(name)
    assert writer.ingest([CORPUS]).added == 21
    assert again.info().lexical_index == "stale"
    assert (
        again.search("Peskov reply Biden conditions", k=1)[0].doc_id == "peskov-reply-2022-12-02.md"
    )


@pytest.mark.slow
def test_several_checkers_share_one_server_while_another_process_ingests(
    chroma_server: ChromaServer,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    name = _collection()
    url = chroma_server.url
    _run(capsys, "ingest", str(CORPUS), "--chroma-url", url, "--collection", name,
         "--store", str(tmp_path / "first"))  # fmt: skip
    extra = synthetic_docs(400)
    corpus = write_jsonl(tmp_path / "extra.jsonl", extra)
    ingest = subprocess.Popen(  # noqa: S603 - our own code
        ingest_script(tmp_path / "ingester", corpus, f"chroma_url={url}", f"collection={name}"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    checks: list[subprocess.Popen[str]] = []
    try:
        wait_for_line(ingest, lambda f: f[0] == "embed")  # writing to the server from now on
        shared_cache = tmp_path / "checkers"  # both checkers share one local cache folder
        for _ in range(2):
            checks.append(
                cli("check", str(ARTICLE), "--backend", "local", "--format", "json",
                    "--chroma-url", url, "--collection", name, "--store", str(shared_cache))
            )  # fmt: skip
        assert ingest.poll() is None, "the checkers start while the ingest is writing"
        results = [proc.communicate(timeout=180) for proc in checks]
        ingest_out, ingest_err = ingest.communicate(timeout=180)
    finally:
        for proc in [ingest, *checks]:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    assert ingest.returncode == 0, ingest_err
    assert ingest_out.strip().splitlines()[-1] == "done 400 0"
    store = EvidenceStore(tmp_path / "after", collection=name, chroma_url=url)
    for proc, (out, err) in zip(checks, results, strict=True):
        assert proc.returncode == 0, err
        report = json.loads(out)
        assert report["claims"] and report["summary"]["errors"] == 0
        for claim in report["claims"]:
            for citation in claim["citations"]:
                doc = store.get_document(citation["doc_id"])
                assert doc is not None
                assert doc.text[citation["start"] : citation["end"]] == citation["quote"]
    assert store.info().documents == 21 + 400
    first_sentence = extra[399]["text"].split(" metres, ")[0]
    assert store.search(first_sentence + " record 399-0", k=1)[0].doc_id == "doc-00399"
    assert store.info().lexical_index == "fresh"
