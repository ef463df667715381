"""From the choices on the Tabeller page to finished tables, without streamlit.

An empty filter means "no restriction" everywhere, so a user who clears a
phase filter gets every phase rather than a silently remembered default.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from ..codebook import Codebook
from ..tables import Table, TableOptions, available_tables, build_tables, filter_codings


def _restriction(values: Sequence[str] | None) -> tuple[str, ...] | None:
    """A filter from a multiselect: nothing chosen means no filter."""
    return tuple(str(v) for v in values) if values else None


@dataclass(frozen=True)
class TableChoice:
    """Everything the user picked: which tables, which codings, how to draw them."""

    keys: tuple[str, ...] = ()
    table3_phases: tuple[str, ...] | None = None
    table4_phases: tuple[str, ...] | None = None
    summary_phases: tuple[str, ...] | None = None
    groups: tuple[str, ...] | None = None
    coders: tuple[str, ...] | None = None
    interview_types: tuple[str, ...] | None = None
    attributes: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    min_segments: int = 1
    evidence: bool = False
    lang: str = "sv"

    @classmethod
    def make(cls, *, keys: Sequence[str], phases3: Sequence[str] | None = None,
             phases4: Sequence[str] | None = None, phases5: Sequence[str] | None = None,
             groups: Sequence[str] | None = None, coders: Sequence[str] | None = None,
             interview_types: Sequence[str] | None = None,
             attributes: Mapping[str, Sequence[str]] | None = None,
             min_segments: int = 1, evidence: bool = False, lang: str = "sv") -> TableChoice:
        """Build from widget values, turning empty selections into 'no filter'."""
        chosen_attributes = {
            k: tuple(str(x) for x in v) for k, v in (attributes or {}).items() if v}
        return cls(
            keys=tuple(keys), table3_phases=_restriction(phases3),
            table4_phases=_restriction(phases4), summary_phases=_restriction(phases5),
            groups=_restriction(groups), coders=_restriction(coders),
            interview_types=_restriction(interview_types), attributes=chosen_attributes,
            min_segments=int(min_segments), evidence=bool(evidence), lang=lang,
        )

    def options(self, base: TableOptions) -> TableOptions:
        """The project's saved options with this choice laid over them (None included)."""
        return replace(
            base, min_segments=self.min_segments, evidence=self.evidence, lang=self.lang,
            table3_phases=self.table3_phases, table4_phases=self.table4_phases,
            summary_phases=self.summary_phases, groups=self.groups, coders=self.coders,
        )

    def settings(self) -> dict[str, Any]:
        """The part worth remembering as the project's default, for its settings."""
        return {
            "min_segments": self.min_segments, "evidence": self.evidence, "lang": self.lang,
            "table3_phases": list(self.table3_phases or []),
            "table4_phases": list(self.table4_phases or []),
            "summary_phases": list(self.summary_phases or []),
            "coders": list(self.coders or []),
        }


def make_tables(frame: pd.DataFrame, codebook: Codebook, settings: Mapping[str, Any],
                choice: TableChoice) -> list[Table]:
    """Filter the codings by coder, interview type and attributes, then build the tables."""
    filtered = filter_codings(
        frame, coders=choice.coders, interview_types=choice.interview_types,
        attributes=choice.attributes or None,
    )
    options = choice.options(TableOptions.from_settings(settings))
    # Report order, whatever order the tables were picked in.
    keys = [k for k in available_tables(codebook) if k in choice.keys]
    return build_tables(filtered, codebook, keys, options) if keys else []


def phases_in(values: Mapping[str, Sequence[str]]) -> list[str]:
    """Phases present in a project (from ``Store.attribute_values``), in natural order."""
    phases = list(values.get("phase", []))
    return sorted(phases, key=lambda p: (0, int(p)) if p.isdigit() else (1, p))
