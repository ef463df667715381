"""Export then import gives the same documents, codes, codings, memos and coders."""

from __future__ import annotations

import io
import tempfile
import zipfile
from dataclasses import replace
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from sigqual.codebook import Codebook
from sigqual.ingest import segment
from sigqual.refi import export_qdc, export_qdpx, import_codebook_file, import_qdpx
from sigqual.store import NewCoding, Store
from sigqual.text import normalize_text

from .helpers import small_codebook, snapshot


def roundtrip(store: Store, pid: int, tmp_path: Path) -> tuple[Store, int]:
    other = Store.open(tmp_path / "imported.db")
    report = import_qdpx(other, export_qdpx(store, pid), filename="rundresa.qdpx")
    assert report.warnings == [] and report.missing_sources == []
    return other, report.project_id


def test_sample_project_round_trip(demo: tuple[Store, int], tmp_path: Path) -> None:
    store, pid = demo
    other, new_pid = roundtrip(store, pid, tmp_path)
    assert snapshot(other, new_pid) == snapshot(store, pid)
    assert other.get_project(new_pid).settings["tables"] == store.get_project(pid).settings["tables"]
    other.close()


def test_small_project_round_trip_with_every_memo_kind(small: tuple[Store, int], tmp_path: Path) -> None:
    store, pid = small
    other, new_pid = roundtrip(store, pid, tmp_path)
    before, after = snapshot(store, pid), snapshot(other, new_pid)
    assert after == before
    assert len(after["memos"]) == 5 and after["coders"] == ["Forskare A", "Forskare B"]
    other.close()


def _guids(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return etree.fromstring(zf.read("project.qde")).xpath("//@guid | //@targetGUID")


def test_reexport_keeps_the_guids(small: tuple[Store, int], tmp_path: Path) -> None:
    store, pid = small
    other, new_pid = roundtrip(store, pid, tmp_path)
    assert _guids(export_qdpx(other, new_pid)) == _guids(export_qdpx(store, pid))
    other.close()


def test_codebook_round_trip_through_qdc(small: tuple[Store, int]) -> None:
    """Into another project a .qdc brings labels, kinds, hierarchy, colours and groups; the ids
    are made from the labels there (a bare .qdc has no place for sigqual's ids)."""
    store, pid = small
    target = store.create_project("Annan studie", replace(small_codebook(), codes=()))
    report = import_codebook_file(store, target, export_qdc(store, pid), filename="kodbok.qdc")
    assert report.added == ["motena", "tydliga-moten", "langa-moten", "annat-citat"]

    def shape(cb: Codebook) -> list[tuple]:
        return [(c.label, c.kind, cb.code(c.parent).label if c.parent else None, c.colour, c.groups,
                 c.description) for c in cb.codes]

    assert shape(store.codebook(target)) == shape(small_codebook())
    again = import_codebook_file(store, target, export_qdc(store, target), filename="igen.qdc")
    assert (again.added, again.updated) == ([], [])


def test_qdc_updates_matched_codes_and_keeps_the_rest(small: tuple[Store, int]) -> None:
    store, pid = small
    qdc = export_qdc(store, pid).replace("Tydliga möten".encode(), "Mycket tydliga möten".encode())
    qdc = qdc.replace(b'color="#1f77b4"', b'color="#00ff00"')
    report = import_codebook_file(store, pid, qdc, filename="ny.qdc")
    assert sorted(report.updated) == ["ff-tydliga", "tema-motena"] and report.added == []
    cb = store.codebook(pid)
    assert (cb.code("ff-tydliga").label, cb.code("tema-motena").colour) == ("Mycket tydliga möten", "#00ff00")
    assert len(store.list_codings(pid)) == 4


# -- property test -----------------------------------------------------------

WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyzåäöÅÄÖ 😀🎉.,?!", min_size=1, max_size=30)
LINE = st.tuples(st.sampled_from(["I", "IP", "Anna", None]), WORDS)
TEXT = st.lists(LINE, min_size=1, max_size=6).map(
    lambda lines: "\n".join(f"{who}: {said}" if who else said for who, said in lines)
).filter(lambda t: t.strip() != "" and normalize_text(t) == t)
CODERS = st.sampled_from(["Forskare A", "Forskare B", "Åsa Ö"])


@st.composite
def projects(draw: st.DrawFn) -> dict:
    labels = draw(st.lists(WORDS.map(str.strip).filter(bool), min_size=4, max_size=4, unique=True))
    docs = []
    for i in range(draw(st.integers(1, 3))):
        text = draw(TEXT)
        attrs = {"group": draw(st.sampled_from(["foraldrar", "ungdomar"])),
                 "phase": draw(st.sampled_from(["1", "2", None])),
                 "participant": draw(st.sampled_from([None, f"Förälder {i}"])),
                 "relation": draw(st.sampled_from([None, "pappa", "mamma"]))}
        codings = []
        for _ in range(draw(st.integers(0, 5))):
            start = draw(st.integers(0, len(text) - 1))
            end = draw(st.integers(start + 1, len(text)))
            codings.append((draw(st.integers(0, 3)), start, end, draw(CODERS),
                            draw(st.sampled_from(["manual", "suggestion", "consensus"]))))
        docs.append({"name": f"dok {i} {draw(WORDS)}".strip(), "text": text, "attrs": attrs,
                     "codings": codings})
    # A memo needs text (the store refuses a blank one); the title may be blank.
    memos = draw(st.lists(st.tuples(st.sampled_from(["project", "document", "segment", "coding", "code"]),
                                    WORDS.filter(str.strip), WORDS, CODERS), max_size=5))
    return {"labels": labels, "docs": docs, "memos": memos}


def build(store: Store, spec: dict) -> int:
    base = small_codebook()
    codes = tuple(replace(c, label=label) for c, label in zip(base.codes, spec["labels"], strict=True))
    pid = store.create_project("Genererat", replace(base, codes=codes))
    coding_ids: list[tuple[int, int]] = []
    doc_ids = []
    for doc in spec["docs"]:
        doc_id = store.add_document(pid, name=doc["name"], text=doc["text"], turns=segment(doc["text"]),
                                    attributes=doc["attrs"])
        doc_ids.append(doc_id)
        items = [NewCoding(doc_id, codes[ci].id, s, e, coder, source)
                 for ci, s, e, coder, source in doc["codings"]]
        coding_ids += [(doc_id, cid) for cid in store.add_codings(pid, items)]
    for i, (kind, text, title, author) in enumerate(spec["memos"]):
        doc_id = doc_ids[i % len(doc_ids)]
        segs = store.segments(doc_id)
        if kind == "document":
            store.add_memo(pid, text, author=author, title=title, document_id=doc_id)
        elif kind == "segment" and segs:
            store.add_memo(pid, text, author=author, title=title, document_id=doc_id,
                           segment_id=segs[i % len(segs)].id)
        elif kind == "coding" and coding_ids:
            doc_of, cid = coding_ids[i % len(coding_ids)]
            store.add_memo(pid, text, author=author, title=title, document_id=doc_of, coding_id=cid)
        elif kind == "code":
            store.add_memo(pid, text, author=author, title=title, code_key=codes[i % 4].id)
        else:
            store.add_memo(pid, text, author=author, title=title)
    return pid


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(projects())
def test_generated_projects_round_trip(spec: dict) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder) / "a.db")
        try:
            pid = build(store, spec)
            # Into the same store: the copy gets a numbered name and must equal the original.
            report = import_qdpx(store, export_qdpx(store, pid), filename="genererat.qdpx")
            assert report.project_name == "Genererat (2)"
            assert snapshot(store, report.project_id) == snapshot(store, pid)
        finally:
            store.close()
