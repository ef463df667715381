"""The follow-up section of the report: Table 2, its summary, Figures 3 and 4, the target
group and the joint display, when the project holds follow-up data.

Kept in its own module so the report's main flow only gains one call per file format.
Figures are PNG pictures where a renderer works; otherwise the section says where to
find them and the tables carry the numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import plotly.graph_objects as go

from ..compare.frames import documents_frame
from ..errors import ExportError
from ..i18n import ByLanguage
from ..models import Document
from ..outcomes import figures as F
from ..outcomes import joint
from ..outcomes import tables as T
from ..outcomes.publish import OUTCOME_TABLE_KEYS, Protection, outcome_tables
from ..store import Store
from ..tables.model import Table
from .content import NamedTable

TEXT = ByLanguage({
    "heading": "report.outcomes.text.heading",
    "joint": "report.outcomes.text.joint",
    "joint_caption": "report.outcomes.text.joint_caption",
    "fig3": "report.outcomes.text.fig3",
    "fig4": "report.outcomes.text.fig4",
    "no_figures": "report.outcomes.text.no_figures",
    "intro": "report.outcomes.text.intro",
})


@dataclass
class OutcomeSection:
    """The follow-up tables and figures, computed once for both report files.

    The figures are drawn on first use: only a report with pictures needs them, and
    building Figure 3's small multiples is a good part of the section's time.
    """

    lang: str
    tables: list[Table]
    joint: NamedTable
    draw: Callable[[], list[tuple[str, go.Figure]]] | None = field(default=None, repr=False)
    _figures: list[tuple[str, go.Figure]] | None = field(default=None, init=False, repr=False)

    @property
    def figures(self) -> list[tuple[str, go.Figure]]:
        """(caption, figure) of Figures 3 and 4, drawn once."""
        if self._figures is None:
            self._figures = self.draw() if self.draw is not None else []
        return self._figures

    def text(self, key: str) -> str:
        return TEXT.get(self.lang, TEXT["sv"])[key]


def collect_outcomes(store: Store, project_id: int, codings: Any, lang: str,
                     documents: list[Document] | None = None) -> OutcomeSection | None:
    """The section, or None when the project has no follow-up cases; ``documents`` are the
    project's documents when the caller has read them already."""
    cases = store.outcome_cases_frame(project_id)
    if cases.empty:
        return None
    events = store.outcome_events_frame(project_id)
    attendance = store.outcome_attendance_frame(project_id)
    rule = Protection.from_settings(store.get_project(project_id).settings)
    keys = [k for k in OUTCOME_TABLE_KEYS if not (attendance.empty and k.startswith("4-"))]
    tables = outcome_tables(cases, events, attendance, keys, lang=lang, rule=rule)
    words = TEXT.get(lang, TEXT["sv"])
    t2 = T.table2(cases, events, lang=lang)
    docs = documents_frame(store.list_documents(project_id) if documents is None else documents)
    frame = joint.joint_by_case(t2, codings, docs, store.codebook(project_id), lang=lang)

    def draw() -> list[tuple[str, go.Figure]]:
        figures = [(words["fig3"], F.timeline_grid(cases, events, lang=lang))]
        if not attendance.empty:
            figures.append((words["fig4"], F.meetings_figure(attendance, lang=lang)))
        return figures

    return OutcomeSection(lang, tables, NamedTable(words["joint"], words["joint_caption"], frame), draw)


def figure_pngs(section: OutcomeSection, chart: str) -> list[tuple[str, bytes]] | None:
    """PNG pictures of the figures; None when they cannot or should not be drawn."""
    if chart in ("none", "table"):
        return None
    from ..charts import figure_image

    out = []
    for caption, fig in section.figures:
        height = int(fig.layout.height or 500)
        try:
            out.append((caption, figure_image(fig, "png", width=1000, height=height, scale=2)))
        except ExportError:
            if chart == "image":
                raise
            return None
    return out


def sheets(section: OutcomeSection | None) -> list[Table]:
    """The workbook sheets of the section (none without follow-up data)."""
    if section is None:
        return []
    return [*section.tables, section.joint]
