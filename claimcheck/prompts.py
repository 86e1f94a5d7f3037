"""Versioned prompt templates, loaded from TOML files and validated on load.

Prompts are data, not code: each file ``prompts/<id>.toml`` holds ``id``, ``version``,
``description``, ``variables`` and the ``system``/``user`` templates. Templates use
:class:`string.Template` placeholders (``$article`` or ``${article}``; ``$$`` is a literal
dollar sign) — never jinja — and the declared ``variables`` must be exactly the placeholders the
templates use. A change of a template's text bumps its ``version``; every report records the
versions it ran with (``{"extract_claims": "1", ...}``).

The files ship inside the wheel as ``claimcheck/_prompts`` (see ``pyproject.toml``); an editable
install or a source checkout reads the repository's top-level ``prompts/`` folder instead.
"""

from __future__ import annotations

import logging
import string
import tomllib
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .errors import ConfigError

__all__ = ["Prompt", "list_prompts", "load_prompt", "prompt_dir", "prompt_versions"]

logger = logging.getLogger(__name__)

_REPO_PROMPTS = Path(__file__).resolve().parent.parent / "prompts"


class Prompt(BaseModel):
    """One prompt: a system and a user template with declared input variables.

    Attributes:
        id: the file's stem, e.g. ``extract_claims``.
        version: bumped whenever the text changes, e.g. ``"1"`` or ``"2.1"``.
        description: what the prompt is for.
        variables: names of the placeholders, exactly those used in ``system`` and ``user``.
        system: the system message template (empty for a follow-up message such as a repair).
        user: the user message template.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    version: str = Field(pattern=r"^[0-9]+(\.[0-9]+)*$")
    description: str = Field(min_length=1)
    variables: list[str]
    system: str = ""
    user: str = Field(min_length=1)

    @model_validator(mode="after")
    def _placeholders_match(self) -> Prompt:
        used: set[str] = set()
        for field_name in ("system", "user"):
            template = string.Template(getattr(self, field_name))
            if not template.is_valid():
                raise ValueError(
                    f"{field_name} template has an invalid placeholder (write $$ for a literal $)"
                )
            used.update(template.get_identifiers())
        declared = set(self.variables)
        if len(declared) != len(self.variables):
            raise ValueError("variables lists a name twice")
        if declared != used:
            missing = sorted(used - declared)
            unused = sorted(declared - used)
            raise ValueError(
                f"variables {self.variables} do not match the templates' placeholders "
                f"(used but not declared: {missing}; declared but not used: {unused})"
            )
        return self

    @property
    def ref(self) -> str:
        """``id@version``, as reports and logs name the prompt."""
        return f"{self.id}@{self.version}"

    def render(self, **values: str) -> tuple[str, str]:
        """The ``(system, user)`` messages with ``values`` substituted.

        Substituted values are inserted verbatim: a ``$`` inside an article is never expanded.
        Whitespace around each template (TOML's trailing newline) is dropped.

        Raises:
            ValueError: a declared variable is missing or an undeclared one is given.
        """
        given = set(values)
        declared = set(self.variables)
        if given != declared:
            raise ValueError(f"prompt {self.ref} takes {sorted(declared)}, got {sorted(given)}")
        system = string.Template(self.system.strip()).substitute(values)
        user = string.Template(self.user.strip()).substitute(values)
        return system, user


def prompt_dir() -> Traversable:
    """Where prompt files are read from: the wheel's ``claimcheck/_prompts``, else the
    repository's ``prompts/`` (editable installs and source checkouts)."""
    packaged = resources.files("claimcheck").joinpath("_prompts")
    if packaged.is_dir():
        return packaged
    if _REPO_PROMPTS.is_dir():
        return _REPO_PROMPTS
    raise ConfigError(
        "claimcheck's prompt files are missing (no claimcheck/_prompts and no prompts/ folder): "
        "reinstall claimcheck"
    )


def _parse(resource: Traversable, expected_id: str) -> Prompt:
    try:
        data = tomllib.loads(resource.read_text(encoding="utf-8"))
        prompt = Prompt.model_validate(data)
    except (tomllib.TOMLDecodeError, ValidationError) as exc:
        first = str(exc).splitlines()
        detail = " ".join(line.strip() for line in first[:3])
        raise ConfigError(f"prompt file {resource.name} is invalid: {detail}") from None
    if prompt.id != expected_id:
        raise ConfigError(
            f"prompt file {resource.name} declares id {prompt.id!r}: "
            "the id must equal the file name"
        )
    return prompt


@lru_cache(maxsize=64)
def load_prompt(prompt_id: str) -> Prompt:
    """The validated prompt ``prompt_id`` (file ``<prompt_id>.toml``).

    Raises:
        ConfigError: the file is missing or invalid.
    """
    folder = prompt_dir()
    resource = folder.joinpath(f"{prompt_id}.toml")
    if not resource.is_file():
        raise ConfigError(
            f"prompt {prompt_id!r} not found in {folder}: known prompts are {list_prompts()}"
        )
    prompt = _parse(resource, prompt_id)
    logger.debug("loaded prompt %s from %s", prompt.ref, folder)
    return prompt


def list_prompts() -> list[str]:
    """Ids of every shipped prompt, sorted."""
    return sorted(
        entry.name.removesuffix(".toml")
        for entry in prompt_dir().iterdir()
        if entry.name.endswith(".toml") and entry.is_file()
    )


def prompt_versions() -> dict[str, str]:
    """``{prompt_id: version}`` of every shipped prompt (each one loaded and validated)."""
    return {prompt_id: load_prompt(prompt_id).version for prompt_id in list_prompts()}
