"""The follow-up section of the report: Table 2, its summary, Figures 3 and 4, the target
group and the joint display, when the project holds follow-up data.

Kept in its own module so the report's main flow only gains one call per file format.
Figures are PNG pictures where a renderer works; otherwise the section says where to
find them and the tables carry the numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import plotly.graph_objects as go

from ..compare.frames import documents_frame
from ..errors import ExportError
from ..outcomes import figures as F
from ..outcomes import joint
from ..outcomes import tables as T
from ..outcomes.publish import OUTCOME_TABLE_KEYS, Protection, outcome_tables
from ..store import Store
from ..tables.model import Table
from .content import NamedTable

TEXT = {
    "sv": {"heading": "Uppföljning av ungdomarna", "joint": "Utfall och intervjuer",
           "joint_caption": "Utfall per ungdom bredvid koderna i ungdomens och föräldrarnas intervjuer",
           "fig3": "Figur 3. Händelser per månad för varje ungdom, med insatsens start och slut",
           "fig4": "Figur 4. Deltagare per insatsgruppsmöte, exklusive ungdomen och föräldrarna",
           "no_figures": "Figurerna 3 och 4 kunde inte ritas som bilder här; de finns på sidan "
                         "Uppföljning, och siffrorna i tabellerna ovan.",
           "intro": "Uppgifterna kommer från socialtjänstens register och från närvarolistorna för "
                    "insatsgruppsmötena. De beskriver utfallet; de visar inte insatsens effekter."},
    "en": {"heading": "Follow-up of the youths", "joint": "Outcomes and interviews",
           "joint_caption": "Outcomes per youth beside the codes of the youth's and parents' interviews",
           "fig3": "Figure 3. Events per month for each youth, with the start and end of the intervention",
           "fig4": "Figure 4. Participants per meeting, excluding the youth and the parents",
           "no_figures": "Figures 3 and 4 could not be drawn as pictures here; they are on the Follow-up "
                         "page, and their numbers are in the tables above.",
           "intro": "The data come from the social services register and the attendance lists of the "
                    "meetings. They describe outcomes; they do not show effects of the intervention."},
}


@dataclass
class OutcomeSection:
    """The follow-up tables and figures, computed once for both report files."""

    lang: str
    tables: list[Table]
    joint: NamedTable
    figures: list[tuple[str, go.Figure]] = field(default_factory=list)

    def text(self, key: str) -> str:
        return TEXT.get(self.lang, TEXT["sv"])[key]


def collect_outcomes(store: Store, project_id: int, codings: Any, lang: str) -> OutcomeSection | None:
    """The section, or None when the project has no follow-up cases."""
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
    docs = documents_frame(store.list_documents(project_id))
    frame = joint.joint_by_case(t2, codings, docs, store.codebook(project_id), lang=lang)
    section = OutcomeSection(lang, tables, NamedTable(words["joint"], words["joint_caption"], frame))
    section.figures.append((words["fig3"], F.timeline_grid(cases, events, lang=lang)))
    if not attendance.empty:
        section.figures.append((words["fig4"], F.meetings_figure(attendance, lang=lang)))
    return section


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
