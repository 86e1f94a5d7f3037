"""A real Chroma server for integration tests: ``chroma run --path TMP --port FREE``.

The ``chroma`` console script of the installed chromadb package (``.venv/bin/chroma``, a Rust
server) listens on 127.0.0.1 only; it needs no network and sends no telemetry (the Rust server
has none unless an OpenTelemetry endpoint is configured; ``ANONYMIZED_TELEMETRY=False`` is set
anyway). :func:`chroma_server` is a session fixture: started once, stopped at the end; tests
that use it get a clear skip when the CLI is missing or cannot start.

Use it from a test module with ``from chroma_server import chroma_server  # noqa: F401``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

__all__ = ["ChromaServer", "chroma_executable", "chroma_server", "free_port"]

STARTUP_TIMEOUT_S = 60.0


def chroma_executable() -> str | None:
    """The ``chroma`` console script next to this interpreter, else on ``PATH``."""
    beside = Path(sys.executable).parent / "chroma"
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which("chroma")


def free_port() -> int:
    """A TCP port that is free on 127.0.0.1 right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ChromaServer:
    """One ``chroma run`` process on 127.0.0.1.

    Attributes:
        url: ``http://127.0.0.1:PORT`` (what ``--chroma-url`` takes).
        path: the server's persistence folder.
        log: the server's stdout/stderr file.
    """

    def __init__(self, path: Path, port: int | None = None) -> None:
        self.path = path
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = path.parent / f"{path.name}.log"
        self._proc: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = STARTUP_TIMEOUT_S) -> ChromaServer:
        """Start the server and wait for its heartbeat.

        Raises:
            RuntimeError: the CLI is missing, exits, or never answers (with its log).
        """
        exe = chroma_executable()
        if exe is None:
            raise RuntimeError("the `chroma` command of the chromadb package is not installed")
        env = {k: v for k, v in os.environ.items() if not k.startswith("CHROMA_")}
        env.update(ANONYMIZED_TELEMETRY="False", NO_COLOR="1")
        args = [exe, "run", "--path", str(self.path), "--port", str(self.port)]
        args += ["--host", "127.0.0.1"]
        with self.log.open("wb") as log:
            self._proc = subprocess.Popen(  # noqa: S603 - the chromadb CLI, fixed arguments
                args, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise RuntimeError(
                    f"`chroma run` exited with {self._proc.returncode}: {self.tail()}"
                )
            if self.heartbeat():
                return self
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"`chroma run` did not answer within {timeout:g}s: {self.tail()}")

    def heartbeat(self) -> bool:
        """Whether the server answers ``GET /api/v2/heartbeat``."""
        try:
            with urllib.request.urlopen(f"{self.url}/api/v2/heartbeat", timeout=2) as reply:  # noqa: S310
                return bool(reply.status == 200)
        except OSError:
            return False

    def tail(self, chars: int = 2000) -> str:
        """The end of the server's log."""
        try:
            return self.log.read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL after 10 s)."""
        proc, self._proc = self._proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)

    @property
    def pid(self) -> int | None:
        """The server's process id while it runs."""
        return self._proc.pid if self._proc is not None else None


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChromaServer]:
    """A Chroma server for the whole session (skips the tests when it cannot start)."""
    server = ChromaServer(tmp_path_factory.mktemp("chroma-server") / "data")
    try:
        server.start()
    except RuntimeError as exc:
        pytest.skip(f"cannot start a Chroma server with `chroma run`: {exc}")
    try:
        yield server
    finally:
        with contextlib.suppress(Exception):
            server.stop()
