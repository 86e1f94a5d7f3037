"""Plugin surfaces for agent frameworks: the LangChain tool and retriever.

The MCP server lives in :mod:`claimcheck.mcp_server` (it needs the optional ``mcp`` extra).
"""

from .langchain import (
    ClaimCheckInput,
    ClaimCheckRetriever,
    ClaimCheckTool,
    as_retriever,
    as_tool,
    compact_report,
    compact_result,
)

__all__ = [
    "ClaimCheckInput",
    "ClaimCheckRetriever",
    "ClaimCheckTool",
    "as_retriever",
    "as_tool",
    "compact_report",
    "compact_result",
]
