"""claimcheck: check an article's claims against your own documents.

Quick start::

    from claimcheck import ClaimChecker
    checker = ClaimChecker(store="./store", backend="local")
    checker.ingest(["examples/corpus"])
    report = checker.check(open("examples/article.txt").read())
"""

from .config import Settings
from .errors import (
    ClaimcheckError,
    ConfigError,
    EmbedderMismatchError,
    InputError,
    LockTimeoutError,
    ModelError,
    ModelHTTPError,
    ModelOutputError,
    ModelTimeoutError,
    RuntimeFailure,
    StoreError,
    StoreNotReadyError,
    UserError,
)
from .models import (
    Citation,
    Claim,
    ClaimKind,
    ClaimResult,
    Document,
    IngestStats,
    Label,
    Passage,
    Report,
    Span,
    Stance,
    StoreInfo,
    Verdict,
)
from .pipeline import ClaimChecker

__version__ = "0.1.0"

__all__ = [
    "Citation",
    "Claim",
    "ClaimChecker",
    "ClaimKind",
    "ClaimResult",
    "ClaimcheckError",
    "ConfigError",
    "Document",
    "EmbedderMismatchError",
    "IngestStats",
    "InputError",
    "Label",
    "LockTimeoutError",
    "ModelError",
    "ModelHTTPError",
    "ModelOutputError",
    "ModelTimeoutError",
    "Passage",
    "Report",
    "RuntimeFailure",
    "Settings",
    "Span",
    "Stance",
    "StoreError",
    "StoreInfo",
    "StoreNotReadyError",
    "UserError",
    "Verdict",
    "__version__",
]
