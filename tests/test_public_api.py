"""The public API is deliberate: pin the exported names."""

from __future__ import annotations

import claimcheck


def test_exported_names_are_pinned() -> None:
    assert claimcheck.__all__ == [
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
    for name in claimcheck.__all__:
        assert hasattr(claimcheck, name), name


def test_labels_are_the_contract() -> None:
    assert [label.value for label in claimcheck.Label] == [
        "supported",
        "refuted",
        "conflicting",
        "not_enough_evidence",
    ]


def test_api_key_never_shown(monkeypatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-THIS-MUST-NOT-LEAK-123456")
    settings = claimcheck.Settings.load()
    assert settings.has_openai_key
    assert settings.resolved_backend == "openai"
    for text in (str(settings), repr(settings), settings.model_dump_json()):
        assert "THIS-MUST-NOT-LEAK" not in text
