"""The Avidentifiera page: scan, review in context, bulk and manual decisions, preview,
and the rewrite with each way of keeping the key (the key download pressed and opened)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from sigqual.ingest import segment
from sigqual.privacy import decrypt_key, load_key
from sigqual.store import Store

from .helpers import CODEBOOK, Served, no_exceptions, texts

FIRST = ("I: Vad heter du?\n"
         "IP: Jag heter Ahmed Karlsson och min son heter Leo. Ring mig på 070-123 45 67.\n"
         "I: Och skolan?\n"
         "IP: Leo går på Snättringeskolan. <script>alert('x')</script>\n")
SECOND = ("I: Hur var mötena?\n"
          "IP: Ahmed var med på mötet, och Leo också. Eva från socialtjänsten ringde.\n")
PASSPHRASE = "en lång lösenfras"


@pytest.fixture
def project(ui_store: Store) -> tuple[int, list[int]]:
    pid = ui_store.create_project("Känsligt", CODEBOOK)
    ids = [ui_store.add_document(pid, name=name, text=text, turns=segment(text),
                                 attributes={"group": "foraldrar", "phase": "1"})
           for name, text in (("for-01", FIRST), ("for-02", SECOND))]
    start = SECOND.index("Ahmed var med")
    ui_store.add_coding(pid, ids[1], "ff-struktur", start, start + len("Ahmed var med"), coder="Eva")
    return pid, ids


def _scan(open_app: Callable[..., AppTest]) -> AppTest:
    at = open_app("avidentifiera")
    no_exceptions(at)
    next(b for b in at.button if b.label == "Sök efter personuppgifter").click().run()
    no_exceptions(at)
    return at


def _summary(at: AppTest) -> str:
    return next(m for m in texts(at.markdown) if " fynd: " in m)


def test_without_documents_there_is_nothing_to_scan(open_app: Callable[..., AppTest],
                                                    ui_store: Store) -> None:
    ui_store.create_project("Tomt", CODEBOOK)
    at = open_app("avidentifiera")
    no_exceptions(at)
    assert texts(at.title) == ["Avidentifiera"]
    assert "Projektet har inga dokument ännu." in texts(at.info)


def test_review_decide_add_preview_and_undo(open_app: Callable[..., AppTest],
                                            project: tuple[int, list[int]]) -> None:
    pid, ids = project
    at = _scan(open_app)
    assert [t.label for t in at.tabs][-5:] == ["Granska", "Gemensamma beslut", "Lägg till",
                                               "Förhandsgranska", "Avidentifiera projektet"]
    summary = _summary(at)
    total = int(summary.split(" ")[0])
    assert summary == f"{total} fynd: 0 ersätts, 0 behålls, {total} ej beslutade."
    # Every finding of the first document is shown in context, escaped.
    shown = [h.value for h in at.html]
    assert any('">Ahmed</mark>' in h for h in shown)
    assert not any("<script>" in h for h in shown)
    assert any("&lt;script&gt;" in h for h in shown)
    decisions = [s for s in at.segmented_control if s.key and "avid-items" in s.key]
    assert decisions and all(s.value == "pending" for s in decisions)
    decisions[0].set_value("accepted").run()
    no_exceptions(at)
    assert _summary(at) == f"{total} fynd: 1 ersätts, 0 behålls, {total - 1} ej beslutade."
    # Bulk: every name replaced, then "Eva" kept wherever she occurs.
    at.selectbox(key=f"avid-{pid}-bulk-kind").set_value("name")
    at.button(key="avid-bulk-kind-accepted").click().run()
    no_exceptions(at)
    assert any(s.endswith("fynd ändrades.") for s in texts(at.success))
    at.selectbox(key=f"avid-{pid}-bulk-text").set_value("Eva")
    at.button(key="avid-bulk-text-rejected").click().run()
    assert ", 1 behålls," in _summary(at)
    # Add what the search missed: "mötet" in every document.
    at.text_input(key=f"avid-{pid}-add-text").set_value("mötet")
    at.selectbox(key=f"avid-{pid}-add-kind").set_value("school")
    next(b for b in at.button if b.label == "Lägg till").click().run()
    no_exceptions(at)
    assert "1 förekomster lades till." in texts(at.success)
    assert _summary(at).startswith(f"{total + 1} fynd:")
    # The preview of the second document uses the project-wide numbers.
    at.selectbox(key=f"avid-{pid}-preview-doc").set_value(ids[1]).run()
    preview = at.html[-1].value
    # Only names and the added "mötet" are accepted, so the school there is number 1.
    assert "[Namn 1]" in preview and "[Skola 1]" in preview and "Eva från" in preview
    at.button(key="avid-undo").click().run()
    assert _summary(at).startswith(f"{total} fynd:")


def _ready_to_apply(open_app: Callable[..., AppTest], pid: int, mode: str) -> AppTest:
    at = _scan(open_app)
    at.selectbox(key=f"avid-{pid}-bulk-kind").set_value("name")
    at.button(key="avid-bulk-kind-accepted").click().run()
    at.radio(key=f"avid-{pid}-key-mode").set_value(mode).run()
    no_exceptions(at)
    return at


def test_apply_and_download_the_encrypted_key(open_app: Callable[..., AppTest], ui_store: Store,
                                              project: tuple[int, list[int]],
                                              served: Callable[[object], Served]) -> None:
    pid, ids = project
    at = _ready_to_apply(open_app, pid, "download")
    assert any(w.startswith("**Det här skriver om texterna i projektet för gott.**")
               for w in [w.value for w in at.warning])
    assert at.button(key="avid-apply").disabled
    at.text_input(key=f"avid-{pid}-pass").set_value(PASSPHRASE)
    at.text_input(key=f"avid-{pid}-pass2").set_value(PASSPHRASE)
    at.checkbox(key=f"avid-{pid}-confirm").check().run()
    assert not at.button(key="avid-apply").disabled
    at.button(key="avid-apply").click().run()
    no_exceptions(at)
    assert any(s.startswith("Projektet är avidentifierat:") for s in texts(at.success))
    second = ui_store.get_document(ids[1]).text
    assert "Ahmed" not in second and second.startswith("I: Hur var mötena?\nIP: [Namn 1] var med")
    coding = ui_store.list_codings(pid)[0]
    assert second[coding.start:coding.end] == "[Namn 1] var med"
    button = at.download_button(key="avid-key-download")
    button.click().run()
    key_file = served(at.download_button(key="avid-key-download"))
    assert key_file.file_name == "kansligt-nyckel.sqkey"
    key = decrypt_key(key_file.data, PASSPHRASE)
    assert {e.original for e in key.pseudonymizer.entries()} >= {"Ahmed", "Leo", "Karlsson"}
    # The review is gone (the texts changed); the key stays until confirmed saved.
    assert next(b for b in at.button if b.label == "Sök efter personuppgifter")
    at.button(key="avid-key-saved").click().run()
    assert len([b for b in at.download_button if b.key == "avid-key-download"]) == 0


@pytest.mark.parametrize("mode", ["file", "none"])
def test_apply_with_a_key_file_or_none(open_app: Callable[..., AppTest], ui_store: Store,
                                       project: tuple[int, list[int]], tmp_path: Path,
                                       mode: str) -> None:
    pid, ids = project
    at = _ready_to_apply(open_app, pid, mode)
    target = tmp_path / "nycklar" / "studie.sqkey"
    target.parent.mkdir()
    if mode == "file":
        at.text_input(key=f"avid-{pid}-key-path").set_value(str(target))
        at.text_input(key=f"avid-{pid}-pass").set_value(PASSPHRASE)
        at.text_input(key=f"avid-{pid}-pass2").set_value("en annan fras")
        at.checkbox(key=f"avid-{pid}-confirm").check().run()
        at.button(key="avid-apply").click().run()
        assert any("de två lösenfraserna skiljer sig åt" in e for e in texts(at.error))
        assert "Ahmed" in ui_store.get_document(ids[0]).text
        at.text_input(key=f"avid-{pid}-pass2").set_value(PASSPHRASE)
    else:
        assert "Ingen kan då koppla pseudonymerna till de verkliga personerna, inte heller du." in \
            texts(at.caption)
        at.checkbox(key=f"avid-{pid}-confirm").check().run()
    at.button(key="avid-apply").click().run()
    no_exceptions(at)
    assert "Ahmed" not in ui_store.get_document(ids[0]).text
    if mode == "file":
        assert f"Nyckeln sparades krypterad i {target}." in texts(at.success)
        assert load_key(target, PASSPHRASE).pseudonymizer.peek("name", "Ahmed") == "[Namn 1]"
    else:
        assert "Ingen nyckel sparades." in texts(at.info)
        assert not target.exists()


def test_a_document_changed_after_the_scan_blocks_the_rewrite(
        open_app: Callable[..., AppTest], ui_store: Store, project: tuple[int, list[int]]) -> None:
    pid, ids = project
    at = _ready_to_apply(open_app, pid, "none")
    ui_store.add_document(pid, name="for-03", text=SECOND, turns=segment(SECOND),
                          attributes={"group": "foraldrar"})
    at.checkbox(key=f"avid-{pid}-confirm").check().run()
    assert any(w.startswith("Dokument har ändrats sedan sökningen (for-03)") for w in texts(at.warning))
    assert at.button(key="avid-apply").disabled


def test_every_kind_and_status_has_a_label_in_both_languages() -> None:
    from sigqual.privacy import KINDS
    from sigqual.ui.i18n import translate
    from sigqual.ui.pages import avidentifiera

    for key in [*avidentifiera._KIND_KEYS.values(), *avidentifiera._STATUS_KEYS.values(),
                *avidentifiera._KEY_MODE_KEYS.values()]:
        assert translate(key, "sv") and translate(key, "en")
    assert set(avidentifiera._KIND_KEYS) == set(KINDS)
    assert translate("avid.kind.pnr", "en") == "Personal identity number"
