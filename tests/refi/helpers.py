"""Builders for REFI-QDA test files and a comparable snapshot of a stored project."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from sigqual.codebook import Code, Codebook, Group
from sigqual.ingest import segment
from sigqual.store import NewCoding, Store

NS = "urn:QDA-XML:project:1.0"
TEXT = "I: Hur var mötena?\nIP: Mötena var bra 😀 och tydliga.\nI: Något mer?\nIP: Nej, inget mer.\n"


def small_codebook() -> Codebook:
    groups = (Group("foraldrar", "Föräldrarna", table4="4b"), Group("ungdomar", "Ungdomarna"))
    codes = (
        Code("tema-motena", "Mötena", "theme", ("foraldrar", "ungdomar"), colour="#1f77b4",
             description="Insatsmötena"),
        Code("ff-tydliga", "Tydliga möten", "success_factor", ("foraldrar",), parent="tema-motena"),
        Code("uo-langa", "Långa möten", "development_area", ("foraldrar",), parent="tema-motena"),
        Code("annat", "Annat <&> \"citat\"", "code", ("foraldrar", "ungdomar")),
    )
    return Codebook("Liten kodbok", groups, codes)


def build_small(store: Store) -> int:
    """Two documents, two coders, one memo of every kind (document, segment, coding, code, project)."""
    pid = store.create_project("Liten studie", small_codebook(), description="Om möten")
    d1 = store.add_document(pid, name="for-01", text=TEXT, turns=segment(TEXT), attributes={
        "group": "foraldrar", "phase": "1", "interview_type": "individual", "participant": "Förälder 1",
        "date": "2014-03-14", "relation": "pappa"})
    d2 = store.add_document(pid, name="ung-01", text=TEXT.replace("bra", "dåliga"), turns=segment(TEXT),
                            attributes={"group": "ungdomar", "phase": "2", "participant": "Ungdom 1"})
    start = TEXT.index("Mötena var")
    end = TEXT.index(" och tydliga")
    ids = store.add_codings(pid, [
        NewCoding(d1, "ff-tydliga", start, end, "Forskare A"),
        NewCoding(d1, "tema-motena", start, end, "Forskare A"),
        NewCoding(d1, "ff-tydliga", start, end + 4, "Forskare B", "suggestion"),
        NewCoding(d2, "annat", 0, 5, "Forskare B"),
    ])
    seg = store.segments(d1)[1]
    store.add_memo(pid, "Om dokumentet", author="Forskare A", title="Dok", document_id=d1)
    store.add_memo(pid, "Om turen", author="Forskare C", document_id=d1, segment_id=seg.id)
    store.add_memo(pid, "Om kodningen", author="Forskare A", document_id=d1, coding_id=ids[0])
    store.add_memo(pid, "Om koden", author="Forskare B", code_key="uo-langa")
    store.add_memo(pid, "Om projektet", author="")
    return pid


def make_zip(members: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A zip with exactly these members (names are written verbatim)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as zf:
        for name, data in members.items():
            zf.writestr(zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0)), data,
                        compress_type=compression)
    return buffer.getvalue()


def project_xml(body: str, *, ns: str | None = NS, name: str = "Främmande projekt") -> bytes:
    """A .qde document around ``body`` in namespace ``ns`` (None: no namespace)."""
    xmlns = f' xmlns="{ns}"' if ns else ""
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<Project{xmlns} name="{name}" '
            f'origin="test">\n{body}\n</Project>\n').encode()


def snapshot(store: Store, project_id: int) -> dict[str, Any]:
    """Documents, turns, codes, codings, memos and coders keyed by names, not row ids."""
    docs = {d.id: d for d in store.list_documents(project_id)}
    turns = {d: store.segments(d) for d in docs}
    seg_names = {s.id: (docs[d].name, s.idx) for d, segs in turns.items() for s in segs}
    codings = {c.id: c for c in store.list_codings(project_id)}

    def coding_key(cid: int | None) -> tuple | None:
        c = codings.get(cid) if cid is not None else None
        return (docs[c.document_id].name, c.code_key, c.start, c.end, c.coder) if c else None

    return {
        "documents": [
            (d.name, d.text, d.group_key, d.phase, d.interview_date, d.interview_type, d.participant,
             d.attributes, d.source_filename, d.source_format) for d in docs.values()
        ],
        "turns": {docs[d].name: [(t.start, t.end, t.speaker, t.role, t.timestamp) for t in segs]
                  for d, segs in turns.items()},
        "codebook": store.codebook(project_id),
        "codings": sorted((docs[c.document_id].name, c.code_key, c.start, c.end, c.coder, c.source)
                          for c in codings.values()),
        "memos": sorted(
            (m.text, m.title, m.author, docs[m.document_id].name if m.document_id else "",
             seg_names.get(m.segment_id, ("", -1)), m.code_key or "", coding_key(m.coding_id) or ())
            for m in store.list_memos(project_id)
        ),
        "coders": store.list_coders(project_id),
    }
