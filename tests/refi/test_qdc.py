"""Codebooks (.qdc) from other tools: namespace variants, sets, and all-or-nothing merging."""

from __future__ import annotations

import pytest

from sigqual.codebook import Codebook
from sigqual.errors import SigqualError
from sigqual.refi import import_codebook_file
from sigqual.store import Store

from .helpers import small_codebook

CODES = """<Codes>
    <Code guid="{5215cc69-b628-4e02-afb9-9beeaee55808}" name="Framgångsfaktorer" isCodable="false">
      <Code guid="d7aa29da-519b-4946-9b90-253b6db8fd0a" name="Tydliga mål" isCodable="true" color="#ffff00">
        <Description>Målen är kända av alla</Description>
      </Code>
    </Code>
    <Code guid="9fa9bcb7-5b59-47a9-8c3e-f65cffdc7520" name="Mötena" isCodable="true" color="#33cc33"/>
  </Codes>"""


def qdc(ns: str | None, sets: str = "") -> bytes:
    xmlns = f' xmlns="{ns}"' if ns else ""
    head = '<?xml version="1.0" encoding="UTF-8"?>\n'
    return f'{head}<CodeBook{xmlns} origin="test">{CODES}{sets}</CodeBook>'.encode()


@pytest.mark.parametrize("ns", ["urn:QDA-XML:codebook:1.0", "urn:QDA-XML:codebook:0:4",
                                "urn:QDA-XML:project:1.0", None])
def test_namespace_variants(store: Store, ns: str | None) -> None:
    pid = store.create_project("P", Codebook("K", (), ()))
    report = import_codebook_file(store, pid, qdc(ns), filename="k.qdc")
    assert report.added == ["framgangsfaktorer", "tydliga-mal", "motena"]
    cb = store.codebook(pid)
    assert [(c.label, c.kind, c.parent, c.colour) for c in cb.codes] == [
        ("Framgångsfaktorer", "code", None, None),
        ("Tydliga mål", "success_factor", "framgangsfaktorer", "#ffff00"),
        ("Mötena", "code", None, "#33cc33"),
    ]
    assert cb.code("tydliga-mal").description == "Målen är kända av alla"


def test_existing_codes_are_matched_by_label_and_sets_set_kinds(store: Store) -> None:
    pid = store.create_project("P", small_codebook())
    sets = ('<Sets><Set guid="{aaaaaaaa-0000-4000-8000-000000000001}" name="Teman">'
            '<MemberCode guid="9fa9bcb7-5b59-47a9-8c3e-f65cffdc7520"/></Set></Sets>')
    report = import_codebook_file(store, pid, qdc("urn:QDA-XML:codebook:1.0", sets), filename="k.qdc")
    assert report.added == ["framgangsfaktorer", "tydliga-mal"]
    assert report.updated == ["tema-motena"]  # its colour came from the file
    cb = store.codebook(pid)
    assert (cb.code("tema-motena").kind, cb.code("tema-motena").colour) == ("theme", "#33cc33")
    assert [c.id for c in cb.codes][:4] == [c.id for c in small_codebook().codes]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<CodeBook><Codes><Code", "not well-formed"),
        (b'<Project name="x"/>', r"project file \(\.qde\), not a codebook"),
        (b"<CodeBook/>", "no <Codes> element"),
        (b"<CodeBook><Codes/></CodeBook>", "holds no codes"),
        (b"<Kodbok/>", "root element is <Kodbok>"),
    ],
)
def test_bad_codebooks_change_nothing(store: Store, data: bytes, message: str) -> None:
    pid = store.create_project("P", small_codebook())
    before = (store.codebook(pid), len(store.audit_frame()))
    with pytest.raises(SigqualError, match=message) as info:
        import_codebook_file(store, pid, data, filename="fel.qdc")
    assert info.value.file == "fel.qdc"
    assert (store.codebook(pid), len(store.audit_frame())) == before
