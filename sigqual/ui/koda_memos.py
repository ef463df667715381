"""Koda's memos: on the current turn, on the document and on a code, each with a list
and a small form. Kept apart from the page so the page stays readable."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from ..codebook import Codebook
from ..coding import DocumentView, Turn
from ..errors import SigqualError
from ..models import Memo
from . import access
from .coding_session import memos, note_error
from .i18n import t
from .markup import escape_markdown
from .resources import get_store


def _add_memo(pid: int, coder: str, target: dict[str, object], text_key: str, title_key: str) -> None:
    text = str(st.session_state.get(text_key) or "")
    title = str(st.session_state.get(title_key) or "").strip()
    try:
        access.session(pid).add_memo(text, title=title, **target)  # type: ignore[arg-type]
    except SigqualError as exc:
        note_error(exc)
        return
    st.toast(t("koda.toast.memo"), icon=":material/sticky_note_2:")


def _delete_memo(pid: int, memo_id: int, version: int) -> None:
    try:
        access.session(pid).delete_memo(memo_id, expected_version=version)
    except SigqualError as exc:
        note_error(exc)
        return
    st.toast(t("koda.toast.memo_deleted"), icon=":material/delete:")


def memo_section(view: DocumentView, turn: Turn, codebook: Codebook, pid: int, coder: str,
                  may_code: bool) -> None:
    store = get_store()
    saved = memos(store, pid)
    doc_id = view.document.id
    on_turn = [m for m in saved if m.segment_id == turn.segment_id and turn.segment_id is not None]
    on_doc = [m for m in saved if m.document_id == doc_id and m.segment_id is None]
    # A toggle, not an expander: a closed expander still builds its forms on every rerun,
    # and the memo forms are the heaviest part of an action's rerun.
    if not st.toggle(t("koda.memos", n=len(on_turn) + len(on_doc)), key="koda-memos-open", wrap=True):
        return
    with st.container(border=True):
        turn_tab, doc_tab, code_tab = st.tabs([t("koda.memo.turn"), t("koda.memo.document"),
                                               t("koda.memo.code")])
        with turn_tab:
            _memo_list(on_turn, coder, may_code)
            _memo_form(pid, coder, may_code, f"turn-{turn.segment_id}",
                       {"document_id": doc_id, "segment_id": turn.segment_id})
        with doc_tab:
            _memo_list(on_doc, coder, may_code)
            _memo_form(pid, coder, may_code, f"doc-{doc_id}", {"document_id": doc_id})
        with code_tab:
            options = [c.id for c in codebook.codes_for_group(view.group)]
            if not options:
                st.caption(t("koda.no_codes"))
                return
            first = sorted(turn.code_ids, key=options.index)[0] if turn.code_ids & set(options) else None
            code_id = st.selectbox(t("koda.memo.which_code"), options, key="koda-memo-code",
                                   index=options.index(first) if first else 0,
                                   format_func=lambda c: codebook.code(c).label)
            _memo_list([m for m in saved if m.code_key == code_id], coder, may_code)
            _memo_form(pid, coder, may_code, f"code-{code_id}", {"code_key": code_id})


def _memo_list(memos: Sequence[Memo], coder: str, may_code: bool) -> None:
    may_administer = bool(memos) and access.allowed("settings", memos[0].project_id)
    if not memos:
        st.caption(t("koda.memo.none"))
    for memo in memos:
        left, right = st.columns([9, 1], vertical_alignment="top")
        head = f"**{escape_markdown(memo.title)}** · " if memo.title else ""
        left.markdown(head + t("koda.memo.by", author=escape_markdown(memo.author or "–")))
        left.markdown(escape_markdown(memo.text))
        own = memo.author == coder or may_administer
        right.button("", key=f"koda-memo-del-{memo.id}", icon=":material/delete:",
                     disabled=not (may_code and own), on_click=_delete_memo,
                     args=(memo.project_id, memo.id, memo.version), help=t("koda.memo.delete"), wrap=True)


def _memo_form(pid: int, coder: str, may_code: bool, name: str, target: dict[str, object]) -> None:
    text_key, title_key = f"koda-memo-text-{name}", f"koda-memo-title-{name}"
    with st.form(f"koda-memo-form-{name}", clear_on_submit=True, border=False):
        st.text_input(t("koda.memo.title"), key=title_key)
        st.text_area(t("koda.memo.text"), key=text_key, height=90)
        st.form_submit_button(t("koda.memo.save"), icon=":material/save:", disabled=not may_code,
                              on_click=_add_memo, args=(pid, coder, target, text_key, title_key), wrap=True)
