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


def html_table(headers: list[str], rows: list[list[str]], *, nowrap: Iterable[int] = ()) -> str:
    """A plain table of user text for ``st.markdown(..., unsafe_allow_html=True)``.

    Cheaper to draw than a data grid (no Arrow conversion, no grid code in the browser),
    its cells wrap long text instead of cutting it, and a table wider than the page
    scrolls sideways inside its own box. Every cell is escaped: nothing in it is markup.
    Columns in ``nowrap`` (dates, counts) are kept on one line.
    """
    keep = set(nowrap)

    def cell(tag: str, index: int, text: str) -> str:
        style = ' style="white-space:nowrap"' if index in keep else ""
        return f"<{tag}{style}>{html.escape(' '.join(str(text).split()))}</{tag}>"

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
