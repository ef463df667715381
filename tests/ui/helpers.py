"""Builders and checks shared by the UI tests."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from streamlit.testing.v1 import AppTest

from sigqual.codebook import parse_codebook

CODEBOOK_YAML = """\
name: Liten testkodbok
groups:
  - {key: foraldrar, name: Föräldrarna, table4: 4b}
  - {key: aktorer, name: Aktörerna, table4: 4c}
codes:
  - {id: t-moten, label: Mötena, kind: theme, groups: all, colour: '#1f77b4',
     description: Hur mötena fungerar.}
  - {id: ff-struktur, label: Tydlig struktur, kind: success_factor, groups: all,
     parent: t-moten, description: Mötena har en tydlig ordning., keywords: [struktur, ordning],
     examples: ['Det var ordning och reda på mötena.']}
  - {id: uo-info, label: Mer information, kind: development_area, groups: [foraldrar],
     parent: t-moten, description: Föräldrar saknar information.}
  - {id: kod-ovrigt, label: Övrigt, kind: code, groups: [aktorer], description: Annat.}
"""
CODEBOOK = parse_codebook(CODEBOOK_YAML, "test.yaml")

TRANSCRIPT = (
    "I: Hur var mötena?\n"
    "IP: Mötena var tydliga, det var ordning och reda.\n"
    "I: Saknade du något?\n"
    "IP: Mer information innan första mötet.\n"
)


@dataclass(frozen=True)
class Served:
    """A file the app handed to the browser: content, media type, download name."""

    data: bytes
    mime: str
    file_name: str | None


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def zip_members(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.namelist()


def no_exceptions(at: AppTest) -> None:
    """Fail with the app's own message when a run raised."""
    assert not at.exception, "\n".join(str(e.value) for e in at.exception)


def plain(markdown: str) -> str:
    """Markdown as the reader sees it: backslash escapes removed."""
    return re.sub(r"\\(.)", r"\1", markdown)


def texts(elements: object) -> list[str]:
    """What every element in an AppTest element list shows, escapes removed."""
    return [plain(str(e.value)) for e in elements]  # type: ignore[attr-defined]


def open_tab(at: AppTest, key: str, label: str) -> AppTest:
    """Open a lazy tab (``st.tabs(..., key=key, on_change="rerun")``) as a click would."""
    at.session_state[key] = label
    return at.run()


def open_project_tab(at: AppTest, label: str) -> AppTest:
    """Open one of the Projekt page's tabs (Dokument, Repliker, Importera, Nytt projekt)."""
    return open_tab(at, "project-tabs", label)


def edit_documents(at: AppTest) -> AppTest:
    """Switch Projekt › Dokument to the editable grid."""
    assert at.button(key="docs-edit").label == "Redigera uppgifterna"
    return at.button(key="docs-edit").click().run()


def table_rows(markup: str) -> list[list[str]]:
    """The cells of an HTML table drawn with ``markup.html_table``, heading row first."""
    from lxml import html as lxml_html

    table = lxml_html.fromstring(markup).find(".//table")
    return [[cell.text_content() for cell in row] for row in table.iter("tr")]


def choose_project(at: AppTest, project_id: int) -> AppTest:
    """Open ``project_id`` from the sidebar; with one visible project there is no list."""
    pickers = [s for s in at.sidebar.selectbox if s.key == "_project_widget"]
    if pickers:
        return pickers[0].set_value(project_id).run()
    assert at.session_state["sigqual.project_id"] == project_id
    return at


def tab_named(at: AppTest, label: str):  # noqa: ANN201 - Streamlit's Tab element
    """The drawn tab with this label."""
    return next(tab for tab in at.tabs if tab.label == label)
