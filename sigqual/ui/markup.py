"""Safe rendering of user text: transcripts and labels are data, never markup."""

from __future__ import annotations

import html
import re

from ..codebook import normalize_colour

# Characters that Markdown (and Streamlit's extensions: colours, icons, LaTeX) act on.
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=^&])")
_FALLBACK_COLOUR = "#bab0ac"


def escape_markdown(text: str) -> str:
    """Text that st.markdown shows literally, with its line breaks kept."""
    escaped = _MARKDOWN_SPECIALS.sub(r"\\\1", text)
    # A trailing double space forces a hard break; blank lines stay paragraphs.
    return "  \n".join(escaped.split("\n"))


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
