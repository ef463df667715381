"""Derived data of the analysis pages, cached on the store's revision token.

``Store.revision()`` changes with every write, so a result keyed on it is right until the
next write anywhere; a rerun in between (a click, a tab, a widget elsewhere) reads nothing
and recomputes nothing. Every key also names who looks (the coder while the project is
coded blind) and the filters in force.

The objects handed out are shared between reruns and sessions (``st.cache_resource``):
frames and figures built once and read many times, never changed by their callers. A
caller that needs to change one makes its own copy. Arguments whose names start with an
underscore are not hashed by Streamlit: the readable key in front of them stands for them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import streamlit as st

from .resources import codings_frame, database_url, get_store

if TYPE_CHECKING:
    import pandas as pd

    from ..codebook import Codebook
    from .compare_view import CompareData, CompareFilters

Revision = tuple[str, tuple[int, int, str]]


def revision() -> Revision:
    """(database URL, store revision): the part of every key that moves with writes."""
    return database_url(), get_store().revision()


@dataclass(frozen=True)
class Viewer:
    """Whose view of the codings: everybody's, or one coder's own while blind."""

    blind: bool
    coder: str | None

    @classmethod
    def of(cls, blind: bool, coder: str) -> Viewer:
        return cls(blind=blind, coder=coder if blind else None)


@dataclass(frozen=True)
class ProjectBase:
    """What every analysis rerun starts from: visible codings, documents, filter choices."""

    codings: pd.DataFrame
    documents: pd.DataFrame
    attribute_values: dict[str, list[str]]
    coders: list[str]


# A viewer is keyed by its text: hashing the record field by field cost more than the look-up.
_BY_TEXT = {Viewer: repr}


@st.cache_resource(show_spinner=False, max_entries=8, hash_funcs=_BY_TEXT)
def project_base(rev: Revision, pid: int, viewer: Viewer) -> ProjectBase:
    from ..agreement.blind import BLIND_SETTING, visible_codings
    from .compare_view import project_documents

    store = get_store()
    everything = project_codings(rev, pid)
    visible = visible_codings(everything, viewer.coder, {BLIND_SETTING: viewer.blind})
    coders = sorted({str(c) for c in visible["coder"].dropna()})
    return ProjectBase(codings=visible, documents=project_documents(store, pid),
                       attribute_values=store.attribute_values(pid), coders=coders)


@st.cache_resource(show_spinner=False, max_entries=4)
def codebook(rev: Revision, pid: int) -> Codebook:
    """The project's codebook (immutable), read once per revision instead of every rerun."""
    return get_store().codebook(pid)


@st.cache_resource(show_spinner=False, max_entries=4)
def project_codings(rev: Revision, pid: int) -> pd.DataFrame:
    """Every coding of the project (everyone's), shared until the next write."""
    return codings_frame(pid)


@st.cache_resource(show_spinner=False, max_entries=2)
def project_segments(rev: Revision, pid: int) -> pd.DataFrame:
    """Every speaker turn of the project as a frame, read once per revision."""
    from ..compare import segments_frame

    store = get_store()
    return segments_frame(store.project_segments(pid), store.list_documents(pid))


@st.cache_resource(show_spinner=False, max_entries=16, hash_funcs=_BY_TEXT)
def selection(rev: Revision, pid: int, viewer: Viewer, filters_key: str,
              _filters: CompareFilters) -> CompareData:
    """The filtered documents and codings (``filters_key`` is the filters' repr)."""
    from .compare_view import select

    base = project_base(rev, pid, viewer)
    return select(base.codings, base.documents, _filters)


def derived(key: tuple[Any, ...], build: Callable[[], Any]) -> Any:
    """Any result built from a selection; ``key`` names everything ``build`` reads.

    Put the revision, project, viewer and filters key first, then the result's own
    choices (and its name, so two results never share a key). The key is handed to the
    cache as its text: Streamlit hashes a string at once, while it walks a tuple of
    records item by item, which a page asking for ten results paid on every rerun.
    """
    return _derived(repr(key), build)


@st.cache_resource(show_spinner=False, max_entries=128)
def _derived(key: str, _build: Callable[[], Any]) -> Any:
    return _build()


def filters_key(filters: CompareFilters) -> str:
    """A stable text for a frozen filters record (its attributes sorted by name)."""
    attributes = tuple(sorted((k, tuple(v)) for k, v in filters.attributes.items()))
    return repr((filters.groups, filters.phases, filters.coders, filters.interview_types,
                 attributes))


def codes_key(codes: Sequence[str]) -> tuple[str, ...]:
    return tuple(str(c) for c in codes)


@st.cache_resource(show_spinner=False, max_entries=4)
def agreement_inputs(rev: Revision, pid: int) -> Any:
    """Codings, turns and codebook for the agreement page, read once per revision."""
    from ..agreement import load_inputs

    return load_inputs(get_store(), pid)
