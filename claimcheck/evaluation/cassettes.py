"""Recorded model calls for ``--backend openai`` evals (vcrpy cassettes under ``evals/cassettes/``).

Replay is the default: every HTTP request the OpenAI engine makes must be found in the cassette
(matched on method, path, query and JSON body — not on host, so ``OPENAI_BASE_URL`` does not
matter), and nothing goes to the network. A request that is not in the cassette is collected
and reported as one clear error after the run. ``--record`` (needs a key) sends the requests to
the real server and rewrites the cassette.

Cassettes are readable YAML: JSON bodies are stored parsed (``json:`` instead of an escaped
string), secrets and noisy headers are dropped (``authorization``, ``api-key``,
``openai-organization``, ``openai-project``, cookies, request ids, content length/encoding).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ConfigError, UserError

__all__ = ["CassetteSession", "model_cassette", "readable_serializer"]

log = logging.getLogger(__name__)

_DROP_REQUEST_HEADERS = (
    "authorization", "api-key", "openai-organization", "openai-project", "cookie", "host",
    "user-agent", "content-length", "accept-encoding", "connection", "x-stainless-",
)  # fmt: skip
"""Request headers never written (names, or prefixes ending in ``-``)."""
_DROP_RESPONSE_HEADERS = {
    "set-cookie",
    "openai-organization",
    "openai-project",
    "x-request-id",
    "cf-ray",
    "content-length",
    "content-encoding",
    "transfer-encoding",
    "date",
    "server",
    "alt-svc",
    "strict-transport-security",
    "x-content-type-options",
}


class readable_serializer:  # noqa: N801 - a serializer "module" for vcrpy
    """vcrpy serializer: YAML with JSON bodies stored parsed, so cassettes can be reviewed."""

    @staticmethod
    def serialize(cassette_dict: dict[str, Any]) -> str:
        import yaml

        data = json.loads(json.dumps(cassette_dict, default=_bytes_to_str))
        for interaction in data.get("interactions", []):
            for part in ("request", "response"):
                holder = interaction.get(part, {})
                body = holder.get("body")
                text = body.get("string") if isinstance(body, dict) else body
                if isinstance(text, str) and text.strip().startswith(("{", "[")):
                    try:
                        parsed = json.loads(text)
                    except ValueError:
                        continue
                    if isinstance(body, dict):
                        holder["body"] = {"json": parsed}
                    else:
                        holder["body"] = {"json": parsed, "_plain": True}
        return str(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100))

    @staticmethod
    def deserialize(cassette_string: str) -> dict[str, Any]:
        import yaml

        data: dict[str, Any] = yaml.safe_load(cassette_string) or {}
        for interaction in data.get("interactions", []):
            for part in ("request", "response"):
                holder = interaction.get(part, {})
                body = holder.get("body")
                if isinstance(body, dict) and "json" in body:
                    text = json.dumps(body["json"], ensure_ascii=False)
                    holder["body"] = text if body.get("_plain") else {"string": text}
        return data


def _bytes_to_str(value: Any) -> Any:
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    raise TypeError(f"cannot serialise {type(value).__name__}")


def _scrub_request(request: Any) -> Any:
    for name in list(request.headers):
        low = name.lower()
        if any(low == d or (d.endswith("-") and low.startswith(d)) for d in _DROP_REQUEST_HEADERS):
            del request.headers[name]
    return request


def _scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    headers = response.get("headers") or {}
    response["headers"] = {
        k: v for k, v in headers.items() if k.lower() not in _DROP_RESPONSE_HEADERS
    }
    return response


@dataclass
class CassetteSession:
    """An open cassette: where it is, whether it records, which requests it could not answer."""

    path: Path
    record: bool
    misses: list[str] = field(default_factory=list)
    played: int = 0
    recorded: int = 0

    def miss_error(self) -> UserError:
        """The error to raise when requests were missing from the cassette."""
        return UserError(
            f"{len(self.misses)} model call(s) are not in the cassette {self.path} (the prompts, "
            "the model or the eval inputs changed since it was recorded): re-record it with the "
            "same command plus --record (needs OPENAI_API_KEY)"
        )


@contextmanager
def model_cassette(path: Path, *, record: bool) -> Iterator[CassetteSession]:
    """Route the process's HTTP calls through the cassette at ``path`` while the block runs.

    Raises:
        ConfigError: replay was asked for and the cassette does not exist.
    """
    try:
        import vcr
    except ImportError:  # vcrpy ships with the dev extra
        raise ConfigError(
            "--backend openai evals replay recorded calls with vcrpy: pip install vcrpy "
            "(or install claimcheck with its dev extra)"
        ) from None

    if not record and not path.is_file():
        raise ConfigError(
            f"no recorded model calls at {path}: record them by adding --record "
            "(needs OPENAI_API_KEY), or use --backend local"
        )
    if record:
        path.parent.mkdir(parents=True, exist_ok=True)
    recorder = vcr.VCR(
        serializer="claimcheck-yaml",
        record_mode="all" if record else "none",
        match_on=["method", "path", "query", "body"],
        before_record_request=_scrub_request,
        before_record_response=_scrub_response,
        decode_compressed_response=True,
    )
    recorder.register_serializer("claimcheck-yaml", readable_serializer)
    session = CassetteSession(path=path, record=record)
    with recorder.use_cassette(str(path)) as cassette:
        original = cassette.can_play_response_for

        def spy(request: Any) -> bool:
            ok = bool(original(request))
            if not ok and not record:
                session.misses.append(f"{request.method} {request.path}")
                log.debug("not in cassette %s: %s %s", path, request.method, request.path)
            return ok

        cassette.can_play_response_for = spy
        try:
            yield session
        finally:
            session.played = cassette.play_count
            session.recorded = len(cassette.data) if record else 0
