"""LangChain surfaces driven through LangChain's own interfaces: the Runnable, the tool (directly
and in an agent-style loop with a fake tool-calling chat model), and the retriever."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest
from demo_support import CORPUS, build_demo_checker, demo_article, demo_checker  # noqa: F401
from langchain_core.documents import Document
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage
from langchain_core.runnables import RunnableLambda
from langchain_core.utils.function_calling import convert_to_openai_tool

from claimcheck import ClaimChecker, ClaimResult, Report, Settings
from claimcheck.integrations import ClaimCheckRetriever, ClaimCheckTool, as_retriever, as_tool

LABELS = {"supported", "refuted", "conflicting", "not_enough_evidence"}
BORDER_CLAIM = "The land border between Russia and Ukraine is 1,974 km long."
PARAGRAPH = (
    "The land border between Russia and Ukraine is about 2,000 km long. "
    "Russia launched its full-scale invasion of Ukraine on 24 February 2022."
)

pytestmark = pytest.mark.slow


# --------------------------------------------------------------------------- Runnable


def test_runnable_invoke_batch_and_ainvoke(demo_checker: ClaimChecker, demo_article: str) -> None:  # noqa: F811
    runnable = demo_checker.as_runnable()
    one = runnable.invoke(PARAGRAPH)
    assert isinstance(one, Report) and len(one.claims) >= 2
    batch = runnable.batch([PARAGRAPH, demo_article])
    assert [type(r) for r in batch] == [Report, Report]
    assert [c.verdict for c in batch[0].claims] == [c.verdict for c in one.claims]
    assert batch[1].article.sha256 != batch[0].article.sha256
    again = asyncio.run(runnable.ainvoke(PARAGRAPH))
    assert [(c.id, c.verdict) for c in again.claims] == [(c.id, c.verdict) for c in one.claims]
    # composes like any Runnable
    labels = (
        runnable | RunnableLambda(lambda r: [c.verdict.label.value for c in r.claims if c.verdict])
    ).invoke(PARAGRAPH)
    assert set(labels) <= LABELS and labels


# --------------------------------------------------------------------------- tool


def test_tool_name_description_and_schema(demo_checker: ClaimChecker) -> None:  # noqa: F811
    tool = as_tool(demo_checker)
    assert isinstance(tool, ClaimCheckTool) and tool.name == "claimcheck"
    assert "supported, refuted, conflicting or not_enough_evidence" in tool.description
    spec = convert_to_openai_tool(tool)["function"]
    assert spec["name"] == "claimcheck"
    params = spec["parameters"]
    assert params["required"] == ["text"]
    assert params["properties"]["mode"]["enum"] == ["check", "verify"]


def test_tool_invoke_verify_and_check(demo_checker: ClaimChecker) -> None:  # noqa: F811
    tool = as_tool(demo_checker)
    verdict = json.loads(tool.invoke({"text": BORDER_CLAIM, "mode": "verify"}))
    assert verdict["claim"] == BORDER_CLAIM and verdict["verdict"] in LABELS
    assert 0.0 <= verdict["confidence"] <= 1.0 and verdict["rationale"]
    for item in verdict["evidence"]:
        assert set(item) >= {"quote", "stance", "source"}

    report = json.loads(tool.invoke({"text": PARAGRAPH}))  # mode defaults to check
    assert report["claims_checked"] == len(report["claims"]) >= 2
    assert sum(report["summary"].values()) == report["claims_checked"]
    assert {c["verdict"] for c in report["claims"]} <= LABELS | {"error"}


def test_tool_errors_are_messages_not_crashes(tmp_path: Path, demo_checker: ClaimChecker) -> None:  # noqa: F811
    tool = as_tool(demo_checker)
    assert tool.invoke({"text": "   ", "mode": "verify"}).startswith("claimcheck error: claim")
    assert tool.invoke({"text": "x", "mode": "judge"}).startswith("invalid tool arguments (mode")
    empty = ClaimChecker(
        settings=Settings.load(env_file="", store=tmp_path / "empty", backend="local")
    )
    message = as_tool(empty).invoke(
        {
            "type": "tool_call",
            "id": "call_9",
            "name": "claimcheck",
            "args": {"text": BORDER_CLAIM, "mode": "verify"},
        }
    )
    assert isinstance(message, ToolMessage) and message.status == "error"
    assert "claimcheck ingest" in str(message.content)


class ToolCallingFake(GenericFakeChatModel):
    """GenericFakeChatModel with bind_tools (as a real chat model has) and a record of its input."""

    seen: list[list[BaseMessage]] = []

    def bind_tools(self, tools: Any, **kwargs: Any) -> Any:
        return self.bind(tools=[convert_to_openai_tool(t) for t in tools], **kwargs)

    def _generate(self, messages: list[BaseMessage], *args: Any, **kwargs: Any) -> Any:
        self.seen.append(list(messages))
        return super()._generate(messages, *args, **kwargs)


def test_agent_loop_with_a_fake_tool_calling_model(demo_checker: ClaimChecker) -> None:  # noqa: F811
    tool = as_tool(demo_checker)
    call = {
        "name": "claimcheck",
        "args": {"text": BORDER_CLAIM, "mode": "verify"},
        "id": "call_1",
        "type": "tool_call",
    }
    model = ToolCallingFake(
        messages=iter(
            [AIMessage(content="", tool_calls=[call]), AIMessage(content="Checked it for you.")]
        ),
        seen=[],
    )
    bound = model.bind_tools([tool])
    assert bound.kwargs["tools"][0]["function"]["name"] == "claimcheck"  # type: ignore[attr-defined]

    messages: list[BaseMessage] = [HumanMessage(f"Is it true that {BORDER_CLAIM}")]
    ai = bound.invoke(messages)
    assert isinstance(ai, AIMessage) and ai.tool_calls[0]["name"] == "claimcheck"
    messages.append(ai)
    tools = {tool.name: tool}
    for tool_call in ai.tool_calls:
        messages.append(tools[tool_call["name"]].invoke(tool_call))
    final = bound.invoke(messages)

    result = messages[-1]
    assert isinstance(result, ToolMessage)
    assert (
        result.tool_call_id == "call_1"
        and result.name == "claimcheck"
        and result.status == "success"
    )
    payload = json.loads(str(result.content))
    assert payload["verdict"] in LABELS
    assert isinstance(result.artifact, ClaimResult)  # the full result rides along for the app
    assert (
        result.artifact.verdict is not None
        and result.artifact.verdict.label.value == payload["verdict"]
    )
    for quote, citation in zip(payload["evidence"], result.artifact.citations, strict=False):
        assert citation.quote.startswith(quote["quote"].rstrip("…"))
    # the model's second turn saw the tool's answer
    assert model.seen[-1][-1] == result
    assert final.content == "Checked it for you."


# --------------------------------------------------------------------------- retriever


def test_retriever_returns_documents_with_offsets(demo_checker: ClaimChecker) -> None:  # noqa: F811
    retriever = as_retriever(demo_checker, k=3)
    assert isinstance(retriever, ClaimCheckRetriever)
    docs = retriever.invoke("length of the land border between Russia and Ukraine in km")
    assert len(docs) == 3 and all(isinstance(d, Document) for d in docs)
    top = docs[0]
    assert top.metadata["doc_id"].startswith("border-length")
    assert set(top.metadata) == {"doc_id", "passage_id", "title", "url", "start", "end", "score"}
    assert top.id == top.metadata["passage_id"]
    for doc in docs:
        assert doc.metadata["end"] - doc.metadata["start"] == len(doc.page_content)
    scores = [d.metadata["score"] for d in docs]
    assert scores == sorted(scores, reverse=True)
    # the file the passage came from holds it verbatim at those offsets
    source = next(CORPUS.glob(top.metadata["doc_id"].split("#")[0] + "*"), None)
    if source is not None and source.suffix in {".md", ".txt"}:
        assert top.page_content in source.read_text(encoding="utf-8")

    batched = retriever.batch(["Crimea annexation", "Finland joined NATO"])
    assert [len(b) for b in batched] == [3, 3]
    again = asyncio.run(
        retriever.ainvoke("length of the land border between Russia and Ukraine in km")
    )
    assert [d.id for d in again] == [d.id for d in docs]
    chain = retriever | RunnableLambda(lambda found: [d.metadata["doc_id"] for d in found])
    assert chain.invoke("Finland joined NATO")[0].startswith("finland")


def test_tool_and_retriever_are_exported_and_build_from_a_store_path(tmp_path: Path) -> None:
    checker = build_demo_checker(tmp_path / "store")
    tool = ClaimCheckTool(checker=checker, name="fact_check", max_citations=1)
    assert tool.name == "fact_check"
    out = json.loads(tool.invoke({"text": BORDER_CLAIM, "mode": "verify"}))
    assert len(out["evidence"]) <= 1
