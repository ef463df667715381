"""YAML from users (codebooks, coded corpora) read without letting the file cost more than it is.

YAML anchors and aliases let a few hundred bytes expand into gigabytes (the "billion
laughs" attack), and a codebook in team mode is something any coder can upload. No
sigqual file needs aliases, so they are refused outright, before anything is built:
the event stream is scanned first (it never expands an alias), then the document is
loaded. The size of the text and the nesting depth are bounded as well, and every
error quotes at most a short excerpt of the file.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent, NodeEvent

from .errors import SigqualError

MAX_YAML_CHARS = 2_000_000
MAX_DEPTH = 50
MAX_NODES = 500_000
EXCERPT_CHARS = 80

# Message ids of the errors below (texts in sigqual/locale).
ERROR_IDS: tuple[str, ...] = (
    "error.yaml.too_long",
    "error.yaml.anchors",
    "error.yaml.too_deep",
    "error.yaml.too_many",
    "error.yaml.invalid",
)


def excerpt(text: object, limit: int = EXCERPT_CHARS) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def load_yaml(text: str, filename: str, *, typ: str = "rt",
              error: type[SigqualError] = SigqualError) -> Any:
    """Load one YAML document from ``text``; raise ``error`` naming ``filename`` and the line.

    ``typ`` is ruamel's loader type: ``"rt"`` keeps line numbers for validation
    messages, ``"safe"`` gives plain dicts and lists.
    """
    if len(text) > MAX_YAML_CHARS:
        raise error(msgid="error.yaml.too_long", file=filename,
                    params={"n": f"{len(text):,}", "limit": f"{MAX_YAML_CHARS:,}"})
    yaml = YAML(typ=typ)
    try:
        _check_events(yaml, text, filename, error)
        return yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise error(msgid="error.yaml.invalid", params={"problem": excerpt(exc.problem)}, file=filename,
                    line=(mark.line + 1) if mark is not None else None) from None
    except YAMLError as exc:
        raise error(msgid="error.yaml.invalid", params={"problem": excerpt(exc)}, file=filename) from None
    except RecursionError:
        raise error(msgid="error.yaml.too_deep", params={"limit": MAX_DEPTH}, file=filename) from None


def _check_events(yaml: YAML, text: str, filename: str, error: type[SigqualError]) -> None:
    depth = nodes = 0
    for event in yaml.parse(text):
        line = event.start_mark.line + 1 if event.start_mark is not None else None
        if isinstance(event, AliasEvent) or (isinstance(event, NodeEvent) and event.anchor):
            raise error(msgid="error.yaml.anchors", file=filename, line=line)
        if isinstance(event, CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise error(msgid="error.yaml.too_deep", params={"limit": MAX_DEPTH}, file=filename,
                            line=line)
        elif isinstance(event, CollectionEndEvent):
            depth -= 1
        if isinstance(event, NodeEvent):
            nodes += 1
            if nodes > MAX_NODES:
                raise error(msgid="error.yaml.too_many", params={"limit": f"{MAX_NODES:,}"}, file=filename,
                            line=line)
