"""User text must reach the screen as text, never as Markdown or HTML."""

from __future__ import annotations

import pytest

from sigqual.ui.markup import escape_markdown, html_table, swatch_html


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Vanlig mening utan tecken", "Vanlig mening utan tecken"),
        ("*fet* och _kursiv_", r"\*fet\* och \_kursiv\_"),
        ("# rubrik", r"\# rubrik"),
        ("[länk](http://x)", r"\[länk\]\(http\://x\)"),
        (":red[färg] och :material/home:", r"\:red\[färg\] och \:material/home\:"),
        ("$x$ pengar", r"\$x\$ pengar"),
        ("<b>html</b>", r"\<b\>html\</b\>"),
        ("rad ett\nrad två", "rad ett  \nrad två"),
        ("1. inte en lista", r"1\. inte en lista"),
        ("- inte heller", r"\- inte heller"),
        ("back\\slash", "back\\\\slash"),
    ],
)
def test_escape_markdown(text: str, expected: str) -> None:
    assert escape_markdown(text) == expected


@pytest.mark.parametrize(
    ("colour", "label", "style_colour", "shown"),
    [
        ("#1f77b4", "Mötena", "#1f77b4", "Mötena"),
        ("ABC", "Kort färg", "#aabbcc", "Kort färg"),
        (None, "Ingen färg", "#bab0ac", "Ingen färg"),
        ("red;background:url(x)", "Injektion", "#bab0ac", "Injektion"),
        ("#000000", "<script>alert(1)</script>", "#000000",
         "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("#ffffff", "A & B \"citat\"", "#ffffff", "A &amp; B &quot;citat&quot;"),
    ],
)
def test_swatch_html(colour: str | None, label: str, style_colour: str, shown: str) -> None:
    html = swatch_html(colour, label)
    assert f"background:{style_colour};" in html
    assert html.endswith("</span>" + shown)
    assert "url(" not in html and "<script" not in html


@pytest.mark.parametrize(
    ("cells", "shown"),
    [
        (["<b>fet</b>", "a & b"], ["<b>fet</b>", "a & b"]),  # markup stays text
        (["två\nrader", "  luft  "], ["två rader", "luft"]),  # one line per cell
        (["<script>alert(1)</script>", "\"'"], ["<script>alert(1)</script>", "\"'"]),
    ],
)
def test_html_table_escapes_every_cell(cells: list[str], shown: list[str]) -> None:
    from .helpers import table_rows

    markup = html_table(["A", "B"], [cells], nowrap=[1], short=0)
    assert "<script>" not in markup and "<b>" not in markup
    assert table_rows(markup) == [["A", "B"], shown]
    assert markup.count('white-space:nowrap') == 2  # the heading and the cell of column 1
    assert markup.startswith('<div style="overflow-x:auto')


@pytest.mark.parametrize(("text", "one_line"), [("Ungdom 12", True), ("x" * 12, True),
                                                ("Enskild intervju", False), ("", True)])
def test_html_table_keeps_short_cells_on_one_line(text: str, one_line: bool) -> None:
    cell = html_table(["Rubrik som är lite längre än så"], [[text]]).split("<td")[1]
    assert cell.startswith(' style="white-space:nowrap"') is one_line
