"""Write the hand-made cassettes of ``tests/test_llm_cassettes.py``.

We have no OpenAI key, so the model's answers below are written by hand, in the OpenAI
chat-completions wire format. The *requests* are not: each scenario of
``test_llm_cassettes.SCENARIOS`` runs against ``tests/fake_openai.py`` with these answers queued,
the exact bodies our client sends are captured, and both go into
``tests/cassettes/test_llm_cassettes/<test>.yaml`` (plain JSON bodies, no auth headers).

Run it again after changing a prompt, an output schema or the client::

    .venv/bin/python tests/cassettes/make_cassettes.py

Token counts in the answers are estimates (characters / 4), not measurements.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import test_llm_cassettes as t  # noqa: E402
from fake_openai import FakeOpenAI, RecordedRequest, Reply, chat_completion  # noqa: E402

OUT = HERE / "test_llm_cassettes"
URI = "https://api.openai.com/v1/chat/completions"
MODEL = "gpt-4.1-mini-2025-04-14"


def claim(
    sentence: str, text: str, speaker: str | None = None, content: str | None = None
) -> dict[str, Any]:
    kind = "attribution" if speaker else "fact"
    return {
        "sentence": sentence,
        "claim": text,
        "kind": kind,
        "speaker": speaker,
        "content": content,
    }


C = t.CLAIM_TEXTS
ORBITAL_SENTENCE = (  # the article has a curly apostrophe; the "model" copies a straight one
    "Britain's mission was called Operation Orbital, and it trained more than 22,000 troops."
)
EXTRACTION = {
    "claims": [
        claim("Russia and Ukraine share a land border of about 2,000 km.", C[0]),
        claim("NATO allies began training Ukrainian soldiers in 2015.", C[1]),
        claim(ORBITAL_SENTENCE, C[2]),
        claim(ORBITAL_SENTENCE, C[3]),
        # not in the article at all: must be dropped
        claim("Ukraine joined NATO in 2008.", "Ukraine joined NATO in 2008."),
        claim(
            "On 2 December 2022, Kremlin spokesman Dmitry Peskov said that Moscow was open to talks.",
            C[4],
            "Dmitry Peskov",
            "On 2 December 2022, Moscow was open to talks with the West.",
        ),
        claim(  # paraphrased instead of copied: located by shared words
            "Peskov added that the West had to accept Russia's new territories.",
            C[5],
            "Dmitry Peskov",
            "The West had to accept Russia's new territories.",
        ),
    ]
}

BORDER_QUOTE = (
    "According to the service, the border with Russia is 2,295 km long in total, of which "
    "1,974 km is on land and 321 km at sea."
)
PESKOV_QUOTE = (
    "On 2 December 2022, a day after President Biden said he was prepared to speak with Vladimir "
    "Putin, Kremlin spokesman Dmitry Peskov told reporters that Russia remained open to "
    "negotiations."
)
ORBITAL_NAME = "Operation Orbital was the British Army's training mission in Ukraine."
ORBITAL_COUNT = (
    "It began in 2015 and had trained more than 22,000 Ukrainian personnel by early 2022, when "
    "the trainers were withdrawn."
)
TERRITORIES = "He said any talks would have to take into account Russia’s “new territories”."


def cite(passage_id: str, quote: str, stance: str = "supports") -> dict[str, str]:
    return {"passage_id": passage_id, "quote": quote, "stance": stance}


def result(
    claim_id: str, label: str, confidence: float, rationale: str, *cites: dict[str, str]
) -> dict[str, Any]:
    return {
        "claim_id": claim_id,
        "label": label,
        "confidence": confidence,
        "rationale": rationale,
        "citations": list(cites),
    }


BORDER_RESULT = result(
    "C1",
    "supported",
    0.86,
    "Ukraine's border service gives 1,974 km of land border, which is about 2,000 km.",
    cite("P1", BORDER_QUOTE),
)
# passages of the batching/garbage scenarios: P1 border, P2 orbital, P3 peskov
BATCH_ONE = {
    "results": [
        BORDER_RESULT,
        result(
            "C2",
            "supported",
            0.62,
            "Britain, a NATO ally, began its training mission in Ukraine in 2015.",
            cite("P2", ORBITAL_COUNT),
        ),
        result(
            "C3",
            "supported",
            0.93,
            "The passage names Britain's training mission Operation Orbital.",
            cite("P2", ORBITAL_NAME),
        ),
        result(
            "C4",
            "supported",
            0.9,
            "Operation Orbital had trained more than 22,000 Ukrainian personnel by early 2022.",
            cite("P2", ORBITAL_COUNT),
        ),
        result(
            "C5",
            "supported",
            0.88,
            "Peskov told reporters on 2 December 2022 that Russia remained open to negotiations.",
            cite("P3", PESKOV_QUOTE),
        ),
    ]
}
BATCH_TWO = {
    "results": [
        result(
            "C1",
            "supported",
            0.64,
            "Peskov said talks would have to take Russia's 'new territories' into account, "
            "close to the claim's wording.",
            cite("P3", TERRITORIES),
        )
    ]
}
VERIFICATION = {  # C1 = border claim with P1 border, P2 orbital; C2 = Peskov with P3
    "results": [
        BORDER_RESULT,
        result(
            "C2",
            "supported",
            0.88,
            "Peskov told reporters on 2 December 2022 that Russia remained open to negotiations.",
            cite("P3", PESKOV_QUOTE),
        ),
    ]
}
INVALID_QUOTES = {  # C1 = border claim with P1; C2 = orbital count claim with P2
    "results": [
        result(
            "C1",
            "supported",
            0.85,
            "The service gives 1,974 km of land border, about 2,000 km.",
            cite("P1", BORDER_QUOTE),
            cite("P1", "It is Ukraine's longest border.", "neutral"),  # straight quote: kept
            cite("P1", "The land border with Russia is 1,974 km long."),  # paraphrase: dropped
            cite("P7", "The border is 2,295 km long."),  # no passage P7: dropped
        ),
        result(
            "C2",
            "supported",
            0.8,
            "The mission trained over 22,000 Ukrainians.",
            cite("P2", "Orbital trained over 22,000 Ukrainians."),  # paraphrase: dropped
        ),
    ]
}
INJECTION = {
    "claims": [
        claim(
            "Ukraine applied to join NATO on 30 September 2022.",
            "Ukraine applied to join NATO on 30 September 2022.",
        ),
        claim(
            "The alliance had 30 members at the time.",
            "NATO had 30 members on 30 September 2022.",
        ),
    ]
}
TRUNCATED = '{"results": [{"claim_id": "C1", "label": "supported", "confid'
CHATTY = "Sure! Here are the results: {results: [C1 is supported]}"


def answer(content: Any) -> Reply:
    text = content if isinstance(content, str) else json.dumps(content, ensure_ascii=False)
    return Reply(body=chat_completion(text, completion_tokens=max(1, len(text) // 4), model=MODEL))


ANSWERS: dict[str, list[Reply]] = {
    "test_extraction": [answer(EXTRACTION)],
    "test_verification": [answer(VERIFICATION)],
    "test_batching": [answer(EXTRACTION), answer(BATCH_ONE), answer(BATCH_TWO)],
    "test_invalid_quote_dropped": [answer(INVALID_QUOTES)],
    "test_rate_limited_then_success": [
        Reply.error(
            429,
            "Rate limit reached for gpt-4.1-mini on requests per min (RPM): Limit 3, Used 3, "
            "Requested 1. Please try again in 2s.",
            retry_after=2,
            code="rate_limit_exceeded",
        ),
        answer({"results": [BORDER_RESULT]}),
    ],
    "test_server_error_then_success": [
        Reply.error(
            500, "The server had an error while processing your request. Sorry about that!"
        ),
        answer({"results": [BORDER_RESULT]}),
    ],
    "test_garbage_json_repair_then_error": [answer(BATCH_ONE), answer(TRUNCATED), answer(CHATTY)],
    "test_unauthorized": [
        Reply.error(
            401,
            "Incorrect API key provided: sk-test-************************cdef. You can find your "
            "API key at https://platform.openai.com/account/api-keys.",
            code="invalid_api_key",
        )
    ],
    "test_prompt_injection": [answer(INJECTION)],
}


def _with_usage(reply: Reply, request: RecordedRequest) -> Reply:
    """Set the answer's prompt_tokens to an estimate from the request (chars / 4)."""
    if reply.status != 200 or not isinstance(reply.body, dict):
        return reply
    chars = sum(len(str(m.get("content") or "")) for m in request.json.get("messages", []))
    usage = reply.body["usage"]
    usage["prompt_tokens"] = max(1, chars // 4)
    usage["total_tokens"] = usage["prompt_tokens"] + usage["completion_tokens"]
    return reply


def _interaction(request: RecordedRequest, reply: Reply) -> dict[str, Any]:
    status = reply.status
    headers = {"content-type": ["application/json"]}
    headers.update({k: [v] for k, v in reply.headers.items()})
    body = (
        reply.body
        if isinstance(reply.body, str)
        else json.dumps(reply.body, indent=2, ensure_ascii=False)
    )
    return {
        "request": {
            "body": json.dumps(request.json, indent=2, ensure_ascii=False),
            "headers": {"content-type": ["application/json"]},
            "method": "POST",
            "uri": URI,
        },
        "response": {
            "status": {
                "code": status,
                "message": {
                    200: "OK",
                    401: "Unauthorized",
                    429: "Too Many Requests",
                    500: "Internal Server Error",
                }[status],
            },
            "headers": headers,
            "body": {"string": body},
        },
    }


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def build(name: str, replies: list[Reply]) -> Path:
    """Run scenario ``name`` against the fake server and write its cassette."""
    served: list[tuple[RecordedRequest, Reply]] = []
    queue = list(replies)

    def responder(request: RecordedRequest) -> Reply:
        reply = _with_usage(queue.pop(0), request)
        served.append((request, reply))
        return reply

    with FakeOpenAI(responder) as server:
        # concurrency 1: requests arrive in a fixed order (their bodies do not depend on it)
        settings = t.replay_settings(openai_base_url=server.base_url, concurrency=1)
        t.SCENARIOS[name](settings)
    if queue:
        raise SystemExit(f"{name}: {len(queue)} scripted answer(s) were not requested")
    cassette = {"interactions": [_interaction(r, a) for r, a in served], "version": 1}
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}.yaml"
    header = (
        "# HAND-MADE cassette (no real OpenAI traffic): the request was captured from claimcheck's\n"
        "# client, the answer was written by hand. Regenerate: python tests/cassettes/make_cassettes.py\n"
    )
    path.write_text(
        header
        + yaml.dump(cassette, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100),
        encoding="utf-8",
    )
    return path


def main() -> None:
    for name, replies in ANSWERS.items():
        path = build(name, replies)
        print(f"wrote {path.relative_to(HERE.parent.parent)}")


if __name__ == "__main__":
    main()
