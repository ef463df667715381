"""Safe rendering of user text: transcripts and labels are data, never markup."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from ..codebook import normalize_colour

# Characters that Markdown (and Streamlit's extensions: colours, icons, LaTeX) act on.
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=^&])")
_FALLBACK_COLOUR = "#bab0ac"


def escape_markdown(text: str) -> str:
    """Text that st.markdown shows literally, with its line breaks kept."""
    escaped = _MARKDOWN_SPECIALS.sub(r"\\\1", text)
    # A trailing double space forces a hard break; blank lines stay paragraphs.
    return "  \n".join(escaped.split("\n"))


def html_table(headers: list[str], rows: list[list[str]], *, nowrap: Iterable[int] = (),
               short: int = 12) -> str:
    """A plain table of user text for ``st.markdown(..., unsafe_allow_html=True)``.

    Cheaper to draw than a data grid (no Arrow conversion, no grid code in the browser),
    its long cells wrap instead of being cut, and a table wider than the page scrolls
    sideways inside its own box. Every cell is escaped: nothing in it is markup. Cells of
    at most ``short`` characters (a code such as "akt-01", "Ungdom 12") and every cell of
    the ``nowrap`` columns (dates, counts) stay on one line; longer text wraps, so a
    table of a dozen columns still fits a wide window.
    """
    keep = set(nowrap)

    def cell(tag: str, index: int, text: str) -> str:
        value = " ".join(str(text).split())
        style = ' style="white-space:nowrap"' if index in keep or len(value) <= short else ""
        return f"<{tag}{style}>{html.escape(value)}</{tag}>"

    head = "".join(cell("th", i, h) for i, h in enumerate(headers))
    body = "".join("<tr>" + "".join(cell("td", i, v) for i, v in enumerate(row)) + "</tr>"
                   for row in rows)
    return (f'<div style="overflow-x:auto;max-width:100%"><table>'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>")


def swatch_html(colour: str | None, label: str) -> str:
    """A coloured square before an escaped label, for ``unsafe_allow_html``.

    The colour is re-validated so that only ``#rrggbb`` ever reaches the style.
    """
    safe_colour = normalize_colour(colour or "") or _FALLBACK_COLOUR
    return (
        '<span style="display:inline-block;width:0.9em;height:0.9em;border-radius:2px;'
        f"margin-right:0.4em;vertical-align:-0.1em;background:{safe_colour};"
        'border:1px solid rgba(0,0,0,0.25)"></span>'
        f"{html.escape(label)}"
    )
