"""Project-wide pseudonymisation: texts, segments, codings and memos change together."""

from __future__ import annotations

from pathlib import Path

import pytest

from sigqual.errors import ConflictError, InputError, StoreError
from sigqual.privacy import (
    accepted_findings,
    decide_all,
    load_key,
    pseudonymize_project,
    reject,
    review_project,
    scan_project,
)
from sigqual.store.codings import NewCoding
from sigqual.store.rewrite import DocumentRewrite
from tests.privacy.conftest import TEXT_A, TEXT_B, Project, turns_of

PASS = "ett långt lösenord"


def span(text: str, words: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(words, start + 1)
    return start, start + len(words)


def quotes(project: Project) -> dict[tuple[int, str], str]:
    frame = project.store.codings_frame(project.pid)
    return {(row.document_id, row.coder): row.quote for row in frame.itertuples()}


def test_scan_finds_every_kind(project: Project) -> None:
    found = scan_project(project.store, project.pid)
    a = {(f.kind, f.text) for f in found[project.doc_a]}
    b = {(f.kind, f.text) for f in found[project.doc_b]}
    assert {("name", "Ahmed"), ("name", "Hassan"), ("address", "Granvägen 14 B"), ("name", "Karin")} <= a
    assert {("name", "Karin"), ("name", "Ahmed"), ("phone", "070-123 45 67")} <= b
    assert not any(text in ("Sen", "Det", "Och") for _, text in a)


def test_pseudonymize_repoints_codings_segments_memos(project: Project, tmp_path: Path) -> None:
    s, pid, a, b = project.store, project.pid, project.doc_a, project.doc_b
    cases = {  # coder -> (document, span in the old text), one coding each
        "inside": (a, (span(TEXT_A, "Ahmed")[0] + 1, span(TEXT_A, "Ahmed")[1] - 1)),
        "straddle": (a, (span(TEXT_A, "var Ahmed")[0], span(TEXT_A, "Ahmed Hass")[1])),
        "sentence": (a, span(TEXT_A, "Ahmed var rädd, men Karin på skolan hjälpte honom.")),
        "touching": (a, span(TEXT_A, " som ringde")),
        "other-doc": (b, span(TEXT_B, "Bra nu. Ring mig på 070-123 45 67")),
    }
    ids = s.add_codings(pid, [NewCoding(doc, "ff-struktur", lo, hi, coder)
                              for coder, (doc, (lo, hi)) in cases.items()])
    memo = s.add_memo(pid, "Ahmed verkar må bättre enligt Karin.", author="eva", coding_id=ids[2])
    review = decide_all(review_project(s, pid), "accepted")
    result = pseudonymize_project(s, pid, review, key_path=tmp_path / "k.sqkey", passphrase=PASS)

    assert result.documents == 2 and result.codings == 5 and result.memos == 1
    new_a, new_b = s.get_document(a).text, s.get_document(b).text
    assert "Ahmed" not in new_a + new_b and "Karin" not in new_a + new_b
    assert new_a.splitlines()[1] == "IP: Det var [Namn 1] [Namn 2] som ringde, han bor på [Adress 1]."
    assert new_b.splitlines()[2] == "[Namn 3]: Bra nu. Ring mig på [Telefon 1] om det är nåt."
    assert quotes(project) == {
        (a, "inside"): "[Namn 1]",
        (a, "straddle"): "var [Namn 1] [Namn 2]",
        (a, "sentence"): "[Namn 1] var rädd, men [Namn 3] på skolan hjälpte honom.",
        (a, "touching"): " som ringde",
        (b, "other-doc"): "Bra nu. Ring mig på [Telefon 1]",
    }
    # segments still cover exactly the spoken words of their turns
    for doc_id, text in ((a, new_a), (b, new_b)):
        lines = text.splitlines()
        for seg, line in zip(s.segments(doc_id), lines, strict=True):
            assert text[seg.start:seg.end] == line.partition(": ")[2]
    assert [seg.speaker for seg in s.segments(b)] == ["[Namn 3]", "I", "[Namn 3]"]
    assert s.list_memos(pid)[0].text == "[Namn 1] verkar må bättre enligt [Namn 3]."
    assert s.list_memos(pid)[0].id == memo
    # the audit log says what happened, never what was removed, and the memo's first
    # text, quoted by its insert entry, is redacted as well
    audit = s.audit_frame(pid)
    rows = audit[audit.action == "pseudonymize"]
    assert sorted(rows.entity) == ["audit_log", "document", "document", "memo"]
    assert result.audit_entries == 1
    everything = str(audit.to_dict("records"))
    assert "Ahmed" not in everything and "Karin" not in everything
    # the key lives outside the project and restores the mapping
    key = load_key(tmp_path / "k.sqkey", PASS).pseudonymizer
    assert key.peek("name", "Ahmed") == "[Namn 1]" and key.peek("phone", "0701234567") == "[Telefon 1]"


def test_rejected_findings_stay_and_known_terms_are_found(project: Project) -> None:
    s, pid = project.store, project.pid
    review = review_project(s, pid)
    karin = [it.id for it in review.items if it.finding.text == "Karin"]
    review = decide_all(reject(review, karin), "accepted")
    result = pseudonymize_project(s, pid, review)
    assert result.key_path is None
    assert "Karin" in s.get_document(project.doc_b).text
    # a second scan with the mapping as known terms finds nothing new to decide
    again = scan_project(s, pid, known=result.pseudonymizer)
    assert {f.text for fs in again.values() for f in fs} == {"Karin"}


def test_codings_that_collapse_onto_one_tag_are_merged(project: Project) -> None:
    s, pid, a = project.store, project.pid, project.doc_a
    lo, hi = span(TEXT_A, "Hassan")
    first, second = s.add_codings(pid, [NewCoding(a, "t-moten", lo, hi - 1, "eva"),
                                        NewCoding(a, "t-moten", lo + 1, hi, "eva")])
    s.add_memo(pid, "om namnet", author="eva", coding_id=second)
    review = decide_all(review_project(s, pid), "accepted", text="Hassan")
    result = pseudonymize_project(s, pid, review, memos=False)
    assert result.merged_codings == 1
    codings = s.list_codings(pid)
    assert [c.id for c in codings] == [first]
    assert s.list_memos(pid)[0].coding_id == first


def test_all_or_nothing(project: Project) -> None:
    s, pid, a, b = project.store, project.pid, project.doc_a, project.doc_b
    before = (s.get_document(a).text, s.get_document(b).text)
    same_length = TEXT_A.replace("Ahmed", "Omar ")
    good = DocumentRewrite(a, s.get_document(a).sha256, same_length, lambda x, y: (x, y))
    stale = DocumentRewrite(b, "0" * 64, "annan text\n", lambda x, y: (0, 3))
    with pytest.raises(ConflictError, match="changed since it was scanned"):
        s.rewrite_documents(pid, [good, stale])
    assert (s.get_document(a).text, s.get_document(b).text) == before
    bad_map = DocumentRewrite(a, s.get_document(a).sha256, "kort\n", lambda x, y: (x, y))
    with pytest.raises(StoreError, match="maps outside the new text"):
        s.rewrite_documents(pid, [bad_map])
    assert s.get_document(a).text == before[0]


def test_bad_decisions(project: Project, tmp_path: Path) -> None:
    s, pid = project.store, project.pid
    found = accepted_findings(decide_all(review_project(s, pid), "accepted"))
    with pytest.raises(StoreError, match="not in project"):
        pseudonymize_project(s, pid, {999: found[project.doc_a]})
    with pytest.raises(InputError, match="passphrase"):
        pseudonymize_project(s, pid, found, key_path=tmp_path / "k")
    assert "Ahmed" in s.get_document(project.doc_a).text


def test_pseudonymize_transcript_at_import(tmp_path: Path) -> None:
    from sigqual.ingest import parse_bytes
    from sigqual.privacy import Pseudonymizer, pseudonymize_transcript

    data = "Karin: Jag är Ahmeds mentor.\nI: Och Ahmed?\nKarin: Han mår bra.\n".encode()
    mapping = Pseudonymizer()
    parsed, found = pseudonymize_transcript(parse_bytes(data, "intervju.txt"), pseudonymizer=mapping)
    assert parsed.text == "[Namn 1]: Jag är [Namn 2]s mentor.\nI: Och [Namn 2]?\n[Namn 1]: Han mår bra.\n"
    assert [parsed.text[t.start:t.end] for t in parsed.turns] == [
        "Jag är [Namn 2]s mentor.", "Och [Namn 2]?", "Han mår bra."]
    assert [t.speaker for t in parsed.turns] == ["[Namn 1]", "I", "[Namn 1]"]
    assert {f.text for f in found} == {"Karin", "Ahmed"}


def test_names_attributes_memo_titles_and_the_log_follow_the_texts(project: Project) -> None:
    s, pid = project.store, project.pid
    doc = s.add_document(pid, name="Intervju Ahmed", text=TEXT_A, turns=turns_of(TEXT_A),
                         attributes={"group": "foraldrar", "participant": "Ahmed H.",
                                     "kontakt": "Karin på skolan", "antal": "3"},
                         source_filename="ahmed_intervju2.docx")
    s.add_memo(pid, "Följ upp.", author="eva", title="Om Ahmed", document_id=doc)
    review = decide_all(review_project(s, pid), "accepted")
    result = pseudonymize_project(s, pid, review)

    renamed = s.get_document(doc)
    assert renamed.name == "Intervju [Namn 1]"
    assert renamed.source_filename == "[Namn 1]_intervju2.docx"
    assert renamed.participant == "[Namn 1] H."
    assert renamed.attributes == {"kontakt": "[Namn 3] på skolan", "antal": "3"}
    assert [m.title for m in s.list_memos(pid)] == ["Om [Namn 1]"]
    assert result.documents_renamed == 1 and result.audit_entries >= 1
    everything = str(s.audit_frame(pid).to_dict("records"))
    assert "Ahmed" not in everything and "Karin" not in everything


def test_metadata_and_log_can_be_left_alone(project: Project) -> None:
    s, pid = project.store, project.pid
    s.add_memo(pid, "Ahmed ringde.", author="eva", title="Om Ahmed")
    review = decide_all(review_project(s, pid), "accepted")
    result = pseudonymize_project(s, pid, review, metadata=False, audit=False)
    assert result.audit_entries == 0 and result.documents_renamed == 0
    assert "Ahmed" in str(s.audit_frame(pid).to_dict("records"))
    assert s.list_memos(pid)[0].title == "Om [Namn 1]"  # memos follow the texts either way
