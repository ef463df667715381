"""What the analysis pages keep between reruns is keyed on the store's revision: a write made
elsewhere (another user, another process) shows on the very next rerun of the page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest
from streamlit.testing.v1 import AppTest

from sigqual.codebook import Codebook, parse_codebook
from sigqual.demo import DEMO_NAME
from sigqual.ingest import parse_bytes
from sigqual.store import NewCoding, Store

from .helpers import CODEBOOK, CODEBOOK_YAML, TRANSCRIPT, no_exceptions, tab_named, texts

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


@pytest.fixture
def uppfoljning(open_demo: Callable[[str], AppTest]) -> AppTest:
    return open_demo("uppfoljning")


def test_uppfoljning_follows_a_new_label_and_removed_outcomes(uppfoljning: AppTest,
                                                              ui_store: Store) -> None:
    """Table 2, the figures and the joint display are kept only until the next write."""
    at = uppfoljning
    pid = ui_store.find_project(DEMO_NAME).id

    def joint_labels() -> list[str]:
        return list(tab_named(at, "Utfall och intervjuer").dataframe[1].value["Faktor"])

    labels = joint_labels()
    assert labels, "the joint display lists codes"
    assert len(tab_named(at, "Tabell 2").dataframe[0].value) == 10
    codebook = ui_store.codebook(pid)
    code = next(c for c in codebook.codes if c.label == labels[0])
    renamed = replace(codebook, codes=tuple(replace(c, label="Omdöpt kod") if c.id == code.id else c
                                            for c in codebook.codes))
    ui_store.replace_codebook(pid, renamed)
    at.run()
    no_exceptions(at)
    assert joint_labels()[0] == "Omdöpt kod"
    ui_store.delete_outcomes(pid)
    at.run()
    no_exceptions(at)
    assert not tab_named(at, "Tabell 2").dataframe
    assert any("inga uppföljningsdata" in m for m in texts(tab_named(at, "Tabell 2").info))


def test_granska_lists_an_automatic_coding_made_elsewhere(open_app: Callable[..., AppTest],
                                                          ui_store: Store,
                                                          project: tuple[int, int]) -> None:
    """The review list of one's automatic codings is kept only until the next write."""
    pid, doc = project
    at = open_app("granska")
    no_exceptions(at)

    def cards() -> list[str]:
        return [h.value for h in at.get("html") if "första mötet" in h.value]

    assert cards() == []
    spans = parse_bytes(TRANSCRIPT.encode(), "for-01.txt").turns[3]
    ui_store.add_codings(pid, [NewCoding(doc, "uo-info", spans.start, spans.end, "Testare",
                                         source="auto")])
    at.run()
    no_exceptions(at)
    assert len(cards()) == 1
