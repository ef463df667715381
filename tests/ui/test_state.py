"""``state.keep``: a setting in a tab drawn only while open survives the tab closing."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest


def _lazy_tabs(kept: bool) -> None:
    import streamlit as st

    from sigqual.ui import state

    first, second = st.tabs(["Ett", "Två"], key="tabs", on_change="rerun")
    if first.open:
        if kept:
            state.keep("setting")
        st.toggle("Inställning", key="setting")
    if second.open:
        st.caption("andra fliken")


@pytest.mark.parametrize(("kept", "after_reopen"), [(True, True), (False, False)])
def test_a_kept_toggle_survives_its_tab_closing(kept: bool, after_reopen: bool) -> None:
    at = AppTest.from_function(_lazy_tabs, kwargs={"kept": kept}).run()
    at.toggle(key="setting").set_value(True).run()
    at.session_state["tabs"] = "Två"
    at.run()
    assert not at.toggle  # the closed tab draws nothing
    at.session_state["tabs"] = "Ett"
    at.run()
    # Without keep() Streamlit has forgotten the value: the test shows why keep() exists.
    assert at.toggle(key="setting").value is after_reopen


def test_keep_restores_nothing_the_first_time() -> None:
    at = AppTest.from_function(_lazy_tabs, kwargs={"kept": True}).run()
    assert at.toggle(key="setting").value is False
