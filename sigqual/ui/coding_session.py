"""What the coding pages (Koda, Granska) share in a browser session: the project's
suggestion service, the undo history, the cached views and the action runner.

Caching. The suggestion service is one object per database, project and learning
scope (st.cache_resource): it is shared by every session and changes only through its
own locked methods (see :class:`sigqual.coding.SuggestionService`). Each run looks
at ``Store.revision()`` once; when it moved, the newest audit rows say what changed
(:mod:`sigqual.coding.changes`). The document view and status of a document are
read again only when its codings changed, the decisions only after a decision, the
memos only after a memo, and the codebook and turns only after anything else, so an
action never re-reads the whole project. These are immutable records shared with
st.cache_resource (copying a long document's view on every rerun would cost more than
it protects) and no page changes them. The undo history is per session and per
project, in ``st.session_state``.

First open. Each project has one :class:`~sigqual.nlp.throttle.Foreground`, shared by
its suggestion services and every session: a coding page's rerun (:func:`busy`) and
every action (:func:`perform`, undo and redo) mark it busy, and the background vector
fill and calibration refit pause between their small steps while it is.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from types import MappingProxyType
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
from ..coding.changes import Tracker
from ..coding.document import status_of, visible
from ..coding.suggestions import decisions
from ..errors import SigqualError
from ..models import Document, Memo, Project, Segment
from ..nlp.throttle import Foreground
from ..store import Store
from . import access, state
from .i18n import describe_error, t
from .markup import escape_markdown
from .resources import get_store
from .widgets import blind, current_project, show_flashes

HISTORY = "coding.history"
THRESHOLD = "coding.threshold"
# Codes picked by hand for the current turn on Koda; emptied after coding and on undo.
PICKED = "coding.picked"
_ERRORS = "coding.errors"
_TOASTS = "coding.toasts"


@st.cache_resource(show_spinner=False, max_entries=16)
def _foreground(url: str, project_id: int) -> Foreground:
    """What a project's background work pauses for: its pages' reruns and actions."""
    return Foreground()


@contextmanager
def busy(store: Store, project_id: int) -> Iterator[None]:
    """Mark a coding page's rerun as running, so background work steps aside."""
    with _foreground(store.url, project_id).busy():
        yield


@st.cache_resource(show_spinner=False, max_entries=16)
def _service(url: str, project_id: int, blind_coder: str | None, _store: Store) -> SuggestionService:
    """One suggestion service per database, project and learning scope (see the service's
    docstring for why sharing it between sessions is safe).

    ``blind_coder`` is None when everyone's work teaches the model, else the one coder
    whose work does ("" while blind without a name: then nothing is learned).
    """
    return SuggestionService(_store, project_id, coder=blind_coder, embeddings="auto",
                             foreground=_foreground(url, project_id))


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
    version = look(store, project.id)
    coder = state.coder()
    return PageContext(store, project, version, codebook_now(store, project.id), coder,
                       bool(coder) and access.allowed("code", project.id, store))


class _Shared:
    """Per database and project, shared by every session: what changed since the last
    look (:class:`Tracker`) and the document statuses, kept up to date one document at
    a time."""

    def __init__(self, project_id: int) -> None:
        self.lock = threading.Lock()
        self.tracker = Tracker(project_id)
        self.statuses: dict[tuple[str, bool], tuple[int, dict[int, tuple[int, int]],
                                                    dict[int, DocumentStatus]]] = {}


@st.cache_resource(show_spinner=False, max_entries=16)
def _shared(url: str, project_id: int) -> _Shared:
    return _Shared(project_id)


def look(store: Store, project_id: int) -> int:
    """Look at the store once for this run (cheap: the revision counter, plus the newest
    audit rows when it moved) and return the revision."""
    shared = _shared(store.url, project_id)
    with shared.lock:
        shared.tracker.step(store)
        return shared.tracker.revision or 0


def _tracker(store: Store, project_id: int) -> Tracker:
    shared = _shared(store.url, project_id)
    if shared.tracker.revision is None:
        look(store, project_id)
    return shared.tracker


@st.cache_resource(show_spinner=False, max_entries=32)
def _codebook(url: str, project_id: int, key: tuple[int, int], _store: Store) -> Codebook:
    return _store.codebook(project_id)


def codebook_now(store: Store, project_id: int) -> Codebook:
    """The codebook, read again only after a change that was not a coding, memo or decision."""
    return _codebook(store.url, project_id, _tracker(store, project_id).key("all"), store)


@st.cache_resource(show_spinner=False, max_entries=64)
def _decisions(url: str, project_id: int, key: tuple[int, int], coder: str,
               _store: Store) -> Mapping[tuple[int, str], str]:
    return MappingProxyType(decisions(_store, project_id, coder))


def decisions_now(store: Store, project_id: int, coder: str) -> Mapping[tuple[int, str], str]:
    """The coder's accept/reject decisions, read-only (shared between sessions); read
    again only after a decision was written."""
    return _decisions(store.url, project_id, _tracker(store, project_id).key("feedback"), coder,
                      store)


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
        with service.foreground.busy():
            step = history(project_id).perform(access.session(project_id), action)
            service.apply(step.changes)
    except SigqualError as exc:
        note_error(exc)
        return False
    if later:
        toast_later(done)
    else:
        st.toast(escape_markdown(done), icon=":material/check_circle:")
    return True


def _undo(project_id: int, service: SuggestionService, redo: bool) -> None:
    stack = history(project_id)
    with service.foreground.busy():
        try:
            session = access.session(project_id)
            step = stack.redo(session) if redo else stack.undo(session)
        except SigqualError as exc:
            note_error(exc)
            return
        st.session_state.pop(PICKED, None)
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
                help=t("coding.undo_help", what=stack.undo_label) if stack.can_undo else None, wrap=True)
    right.button(t("coding.redo"), key=f"{prefix}-redo", icon=":material/redo:", shortcut="Y",
                 disabled=not (may_code and stack.can_redo), on_click=_undo,
                 args=(project_id, service, True), width="stretch",
                 help=t("coding.undo_help", what=stack.redo_label) if stack.can_redo else None, wrap=True)


@st.cache_resource(show_spinner=False, max_entries=8)
def _project_turns(url: str, project_id: int, epoch: int,
                   _store: Store) -> Mapping[int, tuple[Segment, ...]]:
    """Every document's turns: they change only with a text (an import, a rewrite), never
    with a coding, so they are read again only after such a change."""
    return MappingProxyType(segments_by_document(_store, project_id))


def turns_now(store: Store, project_id: int) -> Mapping[int, tuple[Segment, ...]]:
    return _project_turns(store.url, project_id, _tracker(store, project_id).epochs["all"], store)


def statuses(store: Store, project_id: int, coder: str, is_blind_now: bool
             ) -> tuple[DocumentStatus, ...]:
    """Every document's coding status. After a coding only the documents it touched are
    counted again (from their own codings), so an action never re-reads the project."""
    shared = _shared(store.url, project_id)
    tracker = _tracker(store, project_id)
    # ``is_blind_now`` keys the cache; the project's own settings decide (the layer's rule).
    with shared.lock:
        epoch = tracker.epochs["all"]
        kept = shared.statuses.get((coder, is_blind_now))
        if kept is None or kept[0] != epoch:
            documents = _documents(store.url, project_id, epoch, store)
            listed = document_statuses(store, project_id, coder=coder,
                                       settings=store.get_project(project_id).settings,
                                       documents=documents,
                                       segments=turns_now(store, project_id))
            kept = (epoch, {d.id: tracker.document_key(d.id) for d in documents},
                    {s.document_id: s for s in listed})
            shared.statuses[(coder, is_blind_now)] = kept
        stale = [doc for doc, key in kept[1].items() if tracker.document_key(doc) != key]
        if stale:
            documents = _documents(store.url, project_id, epoch, store)
            turns = turns_now(store, project_id)
            keys, by_id = dict(kept[1]), dict(kept[2])
            settings = store.get_project(project_id).settings
            for doc in documents:
                if doc.id in stale:
                    seen = visible(store.list_codings(project_id, document_id=doc.id), coder, settings)
                    by_id[doc.id] = status_of(doc, turns.get(doc.id, ()), seen)
                    keys[doc.id] = tracker.document_key(doc.id)
            kept = (epoch, keys, by_id)
            shared.statuses[(coder, is_blind_now)] = kept
        return tuple(kept[2].values())


@st.cache_resource(show_spinner=False, max_entries=8)
def _documents(url: str, project_id: int, epoch: int, _store: Store) -> tuple[Document, ...]:
    return tuple(_store.list_documents(project_id))


@st.cache_resource(show_spinner=False, max_entries=64)
def _view(url: str, project_id: int, document_id: int, key: tuple[int, int], coder: str,
          is_blind_now: bool, _store: Store, _codebook: Codebook) -> DocumentView:
    return load_view(_store, project_id, document_id, _codebook, coder=coder,
                     settings=_store.get_project(project_id).settings)


def document_view(store: Store, project_id: int, document_id: int, coder: str, is_blind_now: bool,
                  codebook: Codebook) -> DocumentView:
    """One document with the codings one may see; read again only after its codings (or
    something bigger) changed."""
    key = _tracker(store, project_id).document_key(document_id)
    return _view(store.url, project_id, document_id, key, coder, is_blind_now, store, codebook)


@st.cache_resource(show_spinner=False, max_entries=32)
def _memos(url: str, project_id: int, key: tuple[int, int], _store: Store) -> tuple[Memo, ...]:
    return tuple(_store.list_memos(project_id))


def memos(store: Store, project_id: int) -> tuple[Memo, ...]:
    return _memos(store.url, project_id, _tracker(store, project_id).key("memos"), store)
