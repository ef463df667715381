"""Imports accept what real tools write, and a failed import changes nothing."""

from __future__ import annotations

import codecs
import io
from pathlib import Path

import pytest
from docx import Document as WordDocument

from sigqual.codebook import Codebook
from sigqual.errors import ImportError_, SigqualError, StoreError
from sigqual.refi import UNKNOWN_CODER, import_qdpx
from sigqual.store import Batch, Store
from sigqual.tables import build_table

from .helpers import make_zip, project_xml

BODY = ("I: Hur var mötena?\nIP: Mötena var bra och tydliga. 😀 Jag gillade dem.\n"
        "I: Och skolan?\nIP: Skolan har blivit bättre sedan i våras.\n")
QUOTES = ("Mötena var bra och tydliga", "Skolan har blivit bättre")
U1 = "{1A2B3C4D-0000-4000-8000-00000000000A}"


def foreign_qde(body: str, path: str = "internal://s1.txt", ns: str | None = "urn:QDA-XML:project:1.0",
                extra_source: str = "", sets: str = "<Sets/>") -> bytes:
    """A project as NVivo/MAXQDA/ATLAS.ti might write it: non-GUID ids, odd colours, a folder code
    named like a kind, a coding without user, variables named Intervjugrupp and Fas, a case."""
    raw = body
    spans = []
    for quote in QUOTES:
        i = raw.index(quote)
        spans.append((i, i + len(quote)))
    (s1, e1), (s2, e2) = spans
    return project_xml(f"""
  <Users><User guid="{U1}" name="Anna"/><User guid="u-2" name="Bo"/></Users>
  <CodeBook><Codes>
    <Code guid="FOLDER" name="Framgångsfaktorer" isCodable="false" color="#FF80FF00">
      <Code guid="c-1" name="Tydliga möten" isCodable="true" color="FF00AA"/>
    </Code>
    <Code guid="c-2" name="Skolan" isCodable="true" color="#ABC"/>
    <Code guid="c-3" name="Oklart" isCodable="true" color="kanelbrun"/>
  </Codes></CodeBook>
  <Variables>
    <Variable guid="v-1" name="Intervjugrupp" typeOfVariable="Text"/>
    <Variable guid="v-2" name="Fas" typeOfVariable="Integer"/>
    <Variable guid="v-3" name="Kön" typeOfVariable="Text"/>
  </Variables>
  <Cases><Case guid="k-1" name="Förälder 7"><SourceRef targetGUID="s-1"/></Case></Cases>
  <Sources>
    <TextSource guid="s-1" name="Intervju 1" plainTextPath="{path}">
      <PlainTextSelection guid="p-1" name="{QUOTES[0][:12]}…" startPosition="{s1}" endPosition="{e1}">
        <Coding guid="x-1" creatingUser="{U1.lower()}"><CodeRef targetGUID="c-1"/></Coding>
        <Coding guid="x-2"><CodeRef targetGUID="c-2"/></Coding>
      </PlainTextSelection>
      <PlainTextSelection guid="p-2" name="{QUOTES[1]}" startPosition="{s2}" endPosition="{e2}">
        <Coding guid="x-3" creatingUser="u-2"><CodeRef targetGUID="{{C-2}}"/></Coding>
        <NoteRef targetGUID="n-2"/>
      </PlainTextSelection>
      <VariableValue><VariableRef targetGUID="v-1"/><TextValue>Föräldrar</TextValue></VariableValue>
      <VariableValue><VariableRef targetGUID="v-2"/><IntegerValue>1</IntegerValue></VariableValue>
      <VariableValue><VariableRef targetGUID="v-3"/><TextValue>man</TextValue></VariableValue>
    </TextSource>{extra_source}
  </Sources>
  <Notes>
    <Note guid="n-1" name="Minne" creatingUser="u-2"><PlainTextContent>Viktigt</PlainTextContent></Note>
    <Note guid="n-2" name="Om skolan"><PlainTextContent>Följ upp</PlainTextContent></Note>
  </Notes>
  {sets}""", ns=ns)


def archive(qde: bytes, files: dict[str, bytes], qde_name: str = "project.qde") -> bytes:
    return make_zip({qde_name: qde, **files})


def check_imported(store: Store, pid: int) -> None:
    (doc,) = store.list_documents(pid)
    assert (doc.name, doc.group_key, doc.phase, doc.participant, doc.attributes) == (
        "Intervju 1", "foraldrar", "1", "Förälder 7", {"Kön": "man"})
    cb = store.codebook(pid)
    got = sorted((cb.code(c.code_key).label, c.coder, doc.text[c.start:c.end])
                 for c in store.list_codings(pid))
    assert got == sorted([("Tydliga möten", "Anna", QUOTES[0]), ("Skolan", UNKNOWN_CODER, QUOTES[0]),
                          ("Skolan", "Bo", QUOTES[1])])


@pytest.mark.parametrize("qde_name", ["project.qde", "Project.qde", "export/Mitt projekt.QDE"])
@pytest.mark.parametrize("folder", ["sources/", "Sources/", "SOURCES/"])
def test_project_file_and_source_folder_names(store: Store, qde_name: str, folder: str) -> None:
    data = archive(foreign_qde(BODY), {folder + "s1.txt": BODY.encode()}, qde_name)
    check_imported(store, import_qdpx(store, data, filename="x.qdpx").project_id)


@pytest.mark.parametrize("path", ["internal://s1.txt", "internal://S1.TXT", "relative:///s1.txt",
                                  "relative://s1.txt", "s1.txt", "absolute:///C:/data/s1.txt"])
def test_source_path_forms(store: Store, path: str) -> None:
    data = archive(foreign_qde(BODY, path=path), {"sources/s1.txt": BODY.encode()})
    check_imported(store, import_qdpx(store, data).project_id)


@pytest.mark.parametrize("ns", ["urn:QDA-XML:project:1.0", "urn:QDA-XML:project:0:10", None])
def test_namespace_variants(store: Store, ns: str | None) -> None:
    data = archive(foreign_qde(BODY, ns=ns), {"sources/s1.txt": BODY.encode()})
    check_imported(store, import_qdpx(store, data).project_id)


@pytest.mark.parametrize(
    ("raw", "encoded"),
    [
        (BODY.replace("\n", "\r\n"), lambda t: t.encode()),
        ("\ufeff" + BODY.replace("\n", "\r\n"), lambda t: t[1:].encode("utf-8-sig")),
        ("\ufeff" + BODY, lambda t: codecs.BOM_UTF16_LE + t[1:].encode("utf-16-le")),
    ],
    ids=["crlf", "bom-crlf", "utf16-bom"],
)
def test_crlf_and_bom_offsets_land_on_the_same_text(store: Store, raw: str, encoded) -> None:
    """Offsets count code points of the file as written (CR included, BOM not)."""
    body = raw[1:] if raw.startswith("\ufeff") else raw
    data = archive(foreign_qde(body), {"sources/s1.txt": encoded(raw)})
    pid = import_qdpx(store, data).project_id
    check_imported(store, pid)
    (doc,) = store.list_documents(pid)
    assert "\r" not in doc.text and not doc.text.startswith("\ufeff")


def test_codes_kinds_and_colours(store: Store) -> None:
    data = archive(foreign_qde(BODY), {"sources/s1.txt": BODY.encode()})
    report = import_qdpx(store, data)
    cb = store.codebook(report.project_id)
    assert [(c.label, c.kind, c.colour, c.parent) for c in cb.codes] == [
        ("Framgångsfaktorer", "code", "#80ff00", None),
        ("Tydliga möten", "success_factor", "#ff00aa", "framgangsfaktorer"),
        ("Skolan", "code", "#aabbcc", None),
        ("Oklart", "code", None, None),
    ]
    assert any("kanelbrun" in w for w in report.warnings)
    assert any("no known user" in w for w in report.warnings)
    # The group maps onto the bundled codebook's group, so Table 4b shows the factor.
    table = build_table(store.codings_frame(report.project_id), cb, "4b")
    assert list(table.frame["Framgångsfaktorer"]) == ["Tydliga möten"]


def test_notes_follow_their_references(store: Store) -> None:
    data = archive(foreign_qde(BODY), {"sources/s1.txt": BODY.encode()})
    pid = import_qdpx(store, data).project_id
    codings = {c.id: c for c in store.list_codings(pid)}
    memos = {m.text: m for m in store.list_memos(pid)}
    assert (memos["Viktigt"].author, memos["Viktigt"].document_id) == ("Bo", None)
    anchored = codings[memos["Följ upp"].coding_id]
    assert (anchored.coder, memos["Följ upp"].title) == ("Bo", "Om skolan")


@pytest.mark.parametrize(
    "sets",
    [
        "<Sets/>",
        "",
        '<Sets><Set guid="t" name="Teman"><MemberCode targetGUID="c-2"/></Set></Sets>',
        '<Sets><Set guid="g" name="grupp: föräldrar"><MemberSource targetGUID="s-1"/></Set></Sets>',
    ],
)
def test_sets_empty_or_meaningful(store: Store, sets: str) -> None:
    data = archive(foreign_qde(BODY, sets=sets), {"sources/s1.txt": BODY.encode()})
    pid = import_qdpx(store, data).project_id
    check_imported(store, pid)
    kind = store.codebook(pid).find_label("Skolan")[0].kind
    assert kind == ("theme" if "Teman" in sets else "code")


def test_document_sets_become_attributes(store: Store) -> None:
    sets = ('<Sets><Set guid="a" name="kön: kvinna"><MemberSource targetGUID="s-2"/></Set>'
            '<Set guid="b" name="Fas: 2"><MemberSource targetGUID="s-2"/></Set></Sets>')
    second = ('\n    <TextSource guid="s-2" name="Intervju 2"><PlainTextContent>Ett kort svar.'
              '</PlainTextContent></TextSource>')
    data = archive(foreign_qde(BODY, extra_source=second, sets=sets), {"sources/s1.txt": BODY.encode()})
    pid = import_qdpx(store, data).project_id
    doc = next(d for d in store.list_documents(pid) if d.name == "Intervju 2")
    assert (doc.phase, doc.attributes) == ("2", {"kön": "kvinna"})


def test_missing_source_is_reported_and_the_rest_imported(store: Store) -> None:
    second = '\n    <TextSource guid="s-2" name="Borta" plainTextPath="internal://borta.txt"/>'
    data = archive(foreign_qde(BODY, extra_source=second), {"sources/s1.txt": BODY.encode()})
    report = import_qdpx(store, data)
    assert report.documents == 1
    assert report.missing_sources == ["source 'Borta' (internal://borta.txt)"]
    check_imported(store, report.project_id)


def test_bad_offsets_are_skipped_with_a_warning(store: Store) -> None:
    qde = foreign_qde(BODY).replace(b'startPosition="', b'startPosition="9999', 1)
    report = import_qdpx(store, archive(qde, {"sources/s1.txt": BODY.encode()}))
    assert report.codings == 1
    assert any("outside the text" in w for w in report.warnings)


def test_a_bare_qde_with_inline_text(store: Store) -> None:
    qde = foreign_qde(BODY).replace(b' plainTextPath="internal://s1.txt">',
                                    f"><PlainTextContent>{BODY}</PlainTextContent>".encode())
    check_imported(store, import_qdpx(store, qde, filename="projekt.qde").project_id)


def _nothing_changed(store: Store, projects: int, audit: int) -> None:
    assert len(store.list_projects()) == projects
    assert len(store.audit_frame()) == audit


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (archive(b"<Project name='x'><Sources>", {}), "not well-formed XML"),
        (archive(b"<CodeBook><Codes/></CodeBook>", {}), r"codebook \(\.qdc\), not a project"),
        (make_zip({"sources/a.txt": b"x"}), "no project file"),
        (b"%PDF-1.4 not a zip", "not a REFI-QDA project"),
        (b"PK\x03\x04 broken zip", "damaged"),
    ],
    ids=["malformed", "codebook", "no-qde", "pdf", "broken-zip"],
)
def test_failed_import_changes_nothing(store: Store, data: bytes, message: str) -> None:
    store.create_project("Finns", Codebook("K", (), ()))
    before = (len(store.list_projects()), len(store.audit_frame()))
    with pytest.raises(SigqualError, match=message) as info:
        import_qdpx(store, data, filename="fel.qdpx")
    assert "fel.qdpx" in str(info.value)
    _nothing_changed(store, *before)


def test_failure_while_writing_rolls_everything_back(store: Store, monkeypatch) -> None:
    data = archive(foreign_qde(BODY), {"sources/s1.txt": BODY.encode()})
    real = Batch.add_coding
    calls = []

    def failing(self, coding):  # noqa: ANN001, ANN202
        calls.append(coding)
        if len(calls) == 2:
            raise StoreError("disk full")
        return real(self, coding)

    monkeypatch.setattr(Batch, "add_coding", failing)
    with pytest.raises(StoreError, match="disk full"):
        import_qdpx(store, data)
    _nothing_changed(store, 0, 0)


def test_explicit_name_that_exists_is_refused(store: Store) -> None:
    data = archive(foreign_qde(BODY), {"sources/s1.txt": BODY.encode()})
    import_qdpx(store, data, project_name="Studie")
    before = (len(store.list_projects()), len(store.audit_frame()))
    with pytest.raises(StoreError, match="already exists"):
        import_qdpx(store, data, project_name="Studie")
    _nothing_changed(store, *before)
    assert import_qdpx(store, data).project_name == "Främmande projekt"
    assert import_qdpx(store, data).project_name == "Främmande projekt (2)"


def test_import_from_a_path(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "från nvivo.qdpx"
    path.write_bytes(archive(foreign_qde(BODY), {"sources/s1.txt": BODY.encode()}))
    check_imported(store, import_qdpx(store, path).project_id)
    with pytest.raises(ImportError_, match="cannot read"):
        import_qdpx(store, tmp_path / "saknas.qdpx")


@pytest.mark.parametrize(
    ("cases", "expected"),
    [
        (["Förälder 7"], ("Förälder 7", None, None)),
        (["Föräldrarna"], (None, "foraldrar", None)),
        (["Grupp: Ungdomar", "Ungdom 3"], ("Ungdom 3", "ungdomar", None)),
        (["Fas 2", "Aktörer", "Kim"], ("Kim", "aktorer", "2")),
        (["Kim", "Lo"], (None, None, None)),  # two people: who is it? left open
    ],
)
def test_case_names_become_attributes(store: Store, cases: list[str], expected: tuple) -> None:
    """NVivo-style cases: a person, a group (by name) or ``name: value``/``Fas 2``."""
    case_xml = "".join(f'<Case guid="k{i}" name="{n}"><SourceRef targetGUID="s"/></Case>'
                       for i, n in enumerate(cases))
    qde = project_xml(f'<Cases>{case_xml}</Cases><Sources><TextSource guid="s" name="a">'
                      "<PlainTextContent>Hej hej.</PlainTextContent></TextSource></Sources>")
    pid = import_qdpx(store, qde, filename="fall.qde").project_id
    (doc,) = store.list_documents(pid)
    assert (doc.participant, doc.group_key, doc.phase) == expected


def _word_file(lines: list[str]) -> bytes:
    document = WordDocument()
    for line in lines:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


RICH_ONLY = (b'plainTextPath="internal://s1.txt"', b'richTextPath="internal://s1.docx"')


def test_a_source_with_only_its_word_file(store: Store) -> None:
    data = archive(foreign_qde(BODY).replace(*RICH_ONLY), {"sources/s1.docx": _word_file(BODY.splitlines())})
    report = import_qdpx(store, data)
    assert report.missing_sources == [] and report.codings == 3
    assert any("taken from its rich-text file" in w for w in report.warnings)
    check_imported(store, report.project_id)


def test_word_file_text_that_does_not_match_the_offsets_keeps_no_codings(store: Store) -> None:
    shifted = _word_file(["Intervju med förälder, fas 1", *BODY.splitlines()])
    report = import_qdpx(store, archive(foreign_qde(BODY).replace(*RICH_ONLY), {"sources/s1.docx": shifted}))
    assert report.documents == 1 and report.codings == 0
    assert sum("does not match the rich-text file" in w for w in report.warnings) == 2


def test_a_repeated_source_guid_is_reported_and_both_sources_kept(store: Store) -> None:
    second = ('\n    <TextSource guid="s-1" name="Intervju 2"><PlainTextContent>Ett kort svar.'
              '</PlainTextContent></TextSource>')
    report = import_qdpx(store, archive(foreign_qde(BODY, extra_source=second),
                                        {"sources/s1.txt": BODY.encode()}))
    assert report.documents == 2
    assert any("repeats the guid" in w for w in report.warnings)
    names = sorted(d.name for d in store.list_documents(report.project_id))
    assert names == ["Intervju 1", "Intervju 2"]
    first = next(d for d in store.list_documents(report.project_id) if d.name == "Intervju 1")
    quotes = sorted(first.text[c.start:c.end] for c in store.list_codings(report.project_id))
    assert quotes == sorted([QUOTES[0], QUOTES[0], QUOTES[1]])
