"""The Överensstämmelse page's logic without streamlit: decisions on disagreements,
progress while the suggestion engine codes, the report files and the cache key."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from ..agreement import AI_CODER, AgreementResult, Resolution, export_agreement
from ..errors import InputError
from ..export import FORMATS, slug
from ..i18n import translate
from .lazy_files import LazyFile

DecisionKey = tuple[int, str]


def decision_key(segment_id: int, code_id: str) -> DecisionKey:
    return (int(segment_id), str(code_id))


def names(listed: object) -> list[str]:
    """``"Anna, Bo"`` (a disagreement's coded_by / not_coded_by) as a list."""
    return [n.strip() for n in str(listed or "").split(",") if n.strip()]


def resolutions(disagreements: pd.DataFrame, decisions: Mapping[DecisionKey, str]
                ) -> list[Resolution]:
    """One resolution per decided disagreement: the team accepts that coder's side.

    Accepting a coder who applied the code keeps it with that coder's passage; accepting
    one who did not drops it. Undecided rows give no resolution.
    """
    out = []
    for row in disagreements[["segment_id", "code_id", "coded_by", "not_coded_by"]].itertuples(
            index=False):
        side = decisions.get(decision_key(row.segment_id, row.code_id))
        if not side:
            continue
        applied, left_out = names(row.coded_by), names(row.not_coded_by)
        if side not in applied and side not in left_out:
            raise InputError(msgid="error.ui.turn_code_not_one",
                             params={"segment_id": row.segment_id, "code_id": row.code_id, "side": side},
                             field="decision", segment=str(row.segment_id))
        apply = side in applied
        out.append(Resolution(int(row.segment_id), str(row.code_id), apply,
                              side if apply else None))
    return out


def accept_side(disagreements: pd.DataFrame, decisions: Mapping[DecisionKey, str], coder: str
                ) -> dict[DecisionKey, str]:
    """Decisions with every still open disagreement settled in favour of ``coder``."""
    out = dict(decisions)
    for row in disagreements[["segment_id", "code_id"]].itertuples(index=False):
        out.setdefault(decision_key(row.segment_id, row.code_id), coder)
    return out


def open_count(disagreements: pd.DataFrame, decisions: Mapping[DecisionKey, str]) -> int:
    """How many disagreements still wait for a decision."""
    keys = {decision_key(s, c) for s, c in zip(disagreements["segment_id"],
                                               disagreements["code_id"], strict=True)}
    return sum(1 for k in keys if not decisions.get(k))


def comparable_coders(coders: Iterable[str]) -> list[str]:
    """Coders a person can pick for agreement (the suggestion engine is scored separately)."""
    return [c for c in coders if c != AI_CODER]


class ProgressSuggester:
    """Wraps the suggestion engine and reports each turn it has coded.

    :func:`sigqual.agreement.ai_versus_human` codes turn by turn; counting the calls
    lets the page move a progress bar without the core knowing about it.
    """

    def __init__(self, inner: Any, total: int, report: Callable[[int, int], None]) -> None:
        self.inner = inner
        self.total = max(int(total), 1)
        self.done = 0
        self.report = report

    def suggest(self, text: str, group: str | None, top: int = 5) -> Sequence[Any]:
        result = self.inner.suggest(text, group, top=top)
        self.done += 1
        self.report(min(self.done, self.total), self.total)
        return result


def turns_to_score(segments: pd.DataFrame, codings: pd.DataFrame, human: str,
                   documents: Iterable[int] | None = None) -> int:
    """Respondent turns the engine will code: those with text in the human's documents."""
    mine = codings.loc[codings["coder"] == human, "document_id"]
    docs = set(mine)
    if documents is not None:
        docs &= set(documents)
    turns = segments[segments["document_id"].isin(docs) & (segments["role"] != "interviewer")]
    return int(turns["text"].astype(str).str.strip().ne("").sum())


def report_files(result: AgreementResult, *, project_name: str, lang: str,
                 label: str = "overensstammelse") -> list[LazyFile]:
    """The agreement report as XLSX and DOCX, written when a button asks for it."""
    stem = f"{slug(project_name) or 'sigqual'}-{slug(label) or 'overensstammelse'}"
    title = translate("agreement.report.file_title", lang, project=project_name)
    return [LazyFile(fmt, f"{stem}.{fmt}", FORMATS[fmt].media_type,
                     lambda f=fmt: export_agreement(result, f, title=title, lang=lang))
            for fmt in ("xlsx", "docx")]


def codes_table(result: AgreementResult, labels: Mapping[str, str]) -> pd.DataFrame:
    """Per-code figures for the screen, with the page's own column names."""
    frame = result.codes_frame()
    if frame.empty:
        return frame
    shown = pd.DataFrame({
        labels["code"]: frame["label"], labels["kind"]: frame["kind"],
        labels["percent"]: frame["percent"], labels["kappa"]: frame["kappa"],
        labels["alpha"]: frame["alpha"],
    })
    for coder in result.coders:
        shown[labels["coded"].format(coder=coder)] = frame[f"coded_{coder}"]
    shown[labels["note"]] = frame["note"]
    return shown
