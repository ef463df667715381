"""*Avidentifiera*: find personal data in every transcript, review each finding in
context, decide in bulk, preview the result and rewrite the project with consistent
pseudonyms ("[Namn 1]"), keeping the key apart or not at all."""

from __future__ import annotations

import streamlit as st

from ...errors import SigqualError
from ...models import Document, Project
from ...privacy import DEFAULT_KINDS, KINDS, DetectOptions, ReviewItem, decide_all, set_status, summary
from ...store import Store
from .. import access, state
from ..i18n import num, t
from ..markup import escape_markdown
from ..privacy_view import (
    KEY_MODES,
    STATUS_FILTERS,
    ReviewState,
    add_phrase,
    apply_review,
    check_key_path,
    check_passphrase,
    context_html,
    distinct_texts,
    document_rows,
    filtered_items,
    item_context,
    preview_document,
    preview_html,
    scan,
    stale_documents,
)
from ..resources import database_url, get_store
from ..widgets import current_project, download_button, show_error, show_flashes

_KIND_KEYS = {k: f"avid.kind.{k}" for k in KINDS}
_STATUS_KEYS = {"pending": "avid.status.pending", "accepted": "avid.status.accepted",
                "rejected": "avid.status.rejected", "all": "common.all"}
_KEY_MODE_KEYS = {"file": "avid.key.file", "download": "avid.key.download",
                  "none": "avid.key.none"}
_REVIEWS = "avid.reviews"
_KEY_DOWNLOAD = "avid.key_download"
AUTO_ACCEPT = 0.9
PER_PAGE = 25


def render() -> None:
    """The Avidentifiera page."""
    store = get_store()
    st.title(t("avid.title"))
    show_flashes()
    project = current_project(store)
    if project is None:
        return
    access.require("code", project.id)
    _pending_key_download(project)
    st.markdown(t("avid.intro"))
    documents = store.list_documents(project.id)
    if not documents:
        st.info(t("avid.scan.no_documents"), icon=":material/info:")
        return
    current = _review_state(project.id)
    with st.expander(t("avid.scan.heading"), expanded=current is None,
                     icon=":material/manage_search:"):
        _scan_form(project, documents, again=current is not None)
    current = _review_state(project.id)
    if current is None:
        return
    if not current.review.items:
        st.info(t("avid.scan.none_found"), icon=":material/info:")
        return
    stale = stale_documents(documents, current.hashes)
    if stale:
        st.warning(t("avid.stale", names=escape_markdown(", ".join(stale))),
                   icon=":material/sync_problem:")
    _summary(project.id, current)
    labels = {k: t(v) for k, v in _KIND_KEYS.items()}
    review_tab, bulk_tab, add_tab, preview_tab, apply_tab = st.tabs(
        [t("avid.tab.review"), t("avid.tab.bulk"), t("avid.tab.add"), t("avid.tab.preview"),
         t("avid.tab.apply")])
    with review_tab:
        _review_section(project.id, documents, labels)
    with bulk_tab:
        _bulk_section(project.id, labels)
    with add_tab:
        _add_section(project.id, documents, labels)
    with preview_tab:
        _preview_section(project.id, documents)
    with apply_tab:
        _apply_section(store, project, bool(stale))


# -- session -------------------------------------------------------------------

def _review_state(pid: int) -> ReviewState | None:
    return state.get(_REVIEWS, {}).get(pid)


def _put_review(pid: int, value: ReviewState | None, *, reset_widgets: bool = True) -> None:
    reviews = dict(state.get(_REVIEWS, {}))
    if value is None:
        reviews.pop(pid, None)
    else:
        reviews[pid] = value
    state.put(_REVIEWS, reviews)
    if reset_widgets:
        state.reset("avid-items")


def _change(pid: int, make: object) -> int:
    """Apply ``make(review) -> review`` to the session's review; returns findings changed."""
    current = _review_state(pid)
    if current is None:
        return 0
    new = make(current.review)  # type: ignore[operator]
    changed = sum(1 for a, b in zip(current.review.items, new.items, strict=False) if a != b)
    _put_review(pid, current.change(new))
    return changed


# -- scan ----------------------------------------------------------------------

def _lines(text: str) -> frozenset[str]:
    return frozenset(line.strip() for line in text.splitlines() if line.strip())


def _scan_form(project: Project, documents: list[Document], *, again: bool) -> None:
    labels = {k: t(v) for k, v in _KIND_KEYS.items()}
    pid = project.id
    with st.form(f"avid-scan-{pid}"):
        kinds = st.multiselect(t("avid.scan.kinds"), list(KINDS),
                               default=[k for k in KINDS if k in DEFAULT_KINDS],
                               format_func=labels.__getitem__, key=f"avid-{pid}-kinds",
                               placeholder=t("avid.scan.kinds_placeholder"),
                               help=t("avid.scan.kinds_help"))
        c1, c2 = st.columns(2)
        allow = c1.text_area(t("avid.scan.allow"), key=f"avid-{pid}-allow",
                             help=t("avid.scan.allow_help"), height=100)
        names = c2.text_area(t("avid.scan.names"), key=f"avid-{pid}-names",
                             help=t("avid.scan.names_help"), height=100)
        auto = st.toggle(t("avid.scan.auto"), key=f"avid-{pid}-auto", help=t("avid.scan.auto_help"),
                         wrap=True)
        label = t("avid.scan.again") if again else t("avid.scan.run")
        submitted = st.form_submit_button(label, type="secondary" if again else "primary",
                                          icon=":material/manage_search:", wrap=True)
    if not submitted:
        return
    try:
        options = DetectOptions(kinds=frozenset(kinds), allow=_lines(allow), names=_lines(names))
    except SigqualError as exc:
        show_error(exc)
        return
    bar = st.progress(0.0, text=t("avid.scan.progress", name=escape_markdown(documents[0].name)))
    result = scan(documents, options, accept_from=AUTO_ACCEPT if auto else None,
                  progress=lambda share, name: bar.progress(
                      share, text=t("avid.scan.progress", name=escape_markdown(name))))
    bar.empty()
    _put_review(pid, result)
    st.rerun()


def _summary(pid: int, current: ReviewState) -> None:
    counts = summary(current.review)["status"]
    total = sum(counts.values())
    decided = total - counts["pending"]
    share = round(100 * decided / total) if total else 100
    st.progress(decided / total if total else 1.0, text=t("avid.decided", share=share))
    with st.container(horizontal=True, vertical_alignment="center"):
        st.markdown(t("avid.summary", total=total, **counts))
        if current.history and st.button(t("avid.undo"), icon=":material/undo:",
                                         key="avid-undo", wrap=True):
            _put_review(pid, current.undo())
            st.rerun()


# -- review --------------------------------------------------------------------

def _decide(pid: int, item_id: str, widget_key: str) -> None:
    """A decision on one finding; the widget already shows it, so no widget reset."""
    value = st.session_state.get(widget_key)
    current = _review_state(pid)
    if current is None or value is None:
        return
    _put_review(pid, current.change(set_status(current.review, item_id, value)),
                reset_widgets=False)


def _review_section(pid: int, documents: list[Document], labels: dict[str, str]) -> None:
    current = _review_state(pid)
    assert current is not None
    rows = {r.id: r for r in document_rows(current.review, documents) if r.total}
    if not rows:
        st.info(t("avid.no_items"))
        return
    texts = {d.id: d.text for d in documents}
    row_labels = {doc_id: t("avid.document_label", name=r.name, total=r.total, pending=r.pending)
                  for doc_id, r in rows.items()}
    c1, c2 = st.columns([3, 2], vertical_alignment="bottom")
    doc_id = c1.selectbox(t("avid.document"), list(rows), key=f"avid-{pid}-doc",
                          format_func=row_labels.__getitem__)
    status_labels = {s: t(_STATUS_KEYS[s]) for s in STATUS_FILTERS}
    shown = c2.segmented_control(t("avid.show"), list(STATUS_FILTERS), default="all",
                                 required=True, key=f"avid-{pid}-filter",
                                 format_func=status_labels.__getitem__, wrap=True) or "all"
    items = filtered_items(current.review, doc_id, shown)
    if not items:
        st.info(t("avid.no_items"))
    else:
        _item_list(pid, items, texts[doc_id], labels)
    with st.container(horizontal=True):
        if st.button(t("avid.doc_accept"), icon=":material/done_all:", key="avid-doc-accept", wrap=True):
            _change(pid, lambda r: decide_all(r, "accepted", document_id=doc_id))
            st.rerun()
        if st.button(t("avid.doc_reject"), icon=":material/block:", key="avid-doc-reject", wrap=True):
            _change(pid, lambda r: decide_all(r, "rejected", document_id=doc_id))
            st.rerun()


def _item_list(pid: int, items: list[ReviewItem], text: str, labels: dict[str, str]) -> None:
    pages = (len(items) + PER_PAGE - 1) // PER_PAGE
    page = 1
    if pages > 1:
        page = int(st.columns(4)[0].number_input(t("avid.page"), min_value=1, max_value=pages,
                                                 value=1, step=1, key=f"avid-{pid}-page"))
    decisions = {s: t(_STATUS_KEYS[s]) for s in ("accepted", "rejected", "pending")}
    prefix = state.versioned_key("avid-items")
    for item in items[(page - 1) * PER_PAGE: page * PER_PAGE]:
        with st.container(border=True):
            left, right = st.columns([4, 2], vertical_alignment="center")
            kind = labels.get(item.finding.kind, item.finding.kind)
            meta = (t("avid.item_manual", kind=kind) if item.manual else
                    t("avid.item_meta", kind=kind, confidence=num(item.finding.confidence, 2)))
            left.html(context_html(item_context(text, item), meta))
            key = f"{prefix}-{item.id}"
            right.segmented_control(t("avid.decision"), list(decisions), default=item.status,
                                    required=True, key=key, format_func=decisions.__getitem__,
                                    label_visibility="collapsed", on_change=_decide,
                                    args=(pid, item.id, key), wrap=True)


# -- bulk decisions ------------------------------------------------------------

def _bulk_section(pid: int, labels: dict[str, str]) -> None:
    current = _review_state(pid)
    assert current is not None
    kinds = summary(current.review)["kind"]
    st.markdown(f"**{t('avid.bulk.kind')}**")
    st.caption(t("avid.bulk.kind_help"))
    kind_labels = {k: t("avid.bulk.kind_label", kind=labels.get(k, k), n=n) for k, n in kinds.items()}
    with st.container(horizontal=True, vertical_alignment="bottom"):
        kind = st.selectbox(t("avid.add.kind"), list(kinds), key=f"avid-{pid}-bulk-kind",
                            format_func=kind_labels.__getitem__)
        _bulk_buttons(pid, "kind", lambda status: (lambda r: decide_all(r, status, kind=kind)))
    st.divider()
    st.markdown(f"**{t('avid.bulk.text')}**")
    st.caption(t("avid.bulk.text_help"))
    found = distinct_texts(current.review)
    text_labels = {text: t("avid.bulk.text_label", text=text, n=n) for text, n in found}
    with st.container(horizontal=True, vertical_alignment="bottom"):
        text = st.selectbox(t("avid.add.text"), list(text_labels), key=f"avid-{pid}-bulk-text",
                            format_func=text_labels.__getitem__)
        _bulk_buttons(pid, "text", lambda status: (
            lambda r: decide_all(r, status, text=text, only_pending=False)))


def _bulk_buttons(pid: int, name: str, decision: object) -> None:
    for status, key, icon in (("accepted", "avid.bulk.accept", ":material/done_all:"),
                              ("rejected", "avid.bulk.reject", ":material/block:")):
        if st.button(t(key), icon=icon, key=f"avid-bulk-{name}-{status}", wrap=True):
            changed = _change(pid, decision(status))  # type: ignore[operator]
            state.flash("success", t("avid.bulk.done", n=changed))
            st.rerun()


# -- add -----------------------------------------------------------------------

def _add_section(pid: int, documents: list[Document], labels: dict[str, str]) -> None:
    st.markdown(t("avid.add.intro"))
    names = {d.id: d.name for d in documents}
    everywhere = t("avid.add.all_documents")
    with st.form(f"avid-add-{pid}", clear_on_submit=True):
        c1, c2, c3 = st.columns([2, 1, 2])
        phrase = c1.text_input(t("avid.add.text"), key=f"avid-{pid}-add-text")
        kind = c2.selectbox(t("avid.add.kind"), list(KINDS), format_func=labels.__getitem__,
                            key=f"avid-{pid}-add-kind")
        where = c3.selectbox(t("avid.add.where"), [0, *names], key=f"avid-{pid}-add-where",
                             format_func=lambda i: names.get(i, everywhere))
        submitted = st.form_submit_button(t("avid.add.run"), icon=":material/add:", wrap=True)
    if not submitted:
        return
    current = _review_state(pid)
    assert current is not None
    targets = list(names) if where == 0 else [where]
    try:
        review, added, skipped = add_phrase(current.review, {d.id: d.text for d in documents},
                                            phrase, kind, targets)
    except SigqualError as exc:
        show_error(exc)
        return
    if skipped:
        st.warning(t("avid.add.skipped", n=len(skipped),
                     reasons=escape_markdown("; ".join(sorted(set(skipped))))))
    if not added:
        st.info(t("avid.add.none"))
        return
    _put_review(pid, current.change(review))
    state.flash("success", t("avid.add.done", n=added))
    st.rerun()


# -- preview -------------------------------------------------------------------

def _preview_section(pid: int, documents: list[Document]) -> None:
    current = _review_state(pid)
    assert current is not None
    st.caption(t("avid.preview.intro"))
    names = {d.id: d.name for d in documents}
    ids = list(names)
    reviewed = state.get(f"avid-{pid}-doc")
    doc_id = st.selectbox(t("avid.document"), ids, key=f"avid-{pid}-preview-doc",
                          index=ids.index(reviewed) if reviewed in ids else 0,
                          format_func=names.__getitem__)
    try:
        new_text, replacements = preview_document([(d.id, d.text) for d in documents],
                                                  current.review, doc_id)
    except SigqualError as exc:
        show_error(exc)
        return
    with st.container(height=420, border=True):
        st.html(preview_html(new_text, replacements))


# -- apply ---------------------------------------------------------------------

def _apply_section(store: Store, project: Project, stale: bool) -> None:
    pid = project.id
    if not access.require("pseudonymize", pid, stop=False):
        return
    current = _review_state(pid)
    assert current is not None
    st.warning(t("avid.apply.warning"), icon=":material/warning:")
    counts = summary(current.review)["status"]
    if counts["pending"]:
        st.info(t("avid.apply.pending", n=counts["pending"]), icon=":material/pending:")
    if not counts["accepted"]:
        st.info(t("avid.apply.nothing"))
        return
    may_write_files = access.is_server_admin()
    modes = [m for m in KEY_MODES if m != "file" or may_write_files]
    mode_labels = {m: t(k) for m, k in _KEY_MODE_KEYS.items()}
    mode = st.radio(t("avid.key.mode"), modes, key=f"avid-{pid}-key-mode",
                    format_func=mode_labels.__getitem__, horizontal=True)
    if not may_write_files:
        st.caption(t("avid.apply.path_only_admin"))
    path_text, passphrase, repeated = "", "", ""
    if mode == "file":
        path_text = st.text_input(t("avid.key.path"), key=f"avid-{pid}-key-path",
                                  placeholder="/media/usb/projekt-nyckel.sqkey",
                                  help=t("avid.key.path_help"))
    if mode in ("file", "download"):
        c1, c2 = st.columns(2)
        passphrase = c1.text_input(t("avid.key.passphrase"), type="password",
                                   key=f"avid-{pid}-pass", help=t("avid.key.passphrase_help"))
        repeated = c2.text_input(t("avid.key.repeat"), type="password", key=f"avid-{pid}-pass2")
    else:
        st.caption(t("avid.key.none_help"))
    confirm = st.checkbox(t("avid.confirm"), key=f"avid-{pid}-confirm", wrap=True)
    if not st.button(t("avid.apply.run"), type="primary", icon=":material/shield_person:",
                     disabled=not confirm or stale, key="avid-apply", wrap=True):
        return
    try:
        key_path = None
        if mode == "file":
            key_path, warnings = check_key_path(path_text, database_url())
            for warning in warnings:
                st.warning(escape_markdown(warning))
        if mode != "none":
            check_passphrase(passphrase, repeated)
        with st.spinner(t("avid.apply.running")):
            applied = apply_review(access.session(pid, store), current, key_mode=str(mode),
                                   key_path=key_path, passphrase=passphrase)
    except SigqualError as exc:
        show_error(exc)
        return
    result = applied.result
    state.flash("success", t("avid.apply.done", replacements=result.replacements,
                             documents=result.documents, codings=result.codings,
                             memos=result.memos, renamed=result.documents_renamed,
                             logged=result.audit_entries))
    if applied.key_path is not None:
        state.flash("success", t("avid.apply.key_saved", path=str(applied.key_path)))
    elif applied.key_download is None:
        state.flash("info", t("avid.apply.no_key"))
    if applied.key_download is not None:
        state.put(_KEY_DOWNLOAD, (pid, applied.key_download))
    _put_review(pid, None)
    for suffix in ("pass", "pass2", "confirm", "key-path"):
        state.drop(f"avid-{pid}-{suffix}")
    st.rerun()


def _pending_key_download(project: Project) -> None:
    """The encrypted key after a rewrite, offered until the user says it is saved."""
    kept = state.get(_KEY_DOWNLOAD)
    if kept is None or kept[0] != project.id:
        return
    with st.container(border=True):
        st.info(t("avid.key.ready"), icon=":material/key:")
        with st.container(horizontal=True):
            download_button(kept[1], t("avid.key.button"), key="avid-key-download")
            if st.button(t("avid.key.saved"), icon=":material/check:", key="avid-key-saved", wrap=True):
                state.drop(_KEY_DOWNLOAD)
                st.rerun()
