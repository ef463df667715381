"""What the Kodbok editor offers and how form input becomes a change, without streamlit.

The page draws widgets; these functions decide which codes a choice lists, what a
form actually changed and how a coding reads in a picker, so they can be tested as
plain functions.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..codebook import FACTOR_KINDS, Code, Codebook, normalize_colour
from ..codebook_edit import CodeUsage
from .markup import escape_markdown

ACTIONS = ("change", "order", "new", "split", "merge", "delete")
QUOTE_PREVIEW = 90
QUOTES_UNBOXED = 6  # more quotes than this scroll in a box of their own


def split_keywords(text: str) -> tuple[str, ...]:
    """``struktur, ordning`` -> two keywords; empty pieces are dropped."""
    return tuple(part.strip() for part in text.split(",") if part.strip())


def split_examples(text: str) -> tuple[str, ...]:
    """One example quote per line, as the researcher typed them."""
    return tuple(line.strip() for line in text.splitlines() if line.strip())


@dataclass(frozen=True)
class CodeForm:
    """The values of the edit form, as the widgets return them."""

    label: str
    summary_label: str
    kind: str
    parent: str
    groups: Sequence[str]
    own_colour: bool
    colour: str
    description: str
    keywords: str
    examples: str


def form_values(code: Code, codebook: Codebook) -> CodeForm:
    """The form filled with a code as it is now (the colour shown is the one in use)."""
    return CodeForm(
        label=code.label, summary_label=code.summary_label or "", kind=code.kind,
        parent=code.parent or "", groups=list(code.groups), own_colour=code.colour is not None,
        colour=codebook.colour_of(code.id), description=code.description,
        keywords=", ".join(code.keywords), examples="\n".join(code.examples),
    )


def form_changes(code: Code, form: CodeForm) -> dict[str, Any]:
    """Only the fields the user changed, ready for ``codebook_edit.update_code``."""
    wanted: dict[str, Any] = {
        "label": form.label.strip(),
        "summary_label": form.summary_label.strip() or None,
        "kind": form.kind,
        "parent": form.parent or None,
        "groups": tuple(form.groups),
        "colour": (normalize_colour(form.colour) or form.colour) if form.own_colour else None,
        "description": form.description.strip(),
        "keywords": split_keywords(form.keywords),
        "examples": split_examples(form.examples),
    }
    return {key: value for key, value in wanted.items() if getattr(code, key) != value}


def parent_choices(codebook: Codebook, code: Code | None = None) -> list[str]:
    """Codes another code may sit under: themes and plain codes, never itself or below."""
    excluded: set[str] = set()
    if code is not None:
        excluded = {code.id, *(c.id for c in codebook.descendants(code.id))}
    return ["", *(c.id for c in codebook.codes
                  if c.kind not in FACTOR_KINDS and c.id not in excluded)]


def merge_targets(codebook: Codebook, code: Code) -> list[str]:
    """Codes to merge into: the same kind first (the usual case), then the others."""
    others = [c for c in codebook.codes if c.id != code.id]
    same = [c.id for c in others if c.kind == code.kind]
    return same + [c.id for c in others if c.kind != code.kind]


def insertion_point(codebook: Codebook, parent: str | None) -> str | None:
    """Where a new code under ``parent`` goes: after the parent's last code (else last)."""
    if not parent or codebook.get(parent) is None:
        return None
    block = {parent, *(c.id for c in codebook.descendants(parent))}
    return [c.id for c in codebook.codes if c.id in block][-1]


def code_choice_label(codebook: Codebook, code: Code, kind_names: Mapping[str, str],
                      usage: Mapping[str, CodeUsage]) -> str:
    """``Mötena › Tydlig struktur · Framgångsfaktor · 3`` for a code picker."""
    theme = codebook.theme_of(code.id)
    path = code.label
    if theme is not None and theme.id != code.id:
        path = f"{theme.label} › {code.label}"
    count = usage.get(code.id, CodeUsage()).codings
    return f"{path} · {kind_names.get(code.kind, code.kind)} · {count}"


def coding_choice_label(row: Mapping[str, Any]) -> str:
    """``for-01 · IP · Anna: "Mötena var tydliga…"`` for choosing codings to move."""
    quote = " ".join(str(row["quote"]).split())
    if len(quote) > QUOTE_PREVIEW:
        quote = quote[: QUOTE_PREVIEW - 1].rstrip() + "…"
    speaker = row.get("speaker")
    who = f" · {speaker}" if isinstance(speaker, str) and speaker else ""
    return f"{row['document']}{who} · {row['coder']}: “{quote}”"


def coding_labels(quotes: pd.DataFrame) -> dict[int, str]:
    """Picker labels by coding id, in the order the quotes are listed."""
    return {int(row["coding_id"]): coding_choice_label(row) for row in quotes.to_dict("records")}


def quote_markdown(row: Mapping[str, Any], turn_label: Callable[[int], str] | None = None) -> str:
    """A coded quote as an escaped Markdown block quote, its source on the last line
    (with the turn named as every page names it, when ``turn_label`` is given)."""
    body = escape_markdown(" ".join(str(row["quote"]).split()))
    index = row.get("segment_idx")
    turn = turn_label(int(index)) if turn_label is not None and isinstance(index, (int, float)) \
        and index == index else None  # NaN for a coding outside any turn
    source = [row.get("document"), turn, row.get("speaker"), row.get("coder")]
    where = " · ".join(escape_markdown(v) for v in source if isinstance(v, str) and v)
    return f"> {body}  \n> — {where}"
