"""The Koda page: reading turns, accepting, rejecting, coding by hand, undo, memos, links."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from sigqual.codebook import parse_codebook
from sigqual.coding import split_sentences
from sigqual.ingest import parse_bytes
from sigqual.store import Store

from .conftest import APP, TIMEOUT, _run_app
from .helpers import CODEBOOK, CODEBOOK_YAML, TRANSCRIPT, no_exceptions

ACTORS = "I: Hur gick samverkan?\nIP: Det fanns en tydlig struktur på mötena.\n"
XSS = ('I: Vad hände?\nIP: Han skrev <script>window.__xss=1</script> och '
       '<img src=x onerror="window.__xss=2"> i chatten.\n')


def _add(store: Store, pid: int, name: str, text: str, group: str, phase: str) -> int:
    parsed = parse_bytes(text.encode(), f"{name}.txt")
    return store.add_document(pid, name=name, text=parsed.text, turns=parsed.turns,
                              attributes={"group": group, "phase": phase})


@pytest.fixture
def small(ui_store: Store) -> dict[str, int]:
    """The small codebook with a parents' interview (phase 1) and an actors' one (phase 2)."""
    pid = ui_store.create_project("Kodtest", CODEBOOK)
    return {"pid": pid, "for": _add(ui_store, pid, "for-01", TRANSCRIPT, "foraldrar", "1"),
            "akt": _add(ui_store, pid, "akt-01", ACTORS, "aktorer", "2")}


@pytest.fixture
def koda(open_app: Callable[..., AppTest], small: dict[str, int]) -> AppTest:
    at = open_app("koda")
    no_exceptions(at)
    return at


def _turn(store: Store, doc: int, index: int):  # noqa: ANN202
    return store.segments(doc)[index]


def _codings(store: Store, pid: int) -> list[tuple[str, str, str, str]]:
    docs = {d.id: d.text for d in store.list_documents(pid)}
    return [(c.code_key, docs[c.document_id][c.start:c.end], c.coder, c.source)
            for c in store.list_codings(pid)]


def _feedback(store: Store, pid: int) -> list[tuple[str, str, str]]:
    frame = store.feedback_frame(pid)
    return list(zip(frame["code_id"], frame["coder"], frame["decision"], strict=True))


def _buttons(at: AppTest, prefix: str) -> list[str]:
    return [b.key for b in at.button if b.key and b.key.startswith(prefix)]


def _facts(at: AppTest) -> str:
    """The caption beside the document: name, group, phase, participant, progress."""
    line = next(c.value for c in at.caption if "repliker kodade" in c.value)
    return line.replace("\\", "")


def _reading(at: AppTest) -> str:
    return "".join(h.value for h in at.html)


def test_reads_the_document_as_turns(koda: AppTest, ui_store: Store, small: dict[str, int]) -> None:
    shown = _reading(koda)
    assert "Mötena var tydliga, det var ordning och reda." in shown
    assert "sigqual-interviewer" not in shown  # questions are skipped by default
    assert koda.selectbox(key="koda-doc").value == small["for"]
    assert koda.selectbox(key="koda-doc").options == ["for-01", "akt-01"]
    assert _facts(koda).endswith("· 0/2 repliker kodade")
    koda.toggle(key="koda-skip").set_value(False).run()
    no_exceptions(koda)
    assert "sigqual-interviewer" in _reading(koda) and "Hur var mötena?" in _reading(koda)
    seg = _turn(ui_store, small["for"], 1)
    assert _buttons(koda, f"koda-accept-{seg.id}-")  # suggestions for the current turn


def test_accept_a_suggestion(koda: AppTest, ui_store: Store, small: dict[str, int]) -> None:
    seg = _turn(ui_store, small["for"], 1)
    koda.button(key=f"koda-accept-{seg.id}-ff-struktur").click().run()
    no_exceptions(koda)
    assert _codings(ui_store, small["pid"]) == [
        ("ff-struktur", "Mötena var tydliga, det var ordning och reda.", "Testare", "suggestion")]
    assert _feedback(ui_store, small["pid"]) == [("ff-struktur", "Testare", "accepted")]
    assert [t.value for t in koda.toast] == ["Sparat\\: Tydlig struktur"]
    # The decided suggestion stays in its place, marked and with its buttons off, so the
    # shortcut keys of the others keep their meaning.
    assert _buttons(koda, f"koda-accept-{seg.id}-")[0] == f"koda-accept-{seg.id}-ff-struktur"
    assert koda.button(key=f"koda-accept-{seg.id}-ff-struktur").disabled
    assert koda.button(key=f"koda-reject-{seg.id}-ff-struktur").disabled
    assert not koda.button(key=f"koda-accept-{seg.id}-t-moten").disabled
    assert any(">kodad</span>" in h.value for h in koda.html)
    assert _facts(koda) == "for-01 · Föräldrarna · Fas 1 · – · 1/2 repliker kodade"
    assert "Tydlig struktur" in _reading(koda)


def test_reject_a_suggestion(koda: AppTest, ui_store: Store, small: dict[str, int]) -> None:
    seg = _turn(ui_store, small["for"], 1)
    koda.button(key=f"koda-reject-{seg.id}-t-moten").click().run()
    no_exceptions(koda)
    assert _feedback(ui_store, small["pid"]) == [("t-moten", "Testare", "rejected")]
    assert _codings(ui_store, small["pid"]) == []
    assert koda.button(key=f"koda-reject-{seg.id}-t-moten").disabled
    assert not koda.button(key=f"koda-accept-{seg.id}-t-moten").disabled
    assert any(">avvisad</span>" in h.value for h in koda.html)


def test_undo_and_redo(koda: AppTest, ui_store: Store, small: dict[str, int]) -> None:
    seg = _turn(ui_store, small["for"], 1)
    assert koda.button(key="koda-undo").disabled
    koda.button(key=f"koda-accept-{seg.id}-ff-struktur").click().run()
    assert not koda.button(key="koda-undo").disabled
    koda.button(key="koda-undo").click().run()
    no_exceptions(koda)
    assert _codings(ui_store, small["pid"]) == [] and _feedback(ui_store, small["pid"]) == []
    assert koda.toast[0].value == "Ångrat\\: Godkänt förslag Tydlig struktur"
    koda.button(key="koda-redo").click().run()
    assert [c[0] for c in _codings(ui_store, small["pid"])] == ["ff-struktur"]
    assert koda.button(key="koda-redo").disabled


@pytest.mark.parametrize(
    ("mode", "choose", "expected"),
    [
        ("turn", None, "Mer information innan första mötet."),
        ("sentences", [0], "Mer information innan första mötet."),
        ("range", (4, 15), "information"),
    ],
)
def test_code_by_hand(koda: AppTest, ui_store: Store, small: dict[str, int], mode: str,
                      choose: object, expected: str) -> None:
    seg = _turn(ui_store, small["for"], 3)
    koda.button(key=f"koda-turn-{seg.id}").click().run()
    koda.segmented_control(key=f"koda-part-{seg.id}").set_value(mode).run()
    if mode == "sentences":
        koda.multiselect(key=f"koda-sentences-{seg.id}").set_value(choose).run()
    elif mode == "range":
        koda.slider(key=f"koda-range-{seg.id}").set_value(choose).run()
    picker = koda.selectbox(key=f"koda-pick-{seg.id}")
    assert picker.options == ["Mötena · Tema", "Tydlig struktur · Framgångsfaktor · Mötena",
                              "Mer information · Utvecklingsområde · Mötena"]
    picker.set_value("uo-info").run()
    koda.button(key="koda-code").click().run()
    no_exceptions(koda)
    assert _codings(ui_store, small["pid"]) == [("uo-info", expected, "Testare", "manual")]
    assert _buttons(koda, "koda-unpick-") == []
    assert koda.selectbox(key=f"koda-pick-{seg.id}").value is None


def test_picker_adds_one_code_per_choice(koda: AppTest, ui_store: Store, small: dict[str, int]) -> None:
    """Each choice adds exactly one code and empties the picker; chosen codes can be dropped."""
    seg = _turn(ui_store, small["for"], 1)
    picker = lambda: koda.selectbox(key=f"koda-pick-{seg.id}")  # noqa: E731
    assert koda.button(key="koda-code").disabled
    picker().set_value("t-moten").run()
    assert _buttons(koda, "koda-unpick-") == ["koda-unpick-t-moten"]
    assert picker().value is None and "Mötena · Tema" not in picker().options
    picker().set_value("uo-info").run()
    assert _buttons(koda, "koda-unpick-") == ["koda-unpick-t-moten", "koda-unpick-uo-info"]
    koda.button(key="koda-unpick-t-moten").click().run()
    assert _buttons(koda, "koda-unpick-") == ["koda-unpick-uo-info"]
    assert koda.button(key="koda-code").label == "Koda med 1 valda"
    koda.button(key="koda-code").click().run()
    no_exceptions(koda)
    assert [c[0] for c in _codings(ui_store, small["pid"])] == ["uo-info"]
    assert _buttons(koda, "koda-unpick-") == []
    # Picks made after coding are gone after an undo too, so M cannot re-apply them.
    picker().set_value("ff-struktur").run()
    koda.button(key="koda-undo").click().run()
    no_exceptions(koda)
    assert _codings(ui_store, small["pid"]) == []
    assert _buttons(koda, "koda-unpick-") == [] and koda.button(key="koda-code").disabled


def test_twin_labels_are_told_apart(open_app: Callable[..., AppTest], ui_store: Store) -> None:
    from sigqual.codebook import Code

    codes = [*CODEBOOK.codes,
             Code("t-tid", "Tidpunkt för insatsen", "theme", ("foraldrar",), None, "När."),
             Code("ff-tid", "Tidpunkt för insatsen", "success_factor", ("foraldrar",), "t-tid", "När."),
             Code("ff-tid2", "Tidpunkt för insatsen", "success_factor", ("foraldrar",), "t-tid", "När.")]
    pid = ui_store.create_project("Tvillingar", CODEBOOK.with_codes(codes))
    doc = _add(ui_store, pid, "for-01", TRANSCRIPT, "foraldrar", "1")
    seg = ui_store.segments(doc)[1]
    at = open_app("koda")
    no_exceptions(at)
    options = at.selectbox(key=f"koda-pick-{seg.id}").options
    assert "Tidpunkt för insatsen · Tema" in options
    assert "Tidpunkt för insatsen · Framgångsfaktor · Tidpunkt för insatsen [ff-tid]" in options
    assert "Tidpunkt för insatsen · Framgångsfaktor · Tidpunkt för insatsen [ff-tid2]" in options
    assert len(set(options)) == len(options)


def test_sentences_offered_are_the_turns_sentences(koda: AppTest, ui_store: Store,
                                                   small: dict[str, int]) -> None:
    seg = _turn(ui_store, small["for"], 1)
    koda.segmented_control(key=f"koda-part-{seg.id}").set_value("sentences").run()
    text = ui_store.get_document(small["for"]).text
    expected = [f"{i + 1}. {s.text}" for i, s in enumerate(split_sentences(text, seg.start, seg.end))]
    assert koda.multiselect(key=f"koda-sentences-{seg.id}").options == expected


def test_show_all_codes(koda: AppTest, ui_store: Store, small: dict[str, int]) -> None:
    seg = _turn(ui_store, small["for"], 1)
    labels = lambda: koda.selectbox(key=f"koda-pick-{seg.id}").options  # noqa: E731
    assert "Övrigt · Kod" not in labels()
    koda.toggle(key="koda-all-codes").set_value(True).run()
    assert "Övrigt · Kod" in labels() and "Tydlig struktur · Framgångsfaktor · Mötena" in labels()


def test_remove_own_coding_only(koda: AppTest, ui_store: Store, small: dict[str, int]) -> None:
    pid, seg = small["pid"], _turn(ui_store, small["for"], 1)
    own = ui_store.add_coding(pid, small["for"], "t-moten", seg.start, seg.end, coder="Testare")
    other = ui_store.add_coding(pid, small["for"], "ff-struktur", seg.start, seg.start + 6, coder="Bo")
    koda.run()
    assert koda.button(key=f"koda-remove-{other}-{seg.id}").disabled
    koda.button(key=f"koda-remove-{own}-{seg.id}").click().run()
    no_exceptions(koda)
    assert [c[0] for c in _codings(ui_store, pid)] == ["ff-struktur"]
    koda.button(key="koda-undo").click().run()
    assert sorted(c[0] for c in _codings(ui_store, pid)) == ["ff-struktur", "t-moten"]


def test_navigation_buttons(koda: AppTest, ui_store: Store, small: dict[str, int]) -> None:
    first, second = _turn(ui_store, small["for"], 1), _turn(ui_store, small["for"], 3)

    def current() -> str:
        return next(m.value for m in koda.markdown if m.value.startswith("**Replik"))

    assert current() == "**Replik 2**" and koda.button(key="koda-prev").disabled
    koda.button(key="koda-next").click().run()
    assert current() == "**Replik 4**" and koda.button(key="koda-next").disabled
    koda.button(key="koda-prev").click().run()
    assert current() == "**Replik 2**"
    ui_store.add_coding(small["pid"], small["for"], "t-moten", first.start, first.end, coder="Testare")
    koda.run()
    koda.button(key="koda-next-uncoded").click().run()
    assert current() == "**Replik 4**"
    ui_store.add_coding(small["pid"], small["for"], "uo-info", second.start, second.end, coder="Testare")
    koda.run()
    assert koda.button(key="koda-next-uncoded").disabled


@pytest.mark.parametrize(("threshold", "expected"), [(0.0, "**Replik 4**"), (1.0, "**Replik 2**")])
def test_next_confident_suggestion(koda: AppTest, threshold: float, expected: str) -> None:
    koda.session_state["coding.threshold"] = threshold
    koda.button(key="koda-next-suggestion").click().run()
    no_exceptions(koda)
    assert next(m.value for m in koda.markdown if m.value.startswith("**Replik")) == expected
    infos = [i.value for i in koda.info]
    assert ("Inga fler säkra förslag i dokumentet." in infos) == (threshold == 1.0)


def test_filters_choose_documents(koda: AppTest, ui_store: Store, small: dict[str, int]) -> None:
    koda.selectbox(key="koda-group").set_value("aktorer").run()
    assert koda.selectbox(key="koda-doc").options == ["akt-01"]
    assert "Det fanns en tydlig struktur på mötena." in _reading(koda)
    koda.selectbox(key="koda-group").set_value("").run()
    koda.selectbox(key="koda-phase").set_value("1").run()
    assert koda.selectbox(key="koda-doc").value == small["for"]
    koda.selectbox(key="koda-status").set_value("coded").run()
    no_exceptions(koda)
    assert "Inga dokument passar urvalet." in [i.value for i in koda.info]


def test_memos_on_turn_document_and_code(koda: AppTest, ui_store: Store, small: dict[str, int]) -> None:
    pid, seg = small["pid"], _turn(ui_store, small["for"], 1)
    assert not [f for f in koda.text_area if f.key and f.key.startswith("koda-memo-text-")]
    assert 'class="sigqual-memo"' not in _reading(koda)
    koda.toggle(key="koda-memos-open").set_value(True).run()
    for name, text in ((f"turn-{seg.id}", "Viktigt citat"), (f"doc-{small['for']}", "Bra intervju"),
                       ("code-t-moten", "Temat behöver delas")):
        koda.text_area(key=f"koda-memo-text-{name}").input(text)
        koda.button(key=f"FormSubmitter:koda-memo-form-{name}-Spara memo").click().run()
        no_exceptions(koda)
    memos = {(m.segment_id, m.document_id, m.code_key): (m.text, m.author)
             for m in ui_store.list_memos(pid)}
    assert memos == {(seg.id, small["for"], None): ("Viktigt citat", "Testare"),
                     (None, small["for"], None): ("Bra intervju", "Testare"),
                     (None, None, "t-moten"): ("Temat behöver delas", "Testare")}
    assert koda.toggle(key="koda-memos-open").label == "Memon (2)"
    # Only the turn with a memo is marked in the reading pane (the document memo marks no turn).
    marked = [h.value for h in koda.html if 'class="sigqual-memo"' in h.value]
    said = ui_store.get_document(small["for"]).text[seg.start:seg.start + 20]
    assert len(marked) == 1 and "✎ har memo" in marked[0] and said in marked[0]
    memo_id = next(m.id for m in ui_store.list_memos(pid) if m.text == "Bra intervju")
    koda.button(key=f"koda-memo-del-{memo_id}").click().run()
    assert len(ui_store.list_memos(pid)) == 2


def test_without_a_coder_nothing_can_be_coded(open_app: Callable[..., AppTest], small: dict[str, int],
                                              monkeypatch: pytest.MonkeyPatch, ui_store: Store) -> None:
    monkeypatch.setenv("SIGQUAL_USER", "")
    monkeypatch.setenv("USER", "")
    at = open_app("koda")
    no_exceptions(at)
    assert any("Skriv ditt namn" in i.value for i in at.info)
    assert all(at.button(key=k).disabled for k in _buttons(at, "koda-accept"))


def test_blind_project_shows_only_own_codings(koda: AppTest, ui_store: Store,
                                              small: dict[str, int]) -> None:
    pid, seg = small["pid"], _turn(ui_store, small["for"], 1)
    ui_store.add_coding(pid, small["for"], "ff-struktur", seg.start, seg.end, coder="Bo")
    koda.run()
    assert "Tydlig struktur" in "".join(h.value for h in koda.html if "sigqual-turn" in h.value
                                        and "Mötena var tydliga" in h.value)
    ui_store.update_project_settings(pid, {"blind": True})
    koda.run()
    no_exceptions(koda)
    blind_html = "".join(h.value for h in koda.html if "Mötena var tydliga" in h.value)
    assert "Tydlig struktur" not in blind_html.split("Mötena var tydliga")[1].split("</div></div>")[0]
    assert koda.selectbox(key="koda-doc").options == ["for-01", "akt-01"]
    assert _facts(koda).endswith("· 0/2 repliker kodade")


def test_link_opens_a_document_at_a_turn(open_app: Callable[..., AppTest], small: dict[str, int]) -> None:
    at = open_app("koda")
    at.query_params["doc"] = str(small["akt"])
    at.query_params["turn"] = "2"  # the number shown: Replik 2
    at.run()
    no_exceptions(at)
    assert at.selectbox(key="koda-doc").value == small["akt"]
    assert "**Replik 2**" in [m.value for m in at.markdown]


def test_markup_in_transcripts_and_labels_is_text(open_app: Callable[..., AppTest],
                                                  ui_store: Store) -> None:
    codebook = parse_codebook(CODEBOOK_YAML.replace("label: Mötena", "label: '<b>Mötena</b>'"), "x.yaml")
    pid = ui_store.create_project("XSS", codebook)
    doc = _add(ui_store, pid, "xss", XSS, "foraldrar", "1")
    seg = ui_store.segments(doc)[1]
    ui_store.add_coding(pid, doc, "t-moten", seg.start, seg.end, coder="Testare")
    at = open_app("koda")
    no_exceptions(at)
    shown = _reading(at)
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in shown
    assert "&lt;img src=x onerror=&quot;window.__xss=2&quot;&gt;" in shown
    assert "&lt;b&gt;Mötena&lt;/b&gt;" in shown
    assert "<script" not in shown and "<img" not in shown and "<b>Mötena" not in shown


def test_a_changed_codebook_reaches_the_page(koda: AppTest, ui_store: Store, small: dict[str, int]) -> None:
    from sigqual.codebook import Code

    bigger = CODEBOOK.with_codes([*CODEBOOK.codes, Code(
        "ff-ny", "Ny faktor", "success_factor", ("foraldrar",), "t-moten", "Något nytt.",
        keywords=("nytt",))])
    ui_store.replace_codebook(small["pid"], bigger)
    koda.run()
    no_exceptions(koda)
    seg = _turn(ui_store, small["for"], 1)
    assert "Ny faktor · Framgångsfaktor · Mötena" in koda.selectbox(key=f"koda-pick-{seg.id}").options


def _type_name(box, name: str) -> None:  # noqa: ANN001
    """Type a name the list does not have, as the browser sends it (the option's text)."""
    if name not in box.options:
        box.options.append(name)
    box.set_value(name)


def test_coder_is_kept_in_the_address(open_app: Callable[..., AppTest], small: dict[str, int]) -> None:
    at = open_app("koda")
    assert at.query_params["coder"] == "Testare"
    _type_name(at.selectbox(key="_coder_widget"), "Eva")
    at.run()
    no_exceptions(at)
    assert at.session_state["sigqual.coder"] == "Eva" and at.query_params["coder"] == "Eva"
    # A fresh browser session opened on that address (a reload) starts as Eva, not the OS user.
    fresh = AppTest.from_function(_run_app, kwargs={"app_path": str(APP), "start": "koda"},
                                  default_timeout=TIMEOUT)
    fresh.query_params["coder"] = "Eva"
    fresh.run()
    no_exceptions(fresh)
    assert fresh.session_state["sigqual.coder"] == "Eva"
    assert fresh.selectbox(key="_coder_widget").value == "Eva"


def test_known_coders_are_offered_and_a_new_spelling_asks(open_app: Callable[..., AppTest],
                                                          ui_store: Store, small: dict[str, int]) -> None:
    pid, seg = small["pid"], _turn(ui_store, small["for"], 1)
    ui_store.add_coding(pid, small["for"], "t-moten", seg.start, seg.end, coder="Karin L")
    at = open_app("koda")
    box = at.selectbox(key="_coder_widget")
    assert "Karin L" in box.options and box.value == "Testare"
    _type_name(box, "karin")
    at.run()
    no_exceptions(at)
    assert at.session_state["sigqual.coder"] == "Testare"  # not yet: the sidebar asks
    assert any("liknar **Karin L**" in w.value for w in at.sidebar.warning)
    at.button(key="coder-use-0").click().run()
    assert at.session_state["sigqual.coder"] == "Karin L" and not at.sidebar.warning
    _type_name(at.selectbox(key="_coder_widget"), "Karin")
    at.run()
    at.button(key="coder-new").click().run()
    no_exceptions(at)
    assert at.session_state["sigqual.coder"] == "Karin"
    assert at.selectbox(key="_coder_widget").value == "Karin"
