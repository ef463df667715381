"""The Projekt page: create projects, import, edit the document list, turns, delete."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from sigqual.demo import DEMO_NAME, corpus_dir
from sigqual.ingest import parse_bytes
from sigqual.ingest.batch import read_manifest
from sigqual.store import Store
from sigqual.ui.uploads import codebook_choices

from .helpers import (
    CODEBOOK,
    CODEBOOK_YAML,
    TRANSCRIPT,
    edit_documents,
    no_exceptions,
    open_project_tab,
    plain,
    table_rows,
    texts,
    zip_bytes,
)


def _form(at: AppTest, name: str, choice: str = "bundled",
          upload: tuple[str, bytes] | None = None) -> AppTest:
    if at.tabs:  # a database with projects: the form is on the "Nytt projekt" tab
        open_project_tab(at, "Nytt projekt")
    next(x for x in at.text_input if x.label == "Projektets namn").set_value(name)
    box = next(s for s in at.selectbox if s.label == "Kodbok")
    box.set_value(next(c for c in codebook_choices() if c.key == choice))
    if upload is not None:
        uploader = next(u for u in at.file_uploader if u.label == "Egen kodbok (YAML)")
        uploader.set_value((upload[0], upload[1], "application/yaml"))
    next(b for b in at.button if b.label == "Skapa projekt").click()
    return at.run()


@pytest.fixture
def project(ui_store: Store) -> int:
    """A project with one parent interview, as if imported earlier."""
    pid = ui_store.create_project("Min utvärdering", CODEBOOK)
    parsed = parse_bytes(TRANSCRIPT.encode(), "for-01.txt")
    ui_store.add_document(pid, name="for-01", text=parsed.text, turns=parsed.turns,
                          attributes={"group": "foraldrar", "phase": "1", "relation": "pappa"})
    return pid


@pytest.mark.parametrize(
    ("choice", "upload", "groups"),
    [
        ("bundled", None, ["ungdomar", "foraldrar", "aktorer", "projektgrupp", "styrgrupp"]),
        ("upload", ("egen.yaml", CODEBOOK_YAML.encode()), ["foraldrar", "aktorer"]),
    ],
)
def test_create_a_project(open_app: Callable[..., AppTest], ui_store: Store, choice: str,
                          upload: tuple[str, bytes] | None, groups: list[str]) -> None:
    at = _form(open_app(), "Utvärdering 2025", choice, upload)
    no_exceptions(at)
    project = ui_store.find_project("Utvärdering 2025")
    assert project is not None
    assert list(ui_store.codebook(project.id).group_keys) == groups
    assert at.session_state["sigqual.project_id"] == project.id
    assert "Projektet Utvärdering 2025 är skapat och öppnat." in texts(at.success)
    assert "**Öppet projekt:** Utvärdering 2025" in texts(at.sidebar.markdown)
    assert "Utvärdering 2025" in texts(at.subheader)[0]
    assert ui_store.audit_frame(project.id).iloc[-1]["actor"] == "Testare"


@pytest.mark.parametrize(
    ("name", "choice", "upload", "message"),
    [
        ("", "bundled", None, "Ge projektet ett namn."),
        ("X", "upload", None, "välj en kodboksfil att ladda upp"),
        ("X", "bundled", ("trasig.yaml", b"name: x\ncodes:\n  - {id: a, label: A, kind: tema}\n"),
         "trasig.yaml:3 fält 'kind': typen 'tema' är inte en av"),
        ("X", "bundled", ("bom.yaml", b"\xff\xfe n\x00"), "bom.yaml: kodboken är inte UTF-8"),
    ],
)
def test_create_project_errors(open_app: Callable[..., AppTest], ui_store: Store, name: str,
                               choice: str, upload: tuple[str, bytes] | None, message: str) -> None:
    at = _form(open_app(), name, choice, upload)
    no_exceptions(at)
    assert message in " ".join(texts(at.error))
    assert ui_store.list_projects() == []


def test_duplicate_project_name(open_app: Callable[..., AppTest], project: int) -> None:
    at = _form(open_app(), "Min utvärdering")
    assert "finns redan" in " ".join(texts(at.error))


def test_sample_project_button(open_app: Callable[..., AppTest], ui_store: Store) -> None:
    at = open_app()
    at.button(key="make-demo").click().run()
    no_exceptions(at)
    demo = ui_store.find_project(DEMO_NAME)
    assert demo is not None
    expected = len(read_manifest(corpus_dir() / "manifest.csv"))
    assert len(ui_store.list_documents(demo.id)) == expected
    assert at.session_state["sigqual.project_id"] == demo.id
    with pytest.raises(KeyError):
        at.button(key="make-demo")


def test_import_a_transcript(open_app: Callable[..., AppTest], ui_store: Store,
                             project: int) -> None:
    at = open_project_tab(open_app(), "Importera")
    files = at.file_uploader[0]
    assert files.label == "Transkriptioner" and files.accept_multiple_files
    assert {"txt", "docx", "zip"} <= {t.lstrip(".") for t in files.allowed_type}
    assert at.button(key="import-run").disabled
    text = "Intervjuare: Hur har det gått?\nFörälder 2: Bättre nu, han går i skolan igen.\n"
    files.set_value([("for-02.txt", text.encode("cp1252"), "text/plain"),
                     ("tom.txt", b"", "text/plain")])
    at.selectbox(key="import-group").set_value("foraldrar")
    at.selectbox(key="import-phase").set_value("2")
    at.selectbox(key="import-type").set_value("phone")
    at.run()
    at.button(key="import-run").click().run()
    no_exceptions(at)
    assert texts(at.warning)[0] == "1 av 2 filer importerades; 1 kunde inte importeras."
    assert not texts(at.success)
    assert any("tom.txt: filen är tom" in e for e in texts(at.error))
    # The bar is gone once the import has ended; the result is said in words.
    assert len(at.progress) == 0
    doc = next(d for d in ui_store.list_documents(project) if d.name == "for-02")
    assert (doc.group_key, doc.phase, doc.interview_type) == ("foraldrar", "2", "phone")
    assert "Bättre nu" in doc.text
    assert [s.role for s in ui_store.segments(doc.id)] == ["interviewer", "respondent"]
    open_project_tab(at, "Dokument")
    assert ["for-02", "Föräldrarna", "2", "0", "2", "", "Telefonintervju"] in [r[:7] for r in _overview(at)]


def test_import_a_zip_with_a_manifest(open_app: Callable[..., AppTest], ui_store: Store,
                                      project: int) -> None:
    at = open_project_tab(open_app(), "Importera")
    archive = zip_bytes({"akt-01.txt": TRANSCRIPT.encode(), "akt-02.md": TRANSCRIPT.encode()})
    at.file_uploader[0].set_value([("batch.zip", archive, "application/zip")])
    at.file_uploader[1].set_value(
        ("lista.csv", b"file,group,phase\nakt-01.txt,aktorer,1\nakt-02.md,aktorer,2\n", "text/csv"))
    at.run()
    at.button(key="import-run").click().run()
    no_exceptions(at)
    assert texts(at.success) == ["2 av 2 filer importerades."]
    table = _import_table(at)
    assert list(table["Importerat dokument"]) == ["akt-01", "akt-02"]
    assert list(table["Turer"]) == [4, 4] and list(table["Talare"]) == [2, 2]
    assert list(table["Intervjuarens turer"]) == [2, 2] and list(table["Respondentens turer"]) == [2, 2]
    phases = {d.name: d.phase for d in ui_store.list_documents(project, group="aktorer")}
    assert phases == {"akt-01": "1", "akt-02": "2"}


def test_a_bad_manifest_stops_the_batch(open_app: Callable[..., AppTest], ui_store: Store,
                                        project: int) -> None:
    at = open_project_tab(open_app(), "Importera")
    at.file_uploader[0].set_value([("akt-01.txt", TRANSCRIPT.encode(), "text/plain")])
    at.file_uploader[1].set_value(("lista.csv", b"namn;grupp\nakt-01.txt;aktorer\n", "text/csv"))
    at.run()
    at.button(key="import-run").click().run()
    errors = texts(at.error)
    assert any("lista.csv" in e and "ingen filkolumn" in e for e in errors)
    assert [d.name for d in ui_store.list_documents(project)] == ["for-01"]


def _import_table(at: AppTest) -> Any:
    """The per-file table of the last import (the document tabs hold other tables)."""
    return next(d.value for d in at.dataframe if "Turer" in d.value.columns)


def test_nothing_imported_is_said_plainly(open_app: Callable[..., AppTest], ui_store: Store,
                                         project: int) -> None:
    at = open_project_tab(open_app(), "Importera")
    at.file_uploader[0].set_value([("tom.txt", b"", "text/plain"),
                                   ("bild.txt", b"\x00\x01\x02", "text/plain")])
    at.run()
    at.button(key="import-run").click().run()
    no_exceptions(at)
    errors = texts(at.error)
    assert errors[0] == "Inga filer importerades (0 av 2); 2 kunde inte importeras."
    assert not texts(at.success) and len(at.progress) == 0
    assert [d.name for d in ui_store.list_documents(project)] == ["for-01"]


PREAMBLE = ("Datum: 2014-05-12\nIntervjutyp: Fokusgrupp\nDeltagare: Tre föräldrar, fas 1\n\n"
            "Intervjuare: Hur har det gått?\nFörälder 1: Bättre nu.\nFörälder 2: Ja, mycket bättre.\n"
            "Intervjuare: Något mer?\nFörälder 1: Nej.\n")


def _import_with_preamble(at: AppTest, kind: str = "") -> AppTest:
    open_project_tab(at, "Importera")
    at.file_uploader[0].set_value([("fg-01.txt", PREAMBLE.encode(), "text/plain"),
                                   ("for-03.txt", TRANSCRIPT.encode(), "text/plain")])
    if kind:
        at.selectbox(key="import-type").set_value(kind)
    at.run()
    at.button(key="import-run").click().run()
    no_exceptions(at)
    return at


def test_preamble_details_are_offered_and_filled(open_app: Callable[..., AppTest], ui_store: Store,
                                                 project: int) -> None:
    at = _import_with_preamble(open_app())
    assert texts(at.success)[0] == "2 av 2 filer importerades."
    table = _import_table(at).set_index("Importerat dokument")
    assert (table.loc["fg-01", "Turer"], table.loc["fg-01", "Talare"]) == (5, 3)
    assert (table.loc["fg-01", "Intervjuarens turer"], table.loc["fg-01", "Respondentens turer"]) == (2, 3)
    doc = next(d for d in ui_store.list_documents(project) if d.name == "fg-01")
    assert (doc.interview_date, doc.interview_type, doc.participant) == (None, None, None)
    # Only the file with a preamble is offered, with its details in words.
    boxes = [plain(b.label) for b in at.checkbox if b.key and b.key.startswith("import-preamble-")]
    assert boxes == ["fg-01 — Datum: 2014-05-12 · Intervjutyp: Fokusgrupp · Deltagare: Tre föräldrar, fas 1"]
    at.button(key="FormSubmitter:import-preamble-Fyll i de tomma fälten").click().run()
    no_exceptions(at)
    assert "Uppgifterna fylldes i för 1 dokument." in texts(at.success)
    doc = ui_store.get_document(doc.id)
    assert (doc.interview_date, doc.interview_type, doc.participant) == (
        "2014-05-12", "focus_group", "Tre föräldrar, fas 1")
    assert not [b for b in at.checkbox if b.key and b.key.startswith("import-preamble-")]


def test_preamble_details_never_overwrite(open_app: Callable[..., AppTest], ui_store: Store,
                                          project: int) -> None:
    """A type chosen in the import form stays; only the empty fields are offered and filled."""
    at = _import_with_preamble(open_app(), kind="phone")
    boxes = [plain(b.label) for b in at.checkbox if b.key and b.key.startswith("import-preamble-")]
    assert boxes == ["fg-01 — Datum: 2014-05-12 · Deltagare: Tre föräldrar, fas 1"]
    at.button(key="FormSubmitter:import-preamble-Fyll i de tomma fälten").click().run()
    doc = next(d for d in ui_store.list_documents(project) if d.name == "fg-01")
    assert (doc.interview_date, doc.interview_type) == ("2014-05-12", "phone")


def test_preamble_details_can_be_skipped(open_app: Callable[..., AppTest], ui_store: Store,
                                         project: int) -> None:
    at = _import_with_preamble(open_app())
    at.button(key="FormSubmitter:import-preamble-Hoppa över").click().run()
    no_exceptions(at)
    assert not [b for b in at.checkbox if b.key and b.key.startswith("import-preamble-")]
    doc = next(d for d in ui_store.list_documents(project) if d.name == "fg-01")
    assert doc.interview_date is None


def test_document_list_and_saving(open_app: Callable[..., AppTest], ui_store: Store,
                                  project: int) -> None:
    at = edit_documents(open_app())
    no_exceptions(at)
    editor = at.data_editor[0]
    frame = editor.value
    assert list(frame.columns) == ["name", "group_key", "phase", "interview_date",
                                   "interview_type", "participant", "attr:relation", "version"]
    assert frame.iloc[0]["attr:relation"] == "pappa"
    # The free attribute is headed like the fixed fields beside it, capitalised.
    labels = {name: c.get("label") for name, c in json.loads(editor.proto.columns).items()}
    assert (labels["attr:relation"], labels["phase"]) == ("Relation", "Fas")
    at.button(key="docs-save").click().run()
    assert texts(at.info)[-1] == "Inga ändringar att spara."
    # Another user changes the document; this session keeps the version it showed,
    # so saving an edit made on it would be refused rather than overwrite theirs.
    doc = ui_store.list_documents(project)[0]
    ui_store.update_document(doc.id, {"group": "foraldrar", "phase": "2", "relation": "pappa"},
                             actor="Annan")
    at.run()
    snapshot = at.session_state["project.editor_snapshot"]["frame"]
    assert int(snapshot.loc[doc.id, "version"]) == 1
    at.button(key="docs-reload").click().run()
    snapshot = at.session_state["project.editor_snapshot"]["frame"]
    assert int(snapshot.loc[doc.id, "version"]) == 2
    assert at.data_editor[0].value.loc[doc.id, "phase"] == "2"


@pytest.mark.parametrize(
    ("name", "column", "error"),
    [("verksamhet", "attr:verksamhet", None), ("grupp", None, "fast dokumentfält"),
     ("relation", None, "finns redan")],
)
def test_add_a_free_attribute_column(open_app: Callable[..., AppTest], project: int, name: str,
                                     column: str | None, error: str | None) -> None:
    at = edit_documents(open_app())
    box = next(x for x in at.text_input if x.label == "Attributets namn")
    box.set_value(name)
    next(b for b in at.button if b.label == "Lägg till kolumn").click()
    at.run()
    no_exceptions(at)
    columns = list(at.data_editor[0].value.columns)
    if column is not None:
        assert column in columns
    else:
        assert any(error in e for e in texts(at.error))
        assert columns.count("attr:relation") == 1


def test_speaker_turns(open_app: Callable[..., AppTest], project: int) -> None:
    at = open_project_tab(open_app(), "Repliker")
    assert at.selectbox(key="turns-doc").value is not None
    messages = at.chat_message
    assert [m.name for m in messages] == ["interviewer", "respondent", "interviewer", "respondent"]
    assert any(c.startswith("4 repliker: 2 från intervjupersoner") for c in texts(at.caption))
    # Interviewer turns are smaller grey captions; respondent turns are plain text.
    assert "Hur var mötena?" in messages[0].caption[0].value
    assert "Mer information innan första mötet" in messages[3].markdown[1].value
    at.toggle(key="turns-hide").set_value(True).run()
    assert [m.name for m in at.chat_message] == ["respondent", "respondent"]


def test_long_documents_are_paged(open_app: Callable[..., AppTest], ui_store: Store,
                                  project: int) -> None:
    text = "".join(f"I: Fråga {i}?\nIP: Svar {i}.\n" for i in range(45))
    parsed = parse_bytes(text.encode(), "lang.txt")
    doc = ui_store.add_document(project, name="lang", text=parsed.text, turns=parsed.turns)
    at = open_project_tab(open_app(), "Repliker")
    at.selectbox(key="turns-doc").set_value(doc).run()
    assert len(at.chat_message) == 40
    at.get("pagination")[0].set_value(3).run()
    no_exceptions(at)
    assert len(at.chat_message) == 10
    assert "Svar 44" in at.chat_message[-1].markdown[1].value


def test_delete_a_document_after_confirming(open_app: Callable[..., AppTest], ui_store: Store,
                                            project: int) -> None:
    at = open_app()
    assert not [b for b in at.button if b.key == "docs-delete"]  # only while editing the list
    edit_documents(at)
    at.button(key="docs-delete").click().run()
    assert "Vill du ta bort for-01" in texts(at.warning)[0]
    at.button(key="docs-delete-no").click().run()
    assert len(ui_store.list_documents(project)) == 1
    at.button(key="docs-delete").click().run()
    at.button(key="docs-delete-yes").click().run()
    no_exceptions(at)
    assert ui_store.list_documents(project) == []
    assert "for-01 togs bort (0 kodningar)." in texts(at.success)
    assert texts(at.info)[0].startswith("Projektet har inga dokument ännu")


def test_new_project_tab_on_a_database_with_projects(open_app: Callable[..., AppTest],
                                                     demo_db: Path, use_db: Callable) -> None:
    use_db(demo_db)
    at = open_app()
    no_exceptions(at)
    with pytest.raises(KeyError):
        at.button(key="make-demo")
    assert [t.label for t in at.tabs] == ["Dokument", "Repliker", "Importera", "Nytt projekt"]
    n = len(read_manifest(corpus_dir() / "manifest.csv"))
    assert f"{n} dokument · " in texts(at.caption)[0]
    # The first page draws no grid; the editor holds every document once asked for.
    assert not at.data_editor and not at.dataframe
    assert len(edit_documents(at).data_editor[0].value) == n


def _overview(at: AppTest) -> list[list[str]]:
    """The document overview's table: the heading row, then one row per document."""
    return table_rows(next(m.value for m in at.markdown if "<table>" in m.value))


def test_the_overview_lists_attributes_and_counts(open_app: Callable[..., AppTest], ui_store: Store,
                                                  project: int) -> None:
    doc = ui_store.list_documents(project)[0]
    turn = ui_store.segments(doc.id)[1]
    ui_store.add_coding(project, doc.id, "ff-struktur", turn.start, turn.end, coder="Testare")
    at = open_app()
    no_exceptions(at)
    assert texts(at.caption)[0] == "1 dokument · 4 repliker · 1 kodningar"
    rows = _overview(at)
    assert rows[0] == ["Dokument", "Grupp", "Repliker", "Kodningar", "Fas", "Datum", "Intervjutyp",
                       "Deltagare", "Relation"]
    # the group by its name, the counts, the free attribute under its capitalised heading
    assert rows[1:] == [["for-01", "Föräldrarna", "4", "1", "1", "", "", "", "pappa"]]


def _add_interviews(store: Store, project: int, n: int) -> None:
    """``n`` more interviews with the actors, enough to page and search the list."""
    parsed = parse_bytes(TRANSCRIPT.encode(), "akt.txt")
    for i in range(n):
        store.add_document(project, name=f"akt-{i + 2:02}", text=parsed.text, turns=parsed.turns,
                           attributes={"group": "aktorer"})


@pytest.mark.parametrize(("query", "found"), [("PAPPA", True), ("föräldrarna", True), ("for-01", True),
                                              ("mamma", False), ("  ", True)])
def test_a_long_list_can_be_searched(open_app: Callable[..., AppTest], ui_store: Store,
                                     project: int, query: str, found: bool) -> None:
    _add_interviews(ui_store, project, 50)
    at = open_app()
    at.text_input(key="docs-filter").set_value(query).run()
    no_exceptions(at)
    if found:
        names = [row[0] for row in _overview(at)[1:]]
        assert "for-01" in names
        assert ("akt-02" in names) == (not query.strip())  # the others only without a query
    else:
        assert texts(at.info) == ["Inget dokument matchar sökningen."]
        assert not [m for m in at.markdown if "<table>" in m.value]


def test_many_documents_are_paged(open_app: Callable[..., AppTest], ui_store: Store,
                                  project: int) -> None:
    _add_interviews(ui_store, project, 59)
    at = open_app()
    assert len(_overview(at)) == 1 + 50
    at.get("pagination")[0].set_value(2).run()
    no_exceptions(at)
    rows = _overview(at)[1:]
    assert len(rows) == 10 and rows[-1][:2] == ["akt-60", "Aktörerna"]
    assert "Dokument 51–60 av 60" in texts(at.caption)


def test_a_short_list_is_shown_whole(open_app: Callable[..., AppTest], ui_store: Store,
                                     project: int) -> None:
    _add_interviews(ui_store, project, 49)
    at = open_app()
    assert len(_overview(at)) == 1 + 50
    assert not at.text_input and not at.get("pagination")


def test_the_turns_tab_keeps_its_choices(open_app: Callable[..., AppTest], ui_store: Store,
                                         project: int) -> None:
    parsed = parse_bytes(TRANSCRIPT.encode(), "for-02.txt")
    second = ui_store.add_document(project, name="for-02", text=parsed.text, turns=parsed.turns)
    at = open_project_tab(open_app(), "Repliker")
    at.selectbox(key="turns-doc").set_value(second)
    at.toggle(key="turns-hide").set_value(True).run()
    open_project_tab(at, "Dokument")
    assert not at.chat_message
    open_project_tab(at, "Repliker")
    no_exceptions(at)
    assert at.selectbox(key="turns-doc").value == second and at.toggle(key="turns-hide").value


def test_editing_is_asked_for_and_kept(open_app: Callable[..., AppTest], project: int) -> None:
    at = open_app()
    assert not at.data_editor
    edit_documents(at)
    assert len(at.data_editor) == 1 and not at.button(key="docs-delete").disabled
    open_project_tab(at, "Importera")
    open_project_tab(at, "Dokument")
    assert len(at.data_editor) == 1  # still editing after a look at another tab


def test_the_overview_follows_writes_made_elsewhere(open_app: Callable[..., AppTest], ui_store: Store,
                                                    project: int) -> None:
    """The list and its counts are kept between reruns, until anything is written."""
    at = open_app()
    assert [row[:4] for row in _overview(at)[1:]] == [["for-01", "Föräldrarna", "4", "0"]]
    at.run()
    assert [row[:4] for row in _overview(at)[1:]] == [["for-01", "Föräldrarna", "4", "0"]]
    doc = ui_store.list_documents(project)[0]
    turn = ui_store.segments(doc.id)[1]
    ui_store.add_coding(project, doc.id, "ff-struktur", turn.start, turn.end, coder="Annan")
    parsed = parse_bytes(TRANSCRIPT.encode(), "for-02.txt")
    ui_store.add_document(project, name="for-02", text=parsed.text, turns=parsed.turns)
    at.run()
    no_exceptions(at)
    assert [row[:4] for row in _overview(at)[1:]] == [["for-01", "Föräldrarna", "4", "1"],
                                                      ["for-02", "", "4", "0"]]
    assert texts(at.caption)[0] == "2 dokument · 8 repliker · 1 kodningar"
