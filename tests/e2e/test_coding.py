"""The Koda page in a real browser: accept a suggestion, reload and find it saved; a
transcript and a code label full of markup are shown as text; keyboard shortcuts work."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from sigqual.demo import DEMO_NAME
from sigqual.ingest import parse_bytes
from sigqual.store import Store

from .conftest import AppServer, _need_chromium, start_app, wait_for_app

CODER = "E2E-kodare"
SCRIPT = "<script>window.__xss=1</script>"
IMAGE = '<img src=x onerror="window.__xss=2">'
LABEL = "<b>Fet etikett</b>"
XSS_TRANSCRIPT = (f"I: Vad skrev han?\nIP: Han skrev {SCRIPT} i chatten.\n"
                  f"I: Och sen?\nIP: Sen kom {IMAGE} och mötena blev bättre.\n")


@pytest.fixture
def coding_server(demo_db: Path, tmp_path: Path) -> Iterator[tuple[AppServer, int, int]]:
    """The app on a copy of the sample project plus a hostile transcript and code label."""
    _need_chromium()
    store = Store.open(demo_db)
    project = store.find_project(DEMO_NAME)
    assert project is not None
    codebook = store.codebook(project.id)
    theme = next(c for c in codebook.codes if c.kind == "theme")
    codes = [replace(c, label=LABEL) if c.id == theme.id else c for c in codebook.codes]
    store.replace_codebook(project.id, codebook.with_codes(codes))
    parsed = parse_bytes(XSS_TRANSCRIPT.encode(), "xss-01.txt")
    doc = store.add_document(project.id, name="xss-01", text=parsed.text, turns=parsed.turns,
                             attributes={"group": "foraldrar", "phase": "1"})
    seg = store.segments(doc)[3]
    store.add_coding(project.id, doc, theme.id, seg.start, seg.end, coder=CODER)
    store.close()
    server = start_app(demo_db, tmp_path, {"SIGQUAL_USER": CODER})
    yield server, project.id, doc
    server.stop()


def _settle(page) -> None:  # noqa: ANN001
    wait_for_app(page)
    page.wait_for_timeout(300)


def _until(page, condition, timeout: float = 30.0) -> None:  # noqa: ANN001
    """Poll ``condition`` while the app reruns (a key press is answered asynchronously)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the page did not change in time"
        page.wait_for_timeout(200)


def _decisions(db: Path, pid: int) -> list[str]:
    store = Store.open(db)
    try:
        return list(store.feedback_frame(pid)["decision"])
    finally:
        store.close()


def _own_codings(db: Path, pid: int) -> list[tuple[int, str, int, int, str]]:
    store = Store.open(db)
    try:
        return [(c.document_id, c.code_key, c.start, c.end, c.source)
                for c in store.list_codings(pid, coder=CODER)]
    finally:
        store.close()


def test_accepted_suggestion_survives_a_reload(coding_server: tuple[AppServer, int, int], page,
                                               tmp_path: Path) -> None:
    server, pid, _xss = coding_server
    page.goto(server.url + "/koda")
    _settle(page)
    page.screenshot(path=str(tmp_path / "koda-start.png"), full_page=True)
    before = set(_own_codings(server.db, pid))
    accept = page.locator("button", has_text="Godkänn").first
    accept.click()
    page.get_by_text("Sparat").first.wait_for(timeout=30_000)
    _settle(page)
    added = set(_own_codings(server.db, pid)) - before
    assert len(added) == 1
    (doc_id, code_id, start, end, source), = added
    assert source == "suggestion"
    store = Store.open(server.db)
    label = store.codebook(pid).code(code_id).label
    quote = store.get_document(doc_id).text[start:end]
    store.close()
    page.screenshot(path=str(tmp_path / "koda-accepted.png"), full_page=True)
    page.reload()
    _settle(page)
    current = page.locator(".sigqual-turn", has_text=quote[:40]).first
    assert label in current.inner_text()
    assert page.get_by_text("Kodningar i repliken").count() == 1
    page.screenshot(path=str(tmp_path / "koda-reloaded.png"), full_page=True)
    assert server.outbound() == []


def test_keyboard_shortcuts(coding_server: tuple[AppServer, int, int], page, tmp_path: Path) -> None:
    server, pid, _xss = coding_server
    page.goto(server.url + "/koda")
    _settle(page)
    heading = re.compile(r"^Replik \d+$")
    title = page.get_by_text(heading).first.inner_text()
    page.keyboard.press("j")
    _until(page, lambda: page.get_by_text(heading).first.inner_text() != title)
    _settle(page)
    before = len(_own_codings(server.db, pid))
    page.keyboard.press("x")  # reject the first suggestion
    _until(page, lambda: _decisions(server.db, pid) == ["rejected"])
    _settle(page)
    page.keyboard.press("1")  # accept it after all: the rejected one keeps its place
    _until(page, lambda: len(_own_codings(server.db, pid)) == before + 1)
    _until(page, lambda: _decisions(server.db, pid) == ["accepted"])
    _settle(page)
    page.keyboard.press("z")  # undo it
    _until(page, lambda: len(_own_codings(server.db, pid)) == before)
    _until(page, lambda: _decisions(server.db, pid) == ["rejected"])
    _settle(page)
    page.screenshot(path=str(tmp_path / "koda-keys.png"), full_page=True)


def test_markup_is_shown_as_text(coding_server: tuple[AppServer, int, int], page, tmp_path: Path) -> None:
    server, _pid, doc = coding_server
    page.goto(f"{server.url}/koda?doc={doc}&turn=2")
    _settle(page)
    page.get_by_text("Visa hela dokumentet").click()
    _settle(page)
    assert page.evaluate("() => window.__xss") is None
    assert page.get_by_text(SCRIPT, exact=False).count() >= 1
    assert page.get_by_text(IMAGE, exact=False).count() >= 1
    assert page.get_by_text(LABEL, exact=False).count() >= 1
    assert page.locator(".sigqual-turn script, .sigqual-turn img, .sigqual-turn b:text('Fet')").count() == 0
    page.screenshot(path=str(tmp_path / "koda-xss.png"), full_page=True)
    assert page.evaluate("() => window.__xss") is None


def test_enter_in_the_code_picker_adds_one_code(coding_server: tuple[AppServer, int, int], page,
                                                tmp_path: Path) -> None:
    """Typing a word that matches several codes and pressing Enter picks one code, and
    coding applies exactly that one; the picker is empty afterwards, so M does nothing more."""
    server, pid, _xss = coding_server
    page.goto(server.url + "/koda")
    _settle(page)
    earlier = set(_own_codings(server.db, pid))
    before = len(earlier)
    picker = page.locator("[data-testid='stSelectbox']").filter(has_text="Koder").first
    picker.locator("input").click()
    page.keyboard.type("insatsen")
    page.wait_for_timeout(300)
    page.keyboard.press("Enter")
    _settle(page)
    chosen = page.locator("button", has_text="Koda med")
    _until(page, lambda: chosen.count() == 1)
    assert "Koda med 1 valda" in chosen.first.inner_text()
    page.screenshot(path=str(tmp_path / "koda-picked.png"), full_page=True)
    chosen.first.click()
    _until(page, lambda: len(_own_codings(server.db, pid)) == before + 1)
    _settle(page)
    added = set(_own_codings(server.db, pid)) - earlier
    assert [c[4] for c in added] == ["manual"]
    assert page.locator("button", has_text="Koda med").count() == 0
    page.locator("body").press("m")
    page.wait_for_timeout(1500)
    assert len(_own_codings(server.db, pid)) == before + 1
