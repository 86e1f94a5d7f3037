"""The exception tree of claimcheck.

Every error claimcheck raises on purpose derives from :class:`ClaimcheckError`; the CLI maps it
to exit code 1 with its message as one line on stderr. Messages say what to do about it.

::

    ClaimcheckError                 root; str(error) is a one-line, user-facing message
    ├── UserError                   the caller can fix it (bad argument, bad input, bad config)
    │   ├── ConfigError             a setting is missing or invalid (e.g. no OPENAI_API_KEY)
    │   ├── InputError              an article, claim or document file cannot be used
    │   └── StoreNotReadyError      the store is empty or missing: run `claimcheck ingest` first
    │       └── EmbedderMismatchError   the store was built with another embedder
    └── RuntimeFailure              something failed while working (not the caller's fault)
        ├── StoreError              Chroma or the lexical index failed or is corrupt
        ├── ModelError              a model call failed; ``is_retryable`` says if retrying helps
        │   ├── ModelHTTPError      the server answered with an HTTP error status
        │   │                       (``status_code``, ``body``, ``retry_after``)
        │   ├── ModelTimeoutError   no answer within the timeout / server unreachable
        │   └── ModelOutputError    the answer was not valid for the schema (``raw_output``)
        └── LockTimeoutError        another process held the store lock for too long

Errors carry their context as typed attributes, never only inside the message.
"""

from __future__ import annotations

__all__ = [
    "ClaimcheckError",
    "ConfigError",
    "EmbedderMismatchError",
    "InputError",
    "LockTimeoutError",
    "ModelError",
    "ModelHTTPError",
    "ModelOutputError",
    "ModelTimeoutError",
    "RuntimeFailure",
    "StoreError",
    "StoreNotReadyError",
    "UserError",
]


class ClaimcheckError(Exception):
    """Root of every error claimcheck raises on purpose; ``str()`` is one line for the user."""

    def __str__(self) -> str:
        text = super().__str__()
        return " ".join(text.split())  # always one line


class UserError(ClaimcheckError):
    """The caller can fix this: the message says how."""


class ConfigError(UserError):
    """A setting is missing or invalid."""


class InputError(UserError):
    """An input (article, claim, document file) cannot be used.

    Attributes:
        path: the offending file, when there is one.
        line: the 1-based line number inside ``path``, when known.
    """

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.path = path
        self.line = line


class StoreNotReadyError(UserError):
    """The evidence store is missing or empty."""


class EmbedderMismatchError(StoreNotReadyError):
    """The store was built with a different embedder than the one asked for.

    Attributes:
        stored: the embedder name recorded on the collection.
        requested: the embedder name asked for now.
    """

    def __init__(self, message: str, *, stored: str, requested: str) -> None:
        super().__init__(message)
        self.stored = stored
        self.requested = requested


class RuntimeFailure(ClaimcheckError):
    """Something failed while working; not caused by the caller's input."""


class StoreError(RuntimeFailure):
    """Chroma or the lexical index failed, or the store folder is corrupt."""


class LockTimeoutError(RuntimeFailure):
    """Another process held the store's write lock for longer than the timeout."""


class ModelError(RuntimeFailure):
    """A model call failed.

    Attributes:
        is_retryable: whether repeating the same call may succeed.
    """

    is_retryable: bool = False


class ModelHTTPError(ModelError):
    """The model server answered with an HTTP error status.

    Attributes:
        status_code: the HTTP status.
        body: the (possibly truncated) response body, never containing request headers.
        retry_after: seconds the server asked us to wait, if it said.
    """

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        body: str = "",
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.body = body[:2000]
        self.retry_after = retry_after
        self.is_retryable = status_code == 429 or status_code >= 500


class ModelTimeoutError(ModelError):
    """The model server did not answer in time or could not be reached."""

    is_retryable = True


class ModelOutputError(ModelError):
    """The model's answer could not be parsed into the expected schema.

    Attributes:
        raw_output: the text the model returned.
    """

    def __init__(self, message: str, *, raw_output: str = "") -> None:
        super().__init__(message)
        self.raw_output = raw_output
