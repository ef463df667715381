"""Outcome tables ready for export: captions, notes and small-number protection.

Counts about a handful of named-by-number youths can identify them, so exported tables
mark or suppress cells between 1 and N-1 (N from the project setting, default 3). Zero
is kept: it says nothing about a person. Every table carries the note that the figures
describe a small group and do not show effects of the intervention.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..errors import InputError
from ..i18n import ByLanguage
from ..tables.model import Table
from . import tables as T

SETTINGS_KEY = "outcomes"
MODES = ("mark", "suppress", "off")
DEFAULT_THRESHOLD = 3
DEFAULT_MODE = "mark"
OUTCOME_TABLE_KEYS = ("2", "2-sammanfattning", "malgrupp", "4-moten", "4-kontinuitet")

CAPTIONS = ByLanguage({
    "2": "outcomes.publish.captions.2",
    "2-sammanfattning": "outcomes.publish.captions.2_sammanfattning",
    "malgrupp": "outcomes.publish.captions.malgrupp",
    "4-moten": "outcomes.publish.captions.4_moten",
    "4-kontinuitet": "outcomes.publish.captions.4_kontinuitet",
})
NOTES = ByLanguage({
    "effects": "outcomes.publish.notes.effects",
    "mark": "outcomes.publish.notes.mark",
    "suppress": "outcomes.publish.notes.suppress",
    "mean": "outcomes.publish.notes.mean",
})


@dataclass(frozen=True)
class Protection:
    """The project's small-number rule for exported tables."""

    threshold: int = DEFAULT_THRESHOLD
    mode: str = DEFAULT_MODE

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any] | None) -> Protection:
        raw = dict((settings or {}).get(SETTINGS_KEY, {}) or {})
        mode = str(raw.get("small_cells", DEFAULT_MODE))
        try:
            threshold = int(raw.get("min_cell", DEFAULT_THRESHOLD))
        except (TypeError, ValueError):
            threshold = DEFAULT_THRESHOLD
        return cls.checked(threshold, mode)

    @classmethod
    def checked(cls, threshold: int, mode: str) -> Protection:
        if mode not in MODES:
            raise InputError(msgid="error.outcomes.small_mode", field="small_cells",
                             params={"mode": mode, "modes": ", ".join(MODES)})
        if threshold < 1:
            raise InputError(msgid="error.outcomes.min_cell", field="min_cell")
        return cls(threshold, mode)

    def settings(self) -> dict[str, Any]:
        return {SETTINGS_KEY: {"min_cell": self.threshold, "small_cells": self.mode}}


def protect(frame: pd.DataFrame, rule: Protection, columns: Iterable[str]) -> tuple[pd.DataFrame, bool]:
    """A copy with small counts in ``columns`` marked or suppressed; and whether any was."""
    out = frame.copy()
    if rule.mode == "off":
        return out, False
    touched = False
    for name in columns:
        cells = []
        for value in out[name]:
            if _count(value) and 0 < value < rule.threshold:
                touched = True
                number = int(value) if float(value).is_integer() else value
                cells.append(f"{number} *" if rule.mode == "mark" else f"<{rule.threshold}")
            else:
                cells.append("" if pd.isna(value) else value)
        out[name] = pd.Series(cells, index=out.index, dtype=object)
    return out, touched


def _count(value: object) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool) and not pd.isna(value)


class OutcomeTable(Table):
    """An outcome table named by its caption's head ("Tabell 2", "Målgrupp", "Kontinuitet")."""

    @property
    def title(self) -> str:
        head, sep, _rest = self.caption.partition(". ")
        return head.strip() if sep else super().title


def _table(key: str, frame: pd.DataFrame, lang: str, rule: Protection, protected: Iterable[str],
           extra: tuple[str, ...] = ()) -> Table:
    notes = NOTES.get(lang, NOTES["sv"])
    shown, touched = protect(frame, rule, protected)
    out = list(extra)
    if touched:
        out.append(notes[rule.mode].format(n=rule.threshold))
    out.append(notes["effects"])
    return OutcomeTable(key, CAPTIONS.get(lang, CAPTIONS["sv"])[key], shown, tuple(out))


def outcome_tables(cases: pd.DataFrame, events: pd.DataFrame, attendance: pd.DataFrame,
                   keys: Iterable[str] = OUTCOME_TABLE_KEYS, *, lang: str = "sv",
                   rule: Protection | None = None) -> list[Table]:
    """The exportable outcome tables (Table 2 first), protected and with their notes."""
    rule = rule or Protection()
    wanted = list(keys)
    unknown = [k for k in wanted if k not in OUTCOME_TABLE_KEYS]
    if unknown:
        raise InputError(msgid="error.outcomes.unknown_table", field="table",
                         params={"unknown": ", ".join(unknown), "known": ", ".join(OUTCOME_TABLE_KEYS)})
    if cases.empty:
        raise InputError(msgid="error.outcomes.no_data", field="table")
    out = []
    for key in wanted:
        if key == "2":
            frame = T.table2(cases, events, lang=lang)
            out.append(_table(key, frame, lang, rule, frame.columns[1:]))
        elif key == "2-sammanfattning":
            frame = T.summary_frame(T.summary(cases, events), lang)
            out.append(_table(key, frame, lang, Protection(rule.threshold, "off"), (),
                              (NOTES.get(lang, NOTES["sv"])["mean"],)))
        elif key == "malgrupp":
            frame = T.target_group_frame(T.target_group(cases, events), lang)
            value = frame.columns[1]
            frame[value] = pd.Series([int(v) if str(v).isdigit() else v for v in frame[value]],
                                     index=frame.index, dtype=object)
            out.append(_table(key, frame, lang, rule, [frame.columns[1]]))
        elif key == "4-moten":
            frame = T.meetings_frame(T.meeting_summary(T.meetings(attendance)), lang)
            out.append(_table(key, frame, lang, Protection(rule.threshold, "off"), ()))
        else:
            frame = T.continuity(attendance, lang)
            out.append(_table(key, frame, lang, Protection(rule.threshold, "off"), ()))
    return out
