"""The Granska page: the confident-suggestion queue, bulk decisions, undo, more like this."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from sigqual.ingest import parse_bytes
from sigqual.store import Store

from .helpers import CODEBOOK, no_exceptions

PARENTS = (
    "I: Hur var mötena?\n"
    "IP: Mötena var tydliga, det var ordning och reda.\n"
    "I: Och sen?\n"
    "IP: Det fanns en struktur och en dagordning varje gång.\n"
    "I: Saknade du något?\n"
    "IP: Mer information innan första mötet.\n"
)
ACTORS = "I: Hur gick samverkan?\nIP: Det fanns en tydlig struktur och ordning på mötena.\n"


@pytest.fixture
def review(open_app: Callable[..., AppTest], ui_store: Store) -> tuple[AppTest, int]:
    pid = ui_store.create_project("Granskning", CODEBOOK)
    for name, text, group, phase in (("for-01", PARENTS, "foraldrar", "1"),
                                     ("akt-01", ACTORS, "aktorer", "2")):
        parsed = parse_bytes(text.encode(), f"{name}.txt")
        ui_store.add_document(pid, name=name, text=parsed.text, turns=parsed.turns,
                              attributes={"group": group, "phase": phase})
    at = open_app("granska")
    no_exceptions(at)
    at.session_state["coding.threshold"] = 0.0
    at.run()
    return at, pid


def _picks(at: AppTest, prefix: str) -> list[str]:
    return [c.key for c in at.checkbox if c.key and c.key.startswith(f"{prefix}-pick-")]


def _queue_size(at: AppTest) -> int:
    line = next(c.value for c in at.caption if "förslag att granska" in c.value)
    return int(line.split()[0])


def _codings(store: Store, pid: int) -> list[tuple[str, str]]:
    return sorted((c.code_key, c.source) for c in store.list_codings(pid))


def test_the_queue_lists_suggestions_with_context(review: tuple[AppTest, int]) -> None:
    at, _pid = review
    assert "Välj urval och klicka Hämta förslag." in [c.value for c in at.caption]
    at.button(key="granska-find").click().run()
    no_exceptions(at)
    cards = [h.value for h in at.html]
    assert cards and all("%" in card for card in cards)
    assert any("Hur var mötena?" in card and "Mötena var tydliga" in card for card in cards)
    assert len(_picks(at, "granska-q")) == len(cards) == _queue_size(at)
    assert at.get("page_link"), "nothing to check"
    assert all(link.label == "Öppna i Koda" for link in at.get("page_link"))


@pytest.mark.parametrize(("button", "decision", "sources"),
                         [("accept", "accepted", ["suggestion", "suggestion"]), ("reject", "rejected", [])])
def test_bulk_decisions_are_one_undo_step(review: tuple[AppTest, int], ui_store: Store, button: str,
                                          decision: str, sources: list[str]) -> None:
    at, pid = review
    at.button(key="granska-find").click().run()
    before = _queue_size(at)
    picks = _picks(at, "granska-q")[:2]
    for key in picks:
        at.checkbox(key=key).check()
    at.run()
    at.button(key=f"granska-q-{button}").click().run()
    no_exceptions(at)
    assert [s for _c, s in _codings(ui_store, pid)] == sources
    assert list(ui_store.feedback_frame(pid)["decision"]) == [decision, decision]
    assert _queue_size(at) == before - 2
    assert not any(at.checkbox(key=k).value for k in _picks(at, "granska-q"))
    at.button(key="granska-undo").click().run()
    no_exceptions(at)
    assert _codings(ui_store, pid) == [] and ui_store.feedback_frame(pid).empty


def test_select_page_and_clear(review: tuple[AppTest, int]) -> None:
    at, _pid = review
    at.button(key="granska-find").click().run()
    at.button(key="granska-q-all").click().run()
    picks = _picks(at, "granska-q")
    assert picks, "nothing to check"
    assert all(at.checkbox(key=k).value for k in picks)
    assert at.button(key="granska-q-accept").label == f"Godkänn markerade ({len(picks)})"
    at.button(key="granska-q-none").click().run()
    assert not any(at.checkbox(key=k).value for k in picks)
    assert at.button(key="granska-q-accept").disabled


def test_filters_limit_the_queue(review: tuple[AppTest, int]) -> None:
    at, _pid = review
    at.multiselect(key="granska-queue-groups").set_value(["aktorer"]).run()
    at.button(key="granska-find").click().run()
    assert at.html, "nothing to check"
    assert all("akt-01" in h.value for h in at.html)
    at.session_state["coding.threshold"] = 1.0
    at.run()
    at.button(key="granska-find").click().run()
    assert "Inga förslag kvar med det här urvalet." in [i.value for i in at.info]


def test_more_like_this(review: tuple[AppTest, int], ui_store: Store) -> None:
    at, pid = review
    at.selectbox(key="granska-similar-code").set_value("ff-struktur").run()
    at.button(key="granska-similar-find").click().run()
    no_exceptions(at)
    picks = _picks(at, "granska-s")
    assert picks and all(k.endswith("-ff-struktur") for k in picks)
    at.checkbox(key=picks[0]).check().run()
    at.button(key="granska-s-accept").click().run()
    assert _codings(ui_store, pid) == [("ff-struktur", "suggestion")]
    assert picks[0] not in _picks(at, "granska-s")
    at.selectbox(key="granska-similar-code").set_value("uo-info").run()
    at.button(key="granska-similar-find").click().run()
    assert [h for h in at.html if "Mer information" in h.value], "nothing to check"
    assert all("for-01" in h.value for h in at.html if "Mer information" in h.value)


def test_needs_a_coder(open_app: Callable[..., AppTest], ui_store: Store,
                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SIGQUAL_USER", "")
    monkeypatch.setenv("USER", "")
    ui_store.create_project("Tomt", CODEBOOK)
    at = open_app("granska")
    no_exceptions(at)
    assert any("Skriv ditt namn" in i.value for i in at.info)
    assert not [b for b in at.button if b.key == "granska-find"]
