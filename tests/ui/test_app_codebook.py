"""The Kodbok page: outline per group, list, warnings, downloads, replacing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from sigqual.codebook import codebook_to_csv, dump_codebook, parse_codebook
from sigqual.ingest import parse_bytes
from sigqual.store import NewCoding, Store

from .helpers import CODEBOOK, CODEBOOK_YAML, TRANSCRIPT, no_exceptions, texts


@pytest.fixture
def coded(ui_store: Store) -> int:
    """The small codebook with one coding of 'ff-struktur'."""
    pid = ui_store.create_project("Kodbokstest", CODEBOOK)
    parsed = parse_bytes(TRANSCRIPT.encode(), "for-01.txt")
    doc = ui_store.add_document(pid, name="for-01", text=parsed.text, turns=parsed.turns,
                                attributes={"group": "foraldrar"})
    turn = parsed.turns[1]
    ui_store.add_codings(pid, [NewCoding(doc, "ff-struktur", turn.start, turn.end, "Anna")])
    return pid


@pytest.mark.parametrize(
    ("group", "expanders", "factors"),
    [
        ("", ["Mötena (2)", "Utan tema i den här gruppen (1)"],
         ["Tydlig struktur", "Mer information"]),
        ("foraldrar", ["Mötena (2)"], ["Tydlig struktur", "Mer information"]),
        ("aktorer", ["Mötena (1)", "Utan tema i den här gruppen (1)"], ["Tydlig struktur"]),
    ],
)
def test_outline_per_group(open_app: Callable[..., AppTest], coded: int, group: str,
                           expanders: list[str], factors: list[str]) -> None:
    at = open_app("kodbok")
    at.selectbox(key="codebook-group").set_value(group).run()
    no_exceptions(at)
    assert [e.label for e in at.expander] == expanders
    swatches = [m.value for m in at.markdown if "background:" in m.value]
    assert all('<span style="display:inline-block' in m for m in swatches)
    shown = "".join(swatches)
    assert all(label in shown for label in factors)
    assert "#1f77b4" in swatches[0] and swatches[0].endswith("Mötena")
    assert "Kodbokstest" not in shown


def test_details_and_list(open_app: Callable[..., AppTest], coded: int) -> None:
    at = open_app("kodbok")
    captions = texts(at.caption)
    assert captions[0] == "Liten testkodbok · 4 koder · 2 intervjugrupper"
    assert "Framgångsfaktor · Föräldrarna, Aktörerna · `ff-struktur`" in captions
    assert "Nyckelord: struktur, ordning" in captions
    assert "> Det var ordning och reda på mötena." in texts(at.markdown)
    listing = at.dataframe[0].value
    assert list(listing["label"]) == ["Mötena", "Tydlig struktur", "Mer information", "Övrigt"]
    assert list(listing["kind"]) == ["Tema", "Framgångsfaktor", "Utvecklingsområde", "Kod"]
    assert list(listing["theme"]) == ["", "Mötena", "Mötena", ""]


def test_warnings_are_listed(open_app: Callable[..., AppTest], ui_store: Store) -> None:
    yaml = CODEBOOK_YAML.replace(", description: Annat.", "").replace(
        "groups: [aktorer]", "groups: [aktorer], parent: t-smal").replace(
        "codes:\n", "codes:\n  - {id: t-smal, label: Smalt, kind: theme, groups: [foraldrar]}\n")
    ui_store.create_project("Varningar", parse_codebook(yaml, "v.yaml"))
    at = open_app("kodbok")
    no_exceptions(at)
    assert at.expander[0].label == "2 saker att se över i kodboken"
    warnings = texts(at.warning)
    assert "code 'kod-ovrigt' applies to aktorer but its parent 't-smal' does not" in warnings
    assert "code 'kod-ovrigt' has no description" in warnings


def test_download_buttons(open_app: Callable[..., AppTest], coded: int, served: Callable) -> None:
    at = open_app("kodbok")
    buttons = {b.key: b for b in at.download_button}
    assert {k: b.label for k, b in buttons.items()} == {
        "codebook-yaml": "YAML (kan läsas in igen)", "codebook-csv": "CSV (för kalkylark)"}
    for button in at.download_button:
        button.click().run()
        no_exceptions(at)
    yaml_file = served(at.download_button(key="codebook-yaml"))
    assert (yaml_file.file_name, yaml_file.mime) == ("liten-testkodbok.yaml", "application/yaml")
    assert yaml_file.data.decode() == dump_codebook(CODEBOOK)
    csv_file = served(at.download_button(key="codebook-csv"))
    assert (csv_file.file_name, csv_file.mime) == ("liten-testkodbok.csv", "text/csv")
    assert csv_file.data.decode("utf-8-sig") == codebook_to_csv(CODEBOOK)


def _upload(at: AppTest, name: str, text: str) -> AppTest:
    uploader = next(u for u in at.file_uploader if u.label == "Ny kodbok (YAML)")
    uploader.set_value((name, text.encode(), "application/yaml"))
    return at.run()


def test_replace_the_codebook(open_app: Callable[..., AppTest], ui_store: Store,
                              coded: int) -> None:
    at = open_app("kodbok")
    new = CODEBOOK_YAML.replace("label: Tydlig struktur", "label: Tydlig mötesstruktur") + (
        "  - {id: ff-ny, label: Ny faktor, kind: success_factor, groups: [aktorer],\n"
        "     description: Ny.}\n")
    at = _upload(at, "ny.yaml", new)
    no_exceptions(at)
    assert "Ersättningen lägger till 1, tar bort 0 och ändrar 1 koder." in texts(at.markdown)
    assert "Nya: ff-ny" in texts(at.caption) and "Ändrade: ff-struktur" in texts(at.caption)
    at.button(key="codebook-replace-go").click().run()
    no_exceptions(at)
    codebook = ui_store.codebook(coded)
    assert codebook.code("ff-struktur").label == "Tydlig mötesstruktur"
    assert codebook.get("ff-ny") is not None
    assert len(ui_store.list_codings(coded)) == 1
    assert "Kodboken är ersatt med Liten testkodbok." in texts(at.success)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (CODEBOOK_YAML.replace("  - {id: ff-struktur, label: Tydlig struktur, kind: success_factor,"
                               " groups: all,\n", "  - {id: ff-annan, label: Tydlig struktur, "
                               "kind: success_factor, groups: all,\n"),
         "cannot remove codes that are still used: 'ff-struktur' (1 codings)"),
        ("name: x\ncodes:\n  - {id: a, label: A, kind: tema}\n",
         "ny.yaml:3 field 'kind': kind 'tema' is not one of"),
    ],
)
def test_replace_errors_keep_the_codebook(open_app: Callable[..., AppTest], ui_store: Store,
                                          coded: int, text: str, message: str) -> None:
    at = _upload(open_app("kodbok"), "ny.yaml", text)
    if "codebook-replace-go" in [b.key for b in at.button]:
        at.button(key="codebook-replace-go").click().run()
    no_exceptions(at)
    assert any(message in e for e in texts(at.error)), texts(at.error)
    assert ui_store.codebook(coded) == CODEBOOK


def test_uploading_the_same_codebook(open_app: Callable[..., AppTest], coded: int) -> None:
    at = _upload(open_app("kodbok"), "samma.yaml", dump_codebook(CODEBOOK))
    assert "Filen är likadan som projektets kodbok." in texts(at.info)
    assert "codebook-replace-go" not in [b.key for b in at.button]


def test_bundled_codebook_on_the_sample_project(open_app: Callable[..., AppTest], demo_db: Path,
                                                use_db: Callable) -> None:
    use_db(demo_db)
    at = open_app("kodbok")
    for group, first in (("ungdomar", "Anledningar till brotten"), ("styrgrupp", "Uppstarten")):
        at.selectbox(key="codebook-group").set_value(group).run()
        no_exceptions(at)
        assert at.expander[0].label.startswith(first)
