"""A small price table to estimate the cost of model calls.

Prices are USD per million tokens for OpenAI's standard (non-batch) tier, as OpenAI listed them
on https://openai.com/api/pricing in August 2025 (:data:`PRICES_AS_OF`). They were written down
from that page, not fetched at run time, so treat ``cost_usd`` as an estimate and update the
table when prices change. Models not in the table (e.g. a local OpenAI-compatible server) cost
0.0 and a debug message says so.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

__all__ = ["PRICES", "PRICES_AS_OF", "Price", "estimate_cost", "price_for"]

logger = logging.getLogger(__name__)

PRICES_AS_OF = "2025-08"
"""Month the prices below were taken from OpenAI's pricing page."""


@dataclass(frozen=True, slots=True)
class Price:
    """USD per million tokens."""

    input: float
    output: float
    cached_input: float | None = None
    """Price of prompt tokens served from OpenAI's prompt cache (``None``: same as input)."""


PRICES: dict[str, Price] = {
    "gpt-4.1": Price(input=2.00, output=8.00, cached_input=0.50),
    "gpt-4.1-mini": Price(input=0.40, output=1.60, cached_input=0.10),
    "gpt-4.1-nano": Price(input=0.10, output=0.40, cached_input=0.025),
    "gpt-4o": Price(input=2.50, output=10.00, cached_input=1.25),
    "gpt-4o-mini": Price(input=0.15, output=0.60, cached_input=0.075),
    "gpt-5": Price(input=1.25, output=10.00, cached_input=0.125),
    "gpt-5-mini": Price(input=0.25, output=2.00, cached_input=0.025),
    "gpt-5-nano": Price(input=0.05, output=0.40, cached_input=0.005),
    "o3": Price(input=2.00, output=8.00, cached_input=0.50),
    "o4-mini": Price(input=1.10, output=4.40, cached_input=0.275),
    "text-embedding-3-small": Price(input=0.02, output=0.0),
    "text-embedding-3-large": Price(input=0.13, output=0.0),
}
"""Model name (or dated-snapshot prefix) → price."""


def price_for(model: str) -> Price | None:
    """The price of ``model``: an exact entry, else the longest entry that prefixes it
    (``gpt-4.1-mini-2025-04-14`` → ``gpt-4.1-mini``); ``None`` when unknown."""
    name = model.strip().lower().removeprefix("openai/")
    if name in PRICES:
        return PRICES[name]
    best = ""
    for key in PRICES:
        if name.startswith(key + "-") and len(key) > len(best):
            best = key
    return PRICES[best] if best else None


def estimate_cost(
    model: str, prompt_tokens: int, completion_tokens: int, cached_prompt_tokens: int = 0
) -> float:
    """Estimated USD cost of one call (0.0 for models not in :data:`PRICES`)."""
    price = price_for(model)
    if price is None:
        logger.debug("no price known for model %r: cost counted as 0", model)
        return 0.0
    cached = max(0, min(cached_prompt_tokens, prompt_tokens))
    cached_rate = price.input if price.cached_input is None else price.cached_input
    usd = (
        (prompt_tokens - cached) * price.input
        + cached * cached_rate
        + completion_tokens * price.output
    ) / 1_000_000
    return round(usd, 8)
