"""The codebook arranged for reading: each theme with its factors beneath it.

Researchers think of success factors and development areas as belonging to a
theme, so the Kodbok page groups them that way rather than as a flat list.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..codebook import Code, Codebook
from ..codebook_edit import CodeUsage
from .i18n import t


@dataclass
class ThemeBlock:
    """A theme (or ``None`` for codes without a theme here) and the codes beneath it."""

    theme: Code | None
    success_factors: list[Code] = field(default_factory=list)
    development_areas: list[Code] = field(default_factory=list)
    other_codes: list[Code] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.success_factors) + len(self.development_areas) + len(self.other_codes)


def codebook_outline(codebook: Codebook, group: str | None) -> list[ThemeBlock]:
    """Themes of ``group`` (all groups when None) in display order, each with its codes.

    A code whose theme does not apply to the group lands in the trailing block
    without a theme, so nothing in the codebook is hidden from the reader.
    """
    codes = codebook.codes_for_group(group)
    blocks: dict[str | None, ThemeBlock] = {
        c.id: ThemeBlock(theme=c) for c in codes if c.kind == "theme"
    }
    loose = ThemeBlock(theme=None)
    for code in codes:
        if code.kind == "theme":
            continue
        theme = codebook.theme_of(code.id)
        block = blocks.get(theme.id) if theme is not None else None
        target = block if block is not None else loose
        if code.kind == "success_factor":
            target.success_factors.append(code)
        elif code.kind == "development_area":
            target.development_areas.append(code)
        else:
            target.other_codes.append(code)
    out = list(blocks.values())
    if loose.size:
        out.append(loose)
    return out


def usage_text(usage: CodeUsage) -> str:
    """``6 kodningar i 3 dokument``: a code's own codings, never its children's."""
    return t("codebook.usage", n=usage.codings, docs=usage.documents)


def theme_title(block: ThemeBlock, usage: Mapping[str, CodeUsage]) -> str:
    """``Mötena — 6 kodningar i 3 dokument · underkoder 14`` for an outline heading.

    The theme's own codings and the number of codes beneath it are told apart, so a
    theme coded directly never reads as empty and a large theme never reads as coded.
    """
    if block.theme is None:
        return t("codebook.theme_title.loose", title=t("codebook.no_theme"), children=block.size)
    own = usage.get(block.theme.id, CodeUsage())
    return t("codebook.theme_title", title=block.theme.label, usage=usage_text(own), children=block.size)


def group_names(codebook: Codebook, keys: Sequence[str]) -> str:
    """``Ungdomarna, Föräldrarna`` for a code's group keys (unknown keys kept as is)."""
    names = {g.key: g.name for g in codebook.groups}
    return ", ".join(names.get(k, k) for k in keys)


@dataclass(frozen=True)
class CodebookChanges:
    """What replacing a codebook would do, by code id, shown before confirming."""

    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def codebook_changes(old: Codebook, new: Codebook) -> CodebookChanges:
    """Codes added, removed and changed (any field) from ``old`` to ``new``."""
    old_ids = {c.id: c for c in old.codes}
    new_ids = {c.id: c for c in new.codes}
    return CodebookChanges(
        added=tuple(c for c in new_ids if c not in old_ids),
        removed=tuple(c for c in old_ids if c not in new_ids),
        changed=tuple(c for c in new_ids if c in old_ids and new_ids[c] != old_ids[c]),
    )
