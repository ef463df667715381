"""What the coding pages (Koda, Granska) share in a browser session: the project's
suggestion service, the undo history, the cached views and the action runner.

Caching. The suggestion service is a model: one object per database, project and
learning scope (st.cache_resource), shared by every session and changed only through
its own locked methods (see :class:`sigqual.coding.SuggestionService`). Everything
else is data: the document view, the status list, the turns, the codebook, the memos
and the coder's decisions are cached with st.cache_data under the store's revision
(:meth:`Store.revision`), which every committed write moves, so a rerun without a
write reads nothing and each caller gets its own copy. The undo history is per
session and per project, in ``st.session_state``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import streamlit as st

from ..codebook import Codebook
from ..coding import (
    Action,
    DocumentStatus,
    DocumentView,
    History,
    SuggestionService,
    document_statuses,
    load_view,
    segments_by_document,
)
from ..coding.suggestions import decisions
from ..errors import SigqualError
from ..models import Memo, Project, Segment
from ..store import Store
from . import access, state
from .i18n import describe_error, t
from .markup import escape_markdown
from .resources import get_store
from .widgets import blind, current_project, show_flashes

HISTORY = "coding.history"
THRESHOLD = "coding.threshold"
_ERRORS = "coding.errors"
_TOASTS = "coding.toasts"


@st.cache_resource(show_spinner=False, max_entries=16)
def _service(url: str, project_id: int, blind_coder: str | None, _store: Store) -> SuggestionService:
    """One suggestion service per database, project and learning scope (see the service's
    docstring for why sharing it between sessions is safe).

    ``blind_coder`` is None when everyone's work teaches the model, else the one coder
    whose work does ("" while blind without a name: then nothing is learned).
    """
    return SuggestionService(_store, project_id, coder=blind_coder, embeddings="auto")


def suggestion_service(store: Store, project: Project, codebook: Codebook) -> SuggestionService:
    """The project's shared service, built with a progress bar the first time and again
    after the codebook changed (new codes must be ranked too)."""
    scope = state.coder() if blind(project) else None
    service = _service(store.url, project.id, scope, store)
    if service.ready and service.codebook == codebook:
        return service
    bar = st.progress(0.0, text=t("coding.building"))
    service.ensure_ready(codebook, progress=lambda f, _m: bar.progress(
        min(1.0, f), text=t("coding.building")))
    bar.empty()
    service.warm_vectors()  # the turns' vectors, in the background (vector_progress() polls)
    return service


@dataclass(frozen=True)
class PageContext:
    """What every coding page starts from: the open project as of this rerun."""

    store: Store
    project: Project
    version: int
    codebook: Codebook
    coder: str
    may_code: bool

    @property
    def pid(self) -> int:
        return self.project.id


def open_coding_page(title_key: str) -> PageContext | None:
    """Title, pending messages and the open project; None when no project is open."""
    store = get_store()
    st.title(t(title_key))
    show_flashes()
    show_noted_errors()
    project = current_project(store)
    if project is None:
        return None
    version = store.revision()
    coder = state.coder()
    return PageContext(store, project, version, cached_codebook(store.url, project.id, version, store),
                       coder, bool(coder) and access.allowed("code", project.id, store))


@st.cache_data(show_spinner=False, max_entries=32)
def cached_codebook(url: str, project_id: int, version: int, _store: Store) -> Codebook:
    """The codebook as of store revision ``version``."""
    return _store.codebook(project_id)


@st.cache_data(show_spinner=False, max_entries=64)
def cached_decisions(url: str, project_id: int, version: int, coder: str,
                     _store: Store) -> Mapping[tuple[int, str], str]:
    """The coder's accept/reject decisions as of store revision ``version``."""
    return dict(decisions(_store, project_id, coder))


def history(project_id: int) -> History:
    """This browser session's undo history for a project (shared by Koda and Granska)."""
    stacks = st.session_state.setdefault(HISTORY, {})
    if project_id not in stacks:
        stacks[project_id] = History(project_id)
    return stacks[project_id]


def note_error(exc: BaseException) -> None:
    st.session_state.setdefault(_ERRORS, []).append(describe_error(exc))


def toast_later(message: str) -> None:
    """A toast for the run after an action that ends with ``st.rerun()``."""
    st.session_state.setdefault(_TOASTS, []).append(message)


def show_noted_errors() -> None:
    """Errors of callbacks and toasts left for this run, shown at the top of the page."""
    for message in st.session_state.pop(_ERRORS, []):
        st.error(escape_markdown(message), icon=":material/error:")
    for message in st.session_state.pop(_TOASTS, []):
        st.toast(escape_markdown(message), icon=":material/check_circle:")


def perform(project_id: int, service: SuggestionService, action: Action, done: str, *,
            later: bool = False) -> bool:
    """Apply an action through the store, teach the suggester, then acknowledge it.

    ``later`` keeps the toast for the next run (for actions followed by ``st.rerun()``).
    """
    try:
        step = history(project_id).perform(access.session(project_id), action)
    except SigqualError as exc:
        note_error(exc)
        return False
    service.apply(step.changes)
    if later:
        toast_later(done)
    else:
        st.toast(escape_markdown(done), icon=":material/check_circle:")
    return True


def _undo(project_id: int, service: SuggestionService, redo: bool) -> None:
    stack = history(project_id)
    try:
        session = access.session(project_id)
        step = stack.redo(session) if redo else stack.undo(session)
    except SigqualError as exc:
        note_error(exc)
        return
    if step is None:
        return
    service.apply(step.changes)
    key = "coding.toast.redone" if redo else "coding.toast.undone"
    st.toast(escape_markdown(t(key, what=step.action.label)), icon=":material/undo:")


def undo_buttons(project_id: int, service: SuggestionService, *, may_code: bool, prefix: str,
                 places: tuple[Any, Any] | None = None) -> None:
    """Undo and redo, labelled with what they would take back or do again.

    ``places`` are two containers to draw into (default: two new columns).
    """
    stack = history(project_id)
    left, right = places if places is not None else st.columns(2)
    left.button(t("coding.undo"), key=f"{prefix}-undo", icon=":material/undo:", shortcut="Z",
                disabled=not (may_code and stack.can_undo), on_click=_undo,
                args=(project_id, service, False), width="stretch",
                help=t("coding.undo_help", what=stack.undo_label) if stack.can_undo else None)
    right.button(t("coding.redo"), key=f"{prefix}-redo", icon=":material/redo:", shortcut="Y",
                 disabled=not (may_code and stack.can_redo), on_click=_undo,
                 args=(project_id, service, True), width="stretch",
                 help=t("coding.undo_help", what=stack.redo_label) if stack.can_redo else None)


@st.cache_data(show_spinner=False, max_entries=8)
def project_turns(url: str, project_id: int, version: int,
                  _store: Store) -> Mapping[int, tuple[Segment, ...]]:
    """Every document's turns as of store revision ``version``."""
    return dict(segments_by_document(_store, project_id))


def turns_now(store: Store, project_id: int) -> Mapping[int, tuple[Segment, ...]]:
    return project_turns(store.url, project_id, store.revision(), store)


@st.cache_data(show_spinner=False, max_entries=32)
def statuses(url: str, project_id: int, version: int, coder: str, is_blind_now: bool,
             _store: Store) -> tuple[DocumentStatus, ...]:
    documents = _store.list_documents(project_id)
    return tuple(document_statuses(_store, project_id, coder=coder,
                                   settings=_store.get_project(project_id).settings,
                                   documents=documents,
                                   segments=turns_now(_store, project_id)))


@st.cache_data(show_spinner=False, max_entries=64)
def document_view(url: str, project_id: int, document_id: int, version: int, coder: str,
          is_blind_now: bool, _store: Store, _codebook: Codebook) -> DocumentView:
    return load_view(_store, project_id, document_id, _codebook, coder=coder,
                     settings=_store.get_project(project_id).settings)


@st.cache_data(show_spinner=False, max_entries=32)
def memos(url: str, project_id: int, version: int, _store: Store) -> tuple[Memo, ...]:
    return tuple(_store.list_memos(project_id))
