"""The pseudonymisation screen's logic: scanning, review state, bulk and manual findings,
the preview and the rewrite with each way of keeping the key."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from sigqual.app import ProjectSession, local_actor
from sigqual.errors import InputError, SigqualError
from sigqual.ingest import segment
from sigqual.privacy import (
    DetectOptions,
    Finding,
    Replacement,
    Review,
    ReviewItem,
    decide_all,
    decrypt_key,
    load_key,
    set_status,
)
from sigqual.store import Store
from sigqual.ui.privacy_view import (
    HISTORY,
    ReviewState,
    add_phrase,
    apply_review,
    check_key_path,
    check_passphrase,
    context_html,
    distinct_texts,
    document_rows,
    filtered_items,
    item_context,
    key_file_name,
    preview_document,
    preview_html,
    scan,
    stale_documents,
)

from .helpers import CODEBOOK

FIRST = ("I: Vad heter du?\n"
         "IP: Jag heter Ahmed Karlsson och min son heter Leo. Ring mig på 070-123 45 67 eller "
         "ahmed@example.se.\n"
         "I: Och skolan?\n"
         "IP: Leo går på Snättringeskolan. Mitt personnummer är 811218-9876.\n")
SECOND = ("I: Hur var mötena?\n"
          "IP: Ahmed var med på mötet, och Leo också. Eva från socialtjänsten ringde.\n")


@pytest.fixture
def project(store: Store) -> tuple[Store, int, list[int]]:
    pid = store.create_project("Känsligt", CODEBOOK)
    ids = [store.add_document(pid, name=name, text=text, turns=segment(text),
                              attributes={"group": "foraldrar", "phase": "1"})
           for name, text in (("for-01", FIRST), ("for-02", SECOND))]
    start = SECOND.index("Ahmed var med")
    store.add_coding(pid, ids[1], "ff-struktur", start, start + len("Ahmed var med på mötet"),
                     coder="Eva")
    return store, pid, ids


def _scanned(store: Store, pid: int, **kwargs: object) -> ReviewState:
    return scan(store.list_documents(pid), DetectOptions(), **kwargs)  # type: ignore[arg-type]


def test_scan_reports_every_document_and_keeps_the_hashes(project) -> None:  # noqa: ANN001
    store, pid, ids = project
    seen: list[tuple[float, str]] = []
    current = _scanned(store, pid, progress=lambda share, name: seen.append((share, name)))
    assert seen == [(0.5, "for-01"), (1.0, "for-02")]
    assert dict(current.hashes) == {d.id: d.sha256 for d in store.list_documents(pid)}
    assert {it.document_id for it in current.review.items} == set(ids)
    kinds = {it.finding.kind for it in current.review.items}
    assert {"name", "phone", "email", "school", "pnr"} <= kinds
    assert all(it.status == "pending" for it in current.review.items)
    sure = _scanned(store, pid, accept_from=0.9)
    accepted = {it.finding.text for it in sure.review.items if it.status == "accepted"}
    assert {"811218-9876", "ahmed@example.se"} <= accepted
    assert "Leo" not in {it.finding.text for it in sure.review.items
                         if it.status == "accepted" and it.finding.confidence < 0.9}


def test_review_state_keeps_a_bounded_undo_history() -> None:
    base = ReviewState(Review(()), {})
    assert base.change(base.review) is base
    states = [base]
    for doc_id in range(HISTORY + 5):
        grown = Review((*states[-1].review.items, ReviewItem(doc_id, Finding(0, 3, "name", "Leo"))))
        states.append(states[-1].change(grown))
    last = states[-1]
    assert len(last.history) == HISTORY
    assert last.history[-1] == states[-2].review
    assert last.undo().review == states[-2].review
    assert last.undo().undo().review == states[-3].review
    assert base.undo() is base


@pytest.mark.parametrize(
    ("change", "expected"),
    [("text", None), ("delete", None), ("add", ["for-03"]), (None, [])],
)
def test_stale_documents(project, change: str | None, expected: list[str] | None) -> None:  # noqa: ANN001
    store, pid, ids = project
    current = _scanned(store, pid)
    if change == "text":
        # A document replaced by a longer version under the same name.
        text = store.get_document(ids[0]).text + "IP: Mer.\n"
        store.delete_document(ids[0])
        store.add_document(pid, name="for-01", text=text, turns=segment(text),
                           attributes={"group": "foraldrar"})
        expected = ["for-01", f"#{ids[0]}"]
    elif change == "delete":
        store.delete_document(ids[1])
        expected = [f"#{ids[1]}"]
    elif change == "add":
        store.add_document(pid, name="for-03", text=SECOND, turns=segment(SECOND),
                           attributes={"group": "foraldrar"})
    assert stale_documents(store.list_documents(pid), current.hashes) == expected


def test_document_rows_and_status_filter(project) -> None:  # noqa: ANN001
    store, pid, ids = project
    current = _scanned(store, pid)
    first = current.review.for_document(ids[0])
    review = set_status(current.review, [first[0].id], "accepted")
    review = set_status(review, [first[1].id], "rejected")
    rows = {r.name: r for r in document_rows(review, store.list_documents(pid))}
    assert rows["for-01"].total == len(first)
    assert (rows["for-01"].pending, rows["for-01"].accepted) == (len(first) - 2, 1)
    assert [it.id for it in filtered_items(review, ids[0], "accepted")] == [first[0].id]
    assert [it.id for it in filtered_items(review, ids[0], "rejected")] == [first[1].id]
    assert len(filtered_items(review, ids[0], "all")) == len(first)
    with pytest.raises(InputError, match="status filter"):
        filtered_items(review, ids[0], "maybe")


def test_context_is_escaped_and_marks_the_finding() -> None:
    text = "IP: <script>alert(1)</script> Ahmed & <b>Leo</b>\nnästa rad"
    start = text.index("Ahmed")
    finding = Finding(start, start + 5, "name", "Ahmed")
    html_text = context_html(item_context(text, ReviewItem(1, finding)), "Namn <i>0.9</i>")
    assert "<script>" not in html_text and "&lt;script&gt;" in html_text
    assert "<b>" not in html_text and "&lt;i&gt;0.9&lt;/i&gt;" in html_text
    assert '">Ahmed</mark>' in html_text
    assert "⏎" in html_text


def test_distinct_texts_group_spellings(project) -> None:  # noqa: ANN001
    store, pid, _ids = project
    current = _scanned(store, pid)
    names = dict(distinct_texts(current.review, "name"))
    assert names["Leo"] == 3 and names["Ahmed"] == 2
    assert list(names)[:2] == ["Leo", "Ahmed"]
    assert all(kind_text not in names for kind_text in ("811218-9876", "ahmed@example.se"))
    everything = dict(distinct_texts(current.review))
    assert everything["811218-9876"] == 1


def test_add_phrase_adds_whole_words_and_skips_covered_ones(project) -> None:  # noqa: ANN001
    store, pid, ids = project
    docs = store.list_documents(pid)
    texts = {d.id: d.text for d in docs}
    current = _scanned(store, pid, accept_from=0.0)  # everything accepted
    review, added, skipped = add_phrase(current.review, texts, "mötet", "school", ids)
    assert (added, skipped) == (1, [])
    manual = [it for it in review.items if it.manual]
    assert [(it.finding.text, it.status) for it in manual] == [("mötet", "accepted")]
    # "Ahmed" is inside accepted findings everywhere; "Ahmedsson" would not be a whole word.
    review, added, skipped = add_phrase(review, texts, "Ahmed", "name", ids)
    assert added == 0 and len(skipped) == 2 and "overlaps the accepted finding" in skipped[0]
    review, added, _ = add_phrase(review, texts, "möte", "name", ids)
    assert added == 0
    with pytest.raises(InputError, match="write the text"):
        add_phrase(review, texts, "  ", "name", ids)


def test_preview_is_exactly_what_the_rewrite_writes(project, tmp_path: Path) -> None:  # noqa: ANN001
    store, pid, ids = project
    current = _scanned(store, pid)
    review = decide_all(current.review, "accepted")
    review = decide_all(review, "rejected", text="Eva", only_pending=False)
    current = current.change(review)
    docs = [(d.id, d.text) for d in store.list_documents(pid)]
    previews = {doc_id: preview_document(docs, current.review, doc_id) for doc_id in ids}
    second_text, replacements = previews[ids[1]]
    # Numbering is project-wide: Ahmed and Leo were first met in the first document.
    assert second_text.startswith("I: Hur var mötena?\nIP: [Namn 1] var med på mötet, och [Namn 3]")
    assert "Eva från" in second_text
    assert [r.replacement for r in replacements] == ["[Namn 1]", "[Namn 3]"]
    applied = apply_review(ProjectSession(store, local_actor("Testare"), pid), current, key_mode="none")
    assert applied.key_path is None and applied.key_download is None
    for doc_id in ids:
        assert store.get_document(doc_id).text == previews[doc_id][0]
    coded = store.list_codings(pid)[0]
    assert store.get_document(ids[1]).text[coded.start:coded.end] == "[Namn 1] var med på mötet"
    with pytest.raises(InputError, match="no document with id"):
        preview_document(docs, current.review, 10**6)


def test_preview_html_escapes_and_marks_replacements() -> None:
    text = "<b>[Namn 1]</b> & co"
    html_text = preview_html(text, [Replacement(3, 8, 3, 11, "Ahmed", "[Namn 1]", "name")])
    assert html_text.count("<mark") == 1 and "&lt;b&gt;" in html_text and "&amp; co" in html_text
    assert 'title="name">[Namn 1]</mark>' in html_text


@pytest.mark.parametrize(
    ("passphrase", "repeated", "error"),
    [("lång fras 123", "lång fras 123", None), ("kort", "kort", "at least 8"),
     ("lång fras 123", "lång fras 124", "differ")],
)
def test_check_passphrase(passphrase: str, repeated: str, error: str | None) -> None:
    if error is None:
        assert check_passphrase(passphrase, repeated) == passphrase
    else:
        with pytest.raises(InputError, match=error):
            check_passphrase(passphrase, repeated)


@pytest.mark.parametrize(
    ("raw", "expected", "warns"),
    [
        ("{tmp}/keys/projekt.sqkey", "{tmp}/keys/projekt.sqkey", False),
        ("{tmp}/keys/projekt", "{tmp}/keys/projekt.sqkey", False),
        ("{tmp}/data/nyckel.sqkey", "{tmp}/data/nyckel.sqkey", True),
        ("", "error:give the path", False),
        ("nyckel.sqkey", "error:full path", False),
        ("{tmp}/keys", "error:this is a folder", False),
        ("{tmp}/keys/gammal.sqkey", "error:exists already", False),
        ("{tmp}/keys/gammal", "error:exists already", False),
        ("{tmp}/saknas/nyckel.sqkey", "error:folder does not exist", False),
    ],
)
def test_check_key_path(tmp_path: Path, raw: str, expected: str, warns: bool) -> None:
    (tmp_path / "keys").mkdir()
    (tmp_path / "data").mkdir()
    (tmp_path / "keys" / "gammal.sqkey").write_text("{}")
    url = f"sqlite:///{tmp_path / 'data' / 'sigqual.db'}"
    if expected.startswith("error:"):
        with pytest.raises(InputError, match=expected.removeprefix("error:")):
            check_key_path(raw.format(tmp=tmp_path), url)
        return
    path, warnings = check_key_path(raw.format(tmp=tmp_path), url)
    assert path == Path(expected.format(tmp=tmp_path))
    assert bool(warnings) == warns


@pytest.mark.parametrize("mode", ["file", "download"])
def test_the_key_is_kept_encrypted_as_chosen(project, tmp_path: Path, mode: str) -> None:  # noqa: ANN001
    store, pid, _ids = project
    current = _scanned(store, pid)
    current = current.change(decide_all(current.review, "accepted", kind="name"))
    target = tmp_path / "nyckel.sqkey" if mode == "file" else None
    applied = apply_review(ProjectSession(store, local_actor("Testare"), pid), current, key_mode=mode,
                           key_path=target,
                           passphrase="en lång lösenfras")
    if mode == "file":
        assert applied.key_path == target and applied.key_download is None
        key = load_key(target, "en lång lösenfras")
    else:
        assert applied.key_path is None and applied.key_download is not None
        assert applied.key_download.file_name == key_file_name("Känsligt") == "kansligt-nyckel.sqkey"
        key = decrypt_key(applied.key_download.data, "en lång lösenfras")
        with pytest.raises(SigqualError, match="wrong passphrase"):
            decrypt_key(applied.key_download.data, "fel lösenfras!")
    originals = {e.original: e.pseudonym for e in key.pseudonymizer.entries()}
    assert originals["Ahmed"] == "[Namn 1]"
    assert key.project == "Känsligt"
    assert "Ahmed" not in store.get_document(_ids[0]).text


@pytest.mark.parametrize(
    ("setup", "kwargs", "error"),
    [
        ("stale", {"key_mode": "none"}, "changed since the scan"),
        ("nothing", {"key_mode": "none"}, "no finding is accepted"),
        ("accept", {"key_mode": "download", "passphrase": "kort"}, "at least 8"),
        ("accept", {"key_mode": "file"}, "give the path"),
        ("accept", {"key_mode": "paper"}, "key mode must be"),
    ],
)
def test_refusals_change_no_text(project, setup: str, kwargs: dict, error: str) -> None:  # noqa: ANN001
    store, pid, ids = project
    current = _scanned(store, pid)
    if setup != "nothing":
        current = current.change(decide_all(current.review, "accepted"))
    if setup == "stale":
        current = replace(current, hashes={**current.hashes, ids[0]: "0" * 64})
    before = [store.get_document(i).text for i in ids]
    with pytest.raises(InputError, match=error):
        apply_review(ProjectSession(store, local_actor(), pid), current, **kwargs)
    assert [store.get_document(i).text for i in ids] == before
