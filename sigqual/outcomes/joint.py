"""Joint displays: each youth's register outcomes beside what their interviews say.

Interviews are linked to a case by a document attribute (``case``, ``ärende`` or
``ungdom``) holding the case id. Per case, the Table 2 row stands beside the success
factors and development areas coded in the youth's and parents' interviews. Per group
of cases (no new incident from the start vs new incidents) the comparison matrix of
:mod:`sigqual.compare` counts the interviews mentioning each factor, and
:func:`group_quotes` gives the passages behind any cell.
"""

from __future__ import annotations

import pandas as pd

from ..codebook import Codebook
from ..compare import frames as compare_frames
from ..compare.matrix import Comparison, cell_quotes, comparison_matrix
from ..errors import InputError
from ..i18n import ByLanguage

CASE_ATTRIBUTES = ("case", "ärende", "arende", "ungdom", "case_id")
OUTCOME_ATTRIBUTE = "utfall"
KINDS = ("success_factor", "development_area")
WORDS = ByLanguage({
    "none": "outcomes.joint.words.none",
    "new": "outcomes.joint.words.new",
    "docs": "outcomes.joint.words.docs",
    "success_factor": "outcomes.joint.words.success_factor",
    "development_area": "outcomes.joint.words.development_area",
    "outcome": "outcomes.joint.words.outcome",
})


def case_attribute(documents: pd.DataFrame, wanted: str | None = None) -> str | None:
    """The attribute that links documents to cases: ``wanted`` or the first common name used."""
    names = compare_frames.known_attributes(documents)
    if wanted:
        if wanted not in names:
            raise InputError(msgid="error.outcomes.no_attribute", params={"wanted": wanted}, field=wanted)
        return wanted
    folded = {n.casefold(): n for n in names}
    return next((folded[c] for c in CASE_ATTRIBUTES if c in folded), None)


def document_cases(documents: pd.DataFrame, attribute: str | None = None) -> pd.Series:
    """Case id per document (``None`` when unlinked), indexed like ``documents``."""
    name = case_attribute(documents, attribute)
    if name is None:
        return pd.Series([None] * len(documents), index=documents.index, dtype=object)
    return compare_frames.attribute_values(documents, name)


def outcome_labels(table2: pd.DataFrame, lang: str = "sv") -> dict[str, str]:
    """Case -> "no new incident" / "new incidents" from a Table 2 frame (after-start columns)."""
    words = WORDS.get(lang, WORDS["sv"])
    labels = {}
    for row in table2.itertuples(index=False):
        after = [v for v in row[3:5] if not pd.isna(v)]
        if len(after) < 2:
            continue
        labels[str(row[0])] = words["new"] if sum(int(v) for v in after) > 0 else words["none"]
    return labels


def linked_documents(documents: pd.DataFrame, table2: pd.DataFrame, *, attribute: str | None = None,
                     lang: str = "sv") -> pd.DataFrame:
    """The linked documents with their case and outcome group as free attributes."""
    cases = document_cases(documents, attribute)
    labels = outcome_labels(table2, lang)
    keep = cases.map(lambda c: c in labels).astype(bool)
    linked = documents[keep].copy()
    linked["case"] = cases[keep]
    linked["attributes"] = [
        {**(attrs or {}), OUTCOME_ATTRIBUTE: labels[case]}
        for attrs, case in zip(linked["attributes"], linked["case"], strict=True)]
    return linked


def joint_by_case(table2: pd.DataFrame, codings: pd.DataFrame, documents: pd.DataFrame,
                  codebook: Codebook, *, attribute: str | None = None, lang: str = "sv") -> pd.DataFrame:
    """Table 2's row per case, the linked interviews, and the factors coded in them."""
    words = WORDS.get(lang, WORDS["sv"])
    linked = linked_documents(documents, table2, attribute=attribute, lang=lang)
    labels = outcome_labels(table2, lang)
    order = {c.id: i for i, c in enumerate(codebook.codes)}
    rows = []
    for row in table2.to_dict("records"):
        case = str(row[table2.columns[0]])
        docs = linked[linked["case"] == case]
        coded = codings[codings["document_id"].isin(docs["document_id"])]
        out = dict(row)
        out[words["outcome"]] = labels.get(case, "")
        out[words["docs"]] = ", ".join(docs["document"].astype(str))
        for kind in KINDS:
            picked = coded[coded["kind"] == kind].drop_duplicates("code_id")
            picked = picked.sort_values("code_id", key=lambda s: s.map(lambda c: order.get(c, 1 << 30)))
            out[words[kind]] = "; ".join(picked["code_label"].astype(str))
        rows.append(out)
    return pd.DataFrame(rows)


def joint_by_group(table2: pd.DataFrame, codings: pd.DataFrame, documents: pd.DataFrame,
                   codebook: Codebook, *, attribute: str | None = None, lang: str = "sv") -> Comparison:
    """Success factors and development areas per outcome group (interviews mentioning each)."""
    linked = linked_documents(documents, table2, attribute=attribute, lang=lang)
    if linked.empty:
        raise InputError(msgid="error.outcomes.no_link", field="ärende")
    return comparison_matrix(codings, linked, codebook, by=OUTCOME_ATTRIBUTE, kinds=KINDS, lang=lang)


def group_quotes(table2: pd.DataFrame, codings: pd.DataFrame, documents: pd.DataFrame,
                 codebook: Codebook, code_id: str, group: str, *, attribute: str | None = None,
                 lang: str = "sv") -> pd.DataFrame:
    """The passages behind one cell of :func:`joint_by_group`."""
    linked = linked_documents(documents, table2, attribute=attribute, lang=lang)
    return cell_quotes(codings, linked, codebook, code_id, group, by=OUTCOME_ATTRIBUTE)
