"""Verdict colours and labels shared by every human-facing format.

The palette is Okabe–Ito (distinguishable with the common colour-vision deficiencies), and a
verdict is never shown by colour alone: each has an icon and a word.
"""

from __future__ import annotations

import os
from typing import TextIO

from ..models import Label

__all__ = ["VERDICT_STYLE", "color_enabled", "verdict_badge"]

# label -> (icon, short word, rich style, hex colour)
VERDICT_STYLE: dict[str, tuple[str, str, str, str]] = {
    Label.SUPPORTED.value: ("✔", "supported", "bold #0072B2", "#0072B2"),
    Label.REFUTED.value: ("✘", "refuted", "bold #D55E00", "#D55E00"),
    Label.CONFLICTING.value: ("◐", "conflicting", "bold #CC79A7", "#CC79A7"),
    Label.NOT_ENOUGH_EVIDENCE.value: ("?", "not enough evidence", "#7F7F7F", "#7F7F7F"),
    "error": ("!", "error", "bold #E69F00", "#E69F00"),
}


def verdict_badge(label: str | None) -> tuple[str, str, str]:
    """``(icon, word, rich style)`` for a label (``None`` means the claim errored)."""
    icon, word, style, _hex = VERDICT_STYLE.get(label or "error", VERDICT_STYLE["error"])
    return icon, word, style


def color_enabled(stream: TextIO) -> bool:
    """Whether to colour output written to ``stream``.

    No colour when ``NO_COLOR`` is set to anything non-empty (https://no-color.org), when
    ``TERM=dumb``, or when ``stream`` is not a terminal (a pipe or a file).
    """
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())
