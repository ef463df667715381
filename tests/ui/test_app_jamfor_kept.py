"""Jämför keeps its settings through runs that do not draw them: a closed lazy tab, or a
filter that matches nothing (the page stops before its charts), and then comes back."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from streamlit.elements.lib import policies
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from sigqual.demo import DEMO_NAME
from sigqual.store import Store

from .helpers import no_exceptions, texts

DUPLICATE_DEFAULT = "was created with a default value but also had its value set"


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Streamlit's warning about a widget given both a default and a Session State value.

    Streamlit checks this only under a running server and logs it once per process, so the
    check is switched on here and every warning it logs is recorded.
    """
    logged: list[str] = []

    def warning(message: str, *args: object, **_kwargs: object) -> None:
        logged.append(message % args)

    monkeypatch.setattr(policies, "runtime", SimpleNamespace(exists=lambda: True))
    monkeypatch.setattr(policies, "_shown_default_value_warning", False)
    monkeypatch.setattr(policies, "_LOGGER", SimpleNamespace(warning=warning))
    yield logged


@pytest.fixture
def app(open_app: Callable[..., AppTest], demo_db: Path, use_db: Callable,
        warnings: list[str]) -> tuple[AppTest, int]:
    use_db(demo_db)
    store = Store.open(demo_db)
    try:
        pid = store.find_project(DEMO_NAME).id
    finally:
        store.close()
    at = open_app("jamfor")
    no_exceptions(at)
    return at, pid


def _run(at: AppTest) -> AppTest:
    at.run()
    no_exceptions(at)
    return at


def _open_tab(at: AppTest, pid: int, label: str, tabs: str = "views") -> AppTest:
    at.session_state[f"jamfor-{pid}-{tabs}"] = label
    return _run(at)


def _match_nothing(at: AppTest, pid: int) -> None:
    """A filter no document matches: the page stops above its charts and settings."""
    at.multiselect(key=f"jamfor-{pid}-phases").set_value(["2"])
    at.multiselect(key=f"jamfor-{pid}-groups").set_value(["projektgrupp"])
    _run(at)
    assert "Inga dokument matchar filtren." in texts(at.warning)


def _match_again(at: AppTest, pid: int) -> None:
    at.multiselect(key=f"jamfor-{pid}-phases").set_value([])
    at.multiselect(key=f"jamfor-{pid}-groups").set_value([])
    _run(at)


def _go_to(at: AppTest, url_path: str) -> None:
    """Open another page of the menu, as a click in the sidebar does.

    AppTest.switch_page knows only file pages; a page made from a function is named by
    the hash of its url path, which is what the browser sends.
    """
    at._page_hash = calc_hash(url_path)  # noqa: SLF001
    _run(at)


def _keys(at: AppTest) -> set[str]:
    return {w.key for kind in ("selectbox", "segmented_control", "text_input", "number_input",
                               "toggle", "multiselect", "pills") for w in at.get(kind)}


def test_heatmap_settings_survive_the_tab_closing(app: tuple[AppTest, int],
                                                  warnings: list[str]) -> None:
    at, pid = app
    _open_tab(at, pid, "Värmekarta")
    # The sample has many codes, so the heatmap opens on the themes alone.
    assert at.segmented_control(key=f"jamfor-{pid}-heat-view").value == "themes"
    at.segmented_control(key=f"jamfor-{pid}-heat-view").set_value("codes")
    at.text_input(key=f"jamfor-{pid}-heat-search").input("möte")
    at.selectbox(key=f"jamfor-{pid}-heat-order").set_value("difference")
    _run(at)
    rows = at.get("plotly_chart")[0].proto.spec
    for tab in ("Tabell", "Stapeldiagram"):
        _open_tab(at, pid, tab)
        assert f"jamfor-{pid}-heat-view" not in _keys(at)  # the closed tab is not drawn
    _open_tab(at, pid, "Värmekarta")
    assert at.segmented_control(key=f"jamfor-{pid}-heat-view").value == "codes"
    assert at.text_input(key=f"jamfor-{pid}-heat-search").value == "möte"
    assert at.selectbox(key=f"jamfor-{pid}-heat-order").value == "difference"
    assert at.get("plotly_chart")[0].proto.spec == rows  # the same rows as before
    assert not [w for w in warnings if DUPLICATE_DEFAULT in w]


def test_the_bars_theme_survives_the_tab_closing(app: tuple[AppTest, int]) -> None:
    at, pid = app
    _open_tab(at, pid, "Stapeldiagram")
    theme = at.selectbox(key=f"jamfor-{pid}-bars-theme")
    assert len(theme.options) > 2
    first = theme.value
    theme.select_index(1)
    chosen = _run(at).selectbox(key=f"jamfor-{pid}-bars-theme").value
    assert chosen != first
    _open_tab(at, pid, "Tabell")
    _open_tab(at, pid, "Stapeldiagram")
    assert at.selectbox(key=f"jamfor-{pid}-bars-theme").value == chosen


def test_cooccurrence_settings_survive_runs_without_them(app: tuple[AppTest, int],
                                                         warnings: list[str]) -> None:
    at, pid = app
    at.selectbox(key=f"jamfor-{pid}-co-codes").set_value("factors")
    at.segmented_control(key=f"jamfor-{pid}-co-mode").set_value("turns")
    _run(at)
    at.number_input(key=f"jamfor-{pid}-co-window").set_value(3)
    at.toggle(key=f"jamfor-{pid}-co-diagonal").set_value(True)
    _run(at)
    _open_tab(at, pid, "Vanligaste paren", tabs="co-views")
    pairs = at.dataframe[-1].value
    _match_nothing(at, pid)
    assert f"jamfor-{pid}-co-mode" not in _keys(at)
    _match_again(at, pid)
    assert at.selectbox(key=f"jamfor-{pid}-co-codes").value == "factors"
    assert at.segmented_control(key=f"jamfor-{pid}-co-mode").value == "turns"
    assert at.number_input(key=f"jamfor-{pid}-co-window").value == 3
    assert at.toggle(key=f"jamfor-{pid}-co-diagonal").value is True
    # The pairs tab is still the open one, with the same pairs.
    assert list(at.dataframe[-1].value.columns) == ["Kod A", "Kod B", "Antal"]
    assert at.dataframe[-1].value.equals(pairs)
    assert not at.get("plotly_chart")  # the comparison's table and the co-occurrence's pairs
    assert not [w for w in warnings if DUPLICATE_DEFAULT in w]


def test_quote_choices_survive_runs_without_them(app: tuple[AppTest, int],
                                                 warnings: list[str]) -> None:
    at, pid = app
    codes = ["ff-tydliga-och-effektiva-motesstrukturer", "uo-en-del-aktorers-relevans-pa-motena"]
    at.multiselect(key=f"jamfor-{pid}-q-codes").set_value(codes)
    at.multiselect(key=f"jamfor-{pid}-q-groups").set_value(["foraldrar"])
    at.number_input(key=f"jamfor-{pid}-q-n").set_value(5)
    _run(at)
    at.toggle(key=f"jamfor-{pid}-q-all").set_value(True)
    _run(at)
    _match_nothing(at, pid)
    assert f"jamfor-{pid}-q-codes" not in _keys(at)
    _match_again(at, pid)
    assert at.multiselect(key=f"jamfor-{pid}-q-codes").value == codes
    assert at.multiselect(key=f"jamfor-{pid}-q-groups").value == ["foraldrar"]
    assert at.toggle(key=f"jamfor-{pid}-q-all").value is True
    per_factor = at.number_input(key=f"jamfor-{pid}-q-n")
    assert per_factor.value == 5 and per_factor.disabled
    assert at.download_button(key=f"jamfor-{pid}-q-docx")
    assert not [w for w in warnings if DUPLICATE_DEFAULT in w]


def test_the_comparison_settings_survive_runs_without_them(app: tuple[AppTest, int],
                                                           warnings: list[str]) -> None:
    at, pid = app
    at.selectbox(key=f"jamfor-{pid}-by").set_value("phase")
    at.segmented_control(key=f"jamfor-{pid}-metric").set_value("n_segments")
    at.pills(key=f"jamfor-{pid}-kinds").set_value(["theme", "success_factor"])
    at.toggle(key=f"jamfor-{pid}-rollup").set_value(False)
    _run(at)
    _open_tab(at, pid, "Värmekarta")
    _match_nothing(at, pid)
    assert f"jamfor-{pid}-metric" not in _keys(at)
    _match_again(at, pid)
    assert at.selectbox(key=f"jamfor-{pid}-by").value == "phase"
    assert at.segmented_control(key=f"jamfor-{pid}-metric").value == "n_segments"
    assert at.pills(key=f"jamfor-{pid}-kinds").value == ["theme", "success_factor"]
    assert at.toggle(key=f"jamfor-{pid}-rollup").value is False
    assert at.segmented_control(key=f"jamfor-{pid}-heat-view")  # the heatmap tab is open
    assert not [w for w in warnings if DUPLICATE_DEFAULT in w]


def test_first_visit_opens_on_the_defaults(app: tuple[AppTest, int], warnings: list[str]) -> None:
    at, pid = app
    assert at.segmented_control(key=f"jamfor-{pid}-metric").value == "share"
    assert at.toggle(key=f"jamfor-{pid}-rollup").value is True
    assert at.segmented_control(key=f"jamfor-{pid}-co-mode").value == "segment"
    assert at.number_input(key=f"jamfor-{pid}-co-window").value == 1
    assert at.toggle(key=f"jamfor-{pid}-co-diagonal").value is False
    assert at.number_input(key=f"jamfor-{pid}-q-n").value == 3
    assert at.toggle(key=f"jamfor-{pid}-q-all").value is False
    assert not [w for w in warnings if DUPLICATE_DEFAULT in w]


def test_settings_survive_a_visit_to_another_page(app: tuple[AppTest, int],
                                                  warnings: list[str]) -> None:
    """Back from Koda (a quote's link) or any other page, Jämför is as it was left."""
    at, pid = app
    at.multiselect(key=f"jamfor-{pid}-groups").set_value(["foraldrar", "aktorer"])
    at.segmented_control(key=f"jamfor-{pid}-metric").set_value("n_documents")
    at.segmented_control(key=f"jamfor-{pid}-co-mode").set_value("overlap")
    _run(at)
    _open_tab(at, pid, "Värmekarta")
    at.text_input(key=f"jamfor-{pid}-heat-search").input("möte")
    _run(at)
    _go_to(at, "kodbok")
    assert f"jamfor-{pid}-groups" not in _keys(at)
    _go_to(at, "jamfor")
    assert at.multiselect(key=f"jamfor-{pid}-groups").value == ["foraldrar", "aktorer"]
    assert at.segmented_control(key=f"jamfor-{pid}-metric").value == "n_documents"
    assert at.segmented_control(key=f"jamfor-{pid}-co-mode").value == "overlap"
    assert at.text_input(key=f"jamfor-{pid}-heat-search").value == "möte"
    assert not [w for w in warnings if DUPLICATE_DEFAULT in w]
