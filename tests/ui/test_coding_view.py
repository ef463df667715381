"""The coding pages' HTML: everything from a transcript or a codebook is escaped."""

from __future__ import annotations

import re

import pytest

from sigqual.coding.document import Mark, Turn
from sigqual.nlp.suggest import Suggestion
from sigqual.ui.coding_view import (
    FALLBACK_COLOUR,
    Highlight,
    chip,
    code_chips,
    highlighted_text,
    locate,
    percent,
    picker_codes,
    pinned,
    quote_card,
    safe_colour,
    safe_items,
    snippet,
    suggestion_line,
    turn_block,
)

from .helpers import CODEBOOK

XSS = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">'


def _mark(start: int, end: int, code: str = "ff-struktur", label: str = "Tydlig struktur",
          colour: str = "#1f77b4") -> Mark:
    return Mark(1, code, label, colour, start, end, "Anna", "manual")


def _visible(markup: str) -> str:
    """The text a browser shows: tags dropped, entities decoded."""
    import html

    return html.unescape(re.sub(r"<[^>]+>", "", markup.replace("<br>", "\n")))


@pytest.mark.parametrize(
    ("text", "marks", "lights", "selection", "spans"),
    [
        ("Mötena var bra.", [], [], None, 0),
        ("Mötena var bra.", [_mark(10, 17)], [], None, 1),
        ("Mötena var bra.", [_mark(10, 17), _mark(13, 25, "uo-info", "Info", "#ff7f0e")], [], None, 3),
        ("Mötena var bra.", [], [Highlight(0, 6, "#2ca02c", "Mötena")], None, 1),
        ("Mötena var bra.", [_mark(10, 25)], [Highlight(0, 6, "#2ca02c")], (14, 20), 4),
        (XSS, [_mark(10, 30)], [Highlight(0, 8, "#2ca02c", "<b>x</b>")], None, 2),
    ],
)
def test_highlighted_text_keeps_the_text_and_escapes_it(text: str, marks: list[Mark],
                                                        lights: list[Highlight],
                                                        selection: tuple[int, int] | None,
                                                        spans: int) -> None:
    markup = highlighted_text(text, marks, lights, offset=10, selection=selection)
    assert _visible(markup) == text
    assert markup.count("<span") == spans
    assert "<script" not in markup and "<img" not in markup and "<b>" not in markup


def test_overlapping_codings_list_every_label() -> None:
    markup = highlighted_text("abcdefghij", [_mark(0, 6, label="A & B"), _mark(3, 10, "x", "C")])
    assert 'title="A &amp; B · C"' in markup
    assert markup.count("background:") == 3


def test_line_breaks_and_out_of_range_highlights() -> None:
    markup = highlighted_text("rad ett\nrad två", [], [Highlight(20, 30, "#000000"),
                                                        Highlight(4, 7, "#000000")])
    assert "<br>" in markup and markup.count("<span") == 1


@pytest.mark.parametrize(
    ("colour", "expected"),
    [("#1f77b4", "#1f77b4"), ("1f77b4", "#1f77b4"), ("#abc", "#aabbcc"),
     ("red;background:url(x)", FALLBACK_COLOUR), (None, FALLBACK_COLOUR), ("", FALLBACK_COLOUR)],
)
def test_colours_are_revalidated(colour: str | None, expected: str) -> None:
    assert safe_colour(colour) == expected
    assert f"background:{expected}" in chip("Kod", colour)


@pytest.mark.parametrize(
    ("role", "current", "expected"),
    [("interviewer", False, "font-style:italic"), ("respondent", True, "#ff4b4b"),
     ("respondent", False, "#9e9e9e")],
)
def test_turn_block(role: str, current: bool, expected: str) -> None:
    turn = Turn(3, 2, 10, 10 + len(XSS), "<IP>", role, XSS, (_mark(10, 20, label="<b>Kod</b>"),))
    markup = turn_block(turn, speaker="<IP>", role_label="intervjuperson", current=current,
                        number="3")
    assert expected in markup
    assert f"sigqual-{role}" in markup
    assert "&lt;script&gt;" in markup and "<script" not in markup and "<img" not in markup
    assert "&lt;b&gt;Kod&lt;/b&gt;" in markup and "&lt;IP&gt;" in markup


def test_code_chips_list_each_code_once() -> None:
    markup = code_chips([_mark(0, 3), _mark(5, 9), _mark(2, 4, "uo-info", "Info")])
    assert _visible(markup) == "Tydlig strukturInfo"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0.0, "0 %"), (0.874, "87 %"), (1.0, "100 %"), (1.7, "100 %"), (-0.2, "0 %")],
)
def test_percent(value: float, expected: str) -> None:
    assert percent(value) == expected


@pytest.mark.parametrize(
    ("text", "size", "expected"),
    [("kort text", 20, "kort text"), ("ett två  tre\nfyra", 40, "ett två tre fyra"),
     ("Det här är en lång mening som ska kortas", 20, "Det här är en lång …"),
     ("abcdefghijklmnopqrstuvwxyz", 10, "abcdefghij …")],
)
def test_snippet(text: str, size: int, expected: str) -> None:
    assert snippet(text, size) == expected


def test_locate_finds_why_words() -> None:
    found = locate("Det var ordning och reda.", ["ordning och reda", "saknas", ""], "#123456", "T")
    assert found == [Highlight(8, 24, "#123456", "T")]


def test_suggestion_line_and_card_escape_labels() -> None:
    line = suggestion_line("<b>Kod</b>", "Tema", "#1f77b4", 0.92, "varför", ["<i>ord</i>"])
    assert "92 %" in line and "width:92%" in line
    assert "<b>" not in line and "<i>" not in line and "&lt;i&gt;ord&lt;/i&gt;" in line
    card = quote_card("<doc>", "replik 2", XSS, XSS, [Highlight(0, 8, "#000000")], "<b>L</b>",
                      "#000000", 0.5)
    assert "<script" not in card and "<img" not in card and "&lt;doc&gt;" in card and "50 %" in card


@pytest.mark.parametrize(
    ("group", "show_all", "expected"),
    [("foraldrar", False, ["t-moten", "ff-struktur", "uo-info"]),
     ("aktorer", False, ["t-moten", "ff-struktur", "kod-ovrigt"]),
     ("aktorer", True, ["t-moten", "ff-struktur", "uo-info", "kod-ovrigt"]),
     (None, False, ["t-moten", "ff-struktur", "uo-info", "kod-ovrigt"])],
)
def test_picker_codes(group: str | None, show_all: bool, expected: list[str]) -> None:
    assert picker_codes(CODEBOOK, group, show_all) == expected


def _suggestion(code: str, confidence: float) -> Suggestion:
    return Suggestion(code, code.upper(), "success_factor", "", confidence, confidence)


@pytest.mark.parametrize(
    ("before", "ranked", "top", "kept"),
    [
        (None, ["a", "b", "c"], 2, ["a", "b"]),
        (["b", "a"], ["a", "b", "c"], 3, ["b", "a", "c"]),
        (["c", "x", "a"], ["a", "b", "c"], 3, ["c", "x", "a"]),
        (["a", "b", "c"], ["c", "b", "a", "d"], 2, ["a", "b"]),
        (["a"], ["b", "a"], 3, ["a", "b"]),
        ([], [], 5, []),
    ],
)
def test_pinned_order_keeps_positions(before: list[str] | None, ranked: list[str], top: int,
                                      kept: list[str]) -> None:
    old = None if before is None else [_suggestion(c, 0.5) for c in before]
    new = [_suggestion(c, 1.0 - i / 10) for i, c in enumerate(ranked)]
    shown = pinned(old, new, top)
    assert [s.code_id for s in shown] == kept
    # A code that still ranks shows its newest confidence; one that dropped out keeps its old.
    assert all(s.confidence == (0.5 if s.code_id not in ranked else 1.0 - ranked.index(s.code_id) / 10)
               for s in shown)


def _candidate(code: str, confidence: float):  # noqa: ANN202
    from sigqual.coding.suggestions import Candidate, CorpusTurn

    turn = CorpusTurn(document_id=1, document="d", segment_id=7, index=1, start=0, end=4, text="text",
                      group="foraldrar", phase="1", context="", coded=frozenset())
    return Candidate(turn, code, code, confidence, ())


@pytest.mark.parametrize(
    ("status", "threshold", "expected"),
    [("estimated", 0.8, ["a", "b"]), ("too_few_codings", 0.95, ["a"]), ("unreachable", None, []),
     (None, None, [])],
)
def test_safe_items_follow_the_calibrated_threshold(status: str | None, threshold: float | None,
                                                     expected: list[str]) -> None:
    from sigqual.coding.autocode import AutoCodeEstimate

    items = [_candidate("a", 0.97), _candidate("b", 0.8), _candidate("c", 0.5)]
    estimate = None if status is None else AutoCodeEstimate(status, 0.95, threshold)
    assert [c.code_id for c in safe_items(items, estimate)] == expected
