"""Settings that outlive the runs which do not draw them.

A widget in a tab drawn only while open (or below an early return, or on a page the user
left for a moment) is forgotten by Streamlit after one run without it. :func:`kept` calls
:func:`state.keep` and, when nothing was kept, seeds the widget's default through Session
State, so the widget is always drawn *without* ``value=``/``default=``: giving both makes
Streamlit warn, and a default would override the restored value's meaning anyway.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from . import state

_NO_DEFAULT = object()


def kept(widget_key: str, default: Any = _NO_DEFAULT) -> str:
    """Keep ``widget_key``'s value (or seed ``default`` the first time); returns the key.

    Call right before drawing the widget, in every run that draws it, and draw it without
    its own default.
    """
    state.keep(widget_key)
    if default is not _NO_DEFAULT and widget_key not in st.session_state:
        st.session_state[widget_key] = default
    return widget_key
