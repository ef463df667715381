"""Long-lived objects shared by every browser session: the project store, and the
codings frame every analysis page starts from, cached until anything is written."""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from ..dburl import mask_url
from ..store import Store, default_database_url

if TYPE_CHECKING:
    import pandas as pd

    from ..agreement import AgreementInputs


@st.cache_resource(show_spinner=False)
def _store_for(url: str) -> Store:
    """One Store (engine and pool) per database URL for the whole server process."""
    return Store.open(url)


def database_url() -> str:
    """The URL in use now; read on every run so a changed environment is honoured."""
    return default_database_url()


def get_store() -> Store:
    """The shared store; callers only call its methods, they never change it."""
    return _store_for(database_url())


@st.cache_data(show_spinner=False, max_entries=8)
def _codings_frame(url: str, project_id: int, revision: int) -> pd.DataFrame:
    """Keyed by the store's revision, so any write anywhere reads the frame anew."""
    return _store_for(url).codings_frame(project_id)


def codings_frame(project_id: int) -> pd.DataFrame:
    """Every coding of the project, one row each; a copy the caller may change."""
    url = database_url()
    return _codings_frame(url, project_id, _store_for(url).revision())


def revision() -> int:
    """The store's revision now: the one cache token of every derived datum in the UI."""
    return get_store().revision()


@st.cache_data(show_spinner=False, max_entries=8)
def _agreement_inputs(url: str, project_id: int, revision: int) -> AgreementInputs:
    from ..agreement import load_inputs

    return load_inputs(_store_for(url), project_id)


def agreement_inputs(project_id: int) -> AgreementInputs:
    """Codings, turns and codebook for agreement, read once per store revision."""
    url = database_url()
    return _agreement_inputs(url, project_id, _store_for(url).revision())


def display_url(url: str) -> str:
    """Where the data lives, safe to show: a file path, or the URL without its password."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return mask_url(url)
    if parsed.get_backend_name() == "sqlite":
        return parsed.database or ":memory:"
    return mask_url(parsed)


def is_local(url: str) -> bool:
    """True when the database is an embedded SQLite file on this machine."""
    try:
        return make_url(url).get_backend_name() == "sqlite"
    except ArgumentError:
        return False
