"""The Kodbok page: outline per group, list, warnings, downloads, replacing, and the
editing mode (change, reorder, create, split, merge, delete, coded quotes)."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from sigqual.codebook import Codebook, codebook_to_csv, dump_codebook, parse_codebook
from sigqual.codebook_edit import add_code, code_quotes
from sigqual.demo import DEMO_NAME
from sigqual.ingest import parse_bytes
from sigqual.store import NewCoding, Store
from sigqual.ui.codebook_editor import quote_markdown
from sigqual.ui.pages.codebook import OPEN_THEMES, QUOTES_PER_PAGE
from sigqual.ui.turn_label import turn_label

from .helpers import CODEBOOK, CODEBOOK_YAML, TRANSCRIPT, no_exceptions, plain, texts


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


def _open_outline(at: AppTest, codebook: Codebook = CODEBOOK) -> AppTest:
    """Open every theme block of the outline, as a reader clicking each one would."""
    at.session_state[OPEN_THEMES] = {c.id for c in codebook.codes if c.kind == "theme"} | {""}
    return at.run()


@pytest.mark.parametrize(
    ("group", "expanders", "factors"),
    [
        ("", ["Mötena — 0 kodningar i 0 dokument · underkoder 2", "Utan tema i den här gruppen — koder 1"],
         ["Tydlig struktur", "Mer information"]),
        ("foraldrar", ["Mötena — 0 kodningar i 0 dokument · underkoder 2"],
         ["Tydlig struktur", "Mer information"]),
        ("aktorer", ["Mötena — 0 kodningar i 0 dokument · underkoder 1",
                     "Utan tema i den här gruppen — koder 1"], ["Tydlig struktur"]),
    ],
)
def test_outline_per_group(open_app: Callable[..., AppTest], coded: int, group: str,
                           expanders: list[str], factors: list[str]) -> None:
    at = open_app("kodbok")
    at.selectbox(key="codebook-group").set_value(group)
    _open_outline(at)
    no_exceptions(at)
    assert [e.label for e in at.expander] == expanders
    swatches = [m.value for m in at.markdown if "background:" in m.value]
    assert all('<span style="display:inline-block' in m for m in swatches)
    shown = "".join(swatches)
    assert factors, "nothing to check"
    assert all(label in shown for label in factors)
    assert "#1f77b4" in swatches[0] and swatches[0].endswith("Mötena")
    assert "Kodbokstest" not in shown


def test_details_and_list(open_app: Callable[..., AppTest], coded: int) -> None:
    at = _open_outline(open_app("kodbok"))
    captions = texts(at.caption)
    assert captions[0] == "Liten testkodbok · 4 koder · 2 intervjugrupper"
    assert "Framgångsfaktor · Föräldrarna, Aktörerna · 1 kodningar i 1 dokument" in captions
    assert not [c for c in captions if "ff-struktur" in c or "t-moten" in c]
    assert "Nyckelord: struktur, ordning" in captions
    assert "> Det var ordning och reda på mötena." in texts(at.markdown)
    listing = at.dataframe[0].value
    assert list(listing["label"]) == ["Mötena", "Tydlig struktur", "Mer information", "Övrigt"]
    assert list(listing["kind"]) == ["Tema", "Framgångsfaktor", "Utvecklingsområde", "Kod"]
    assert list(listing["theme"]) == ["", "Mötena", "Mötena", ""]
    assert list(listing["codings"]) == [0, 1, 0, 0]
    assert list(listing["documents"]) == [0, 1, 0, 0]
    assert "id" not in listing.columns



def test_a_closed_theme_draws_no_codes(open_app: Callable[..., AppTest], coded: int) -> None:
    """Blocks open closed and draw their codes only once opened, one block at a time."""
    at = open_app("kodbok")
    no_exceptions(at)
    assert [e.label for e in at.expander] == [
        "Mötena — 0 kodningar i 0 dokument · underkoder 2", "Utan tema i den här gruppen — koder 1"]
    outline = [m.value for m in at.markdown if "background:" in m.value]
    assert outline == []
    at.session_state[OPEN_THEMES] = {"t-moten"}
    at.run()
    shown = "".join(m.value for m in at.markdown if "background:" in m.value)
    assert "Tydlig struktur" in shown and "Mer information" in shown
    assert "Övrigt" not in shown  # the block without a theme is still closed

def test_a_coded_theme_counts_its_own_codings(open_app: Callable[..., AppTest], ui_store: Store,
                                               coded: int) -> None:
    """Codings on the theme itself are counted apart from the codes beneath it."""
    parsed = parse_bytes(TRANSCRIPT.encode(), "for-02.txt")
    second = ui_store.add_document(coded, name="for-02", text=parsed.text, turns=parsed.turns,
                                   attributes={"group": "foraldrar"})
    first = ui_store.list_documents(coded)[0].id
    ui_store.add_codings(coded, [NewCoding(doc, "t-moten", turn.start, turn.end, "Anna")
                                 for doc in (first, second) for turn in parsed.turns[1:3]])
    at = _open_outline(open_app("kodbok"))
    no_exceptions(at)
    assert at.expander[0].label == "Mötena — 4 kodningar i 2 dokument · underkoder 2"
    captions = texts(at.caption)
    assert "Tema · Föräldrarna, Aktörerna · 4 kodningar i 2 dokument" in captions, captions
    listing = at.dataframe[0].value
    assert list(listing["codings"]) == [4, 1, 0, 0]
    assert list(listing["documents"]) == [2, 1, 0, 0]


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
    uploader = next(u for u in at.file_uploader if u.label == "Ny kodbok (YAML eller CSV)")
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
    assert "Nya: Ny faktor" in texts(at.caption)
    assert "Ändrade: Tydlig mötesstruktur" in texts(at.caption)
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
         "koder som fortfarande används kan inte tas bort: 'ff-struktur' (1 codings)"),
        ("name: x\ncodes:\n  - {id: a, label: A, kind: tema}\n",
         "ny.yaml:3 fält 'kind': typen 'tema' är inte en av"),
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


# -- editing mode ------------------------------------------------------------------

EDIT_CB = add_code(
    add_code(CODEBOOK, "Rätt tid", kind="success_factor", code_id="ff-tid", parent="t-moten",
             after="ff-struktur", description="Insatsen kom i rätt tid."),
    "Stödet", kind="theme", code_id="tema-stod", groups=["foraldrar"], description="Stöd.")
SAVE = "Spara ändringarna"
MEETINGS, INFORMATION = ("Mötena var tydliga, det var ordning och reda.",
                         "Mer information innan första mötet.")


@pytest.fixture
def editable(ui_store: Store) -> tuple[int, list[int]]:
    """A richer codebook and three codings by two coders in one parents' interview."""
    pid = ui_store.create_project("Redigering", EDIT_CB)
    parsed = parse_bytes(TRANSCRIPT.encode(), "for-01.txt")
    doc = ui_store.add_document(pid, name="for-01", text=parsed.text, turns=parsed.turns,
                                attributes={"group": "foraldrar"})
    one, three = parsed.turns[1], parsed.turns[3]
    ids = ui_store.add_codings(pid, [
        NewCoding(doc, "ff-struktur", one.start, one.end, "Anna"),
        NewCoding(doc, "ff-struktur", three.start, three.end, "Bo"),
        NewCoding(doc, "uo-info", three.start, three.end, "Anna"),
    ])
    return pid, ids


def _editing(at: AppTest, code: str | None = None, action: str | None = None,
             group: str | None = None) -> AppTest:
    """Switch the editing mode on and pick a group, a code and an action."""
    if group is not None:
        at.selectbox(key="codebook-group").set_value(group).run()
    at.toggle(key="codebook-edit-mode").set_value(True).run()
    if code is not None:
        at.selectbox(key="codebook-edit-code").set_value(code).run()
    if action is not None:
        at.radio(key="codebook-edit-action").set_value(action).run()
    no_exceptions(at)
    return at


def _widget(widgets: object, label: str) -> Any:
    found = [w for w in widgets if w.label == label]  # type: ignore[attr-defined]
    assert len(found) == 1, [w.label for w in widgets]  # type: ignore[attr-defined]
    return found[0]


def _click(at: AppTest, label: str) -> AppTest:
    _widget(at.button, label).click()
    at.run()
    no_exceptions(at)
    return at


def _codings(store: Store, pid: int) -> list[tuple[str, str]]:
    return sorted((c.code_key, c.coder) for c in store.list_codings(pid))


def test_editing_mode_adds_the_editor(open_app: Callable[..., AppTest], editable: tuple) -> None:
    at = open_app("kodbok")
    assert [t.label for t in at.tabs] == ["Teman och faktorer", "Lista", "Kodade citat",
                                          "Ladda ner eller ersätt"]
    at = _editing(at)
    assert [t.label for t in at.tabs][0] == "Redigera"
    assert at.radio(key="codebook-edit-action").options == [
        "Ändra", "Ordna", "Ny kod", "Dela upp", "Slå ihop", "Ta bort"]
    picker = at.selectbox(key="codebook-edit-code")
    assert picker.options[:3] == ["Mötena · Tema · 0",
                                  "Mötena › Tydlig struktur · Framgångsfaktor · 2",
                                  "Mötena › Rätt tid · Framgångsfaktor · 0"]


@pytest.mark.parametrize(
    ("widget", "label", "value", "attribute", "expected"),
    [
        ("text_input", "Etikett", "Tydlig mötesstruktur", "label", "Tydlig mötesstruktur"),
        ("text_input", "Etikett i Tabell 5 (valfri)", "Struktur", "summary_label", "Struktur"),
        ("text_area", "Beskrivning", "Ny definition.", "description", "Ny definition."),
        ("text_input", "Nyckelord (skilj med komma)", "ordning, reda ,", "keywords",
         ("ordning", "reda")),
        ("text_area", "Exempelcitat (ett per rad)", "Ett.\n\nTvå.", "examples", ("Ett.", "Två.")),
        ("multiselect", "Gäller för grupperna", ["aktorer"], "groups", ("aktorer",)),
        ("selectbox", "Ligger under", "", "parent", None),
        ("selectbox", "Ligger under", "tema-stod", "parent", "tema-stod"),
        ("selectbox", "Typ", "development_area", "kind", "development_area"),
    ],
)
def test_change_one_field(open_app: Callable[..., AppTest], ui_store: Store, editable: tuple,
                          widget: str, label: str, value: object, attribute: str,
                          expected: object) -> None:
    pid, _ids = editable
    at = _editing(open_app("kodbok"), "ff-struktur", "change")
    _widget(getattr(at, widget), label).set_value(value)
    at = _click(at, SAVE)
    code = ui_store.codebook(pid).code("ff-struktur")
    assert getattr(code, attribute) == expected
    changed = [f for f in ("label", "summary_label", "description", "keywords", "examples",
                           "groups", "parent", "kind", "colour")
               if getattr(code, f) != getattr(EDIT_CB.code("ff-struktur"), f)]
    assert changed == [attribute]
    assert len(ui_store.list_codings(pid)) == 3
    latest = ui_store.audit_frame(pid).iloc[0]
    assert (latest["action"], latest["entity"], latest["actor"]) == ("update", "code", "Testare")
    assert f"Ändringarna i {code.label} är sparade." in texts(at.success)
    assert at.selectbox(key="codebook-edit-code").value == "ff-struktur"


def test_moving_a_code_out_of_a_group_warns_about_its_codings(
        open_app: Callable[..., AppTest], ui_store: Store, editable: tuple) -> None:
    at = _editing(open_app("kodbok"), "ff-struktur", "change")
    _widget(at.multiselect, "Gäller för grupperna").set_value(["aktorer"])
    at = _click(at, SAVE)
    warning = ("2 kodningar finns i intervjuer med Föräldrarna, men koden gäller inte för den "
               "gruppen. Kodningarna finns kvar men räknas inte i gruppens tabeller.")
    assert warning in texts(at.warning)


@pytest.mark.parametrize(
    ("code", "own", "colour", "expected"),
    [
        ("ff-struktur", True, "#AA0000", "#aa0000"),
        ("t-moten", False, "#1f77b4", None),
        ("t-moten", True, "#00ff00", "#00ff00"),
    ],
)
def test_recolour(open_app: Callable[..., AppTest], ui_store: Store, editable: tuple, code: str,
                  own: bool, colour: str, expected: str | None) -> None:
    pid, _ids = editable
    at = _editing(open_app("kodbok"), code, "change")
    _widget(at.checkbox, "Egen färg").set_value(own)
    _widget(at.color_picker, "Färg").set_value(colour)
    _click(at, SAVE)
    assert ui_store.codebook(pid).code(code).colour == expected


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"Etikett": "Rätt tid"}, "etiketten 'Rätt tid' (success_factor) används två gånger"),
        ({"Etikett": "   "}, "koden 'ff-struktur' behöver en etikett"),
    ],
)
def test_invalid_changes_are_refused(open_app: Callable[..., AppTest], ui_store: Store,
                                     editable: tuple, changes: dict[str, str],
                                     message: str) -> None:
    pid, _ids = editable
    at = _editing(open_app("kodbok"), "ff-struktur", "change")
    for label, value in changes.items():
        _widget(at.text_input, label).set_value(value)
    at = _click(at, SAVE)
    assert any(message in e for e in texts(at.error)), texts(at.error)
    assert ui_store.codebook(pid) == EDIT_CB


def test_saving_an_unchanged_form(open_app: Callable[..., AppTest], ui_store: Store,
                                  editable: tuple) -> None:
    pid, _ids = editable
    audit = len(ui_store.audit_frame(pid))
    at = _click(_editing(open_app("kodbok"), "uo-info", "change"), SAVE)
    assert "Inget är ändrat." in texts(at.info)
    assert len(ui_store.audit_frame(pid)) == audit


def test_a_kind_change_that_would_orphan_codes_is_refused(
        open_app: Callable[..., AppTest], ui_store: Store, editable: tuple) -> None:
    pid, _ids = editable
    at = _editing(open_app("kodbok"), "t-moten", "change")
    _widget(at.selectbox, "Typ").set_value("success_factor")
    at = _click(at, SAVE)
    assert any("kan därför inte bli en faktor" in e for e in texts(at.error))
    assert ui_store.codebook(pid).code("t-moten").kind == "theme"


@pytest.mark.parametrize(
    ("group", "code", "button", "codes", "order"),
    [
        ("", "ff-tid", "Flytta upp",
         ["t-moten", "ff-tid", "ff-struktur", "uo-info", "kod-ovrigt", "tema-stod"], ()),
        ("", "t-moten", "Flytta ner",
         ["kod-ovrigt", "tema-stod", "t-moten", "ff-struktur", "ff-tid", "uo-info"], ()),
        ("foraldrar", "tema-stod", "Flytta upp", [c.id for c in EDIT_CB.codes],
         ("tema-stod", "t-moten", "ff-struktur", "ff-tid", "uo-info")),
    ],
)
def test_reorder(open_app: Callable[..., AppTest], ui_store: Store, editable: tuple, group: str,
                 code: str, button: str, codes: list[str], order: tuple[str, ...]) -> None:
    pid, _ids = editable
    at = _editing(open_app("kodbok"), code, "order", group=group)
    at = _click(at, button)
    cb = ui_store.codebook(pid)
    assert [c.id for c in cb.codes] == codes
    assert cb.group("foraldrar").order == order
    assert cb.group("aktorer").order == ()
    assert at.selectbox(key="codebook-edit-code").value == code


def test_reorder_buttons_at_the_ends_are_disabled(open_app: Callable[..., AppTest],
                                                  editable: tuple) -> None:
    at = _editing(open_app("kodbok"), "ff-struktur", "order")
    assert (_widget(at.button, "Flytta upp").disabled, _widget(at.button, "Flytta ner").disabled) \
        == (True, False)
    assert "1. **Tydlig struktur**\n2. Rätt tid" in texts(at.markdown)


def test_new_code_beside_the_selected_theme(open_app: Callable[..., AppTest], ui_store: Store,
                                            editable: tuple) -> None:
    pid, _ids = editable
    at = _editing(open_app("kodbok"), "t-moten", "new", group="foraldrar")
    assert _widget(at.selectbox, "Typ").value == "success_factor"
    assert _widget(at.selectbox, "Ligger under").value == "t-moten"
    _widget(at.text_input, "Etikett").set_value("Bra bemötande")
    _widget(at.text_area, "Beskrivning").set_value("Personalen bemöter familjen väl.")
    at = _click(at, "Skapa koden")
    cb = ui_store.codebook(pid)
    code = cb.code("ff-bra-bemotande")
    assert (code.kind, code.parent, code.groups) == ("success_factor", "t-moten", ("foraldrar",))
    assert [c.id for c in cb.codes].index("ff-bra-bemotande") == 4  # after the theme's codes
    assert "Koden Bra bemötande är skapad." in texts(at.success)
    assert at.selectbox(key="codebook-edit-code").value == "ff-bra-bemotande"
    assert at.radio(key="codebook-edit-action").value == "change"


def test_new_code_needs_a_label(open_app: Callable[..., AppTest], ui_store: Store,
                                editable: tuple) -> None:
    pid, _ids = editable
    at = _click(_editing(open_app("kodbok"), "ff-tid", "new"), "Skapa koden")
    assert any("behöver en etikett" in e for e in texts(at.error))
    assert ui_store.codebook(pid) == EDIT_CB


def test_split_moves_the_chosen_codings(open_app: Callable[..., AppTest], ui_store: Store,
                                        editable: tuple) -> None:
    pid, ids = editable
    at = _editing(open_app("kodbok"), "ff-struktur", "split")
    picker = _widget(at.multiselect, "Kodningar som flyttas till den nya koden")
    assert picker.options == [
        "for-01 · IP · Anna: “Mötena var tydliga, det var ordning och reda.”",
        "for-01 · IP · Bo: “Mer information innan första mötet.”"]
    picker.set_value([ids[1]])
    _widget(at.text_input, "Den nya kodens etikett").set_value("Struktur enligt Bo")
    at = _click(at, "Dela upp")
    assert _codings(ui_store, pid) == [("ff-struktur", "Anna"), ("ff-struktur-enligt-bo", "Bo"),
                                       ("uo-info", "Anna")]
    assert ui_store.codebook(pid).code("ff-struktur-enligt-bo").parent == "t-moten"
    assert "1 kodningar flyttades till den nya koden Struktur enligt Bo." in texts(at.success)


def test_split_without_codings_is_refused(open_app: Callable[..., AppTest], ui_store: Store,
                                          editable: tuple) -> None:
    pid, _ids = editable
    at = _editing(open_app("kodbok"), "ff-struktur", "split")
    _widget(at.text_input, "Den nya kodens etikett").set_value("Ny")
    at = _click(at, "Dela upp")
    assert any("välj minst en kodning" in e for e in texts(at.error))
    assert ui_store.codebook(pid) == EDIT_CB


def test_merge_shows_what_moves_and_keeps_every_coding(
        open_app: Callable[..., AppTest], ui_store: Store, editable: tuple) -> None:
    pid, _ids = editable
    at = _editing(open_app("kodbok"), "uo-info", "merge")
    _widget(at.selectbox, "Slå ihop Mer information med").set_value("ff-struktur")
    at.run()
    shown = texts(at.markdown)
    assert ("**1 kodningar** i 1 dokument flyttas från Mer information till Tydlig struktur, och "
            "Mer information tas bort ur kodboken.") in shown
    at = _click(at, "Slå ihop")
    assert _codings(ui_store, pid) == [("ff-struktur", "Anna"), ("ff-struktur", "Anna"),
                                       ("ff-struktur", "Bo")]
    assert ui_store.codebook(pid).get("uo-info") is None
    assert at.selectbox(key="codebook-edit-code").value == "ff-struktur"
    assert "Mer information är ihopslagen med Tydlig struktur; 1 kodningar flyttades." in texts(
        at.success)


def test_merge_into_a_factor_of_a_theme_with_codes_is_refused(
        open_app: Callable[..., AppTest], ui_store: Store, editable: tuple) -> None:
    at = _editing(open_app("kodbok"), "t-moten", "merge")
    _widget(at.selectbox, "Slå ihop Mötena med").set_value("ff-tid")
    at.run()
    assert any("kan därför inte slås ihop med faktorn 'Rätt tid'" in e for e in texts(at.error))
    assert "Slå ihop" not in [b.label for b in at.button]


@pytest.mark.parametrize(
    ("code", "confirm", "removed", "left"),
    [
        ("ff-struktur", "Ja, ta bort Tydlig struktur och dess 2 kodningar", 2,
         [("uo-info", "Anna")]),
        ("kod-ovrigt", "Ja, ta bort Övrigt", 0,
         [("ff-struktur", "Anna"), ("ff-struktur", "Bo"), ("uo-info", "Anna")]),
    ],
)
def test_delete_asks_first(open_app: Callable[..., AppTest], ui_store: Store, editable: tuple,
                           code: str, confirm: str, removed: int, left: list) -> None:
    pid, _ids = editable
    at = _editing(open_app("kodbok"), code, "delete")
    assert _widget(at.button, "Ta bort koden").disabled
    _widget(at.checkbox, confirm).check()
    at.run()
    at = _click(at, "Ta bort koden")
    assert _codings(ui_store, pid) == left
    assert ui_store.codebook(pid).get(code) is None
    label = EDIT_CB.code(code).label
    assert f"{label} är borttagen; {removed} kodningar raderades." in texts(at.success)


def test_delete_preview(open_app: Callable[..., AppTest], editable: tuple) -> None:
    at = _editing(open_app("kodbok"), "ff-struktur", "delete")
    warning = ("Tydlig struktur har **2 kodningar** i 1 dokument. De raderas om koden tas bort. "
               "Slå hellre ihop koden med en annan om kodningarna ska finnas kvar.")
    assert warning in texts(at.warning)
    at.radio(key="codebook-edit-action").set_value("delete")
    at.selectbox(key="codebook-edit-code").set_value("t-moten").run()
    assert ("Koderna under Mötena flyttas till översta nivån: Tydlig struktur, Rätt tid, "
            "Mer information.") in texts(at.markdown)


@pytest.mark.parametrize(
    ("group", "code", "quotes"),
    [
        ("", "ff-struktur", [f"> {MEETINGS}  \n> — for-01 · IP · Anna",
                             f"> {INFORMATION}  \n> — for-01 · IP · Bo"]),
        ("foraldrar", "uo-info", [f"> {INFORMATION}  \n> — for-01 · IP · Anna"]),
        ("aktorer", "ff-struktur", []),
    ],
)
def test_coded_quotes(open_app: Callable[..., AppTest], editable: tuple, group: str, code: str,
                      quotes: list[str]) -> None:
    at = open_app("kodbok")
    at.selectbox(key="codebook-group").set_value(group).run()
    at.selectbox(key="codebook-quotes-code").set_value(code).run()
    no_exceptions(at)
    shown = [m for m in texts(at.markdown) if m.startswith("> ") and "\n> — " in m]
    assert shown == quotes
    if quotes:
        assert f"{len(quotes)} kodningar i 1 dokument" in texts(at.caption)
    else:
        assert "Inga kodade citat här." in texts(at.caption)



def test_a_long_list_of_quotes_is_read_a_page_at_a_time(open_app: Callable[..., AppTest],
                                                        demo_db: Path, use_db: Callable) -> None:
    """Every quote of the sample's most used code is reachable, a page at a time, in order."""
    store = Store.open(demo_db)
    try:
        project = store.find_project(DEMO_NAME)
        frame = store.codings_frame(project.id)
    finally:
        store.close()
    code = str(frame["code_id"].value_counts().index[0])
    expected = [plain(quote_markdown(row, turn_label)) for row in code_quotes(frame, code).to_dict("records")]
    assert len(expected) > QUOTES_PER_PAGE, "the sample has a code with more than a page of quotes"
    use_db(demo_db)
    at = open_app("kodbok")
    at.selectbox(key="codebook-quotes-code").set_value(code).run()
    no_exceptions(at)
    pages = -(-len(expected) // QUOTES_PER_PAGE)
    seen = []
    for page in range(1, pages + 1):
        (pager,) = [p for p in at.get("pagination") if p.key.startswith("codebook-quotes-page-")]
        assert pager.num_pages == pages
        pager.select(page)
        at.run()
        no_exceptions(at)
        shown = [m for m in texts(at.markdown) if m.startswith("> ") and "\n> — " in m]
        assert len(shown) == min(QUOTES_PER_PAGE, len(expected) - (page - 1) * QUOTES_PER_PAGE)
        seen += shown
    assert seen == expected
    # The editor's split lists the same code's quotes with pages of its own.
    _editing(at, code, "split")
    pagers = sorted(p.key for p in at.get("pagination"))
    assert pagers == [f"codebook-quotes-page-{code}-", f"codebook-split-page-{code}-"]

def test_labels_with_markup_stay_text(open_app: Callable[..., AppTest], ui_store: Store) -> None:
    hostile = '<img src=x onerror=alert(1)> **fet** [länk](javascript:alert(1))'
    cb = add_code(CODEBOOK, hostile, kind="code", code_id="kod-farlig", parent="t-moten",
                  description="<script>alert(1)</script>")
    ui_store.create_project("Farlig", cb)
    live = re.compile(r"(?<!\\)<(img|script)")  # a tag that Markdown or HTML would act on
    for action in ("change", "order", "merge", "delete", "split"):
        at = _editing(open_app("kodbok"), "kod-farlig", action)
        shown = [str(e.value) for e in [*at.markdown, *at.caption, *at.warning]]
        shown += [w.label for w in [*at.checkbox, *at.selectbox]]
        assert not [raw for raw in shown if live.search(raw)]
        if action == "order":
            assert f"1. **{hostile}**" in texts(at.markdown)
        if action == "delete":
            assert f"Ja, ta bort {hostile}" in [plain(c.label) for c in at.checkbox]
    swatches = [m.value for m in _open_outline(at, cb).markdown if "<span style=" in m.value]
    assert any(html.escape(hostile) in m for m in swatches)


def test_replace_with_a_csv(open_app: Callable[..., AppTest], ui_store: Store,
                            editable: tuple) -> None:
    pid, _ids = editable
    text = codebook_to_csv(EDIT_CB).replace("Rätt tid,", "Rätt tidpunkt,")
    uploader = next(u for u in open_app("kodbok").file_uploader)
    at = uploader.set_value(("koder.csv", text.encode("utf-8-sig"), "text/csv")).run()
    no_exceptions(at)
    assert "Ersättningen lägger till 0, tar bort 0 och ändrar 1 koder." in texts(at.markdown)
    at = _click(at, "Ersätt kodboken")
    assert ui_store.codebook(pid).code("ff-tid").label == "Rätt tidpunkt"
    assert len(ui_store.list_codings(pid)) == 3


@pytest.mark.parametrize(("role", "may_edit"), [("coder", False), ("admin", True)])
def test_team_mode_editing_needs_the_admin_role(
        open_app: Callable[..., AppTest], ui_store: Store, editable: tuple,
        monkeypatch: pytest.MonkeyPatch, role: str, may_edit: bool) -> None:
    pid, _ids = editable
    monkeypatch.setenv("SIGQUAL_TEAM", "1")
    ui_store.create_user("lisa", "kodbok-lösen-42")
    ui_store.grant(pid, "lisa", role)
    at = open_app("kodbok")
    _widget(at.text_input, "Användarnamn").set_value("lisa")
    _widget(at.text_input, "Lösenord").set_value("kodbok-lösen-42")
    at = _click(at, "Logga in")
    toggle = at.toggle(key="codebook-edit-mode")
    assert toggle.disabled is (not may_edit)
    assert bool(at.file_uploader) is may_edit
