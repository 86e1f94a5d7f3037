"""``--download``: fetch the official SciFact release for users without ``../shared/datasets``.

The release tarball (:data:`SCIFACT_URL`, published by AllenAI with the SciFact paper) holds
``data/corpus.jsonl`` and ``data/claims_{train,dev,test}.jsonl``; it is extracted to
``CACHE/downloads/scifact/`` and reused on later runs. Never run in CI or tests.
"""

from __future__ import annotations

import logging
import shutil
import tarfile
import tempfile
import urllib.request
from pathlib import Path

from ..errors import RuntimeFailure
from .stores import ProgressCallback

__all__ = ["SCIFACT_URL", "download_scifact"]

log = logging.getLogger(__name__)

SCIFACT_URL = "https://scifact.s3-us-west-2.amazonaws.com/release/latest/data.tar.gz"
_NEEDED = ("corpus.jsonl", "claims_train.jsonl")


def download_scifact(
    cache_dir: Path, *, url: str = SCIFACT_URL, progress: ProgressCallback | None = None
) -> Path:
    """The folder holding SciFact's ``corpus.jsonl`` and ``claims_*.jsonl`` (downloaded once).

    Raises:
        RuntimeFailure: the download or the extraction failed (the message says what to try).
    """
    target = cache_dir / "downloads" / "scifact"
    if all((target / name).is_file() for name in _NEEDED):
        return target
    if not url.startswith("https://"):
        raise RuntimeFailure(f"refusing to download SciFact from a non-https URL: {url}")
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        archive = Path(tmp) / "data.tar.gz"
        try:
            with urllib.request.urlopen(url, timeout=60) as response, archive.open("wb") as fh:  # noqa: S310
                total = int(response.headers.get("Content-Length") or 0) or None
                done = 0
                while block := response.read(1 << 16):
                    fh.write(block)
                    done += len(block)
                    if progress is not None:
                        progress("download", done, total)
            with tarfile.open(archive) as tar:
                tar.extractall(Path(tmp) / "x", filter="data")
        except (OSError, tarfile.TarError) as exc:
            raise RuntimeFailure(
                f"could not download SciFact from {url} ({exc}): check the connection, or get the "
                "files yourself and pass --data DIR"
            ) from None
        found = next((p.parent for p in (Path(tmp) / "x").rglob("corpus.jsonl")), None)
        if found is None or not all((found / name).is_file() for name in _NEEDED):
            raise RuntimeFailure(f"the archive at {url} has no corpus.jsonl/claims_train.jsonl")
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(found, target)
    log.info("SciFact downloaded to %s", target)
    return target
