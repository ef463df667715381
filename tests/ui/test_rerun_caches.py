"""What the analysis pages keep between reruns is keyed on the store's revision: a write made
elsewhere (another user, another process) shows on the very next rerun of the page."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from sigqual.codebook import Codebook, parse_codebook
from sigqual.ingest import parse_bytes
from sigqual.store import NewCoding, Store

from .helpers import CODEBOOK, CODEBOOK_YAML, TRANSCRIPT, no_exceptions, texts

RENAMED = parse_codebook(CODEBOOK_YAML.replace("label: Tydlig struktur", "label: Klar ordning"),
                         "renamed.yaml")


@pytest.fixture
def project(ui_store: Store) -> tuple[int, int]:
    """The small codebook, one parents' interview and Anna's coding of 'ff-struktur'."""
    pid = ui_store.create_project("Cachetest", CODEBOOK)
    parsed = parse_bytes(TRANSCRIPT.encode(), "for-01.txt")
    doc = ui_store.add_document(pid, name="for-01", text=parsed.text, turns=parsed.turns,
                                attributes={"group": "foraldrar", "phase": "1"})
    turn = parsed.turns[1]
    ui_store.add_codings(pid, [NewCoding(doc, "ff-struktur", turn.start, turn.end, "Anna")])
    return pid, doc


def _code(ui_store: Store, pid: int, doc: int, code: str, coder: str, turn: int = 1) -> None:
    """A coding added behind the page's back, as another user would."""
    spans = parse_bytes(TRANSCRIPT.encode(), "for-01.txt").turns[turn]
    ui_store.add_codings(pid, [NewCoding(doc, code, spans.start, spans.end, coder)])


def _rename(ui_store: Store, pid: int, codebook: Codebook = RENAMED) -> None:
    ui_store.replace_codebook(pid, codebook)


def test_kodbok_shows_a_new_coding_and_a_new_label(open_app: Callable[..., AppTest],
                                                    ui_store: Store,
                                                    project: tuple[int, int]) -> None:
    pid, doc = project
    at = open_app("kodbok")
    no_exceptions(at)
    assert list(at.dataframe[0].value["codings"]) == [0, 1, 0, 0]
    assert at.expander[0].label.startswith("Mötena — 0 kodningar")
    at.run()  # a rerun with nothing changed keeps what it shows
    assert list(at.dataframe[0].value["codings"]) == [0, 1, 0, 0]
    _code(ui_store, pid, doc, "t-moten", "Bo")
    at.run()
    no_exceptions(at)
    assert list(at.dataframe[0].value["codings"]) == [1, 1, 0, 0]
    assert at.expander[0].label.startswith("Mötena — 1 kodningar i 1 dokument")
    _rename(ui_store, pid)
    at.run()
    no_exceptions(at)
    assert list(at.dataframe[0].value["label"]) == ["Mötena", "Klar ordning", "Mer information",
                                                    "Övrigt"]


def test_kodbok_quotes_follow_a_new_coding(open_app: Callable[..., AppTest], ui_store: Store,
                                           project: tuple[int, int]) -> None:
    pid, doc = project
    at = open_app("kodbok")
    at.selectbox(key="codebook-quotes-code").set_value("ff-struktur").run()
    no_exceptions(at)

    def quoted() -> list[str]:
        return [m for m in texts(at.markdown) if m.startswith("> ") and "\n> — " in m]

    assert len(quoted()) == 1 and "ordning och reda" in quoted()[0], quoted()
    _code(ui_store, pid, doc, "ff-struktur", "Bo", turn=3)
    at.run()
    no_exceptions(at)
    assert len(quoted()) == 2 and "första mötet" in quoted()[1], quoted()


def test_jamfor_shows_a_new_label_and_a_new_coding(open_app: Callable[..., AppTest],
                                                   ui_store: Store,
                                                   project: tuple[int, int]) -> None:
    pid, doc = project
    at = open_app("jamfor")
    no_exceptions(at)
    at.segmented_control(key=f"jamfor-{pid}-metric").set_value("n_segments").run()
    table = at.dataframe[0].value
    assert any("Tydlig struktur" in str(label) for label in table.index)
    assert table.loc["Mötena"].sum() == 1  # the theme counts its factor's passage
    _code(ui_store, pid, doc, "uo-info", "Bo", turn=3)
    _rename(ui_store, pid)
    at.run()
    no_exceptions(at)
    table = at.dataframe[0].value
    assert any("Klar ordning" in str(label) for label in table.index), list(table.index)
    assert not any("Tydlig struktur" in str(label) for label in table.index)
    assert table.loc["Mötena"].sum() == 2


def test_tabeller_offers_a_new_coder(open_app: Callable[..., AppTest], ui_store: Store,
                                     project: tuple[int, int]) -> None:
    pid, doc = project
    at = open_app("tabeller")
    no_exceptions(at)
    assert at.multiselect(key=f"tables-{pid}-coders").options == ["Anna"]
    _code(ui_store, pid, doc, "ff-struktur", "Bo")
    at.run()
    no_exceptions(at)
    assert at.multiselect(key=f"tables-{pid}-coders").options == ["Anna", "Bo"]


def test_overens_counts_a_new_coding(open_app: Callable[..., AppTest], ui_store: Store,
                                     project: tuple[int, int]) -> None:
    pid, doc = project
    _code(ui_store, pid, doc, "ff-struktur", "Bo")
    at = open_app("overens")
    no_exceptions(at)
    coded = "Turer kodade av Bo"

    def bo_coded() -> int:
        frame = at.dataframe[0].value
        return int(frame[coded].sum())

    assert bo_coded() == 1
    _code(ui_store, pid, doc, "uo-info", "Bo", turn=3)
    at.run()
    no_exceptions(at)
    assert bo_coded() == 2
    # The suggestion engine's tab lists the documents Bo has coded, read anew as well.
    assert at.multiselect(key=f"overens-{pid}-ai-docs-Anna").options == ["for-01"]
