"""Exports validate against the official schemas and carry the project faithfully."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from sigqual.codebook import Codebook
from sigqual.errors import ExportError
from sigqual.ingest import segment
from sigqual.refi import build_qdpx, codebook_qdc, export_qdc, export_qdpx
from sigqual.refi.guids import Guids
from sigqual.refi.model import SIDECAR_NAME
from sigqual.refi.schema import qdc_schema_errors, qdpx_schema_errors
from sigqual.store import Store

from .helpers import TEXT, small_codebook

NS = {"q": "urn:QDA-XML:project:1.0"}
def qde(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return etree.fromstring(zf.read("project.qde"))


@pytest.mark.parametrize("which", ["small", "demo"])
def test_qdpx_and_qdc_validate(which: str, request: pytest.FixtureRequest, refi_path: Path) -> None:
    store, pid = request.getfixturevalue(which)
    assert qdpx_schema_errors(export_qdpx(store, pid)) == []
    assert qdc_schema_errors(export_qdc(store, pid)) == []


def test_empty_project_validates(store: Store, refi_path: Path) -> None:
    pid = store.create_project("Tomt", Codebook("Tom", (), ()))
    assert qdpx_schema_errors(export_qdpx(store, pid)) == []
    with pytest.raises(ExportError, match="no codes"):
        export_qdc(store, pid)


def test_archive_layout_and_source_text(small: tuple[Store, int]) -> None:
    store, pid = small
    data = export_qdpx(store, pid)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = zf.namelist()
        root = qde(data)
        sources = root.findall("q:Sources/q:TextSource", NS)
        assert names[0] == "project.qde" and SIDECAR_NAME in names
        assert [s.get("name") for s in sources] == ["for-01", "ung-01"]
        for src, doc in zip(sources, store.list_documents(pid), strict=True):
            path = src.get("plainTextPath")
            assert path.startswith("internal://")
            assert zf.read("sources/" + path[len("internal://"):]).decode("utf-8") == doc.text


@pytest.mark.parametrize(
    ("xpath", "expected"),
    [
        ("q:Users/q:User/@name", ["Forskare A", "Forskare B", "Forskare C"]),
        ("q:CodeBook/q:Codes/q:Code/@name", ["Mötena", 'Annat <&> "citat"']),
        ("q:CodeBook/q:Codes/q:Code[@name='Mötena']/q:Code/@name", ["Tydliga möten", "Långa möten"]),
        ("q:CodeBook/q:Codes/q:Code[@name='Mötena']/@color", ["#1f77b4"]),
        ("q:Variables/q:Variable/@name",
         ["group", "phase", "interview_date", "interview_type", "participant", "relation"]),
        ("q:Variables/q:Variable[@name='interview_date']/@typeOfVariable", ["Date"]),
        ("q:Cases/q:Case/@name", ["Förälder 1", "Ungdom 1"]),
        ("q:Sets/q:Set/@name", ["Teman", "Framgångsfaktorer", "Utvecklingsområden", "Övriga koder",
                                "Koder för Föräldrarna", "Koder för Ungdomarna",
                                "Grupp: Föräldrarna", "Grupp: Ungdomarna", "Fas: 1", "Fas: 2"]),
        ("q:Sources/q:TextSource[@name='for-01']/q:PlainTextSelection/@startPosition",
         [str(TEXT.index("Mötena var")), str(TEXT.index("Mötena var")), str(TEXT.index("IP: Mötena") + 4)]),
        ("q:Notes/q:Note/q:PlainTextContent/text()",
         ["Om dokumentet", "Om turen", "Om kodningen", "Om koden", "Om projektet"]),
        ("q:Description/text()", ["Om möten"]),
    ],
)
def test_project_content(small: tuple[Store, int], xpath: str, expected: list[str]) -> None:
    store, pid = small
    assert qde(export_qdpx(store, pid)).xpath(xpath, namespaces=NS) == expected


def test_codings_carry_their_coders_and_memos_their_anchor(small: tuple[Store, int]) -> None:
    store, pid = small
    root = qde(export_qdpx(store, pid))
    users = {u.get("guid"): u.get("name") for u in root.findall("q:Users/q:User", NS)}
    codes = {c.get("guid"): c.get("name") for c in root.iterfind(".//q:Code", NS)}
    got = sorted(
        (codes[c.find("q:CodeRef", NS).get("targetGUID")], users[c.get("creatingUser")],
         int(c.getparent().get("startPosition")), int(c.getparent().get("endPosition")))
        for c in root.iterfind(".//q:PlainTextSelection/q:Coding", NS)
    )
    expected = sorted((store.codebook(pid).code(c.code_key).label, c.coder, c.start, c.end)
                      for c in store.list_codings(pid))
    assert got == expected
    notes = {n.get("guid"): n.findtext("q:PlainTextContent", namespaces=NS)
             for n in root.findall("q:Notes/q:Note", NS)}
    anchors = {notes[r.get("targetGUID")]: etree.QName(r.getparent()).localname
               for r in root.iterfind(".//q:NoteRef", NS)}
    assert anchors == {"Om dokumentet": "TextSource", "Om turen": "PlainTextSelection",
                       "Om kodningen": "Coding", "Om koden": "Code", "Om projektet": "Project"}


def test_same_project_exports_the_same_bytes(small: tuple[Store, int]) -> None:
    store, pid = small
    assert export_qdpx(store, pid) == export_qdpx(store, pid)
    assert export_qdc(store, pid) == export_qdc(store, pid)


def test_guids_are_stable_across_databases(tmp_path: Path) -> None:
    """The same project built in two databases exports the same GUIDs."""
    def guids(path: Path) -> list[str]:
        s = Store.open(path)
        pid = s.create_project("Samma namn", small_codebook())
        s.add_document(pid, name="d", text=TEXT, turns=segment(TEXT), attributes={"group": "foraldrar"})
        root = qde(export_qdpx(s, pid))
        s.close()
        return root.xpath("//@guid | //@targetGUID")

    first, second = guids(tmp_path / "a.db"), guids(tmp_path / "b.db")
    assert first == second and len(set(first)) > 5


def test_guids_kept_from_an_import_win() -> None:
    settings = {"refi": {"guids": {"code:x": "{ABCDEF01-2345-6789-ABCD-EF0123456789}",
                                   "code:y": "not-a-guid"}}}
    g = Guids("P", settings)
    assert g("code", "x", "code:x") == "{ABCDEF01-2345-6789-ABCD-EF0123456789}"
    assert g("code", "y", "code:y") == Guids("P")("code", "y")


def test_qdc_nests_codes_and_tags_kinds(refi_path: Path) -> None:
    cb = small_codebook()
    data = codebook_qdc(cb, Guids("P"))
    assert qdc_schema_errors(data) == []
    root = etree.fromstring(data)
    ns = {"c": "urn:QDA-XML:codebook:1.0"}
    assert root.xpath("c:Codes/c:Code[@name='Mötena']/c:Code/@name", namespaces=ns) == [
        "Tydliga möten", "Långa möten"]
    assert root.xpath("c:Sets/c:Set/c:Description/text()", namespaces=ns)[:3] == [
        "sigqual:kind=theme", "sigqual:kind=success_factor", "sigqual:kind=development_area"]


def test_sidecar_keeps_what_refi_cannot(small: tuple[Store, int]) -> None:
    store, pid = small
    with zipfile.ZipFile(io.BytesIO(export_qdpx(store, pid))) as zf:
        side = json.loads(zf.read(SIDECAR_NAME))
    assert side["format"] == "sigqual-refi"
    assert sorted(side["codes"].values()) == sorted(c.id for c in small_codebook().codes)
    assert sorted(side["codings"].values()) == ["manual", "manual", "manual", "suggestion"]
    turns = {d["name"]: d["turns"] for d in side["documents"].values()}
    turn = store.segments(store.list_documents(pid)[0].id)[1]
    assert turns["for-01"][1] == [turn.start, turn.end, "IP", "respondent", None]


def test_xml_illegal_characters_are_removed_and_reported(store: Store) -> None:
    pid = store.create_project("Kontroll", small_codebook())
    store.add_memo(pid, "före\x0befter", author="A")
    result = build_qdpx(store, pid)
    assert any("memo" in w for w in result.warnings)
    assert qde(result.data).findtext("q:Notes/q:Note/q:PlainTextContent", namespaces=NS) == "föreefter"
