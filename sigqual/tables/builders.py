"""Pure table builders: a codings frame plus a codebook in, a :class:`Table` out.

The codings frame is :meth:`Store.codings_frame` (one row per coding), filtered
beforehand with :func:`filter_codings`. A label appears in a table when at least
``min_segments`` distinct coded spans support it; themes also count the spans
coded with any code below them (``rollup``), as hierarchical coding expects.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from ..codebook import Code, Codebook, Group
from ..errors import SigqualError
from ..i18n import choice, translate
from .model import Table

TABLE_KEYS = ("3", "4a", "4b", "4c", "4d", "4e", "5a", "5b")

@dataclass(frozen=True)
class TableOptions:
    """How tables are drawn from the codings; the defaults suit most projects.

    ``table4_phases`` and ``summary_phases`` restrict Tables 3-4 and 5a/5b to
    phases (the reference study summarises phase 1 in Table 4, both in Table 5);
    ``coders`` counts only those coders' codings, so that a project where a second
    coder double-coded part of the material for agreement still tables one coding.
    """

    min_segments: int = 1
    rollup: bool = True
    evidence: bool = False
    lang: str = "sv"
    table3_phases: tuple[str, ...] | None = None
    table4_phases: tuple[str, ...] | None = None
    summary_phases: tuple[str, ...] | None = None
    groups: tuple[str, ...] | None = None
    coders: tuple[str, ...] | None = None
    extra: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_settings(cls, settings: Mapping[str, object], **overrides: object) -> TableOptions:
        """Options saved in a project's settings (``tables`` key), then overrides."""
        saved = dict(settings.get("tables", {}) or {}) if isinstance(settings, Mapping) else {}
        values: dict[str, object] = {}
        for key in ("min_segments", "rollup", "evidence", "lang"):
            if key in saved:
                values[key] = saved[key]
        for key in ("table3_phases", "table4_phases", "summary_phases", "groups", "coders"):
            if saved.get(key):
                values[key] = tuple(str(v) for v in saved[key])  # type: ignore[union-attr]
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]


def kind_heading(kind: str, lang: str = "sv") -> str:
    """``Framgångsfaktorer``: the column heading of a kind in Tables 4 and 5."""
    return choice("kind.plural.", kind, lang)


def kind_cell(kind: str, lang: str) -> str:
    """The kind column of the evidence rows: ``Tema`` for themes, plural headings otherwise."""
    if kind == "code":
        return ""
    return choice("kind.", kind, lang) if kind == "theme" else kind_heading(kind, lang)


def filter_codings(
    frame: pd.DataFrame,
    *,
    groups: Iterable[str] | None = None,
    phases: Iterable[str] | None = None,
    coders: Iterable[str] | None = None,
    interview_types: Iterable[str] | None = None,
    attributes: Mapping[str, Iterable[str]] | None = None,
    include_interviewer: bool = True,
) -> pd.DataFrame:
    """Keep codings whose document (and coder) match every given filter."""
    mask = pd.Series(True, index=frame.index)
    for column, values in (("group", groups), ("phase", phases), ("coder", coders),
                           ("interview_type", interview_types)):
        if values is not None:
            mask &= frame[column].astype("string").isin([str(v) for v in values]).fillna(False)
    for name, values in (attributes or {}).items():
        wanted = {str(v) for v in values}
        if name in frame.columns:
            mask &= frame[name].astype("string").isin(wanted).fillna(False)
        else:
            mask &= frame["attributes"].map(
                lambda a, n=name, w=wanted: str((a or {}).get(n)) in w)
    if not include_interviewer:
        mask &= frame["role"].ne("interviewer").fillna(True)
    return frame[mask]


# -- support -----------------------------------------------------------------

def support(frame: pd.DataFrame, codebook: Codebook, *, rollup: bool = True) -> pd.DataFrame:
    """Per (group, code): distinct coded spans and documents behind it.

    With ``rollup`` a code also counts the spans coded with its descendants.
    Columns: group, code_id, n_segments, n_documents.
    """
    if frame.empty:
        return pd.DataFrame(columns=["group", "code_id", "n_segments", "n_documents"])
    base = frame[["group", "code_id", "document_id", "start", "end"]].copy()
    if rollup:
        ancestors = _ancestor_map(codebook)
        base["code_id"] = base["code_id"].map(lambda c: [c, *ancestors.get(c, ())])
        base = base.explode("code_id")
    base = base.drop_duplicates()
    grouped = base.groupby(["group", "code_id"], dropna=False)
    out = grouped.size().rename("n_segments").to_frame()
    out["n_documents"] = grouped["document_id"].nunique()
    return out.reset_index()


def _ancestor_map(codebook: Codebook) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for code in codebook.codes:
        chain: list[str] = []
        seen = {code.id}
        parent = codebook.get(code.parent) if code.parent else None
        while parent is not None and parent.id not in seen:
            chain.append(parent.id)
            seen.add(parent.id)
            parent = codebook.get(parent.parent) if parent.parent else None
        out[code.id] = tuple(chain)
    return out


def _supported(sup: pd.DataFrame, group: str, min_segments: int) -> dict[str, tuple[int, int]]:
    rows = sup[(sup["group"] == group) & (sup["n_segments"] >= min_segments)]
    return {r.code_id: (int(r.n_documents), int(r.n_segments)) for r in rows.itertuples()}


def _groups(codebook: Codebook, options: TableOptions) -> list[Group]:
    if options.groups is None:
        return list(codebook.groups)
    unknown = [g for g in options.groups if g not in codebook.group_keys]
    if unknown:
        raise SigqualError(msgid="error.tables.unknown_interview_group",
                           params={"unknown": ', '.join(unknown)})
    return [g for g in codebook.groups if g.key in options.groups]


def _phase_filter(frame: pd.DataFrame, phases: tuple[str, ...] | None) -> pd.DataFrame:
    return frame if phases is None else filter_codings(frame, phases=phases)


def _columns(lists: Mapping[str, list[str]]) -> pd.DataFrame:
    """Top-aligned columns of labels, padded with empty cells, as printed in reports."""
    height = max((len(v) for v in lists.values()), default=0)
    return pd.DataFrame({name: values + [""] * (height - len(values)) for name, values in lists.items()})


# -- evidence ----------------------------------------------------------------

def example_quote(frame: pd.DataFrame, code_ids: Sequence[str], group: str | None,
                  lang: str = "sv") -> tuple[str, str]:
    """A representative quote and its source for a code (deterministic).

    Prefers respondent quotes of 40-400 characters, then the earliest document.
    """
    rows = frame[frame["code_id"].isin(code_ids)]
    if group is not None:
        rows = rows[rows["group"] == group]
    if rows.empty:
        return "", ""
    lengths = rows["quote"].str.len()
    preferred = rows[(lengths >= 40) & (lengths <= 400) & rows["role"].ne("interviewer").fillna(True)]
    row = (preferred if not preferred.empty else rows).iloc[0]
    return str(row["quote"]), source_label(row, lang)


def present(value: object) -> str:
    """``value`` as text, or "" for None, NaN and blanks (pandas fills gaps with NaN)."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value).strip()


def source_label(row: Mapping[str, object] | pd.Series, lang: str = "sv") -> str:
    """``Förälder 2 (foraldrar, fas 1)``: who said it, for quotes in reports."""
    who = present(row.get("participant")) or present(row.get("document"))
    bits = [b for b in (present(row.get("group")),) if b]
    if present(row.get("phase")):
        bits.append(translate("table.source_phase", lang, phase=present(row.get("phase"))))
    return f"{who} ({', '.join(bits)})" if bits else who


def _evidence_rows(
    frame: pd.DataFrame, codebook: Codebook, sup: Mapping[str, tuple[int, int]], codes: list[Code],
    group: Group | None, lang: str, summary: bool, rollup: bool,
) -> list[dict[str, object]]:
    rows = []
    for code in codes:
        n_docs, n_segs = sup[code.id]
        ids = [code.id, *([c.id for c in codebook.descendants(code.id)] if rollup else [])]
        quote, source = example_quote(frame, ids, group.key if group else None, lang)
        row: dict[str, object] = {}
        if group is not None:
            row[translate("common.group", lang)] = group.name
        row[translate("table.col.kind", lang)] = kind_cell(code.kind, lang)
        row[translate("table.col.label", lang)] = code.display_label(summary)
        row[translate("table.col.n_documents", lang)] = n_docs
        row[translate("table.col.n_segments", lang)] = n_segs
        row[translate("table.col.quote", lang)] = quote
        row[translate("table.col.source", lang)] = source
        rows.append(row)
    return rows


# -- the tables ----------------------------------------------------------------

def table3(frame: pd.DataFrame, codebook: Codebook, options: TableOptions = TableOptions()) -> Table:
    """Themes per group (Table 3)."""
    frame = _phase_filter(frame, options.table3_phases)
    sup = support(frame, codebook, rollup=options.rollup)
    caption = translate("table.caption.3", options.lang)
    lists: dict[str, list[str]] = {}
    evidence: list[dict[str, object]] = []
    for group in _groups(codebook, options):
        have = _supported(sup, group.key, options.min_segments)
        themes = [c for c in codebook.codes_for_group(group.key, ["theme"]) if c.id in have]
        lists[group.name] = [c.label for c in themes]
        if options.evidence:
            evidence += _evidence_rows(frame, codebook, have, themes, group, options.lang, False,
                                       options.rollup)
    result = pd.DataFrame(evidence) if options.evidence else _columns(lists)
    return Table("3", caption, result)


def table4_key(codebook: Codebook, group_key: str) -> str:
    """``4a``..``4e`` from the codebook, else by the group's position."""
    group = codebook.group(group_key)
    if group.table4:
        return group.table4
    index = codebook.group_keys.index(group_key)
    return f"4{chr(ord('a') + index)}" if index < 26 else f"4-{group_key}"


def table4(frame: pd.DataFrame, codebook: Codebook, group_key: str,
           options: TableOptions = TableOptions()) -> Table:
    """Success factors beside development areas for one group (Tables 4a-4e)."""
    group = codebook.group(group_key)
    frame = _phase_filter(frame, options.table4_phases)
    sup = _supported(support(frame, codebook, rollup=False), group.key, options.min_segments)
    key = table4_key(codebook, group_key)
    caption = translate("table.caption.4", options.lang, key=key, possessive=group.possessive,
                        name=group.name)
    kinds = ("success_factor", "development_area")
    chosen = {k: [c for c in codebook.codes_for_group(group.key, [k]) if c.id in sup] for k in kinds}
    if options.evidence:
        rows = []
        for k in kinds:
            rows += _evidence_rows(frame, codebook, sup, chosen[k], None, options.lang, False, False)
        result = pd.DataFrame(rows)
    else:
        result = _columns({kind_heading(k, options.lang): [c.label for c in chosen[k]] for k in kinds})
    return Table(key, caption, result)


def _table5(frame: pd.DataFrame, codebook: Codebook, kind: str, key: str,
            options: TableOptions) -> Table:
    frame = _phase_filter(frame, options.summary_phases)
    sup = support(frame, codebook, rollup=False)
    caption = (translate("table.caption.5a", options.lang) if key == "5a"
               else translate("table.caption.5b", options.lang))
    lists: dict[str, list[str]] = {}
    evidence: list[dict[str, object]] = []
    for group in _groups(codebook, options):
        have = _supported(sup, group.key, options.min_segments)
        chosen = [c for c in codebook.codes_for_group(group.key, [kind]) if c.id in have]
        lists[group.name] = [c.display_label(summary=True) for c in chosen]
        if options.evidence:
            evidence += _evidence_rows(frame, codebook, have, chosen, group, options.lang, True, False)
    return Table(key, caption, pd.DataFrame(evidence) if options.evidence else _columns(lists))


def table5a(frame: pd.DataFrame, codebook: Codebook, options: TableOptions = TableOptions()) -> Table:
    """Success factors of every group side by side (Table 5a)."""
    return _table5(frame, codebook, "success_factor", "5a", options)


def table5b(frame: pd.DataFrame, codebook: Codebook, options: TableOptions = TableOptions()) -> Table:
    """Development areas of every group side by side (Table 5b)."""
    return _table5(frame, codebook, "development_area", "5b", options)


def available_tables(codebook: Codebook) -> list[str]:
    """Table keys this codebook can produce, in report order."""
    return ["3", *[table4_key(codebook, g.key) for g in codebook.groups], "5a", "5b"]


def build_table(frame: pd.DataFrame, codebook: Codebook, key: str,
                options: TableOptions = TableOptions()) -> Table:
    """Any table by its key (``3``, ``4a``.., ``5a``, ``5b``)."""
    if options.coders is not None:
        frame = filter_codings(frame, coders=options.coders)
    if key == "3":
        return table3(frame, codebook, options)
    if key == "5a":
        return table5a(frame, codebook, options)
    if key == "5b":
        return table5b(frame, codebook, options)
    for group in codebook.groups:
        if table4_key(codebook, group.key) == key:
            return table4(frame, codebook, group.key, options)
    raise SigqualError(
        msgid="error.tables.unknown_table_choose_one",
        params={"key": key, "items": ', '.join(available_tables(codebook))}
    )


def build_tables(frame: pd.DataFrame, codebook: Codebook, keys: Iterable[str] | str = "all",
                 options: TableOptions = TableOptions()) -> list[Table]:
    """Several tables at once; ``"all"`` gives every table in report order."""
    wanted = available_tables(codebook) if keys == "all" else list(keys)
    return [build_table(frame, codebook, k, options) for k in wanted]
