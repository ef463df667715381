"""User text must reach the screen as text, never as Markdown or HTML."""

from __future__ import annotations

import pytest

from sigqual.ui.markup import escape_markdown, swatch_html


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
