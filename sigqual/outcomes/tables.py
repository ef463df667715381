"""Outcome tables as pure functions of the store's frames (cases, events, attendance).

Table 2 counts police reports and reports of concern before each youth's intervention
start and from the start on (the start day counts as "from the start on"). The summary
gives what the reference report writes in its text, computed both over all youths and
over those with new incidents, each labelled for what it is. These figures describe a
small group; they do not show effects.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from .. import i18n
from ..i18n import ByLanguage
from . import vocabulary as vocab

TABLE2_COLUMNS = ByLanguage((
    "outcomes.tables.table2_columns.c0",
    "outcomes.tables.table2_columns.c1",
    "outcomes.tables.table2_columns.c2",
    "outcomes.tables.table2_columns.c3",
))
CASE_HEADER = ByLanguage("outcomes.tables.case_header")
# The four Table 2 columns as (event type, after the start?), in the report's order.
TABLE2_CELLS = ((vocab.POLICE, False), (vocab.CONCERN, False), (vocab.POLICE, True), (vocab.CONCERN, True))
SUMMARY_KEYS = ("police_before", "concern_before", "police_after", "concern_after")


def _as_dates(series: pd.Series) -> pd.Series:
    return pd.to_datetime(series, errors="coerce")


def with_phase(cases: pd.DataFrame, events: pd.DataFrame, *, since: date | None = None,
               until: date | None = None) -> pd.DataFrame:
    """Events with the case's start and whether they fall from the start on.

    ``since``/``until`` keep the report's observation window (e.g. 2013-2014).
    """
    starts = cases.set_index("case")["start"]
    frame = events.copy()
    frame["date"] = _as_dates(frame["date"])
    if since is not None:
        frame = frame[frame["date"] >= pd.Timestamp(since)]
    if until is not None:
        frame = frame[frame["date"] <= pd.Timestamp(until)]
    frame = frame[frame["case"].isin(starts.index)]
    frame["start"] = _as_dates(frame["case"].map(starts))
    frame["after"] = frame["date"] >= frame["start"]
    return frame


def table2(cases: pd.DataFrame, events: pd.DataFrame, *, lang: str = "sv",
           since: date | None = None, until: date | None = None) -> pd.DataFrame:
    """One row per case (labelled as in the data), the four counts in the report's order.

    A case without a start date has no before/after, so its cells are empty.
    """
    names = TABLE2_COLUMNS.get(lang, TABLE2_COLUMNS["sv"])
    phased = with_phase(cases, events, since=since, until=until)
    counts = phased.groupby(["case", "type", "after"]).size()
    rows = []
    for case, start in zip(cases["case"], _as_dates(cases["start"]), strict=True):
        row: dict[str, Any] = {CASE_HEADER.get(lang, "Ungdom"): case}
        for name, (kind, after) in zip(names, TABLE2_CELLS, strict=True):
            row[name] = pd.NA if pd.isna(start) else int(counts.get((case, kind, after), 0))
        rows.append(row)
    frame = pd.DataFrame(rows, columns=[CASE_HEADER.get(lang, "Ungdom"), *names])
    for name in names:
        frame[name] = frame[name].astype("Int64")
    return frame


@dataclass(frozen=True)
class Stat:
    """Mean, minimum and maximum of one column; ``n`` is how many cases they cover."""

    mean: float | None
    min: int | None
    max: int | None
    n: int

    @classmethod
    def of(cls, values: pd.Series) -> Stat:
        clean = values.dropna().astype(int)
        if clean.empty:
            return cls(None, None, None, 0)
        return cls(float(clean.mean()), int(clean.min()), int(clean.max()), int(len(clean)))


@dataclass(frozen=True)
class Summary:
    """The summary figures behind Table 2 (see module docstring)."""

    cases: int
    columns: Mapping[str, Stat]              # over all cases with a start
    with_new: Mapping[str, Stat]             # after-start columns, only cases with new incidents
    no_new_incident: int
    convictions_after_start: int
    convicted_cases_after_start: int
    notes: tuple[str, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict[str, Any]:
        """The shape of the reference file's ``table2_text`` (means rounded to one decimal)."""
        out: dict[str, Any] = {}
        for key in SUMMARY_KEYS:
            s = self.columns[key]
            out[key] = {"mean": None if s.mean is None else round(s.mean, 1), "min": s.min, "max": s.max}
        out["no_new_incident_after_start"] = f"{self.no_new_incident} of {self.cases}"
        out["convictions_after_start"] = self.convictions_after_start
        return out


def summary(cases: pd.DataFrame, events: pd.DataFrame, *, since: date | None = None,
            until: date | None = None) -> Summary:
    """Means, minima and maxima per column; cases without new incidents; convictions after."""
    t2 = table2(cases, events, lang="sv", since=since, until=until)
    counted = t2.dropna()
    values = counted.iloc[:, 1:]
    values.columns = list(SUMMARY_KEYS)
    stats = {key: Stat.of(values[key]) for key in SUMMARY_KEYS}
    new = (values["police_after"] + values["concern_after"]) > 0
    with_new = {key: Stat.of(values.loc[new, key]) for key in ("police_after", "concern_after")}
    phased = with_phase(cases, events, since=since, until=until)
    convictions = phased[(phased["type"] == vocab.CONVICTION) & phased["after"]]
    return Summary(cases=int(len(counted)), columns=stats, with_new=with_new,
                   no_new_incident=int((~new).sum()),
                   convictions_after_start=int(len(convictions)),
                   convicted_cases_after_start=int(convictions["case"].nunique()))


SUMMARY_TEXT = ByLanguage({
    "measure": "outcomes.tables.summary_text.measure",
    "mean_all": "outcomes.tables.summary_text.mean_all",
    "min": "outcomes.tables.summary_text.min",
    "max": "outcomes.tables.summary_text.max",
    "mean_new": "outcomes.tables.summary_text.mean_new",
    "no_new": "outcomes.tables.summary_text.no_new",
    "convictions": "outcomes.tables.summary_text.convictions",
    "of": "outcomes.tables.summary_text.of",
})


def summary_frame(result: Summary, lang: str = "sv") -> pd.DataFrame:
    """The summary as a table: one row per Table 2 column, then the two counts."""
    words = SUMMARY_TEXT.get(lang, SUMMARY_TEXT["sv"])
    names = TABLE2_COLUMNS.get(lang, TABLE2_COLUMNS["sv"])
    rows = []
    for name, key in zip(names, SUMMARY_KEYS, strict=True):
        s = result.columns[key]
        w = result.with_new.get(key)
        rows.append({words["measure"]: name, words["mean_all"]: _one(s.mean, lang),
                     words["min"]: _int(s.min), words["max"]: _int(s.max),
                     words["mean_new"]: _one(w.mean, lang) if w else ""})
    rows.append({words["measure"]: words["no_new"],
                 words["mean_all"]: words["of"].format(a=result.no_new_incident, b=result.cases),
                 words["min"]: "", words["max"]: "", words["mean_new"]: ""})
    rows.append({words["measure"]: words["convictions"],
                 words["mean_all"]: str(result.convictions_after_start),
                 words["min"]: "", words["max"]: "", words["mean_new"]: ""})
    return pd.DataFrame(rows)


def _one(value: float | None, lang: str) -> str:
    return "" if value is None else i18n.number(value, lang, fixed=True)


def _int(value: int | None) -> str:
    return "" if value is None else str(value)


# -- target group -----------------------------------------------------------------

@dataclass(frozen=True)
class AttributeSummary:
    """How one case attribute is distributed: numbers, yes/no or categories."""

    name: str
    kind: str  # number | yes_no | category
    count: int  # cases with a value
    mean: float | None = None
    min: float | None = None
    max: float | None = None
    yes: int | None = None
    values: Mapping[str, int] = field(default_factory=dict)


def attribute_frame(cases: pd.DataFrame) -> pd.DataFrame:
    """The free attributes as columns, one row per case."""
    records = [dict(a or {}) for a in cases.get("attributes", pd.Series(dtype=object))]
    return pd.DataFrame(records, index=cases.index)


def describe_attribute(name: str, values: pd.Series) -> AttributeSummary:
    clean = values.dropna()
    clean = clean[clean.astype(str).str.strip() != ""]
    numbers = pd.to_numeric(clean.astype(str).str.replace(",", ".", regex=False), errors="coerce")
    if len(clean) and numbers.notna().all():
        return AttributeSummary(name, "number", len(clean), float(numbers.mean()),
                                float(numbers.min()), float(numbers.max()))
    answers = [vocab.yes_no(v) for v in clean]
    if len(clean) and all(a is not None for a in answers):
        return AttributeSummary(name, "yes_no", len(clean), yes=sum(bool(a) for a in answers))
    counts = clean.astype(str).str.strip().value_counts()
    return AttributeSummary(name, "category", len(clean),
                            values={str(k): int(v) for k, v in counts.items()})


@dataclass(frozen=True)
class TargetGroup:
    """The target-group description: attributes plus register facts before the start."""

    cases: int
    attributes: Mapping[str, AttributeSummary]
    before_start: Mapping[str, int]  # event type -> cases with such an event before the start


def target_group(cases: pd.DataFrame, events: pd.DataFrame) -> TargetGroup:
    attrs = attribute_frame(cases)
    described = {name: describe_attribute(name, attrs[name]) for name in attrs.columns}
    phased = with_phase(cases, events)
    before = phased[~phased["after"]]
    facts = {kind: int(before.loc[before["type"] == kind, "case"].nunique())
             for kind in (vocab.CONVICTION, vocab.WAIVED, vocab.PLACEMENT)}
    return TargetGroup(cases=int(len(cases)), attributes=described, before_start=facts)


TARGET_TEXT = ByLanguage({
    "what": "outcomes.tables.target_text.what",
    "value": "outcomes.tables.target_text.value",
    "cases": "outcomes.tables.target_text.cases",
    "mean": "outcomes.tables.target_text.mean",
    "yes": "outcomes.tables.target_text.yes",
    "distinct": "outcomes.tables.target_text.distinct",
    "value_of": "outcomes.tables.target_text.value_of",
    "before": "outcomes.tables.target_text.before",
})


def target_group_frame(group: TargetGroup, lang: str = "sv") -> pd.DataFrame:
    """The description as rows of (what, value), in attribute order."""
    words = TARGET_TEXT.get(lang, TARGET_TEXT["sv"])
    rows: list[tuple[str, str]] = [(words["cases"], str(group.cases))]
    for a in group.attributes.values():
        label = a.name.replace("_", " ")
        if a.kind == "number":
            rows.append((label, words["mean"].format(name=label, mean=_num(a.mean, lang),
                                                     min=_num(a.min, lang), max=_num(a.max, lang))))
        elif a.kind == "yes_no":
            rows.append((words["yes"].format(name=label), str(a.yes)))
        else:
            rows.append((words["distinct"].format(name=label), str(len(a.values))))
            if len(a.values) <= 6:
                rows.extend((words["value_of"].format(name=label, value=v), str(n))
                            for v, n in sorted(a.values.items()))
    for kind, n in group.before_start.items():
        rows.append((words["before"].format(type=vocab.type_label(kind, lang)), str(n)))
    return pd.DataFrame(rows, columns=[words["what"], words["value"]])


def _num(value: float | None, lang: str) -> str:
    return "" if value is None else i18n.number(value, lang)


# -- meetings (Figure 4) ----------------------------------------------------------

def meetings(attendance: pd.DataFrame) -> pd.DataFrame:
    """One row per meeting: case, date, number, professionals present and family present."""
    columns = ["case", "meeting_date", "meeting", "participants", "family"]
    if attendance.empty:
        return pd.DataFrame(columns=columns)
    family = attendance["role"].map(vocab.is_family_role).astype(bool)
    keys = ["case", "meeting_date"]
    every = attendance[keys].drop_duplicates()
    professionals = attendance[~family].groupby(keys)["participant"].nunique().rename("participants")
    relatives = attendance[family].groupby(keys)["participant"].nunique().rename("family")
    out = every.merge(professionals.reset_index(), on=keys, how="left").merge(
        relatives.reset_index(), on=keys, how="left")
    out[["participants", "family"]] = out[["participants", "family"]].fillna(0).astype(int)
    order = {c: i for i, c in enumerate(dict.fromkeys(attendance["case"]))}
    out = out.sort_values(["case", "meeting_date"], key=lambda s: s.map(order) if s.name == "case" else s)
    out["meeting"] = out.groupby("case").cumcount() + 1
    return out[columns].reset_index(drop=True)


@dataclass(frozen=True)
class MeetingSummary:
    cases: int
    meetings_per_case: Mapping[str, int]
    participants: Stat
    per_case: pd.DataFrame  # case, meetings, mean, min, max

    def meetings_sorted(self) -> list[int]:
        return sorted(self.meetings_per_case.values(), reverse=True)


def meeting_summary(table: pd.DataFrame) -> MeetingSummary:
    """Figure 4's figures: meetings per youth and professionals per meeting (mean, min, max)."""
    per_case = table.groupby("case", sort=False)["participants"].agg(["count", "mean", "min", "max"])
    per_case = per_case.reset_index().rename(columns={"count": "meetings"})
    counts = {str(r.case): int(r.meetings) for r in per_case.itertuples()}
    return MeetingSummary(cases=len(counts), meetings_per_case=counts,
                          participants=Stat.of(table["participants"]), per_case=per_case)


MEETING_TEXT = ByLanguage({
    "case": "outcomes.tables.meeting_text.case",
    "meetings": "outcomes.tables.meeting_text.meetings",
    "mean": "outcomes.tables.meeting_text.mean",
    "min": "outcomes.tables.meeting_text.min",
    "max": "outcomes.tables.meeting_text.max",
    "role": "outcomes.tables.meeting_text.role",
    "persons": "outcomes.tables.meeting_text.persons",
})


def meetings_frame(result: MeetingSummary, lang: str = "sv") -> pd.DataFrame:
    """Per case: meetings and professionals per meeting (excluding the youth and parents)."""
    w = MEETING_TEXT.get(lang, MEETING_TEXT["sv"])
    out = result.per_case.rename(columns={"case": w["case"], "meetings": w["meetings"], "mean": w["mean"],
                                          "min": w["min"], "max": w["max"]})
    out[w["mean"]] = out[w["mean"]].map(lambda v: round(float(v), 1))
    return out


def continuity(attendance: pd.DataFrame, lang: str = "sv") -> pd.DataFrame:
    """Distinct persons per role (organisation when no role is given) and case, family excluded.

    Many different persons in one role ("five different police officers") means little
    continuity for the youth.
    """
    w = MEETING_TEXT.get(lang, MEETING_TEXT["sv"])
    columns = [w["case"], w["role"], w["persons"], w["meetings"]]
    if attendance.empty:
        return pd.DataFrame(columns=columns)
    frame = attendance[~attendance["role"].map(vocab.is_family_role)].copy()
    frame["who"] = [r if str(r).strip() else o
                    for r, o in zip(frame["role"], frame["organisation"], strict=True)]
    grouped = frame.groupby(["case", "who"], sort=False)
    out = pd.DataFrame({"persons": grouped["participant"].nunique(),
                        "meetings": grouped["meeting_date"].nunique()}).reset_index()
    out.columns = columns
    return out
