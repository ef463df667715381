"""The UI side of the catalogue: labels fixed in advance, and no Swedish in English mode.

The catalogue itself (both languages, placeholders, keys used and unused) is checked
in ``tests/i18n/test_catalogue.py``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from sigqual.ui import navigation

from .helpers import no_exceptions, plain

# Words that only a Swedish UI string would show; the sample project's own data (group
# names, codebook labels, quotes) is Swedish and may appear, so no common data words here.
SWEDISH = re.compile(
    r"\b(Alla|Välj|Spara|Sparat|Inga|Ingen|Ladda|Visa|Sök|Kodare|Kodning(ar)?|Grupp(er)?|"
    r"Framgångsfaktor(er)?|Utvecklingsområde(n)?|Tema|Teman|Övriga|Avbryt|Ångra|Godkänn|"
    r"Avvisa|Dölj|Skapa|Ersätt|Läs in)\b")


def test_labeller_fixes_texts_in_advance() -> None:
    def script() -> None:
        import streamlit as st

        from sigqual.ui import state
        from sigqual.ui.i18n import labeller

        st.session_state["sigqual.lang"] = "en"
        fmt = labeller("type.", ["phone", "individual", "other"], empty="common.none")
        st.session_state["labels"] = [fmt("phone"), fmt(""), fmt("other"), state.lang()]

    at = AppTest.from_function(script).run()
    assert at.session_state["labels"] == ["Phone interview", "(none)", "other", "en"]


def _shown(at: AppTest) -> Iterator[str]:
    """Every UI text an AppTest run shows: titles, labels, options, placeholders, notes."""
    for kind in ("title", "header", "subheader", "caption", "info", "warning", "error", "success"):
        for element in getattr(at, kind):
            yield plain(str(element.value))
    for kind in ("button", "checkbox", "toggle", "text_input", "text_area", "number_input",
                 "date_input", "slider", "select_slider"):
        for element in getattr(at, kind):
            yield str(element.label)
            yield str(element.help or "")
    for kind in ("selectbox", "multiselect", "radio"):
        for element in getattr(at, kind):
            yield str(element.label)
            yield str(element.help or "")
            yield str(getattr(element.proto, "placeholder", "") or "")
    for element in at.tabs:
        yield str(element.label)
    for element in at.expander:
        yield str(element.label)


@pytest.mark.parametrize("path", navigation.page_paths())
def test_english_mode_shows_no_swedish_ui_text(open_app: Callable[..., AppTest], demo_db: Path,
                                               use_db: Callable[[Path], str], path: str) -> None:
    use_db(demo_db)
    at = open_app(path)
    no_exceptions(at)
    at.button(key="lang-switch").click().run()
    no_exceptions(at)
    shown = [text for text in _shown(at) if text]
    assert shown, "the page showed nothing"
    assert [text for text in shown if SWEDISH.search(text)] == []
