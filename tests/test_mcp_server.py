"""``claimcheck mcp`` as a subprocess, driven by the official MCP SDK's own stdio client.

The scenario: initialize; list the four tools and their schemas; a call against the empty store
comes back as a tool error; ingest the demo corpus by path and a document inline; check the demo
article, verify a claim, search the evidence; bad calls (refused path, invalid arguments, an
unknown tool) are tool errors, and the server still answers afterwards.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import anyio
import pytest
from demo_support import ARTICLE, CORPUS, ROOT

from claimcheck.cli import main
from claimcheck.models import ClaimResult, IngestStats, Report

pytest.importorskip("mcp", reason="the mcp extra is not installed (pip install -e '.[mcp]')")
from mcp import ClientSession, StdioServerParameters, stdio_client  # noqa: E402
from mcp.client.stdio import get_default_environment  # noqa: E402

pytestmark = [pytest.mark.slow, pytest.mark.network_server]

TOOLS = {"check_article", "verify_claim", "search_evidence", "ingest_documents"}
LABELS = {"supported", "refuted", "conflicting", "not_enough_evidence"}


def _server(store: Path) -> StdioServerParameters:
    script = Path(sys.executable).with_name("claimcheck")
    command, args = (str(script), []) if script.exists() else (sys.executable, ["-m", "claimcheck"])
    env = get_default_environment() | {
        "CLAIMCHECK_ENV_FILE": "",
        "ANONYMIZED_TELEMETRY": "False",
        "NO_COLOR": "1",
        "XDG_DATA_HOME": str(store.parent / "xdg"),
    }
    return StdioServerParameters(
        command=command,
        args=[
            *args,
            "mcp",
            "--store",
            str(store),
            "--backend",
            "local",
            "--allow-dir",
            str(CORPUS),
            "-v",
        ],
        env=env,
        cwd=str(ROOT),
    )


def _text(result: Any) -> str:
    return "".join(getattr(block, "text", "") for block in result.content)


async def _scenario(store: Path, errlog: Path) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    with errlog.open("w") as err, anyio.fail_after(240):
        async with (
            stdio_client(_server(store), errlog=err) as (read, write),
            ClientSession(read, write) as session,
        ):
            init = await session.initialize()
            seen["server"] = init.server_info.name
            seen["instructions"] = init.instructions or ""
            seen["tools"] = {t.name: t for t in (await session.list_tools()).tools}

            # the store is empty: a tool error that says what to do, not a dead server
            seen["empty"] = await session.call_tool("check_article", {"text": ARTICLE.read_text()})

            seen["ingest_paths"] = await session.call_tool(
                "ingest_documents", {"paths": [str(CORPUS)]}
            )
            seen["ingest_refused"] = await session.call_tool(
                "ingest_documents", {"paths": ["/etc"]}
            )
            doc = {
                "id": "mcp-inline-1",
                "text": "The Kyiv Metro opened in 1960. It has three lines.",
                "title": "Inline document",
                "url": "https://example.org/kyiv-metro",
            }
            seen["ingest_inline"] = await session.call_tool(
                "ingest_documents", {"documents": [doc]}
            )
            seen["ingest_again"] = await session.call_tool("ingest_documents", {"documents": [doc]})

            seen["check"] = await session.call_tool(
                "check_article", {"text": ARTICLE.read_text(), "source": "examples/article.txt"}
            )
            seen["verify"] = await session.call_tool(
                "verify_claim",
                {"claim": "The land border between Russia and Ukraine is 1,974 km long."},
            )
            seen["search"] = await session.call_tool(
                "search_evidence", {"query": "When did the Kyiv Metro open?", "k": 3}
            )

            seen["bad_args"] = await session.call_tool("verify_claim", {"claim": ""})
            seen["bad_type"] = await session.call_tool(
                "search_evidence", {"query": "x", "k": "many"}
            )
            seen["unknown"] = await session.call_tool("delete_everything", {})
            seen["alive"] = await session.call_tool(
                "search_evidence", {"query": "Finland NATO", "k": 2}
            )
    return seen


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    base = tmp_path_factory.mktemp("mcp")
    errlog = base / "server-stderr.log"
    seen = anyio.run(_scenario, base / "store", errlog)
    seen["stderr"] = errlog.read_text(encoding="utf-8", errors="replace")
    return seen


def test_initialize_and_list_tools_with_schemas(scenario: dict[str, Any]) -> None:
    assert scenario["server"] == "claimcheck"
    assert "check_article" in scenario["instructions"]
    tools = scenario["tools"]
    assert set(tools) == TOOLS
    for tool in tools.values():
        assert tool.description and tool.input_schema["type"] == "object"
        assert tool.output_schema and tool.output_schema["type"] == "object"
    assert tools["check_article"].input_schema["required"] == ["text"]
    assert set(tools["check_article"].output_schema["properties"]) >= set(Report.model_fields)
    assert set(tools["verify_claim"].output_schema["properties"]) >= set(ClaimResult.model_fields)
    assert set(tools["ingest_documents"].output_schema["properties"]) >= set(
        IngestStats.model_fields
    )
    doc_schema = tools["ingest_documents"].input_schema["$defs"]["Document"]
    assert set(doc_schema["required"]) == {"id", "text"}
    assert tools["check_article"].annotations.read_only_hint is True
    assert tools["ingest_documents"].annotations.read_only_hint is False


def test_empty_store_is_a_tool_error_with_the_fix(scenario: dict[str, Any]) -> None:
    empty = scenario["empty"]
    assert empty.is_error is True
    assert "claimcheck ingest" in _text(empty)


def test_ingest_by_path_and_inline_idempotent(scenario: dict[str, Any]) -> None:
    stats = IngestStats.model_validate(scenario["ingest_paths"].structured_content)
    files = [p for p in CORPUS.rglob("*") if p.suffix in {".md", ".txt", ".jsonl", ".html", ".htm"}]
    assert scenario["ingest_paths"].is_error is False
    assert stats.added == len(files) and stats.failed == 0 and stats.passages > 0
    refused = scenario["ingest_refused"]
    assert refused.is_error is True and "outside the allowed folders" in _text(refused)
    inline = IngestStats.model_validate(scenario["ingest_inline"].structured_content)
    again = IngestStats.model_validate(scenario["ingest_again"].structured_content)
    assert (inline.added, again.added, again.unchanged) == (1, 0, 1)


def test_check_verify_search_return_structured_results(scenario: dict[str, Any]) -> None:
    check = scenario["check"]
    assert check.is_error is False
    report = Report.model_validate(check.structured_content)
    assert report.claims and report.article.source == "examples/article.txt"
    assert json.loads(_text(check)) == check.structured_content  # the text block is the same JSON
    article = ARTICLE.read_text()
    for claim in report.claims:
        assert 0 <= claim.span.start < claim.span.end <= len(article)

    result = ClaimResult.model_validate(scenario["verify"].structured_content)
    assert result.verdict is not None and result.verdict.label.value in LABELS

    search = scenario["search"].structured_content
    assert search["query"] == "When did the Kyiv Metro open?" and len(search["passages"]) == 3
    assert "mcp-inline-1" in {
        p["doc_id"] for p in search["passages"]
    }  # the inline document is searchable


def test_bad_calls_are_tool_errors_and_the_server_stays_up(scenario: dict[str, Any]) -> None:
    for key in ("bad_args", "bad_type", "unknown"):
        assert scenario[key].is_error is True, key
        assert _text(scenario[key]), key
    assert "claim" in _text(scenario["bad_args"])
    alive = scenario["alive"]
    assert alive.is_error is False and len(alive.structured_content["passages"]) == 2
    # logs went to stderr (stdout carried only the protocol, or the client would have failed)
    assert "serving MCP on stdio" in scenario["stderr"]


def test_mcp_command_help_and_bad_allow_dir(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code = main(["mcp", "--help"])
    out = capsys.readouterr().out
    assert code == 0 and "Example: claimcheck mcp --store" in out and "--allow-dir" in out
    assert main(["mcp", "--store", str(tmp_path), "--allow-dir", str(tmp_path / "nope")]) == 1
    assert "is not a folder" in capsys.readouterr().err
