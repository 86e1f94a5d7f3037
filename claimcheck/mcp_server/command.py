"""``claimcheck mcp``: serve the MCP tools over stdio (registered by :mod:`claimcheck.cli`)."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..config import Settings
from ..errors import ConfigError

if TYPE_CHECKING:
    from ..pipeline import ClaimChecker

__all__ = ["mcp_command"]


def _stderr_logging(verbose: bool) -> None:
    """Log to stderr only: stdout carries the protocol."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("claimcheck-mcp %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(logging.WARNING)
    logging.getLogger("claimcheck").setLevel(logging.INFO if verbose else logging.WARNING)
    for noisy in ("chromadb", "httpx", "httpcore", "openai", "bm25s", "urllib3", "mcp"):
        logging.getLogger(noisy).setLevel(
            logging.INFO if verbose and noisy == "mcp" else logging.WARNING
        )


def mcp_command(
    store: Annotated[
        Path | None,
        typer.Option(
            "--store", help="Store folder [env CLAIMCHECK_STORE; default: per-user data folder]."
        ),
    ] = None,
    collection: Annotated[
        str | None, typer.Option("--collection", help="Chroma collection [default: evidence].")
    ] = None,
    backend: Annotated[
        str | None,
        typer.Option(
            "--backend", help="auto (openai when a key is set, else local) | local | openai."
        ),
    ] = None,
    embedder: Annotated[
        str | None,
        typer.Option(
            "--embedder", help="hash (offline, default) | openai | sentence-transformers."
        ),
    ] = None,
    chroma_url: Annotated[
        str | None,
        typer.Option("--chroma-url", help="Use a Chroma server [env CLAIMCHECK_CHROMA_URL]."),
    ] = None,
    allow_dir: Annotated[
        list[Path] | None,
        typer.Option(
            "--allow-dir",
            metavar="DIR",
            help="Folder the ingest_documents tool may read files from (repeatable); "
            "without it, only inline documents can be ingested.",
        ),
    ] = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Log tool calls to stderr.")
    ] = False,
) -> None:
    """Serve claimcheck to an assistant over the Model Context Protocol (stdio).

    Tools: check_article, verify_claim, search_evidence, ingest_documents. Logs go to stderr;
    stdout is the protocol. Point your assistant's MCP config at this command.

    Example: claimcheck mcp --store ./store --backend local --allow-dir ./docs
    """
    _stderr_logging(verbose)
    if backend not in (None, "auto", "local", "openai"):
        raise ConfigError(f"unknown backend {backend!r}: use auto, local or openai")
    try:
        from .server import build_server
    except ModuleNotFoundError as exc:  # a broken install
        if not (exc.name or "").startswith("mcp"):
            raise
        raise ConfigError(
            "the MCP server needs the mcp package (a claimcheck dependency): "
            "pip install 'mcp>=2.3,<3'"
        ) from exc
    settings = Settings.load(
        store=store,
        collection=collection,
        backend=backend,
        embedder=embedder,
        chroma_url=chroma_url,
    )

    def factory() -> ClaimChecker:
        from ..pipeline import ClaimChecker

        return ClaimChecker(settings=settings)

    for folder in allow_dir or []:
        if not folder.expanduser().is_dir():
            raise ConfigError(f"--allow-dir {folder} is not a folder")
    logging.getLogger(__name__).info(
        "serving MCP on stdio (store %s, backend %s)", settings.store, settings.resolved_backend
    )
    build_server(factory, allow_dirs=allow_dir).run("stdio")
