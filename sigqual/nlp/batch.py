"""The stable batch interface behind ``sigqual suggest``: JSON Lines in, JSON Lines out.

Input lines are ``{"id": ..., "group": ..., "text": ...}``; example lines (codings to
learn from) are ``{"group": ..., "text": ..., "code": <id or exact label>, "kind": ...}``
with ``kind`` needed only when a label is ambiguous and an optional ``"positive":
false`` for a rejected suggestion. Every line is validated before any work is done,
and the output file appears only when everything succeeded (temporary file plus
``os.replace``), so a bad line never leaves half an output behind.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..codebook import KINDS, Codebook
from ..errors import CodebookError, InputError
from .suggest import Example, Suggester

DEFAULT_TOP = 10


@dataclass(frozen=True)
class Item:
    """One segment to suggest codes for."""

    id: Any
    group: str
    text: str
    line: int


def _lines(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) for each non-blank line, with clear errors for bad JSON."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", file=str(path)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"file is not UTF-8 (byte {exc.start})", file=path.name) from None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"malformed JSON: {exc.msg} (column {exc.colno})",
                             file=path.name, line=number) from None
        if not isinstance(obj, dict):
            raise InputError("each line must be a JSON object", file=path.name, line=number)
        yield number, obj


def _field(obj: dict[str, Any], key: str, path: Path, line: int) -> Any:
    if key not in obj or obj[key] is None:
        raise InputError(f"missing field '{key}'", file=path.name, line=line, field=key)
    return obj[key]


def _group(obj: dict[str, Any], codebook: Codebook, path: Path, line: int) -> str:
    group = _field(obj, "group", path, line)
    if not isinstance(group, str) or group not in codebook.group_keys:
        valid = ", ".join(codebook.group_keys)
        raise InputError(f"unknown group {group!r} (valid groups: {valid})",
                         file=path.name, line=line, field="group")
    return group


def _text(obj: dict[str, Any], path: Path, line: int) -> str:
    text = _field(obj, "text", path, line)
    if not isinstance(text, str):
        raise InputError("'text' must be a string", file=path.name, line=line, field="text")
    if not text.strip():
        raise InputError("empty text", file=path.name, line=line, field="text")
    return text


def read_items(path: str | Path, codebook: Codebook) -> list[Item]:
    """Validated input items; the first problem raises with file and line."""
    path = Path(path)
    items: list[Item] = []
    seen: dict[str, int] = {}
    for line, obj in _lines(path):
        item_id = _field(obj, "id", path, line)
        if not isinstance(item_id, (str, int)) or isinstance(item_id, bool):
            raise InputError("'id' must be a string or an integer", file=path.name, line=line,
                             field="id")
        key = str(item_id)
        if key in seen:
            raise InputError(f"duplicate id {item_id!r} (first on line {seen[key]})",
                             file=path.name, line=line, field="id")
        seen[key] = line
        group = _group(obj, codebook, path, line)
        items.append(Item(item_id, group, _text(obj, path, line), line))
    return items


def read_examples(path: str | Path, codebook: Codebook) -> list[Example]:
    """Validated coded examples, codes resolved by id or exact label (and kind)."""
    path = Path(path)
    out: list[Example] = []
    for line, obj in _lines(path):
        group = _group(obj, codebook, path, line)
        text = _text(obj, path, line)
        ref = _field(obj, "code", path, line)
        if not isinstance(ref, str) or not ref.strip():
            raise InputError("'code' must be a code id or label", file=path.name, line=line,
                             field="code")
        kind = obj.get("kind")
        if kind is not None and kind not in KINDS:
            raise InputError(f"unknown kind {kind!r} (valid kinds: {', '.join(KINDS)})",
                             file=path.name, line=line, field="kind")
        try:
            code = codebook.resolve(ref.strip(), kind, group)
        except CodebookError as exc:
            raise InputError(exc.message, file=path.name, line=line, field="code") from None
        if not code.applies_to(group):
            raise InputError(f"code '{code.id}' does not apply to group '{group}'",
                             file=path.name, line=line, field="code")
        positive = obj.get("positive", True)
        if not isinstance(positive, bool):
            raise InputError("'positive' must be true or false", file=path.name, line=line,
                             field="positive")
        out.append(Example(text, group, code.id, positive))
    return out


def write_atomically(path: str | Path, lines: list[str]) -> None:
    """Write ``lines`` to ``path`` via a temporary file in the same folder and a rename."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InputError("the output folder does not exist", file=str(path))
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            for line in lines:
                fh.write(line + "\n")
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def run_batch(
    codebook: Codebook,
    input_path: str | Path,
    output_path: str | Path,
    *,
    examples_path: str | Path | None = None,
    top: int = DEFAULT_TOP,
    embeddings: str | bool | None = "auto",
) -> int:
    """Suggest codes for every input line; returns the number of items written."""
    if top < 1:
        raise InputError(f"--top must be at least 1, not {top}", field="top")
    examples = read_examples(examples_path, codebook) if examples_path is not None else []
    items = read_items(input_path, codebook)
    suggester = Suggester(codebook, examples=examples, embeddings=embeddings)
    results = suggester.suggest_many([(it.text, it.group) for it in items], top=top)
    lines = [
        json.dumps({"id": it.id, "suggestions": [s.to_dict() for s in sugg]}, ensure_ascii=False)
        for it, sugg in zip(items, results, strict=True)
    ]
    write_atomically(output_path, lines)
    return len(lines)
