"""*Uppföljning*: register extracts and attendance lists beside the interviews.

Import a cases, events or attendance file (CSV or Excel), read the preview and accept
it before anything is stored; then Table 2 with its summary, Figures 3a-j, Figure 4 and
the continuity table, the target group and the joint display of outcomes and interview
codes, each downloadable. Every read and write goes through a ``ProjectSession``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from ... import i18n
from ...app import ProjectSession, blind_from_settings
from ...charts.output import figure_html
from ...codebook import Codebook
from ...compare.frames import documents_frame
from ...errors import InputError, SigqualError
from ...export import slug
from ...models import Project
from ...outcomes import figures as F
from ...outcomes import joint
from ...outcomes import tables as T
from ...outcomes.importing import ImportPreview, parse_overrides
from ...outcomes.publish import CAPTIONS, MODES, OUTCOME_TABLE_KEYS, Protection, outcome_tables
from ...outcomes.service import OutcomeData, accept_preview, preview_file, read_outcomes
from ...store import Store
from .. import access, analysis_cache, state
from ..downloads import TABLE_FORMATS, format_name, tables_download
from ..grid_text import GridLayout, grid_layout, text_grid
from ..i18n import localise, t
from ..markup import escape_markdown
from ..resources import get_store
from ..widgets import current_project, download_button, show_error, show_flashes, visible_frame

PREVIEW = "uppf-preview"
UPLOADER = "uppf-upload"
KEY_UPLOADER = "uppf-key-upload"
KINDS = ("cases", "events", "attendance")
# UI text keys spelled out, so every key the page uses can be found in the source.
TAB_KEYS = {"import": "uppf.tab.import", "table2": "uppf.tab.table2", "fig3": "uppf.tab.fig3",
            "fig4": "uppf.tab.fig4", "target": "uppf.tab.target", "joint": "uppf.tab.joint",
            "protect": "uppf.tab.protect"}
KIND_KEYS = {"cases": "uppf.kind.cases", "events": "uppf.kind.events", "attendance": "uppf.kind.attendance"}
MODE_KEYS = {"mark": "uppf.mode.mark", "suppress": "uppf.mode.suppress", "off": "uppf.mode.off"}
VIEW_KEYS = {"grid": "uppf.grid", "one": "uppf.one"}


def _labels(keys: dict[str, str]) -> dict[str, str]:
    """Option labels looked up now, in the session's language (format functions may run later)."""
    return {value: t(key) for value, key in keys.items()}


def render() -> None:
    """The Uppföljning page."""
    store = get_store()
    st.title(t("uppf.title"))
    show_flashes()
    project = current_project(store)
    if project is None:
        return
    st.caption(t("uppf.intro"))
    session = access.session(project.id, store)
    # What the tabs show is kept until the next write (and per cases chosen and language):
    # rebuilding every table and figure on each rerun took most of a second at a thousand
    # interviews. The session still checks the right to read on every run.
    rev = analysis_cache.revision()
    try:
        session.require("read")
        data = analysis_cache.derived((rev, project.id, "outcomes"), lambda: read_outcomes(session))
    except SigqualError as exc:
        show_error(exc)
        return
    lang = state.lang()
    names = list(TAB_KEYS)
    tabs = dict(zip(names, st.tabs([t(TAB_KEYS[n]) for n in names]), strict=True))
    with tabs["import"]:
        _import(session)
    if data.empty:
        for name in names[1:]:
            with tabs[name]:
                st.info(t("uppf.empty"), icon=":material/info:")
        return
    rule = Protection.from_settings(project.settings)
    picked = _picked(data, project)
    chosen = analysis_cache.derived((rev, project.id, "outcomes", picked),
                                    lambda: _filtered(data, picked))
    key = (rev, project.id, "uppf", picked, lang)
    with tabs["table2"]:
        _table2(key, chosen, project, rule, lang)
    with tabs["fig3"]:
        _figures3(key, chosen, project, lang)
    with tabs["fig4"]:
        _figure4(key, chosen, project, lang)
    with tabs["target"]:
        _grid((*key, "target"),
              lambda: T.target_group_frame(T.target_group(chosen.cases, chosen.events), lang),
              hide_index=True)
    with tabs["joint"]:
        _joint(key, store, project, chosen, lang)
    with tabs["protect"]:
        _protection(session, rule)


def _grid(key: tuple, build: Callable[[], pd.DataFrame], columns: list[str] | None = None,
          **kwargs: Any) -> None:
    """A text grid of the frame ``build`` makes, kept with its measured layout under ``key``."""
    frame, layout = analysis_cache.derived(
        key, lambda: _measured(build(), columns))
    text_grid(frame, columns=columns, layout=layout, **kwargs)


def _measured(frame: pd.DataFrame, columns: list[str] | None) -> tuple[pd.DataFrame, GridLayout]:
    return frame, grid_layout(frame, columns)


def _picked(data: OutcomeData, project: Project) -> tuple[str, ...]:
    """The cases chosen in the filter (none: all of them)."""
    keys = list(data.cases["case"])
    return tuple(st.multiselect(t("uppf.cases_filter"), keys, key=f"uppf-{project.id}-cases",
                                placeholder=t("common.all"), help=t("uppf.cases_filter_help")))


def _filtered(data: OutcomeData, picked: Sequence[str]) -> OutcomeData:
    if not picked:
        return data
    return OutcomeData(data.cases[data.cases["case"].isin(picked)].reset_index(drop=True),
                       data.events[data.events["case"].isin(picked)].reset_index(drop=True),
                       data.attendance[data.attendance["case"].isin(picked)].reset_index(drop=True))


# -- import ---------------------------------------------------------------------------

def _import(session: ProjectSession) -> None:
    preview: ImportPreview | None = state.get(PREVIEW)
    if preview is not None and state.get(PREVIEW + "-project") == session.project_id:
        _show_preview(session, preview)
        return
    kind = st.segmented_control(t("uppf.kind"), list(KINDS), default="cases", required=True,
                                key="uppf-kind", format_func=_labels(KIND_KEYS).get, wrap=True)
    upload = st.file_uploader(t("uppf.file"), type=["csv", "txt", "xlsx"],
                              key=state.versioned_key(UPLOADER))
    pseudonymize = st.toggle(t("uppf.pseudonymize"), key="uppf-pseudo", help=t("uppf.pseudonymize_help"),
                             wrap=True)
    key_upload, passphrase = None, ""
    if pseudonymize:
        st.caption(t("uppf.key_help"))
        c1, c2 = st.columns(2)
        key_upload = c1.file_uploader(t("uppf.key_file"), type=["sqkey"],
                                      key=state.versioned_key(KEY_UPLOADER))
        passphrase = c2.text_input(t("uppf.key_passphrase"), type="password", key="uppf-key-pass")
    mapping = st.text_area(t("uppf.map"), key="uppf-map", help=t("uppf.map_help"), height=80)
    if st.button(t("uppf.preview"), icon=":material/preview:", key="uppf-preview-button",
                 disabled=upload is None, wrap=True):
        try:
            key = _read_key(key_upload, passphrase) if pseudonymize else None
            made = preview_file(session, upload.getvalue(), kind or "cases", name=upload.name,
                                overrides=parse_overrides(mapping.splitlines()),
                                pseudonymize=pseudonymize, key=key)
        except SigqualError as exc:
            show_error(exc)
            return
        state.put(PREVIEW, made)
        state.put(PREVIEW + "-project", session.project_id)
        state.put(PREVIEW + "-key", _grown_key_file(session, made, passphrase, new=key_upload is None))
        st.rerun()


def _read_key(upload, passphrase: str):  # noqa: ANN001, ANN202
    """The user's pseudonym key: the uploaded file decrypted, or a new one; None without either.

    The key never enters the database: it lives in the user's file and, while a preview
    is open, in this session's memory.
    """
    from ...privacy.keyfile import MIN_PASSPHRASE, decrypt_key
    from ...privacy.mapping import Pseudonymizer

    if upload is None and not passphrase:
        return None
    if len(passphrase) < MIN_PASSPHRASE:
        raise InputError(msgid="error.ui.passphrase_must_have_at", params={"min_passphrase": MIN_PASSPHRASE},
                         field="passphrase")
    if upload is None:
        return Pseudonymizer()
    return decrypt_key(upload.getvalue(), passphrase, filename=upload.name).pseudonymizer


def _grown_key_file(session: ProjectSession, preview: ImportPreview, passphrase: str, *, new: bool):  # noqa: ANN202
    """The encrypted key to save before storing, made once per preview (scrypt is slow on
    purpose); None when the file added nothing to the key the user already has."""
    from ...privacy.keyfile import encrypt_key
    from ..downloads import Download
    from ..privacy_view import KEY_MEDIA_TYPE, key_file_name

    if preview.key is None or not (preview.key_grew or new):
        return None
    name = session.store.get_project(session.project_id).name
    data = encrypt_key(preview.key, passphrase, project=name)
    return Download("sqkey", data, key_file_name(name), KEY_MEDIA_TYPE)


def _key_download(preview: ImportPreview) -> bool:
    """Offer the grown key before storing; True when it is saved (or nothing new needs saving)."""
    download = state.get(PREVIEW + "-key")
    if download is None or preview.key is None:
        return True
    st.info(t("uppf.key_grew", n=len(preview.key.entries())), icon=":material/key:")
    download_button(download, t("uppf.key_button"), key="uppf-key-download")
    return st.checkbox(t("uppf.key_saved"), key="uppf-key-saved", wrap=True)


def _show_preview(session: ProjectSession, preview: ImportPreview) -> None:
    with st.container(border=True):
        st.markdown(t("uppf.preview_head", file=escape_markdown(preview.file), n=len(preview.records),
                      bad=len(preview.errors)))
        st.caption(t("uppf.nothing_stored"))
        st.markdown(f"**{t('uppf.columns')}:** " + escape_markdown(
            ", ".join(f"{c} → {f}" for c, f in preview.mapping.items())))
        if preview.new_cases:
            st.markdown(t("uppf.new_cases", cases=escape_markdown(", ".join(preview.new_cases))))
        if preview.unknown_types:
            st.warning(t("uppf.unknown_types", types=escape_markdown(
                ", ".join(f"{k} ({n})" for k, n in preview.unknown_types.items()))), icon=":material/help:")
        for warning in preview.warnings:
            st.warning(escape_markdown(localise(warning)), icon=":material/warning:")
        if preview.errors:
            st.markdown(f"**{t('uppf.bad_rows')}**")
            text_grid(preview.errors_frame(state.lang()), hide_index=True)
        frame = preview.frame()
        if not frame.empty:
            text_grid(frame.head(500), hide_index=True)
        skip = st.checkbox(t("uppf.skip_bad"), key="uppf-skip", wrap=True) if preview.errors else False
        key_saved = _key_download(preview)
        c1, c2 = st.columns(2)
        accept = c1.button(t("uppf.accept"), type="primary", icon=":material/save:", key="uppf-accept",
                           disabled=(bool(preview.errors) and not skip) or not key_saved, wrap=True)
        if c2.button(t("uppf.cancel"), key="uppf-cancel", wrap=True):
            _clear_preview()
            st.rerun()
    if accept and not key_saved:
        st.warning(t("uppf.key_save_first"), icon=":material/key:")
    elif accept:
        try:
            counts = accept_preview(session, preview, skip_bad_rows=skip)
        except SigqualError as exc:
            show_error(exc)
            return
        _clear_preview()
        state.flash("success", t("uppf.stored", file=preview.file,
                                 counts=", ".join(f"{k} {v}" for k, v in counts.items())))
        st.rerun()


def _clear_preview() -> None:
    for suffix in ("", "-project", "-key"):
        state.drop(PREVIEW + suffix)
    for widget in ("uppf-key-pass", "uppf-key-saved"):
        state.drop(widget)
    state.reset(UPLOADER)
    state.reset(KEY_UPLOADER)


# -- tables and figures --------------------------------------------------------------

def _table2(key: tuple, data: OutcomeData, project: Project, rule: Protection, lang: str) -> None:
    st.markdown(f"**{escape_markdown(CAPTIONS.get(lang, CAPTIONS['sv'])['2'])}**")
    _grid((*key, "table2-grid"), lambda: _t2(key, data, lang), hide_index=True)
    st.markdown(f"**{t('uppf.summary')}**")
    _grid((*key, "summary"), lambda: T.summary_frame(T.summary(data.cases, data.events), lang),
          hide_index=True)
    st.caption(t("uppf.screen_note", mode=t(MODE_KEYS[rule.mode]), n=rule.threshold))
    _downloads(key, data, project, rule, lang)


def _tables_file(data: OutcomeData, fmt: str, project_name: str, threshold: int, mode: str,
                 lang: str):  # noqa: ANN202
    tables = outcome_tables(data.cases, data.events, data.attendance, OUTCOME_TABLE_KEYS, lang=lang,
                            rule=Protection(threshold, mode))
    return tables_download(tables, fmt, project_name=project_name)


def _downloads(key: tuple, data: OutcomeData, project: Project, rule: Protection, lang: str) -> None:
    """Every table in each format, written once per key (revision, chosen cases, language),
    protection rule and project name, and shared, not unpickled, on each rerun."""
    with st.container(border=True):
        st.markdown(f"**{t('uppf.download')}**")
        with st.container(horizontal=True):
            for fmt in TABLE_FORMATS:
                try:
                    download = analysis_cache.derived(
                        (*key, "download", fmt, project.name, rule.threshold, rule.mode),
                        lambda f=fmt: _tables_file(data, f, project.name, rule.threshold, rule.mode,
                                                   lang))
                except SigqualError as exc:
                    show_error(exc)
                    return
                download_button(download, format_name(fmt), key=f"uppf-dl-{fmt}")


def _t2(key: tuple, data: OutcomeData, lang: str) -> pd.DataFrame:
    """Table 2 of the chosen cases, built once per key (the joint display reads it too)."""
    return analysis_cache.derived((*key, "table2"), lambda: T.table2(data.cases, data.events, lang=lang))


def _figure_download(fig: object, name: str, key: str) -> None:
    # The page (plotly.js inlined, megabytes) is written when the button is pressed.
    st.download_button(t("uppf.figure_html"), lambda: figure_html(fig), file_name=f"{name}.html",
                       mime="text/html", key=key, icon=":material/download:", on_click="ignore",
                       wrap=True)


def _figures3(key: tuple, data: OutcomeData, project: Project, lang: str) -> None:
    view = st.segmented_control(" ", ["grid", "one"], default="grid", required=True, key="uppf-fig3-view",
                                format_func=_labels(VIEW_KEYS).get, label_visibility="collapsed", wrap=True)
    base = slug(project.name) or "sigqual"
    if view == "one":
        case = st.selectbox(t("uppf.one"), list(data.cases["case"]), key=f"uppf-{project.id}-one")
        fig = analysis_cache.derived(
            (*key, "fig3-one", case),
            lambda: F.timeline_figure(data.cases, data.events, case, lang=lang,
                                      letter=F.figure_letter(list(data.cases["case"]).index(case))))
        st.plotly_chart(fig, key="uppf-fig3-one")
        _figure_download(fig, f"{base}-figur-3-{slug(case)}", "uppf-fig3-one-dl")
        return
    fig = analysis_cache.derived((*key, "fig3-grid"),
                                 lambda: F.timeline_grid(data.cases, data.events, lang=lang))
    st.plotly_chart(fig, key="uppf-fig3-grid")
    _figure_download(fig, f"{base}-figur-3", "uppf-fig3-grid-dl")


def _figure4(key: tuple, data: OutcomeData, project: Project, lang: str) -> None:
    if data.attendance.empty:
        st.info(t("uppf.no_meetings"))
        return
    summary = analysis_cache.derived((*key, "meetings"),
                                     lambda: T.meeting_summary(T.meetings(data.attendance)))
    s = summary.participants
    st.markdown(t("uppf.meetings_stats", cases=summary.cases,
                  meetings=", ".join(str(n) for n in summary.meetings_sorted()),
                  mean=i18n.number(s.mean, lang), min=s.min, max=s.max))
    fig = analysis_cache.derived((*key, "fig4"), lambda: F.meetings_figure(data.attendance, lang=lang))
    st.plotly_chart(fig, key="uppf-fig4")
    _figure_download(fig, f"{slug(project.name) or 'sigqual'}-figur-4", "uppf-fig4-dl")
    _grid((*key, "meetings-grid"), lambda: T.meetings_frame(summary, lang), hide_index=True)
    st.markdown(f"**{t('uppf.continuity')}**")
    _grid((*key, "continuity"), lambda: T.continuity(data.attendance, lang), hide_index=True)


def _joint(key: tuple, store: Store, project: Project, data: OutcomeData, lang: str) -> None:
    st.caption(t("uppf.joint_help"))
    t2 = _t2(key, data, lang)
    # The codings this reader may see: everyone's, or their own while the project is blind.
    key = (*key, "joint", repr(access.actor()), blind_from_settings(project.settings))

    def inputs() -> tuple[pd.DataFrame, pd.DataFrame, Codebook]:
        return (visible_frame(project), documents_frame(store.list_documents(project.id)),
                store.codebook(project.id))

    codings, docs, codebook = analysis_cache.derived((*key, "inputs"), inputs)
    st.markdown(f"**{t('uppf.joint_case')}**")
    _grid((*key, "by-case"), lambda: joint.joint_by_case(t2, codings, docs, codebook, lang=lang),
          hide_index=True)
    st.markdown(f"**{t('uppf.joint_group')}**")
    try:
        comparison = analysis_cache.derived(
            (*key, "by-group"), lambda: joint.joint_by_group(t2, codings, docs, codebook, lang=lang))
    except SigqualError as exc:
        show_error(exc)
        return
    rows = comparison.rows.set_index("code_id")

    def group_grid() -> pd.DataFrame:
        grid = comparison.cells.pivot(index="code_id", columns="column", values="n_documents")
        shown = grid.reindex(rows.index).fillna(0).astype(int)
        shown.insert(0, t("uppf.code"), rows["label"])
        return shown.reset_index(drop=True)

    _grid((*key, "by-group-grid"), group_grid, columns=[t("uppf.code")], pinned=[t("uppf.code")],
          hide_index=True)
    # One above the other: a factor's name needs the whole width to show.
    code = st.selectbox(t("uppf.code"), list(rows.index), key=f"uppf-{project.id}-code",
                        format_func=lambda c: str(rows.loc[c, "label"]))
    group = st.segmented_control(t("uppf.group"), list(comparison.columns), required=True,
                                 default=comparison.columns[0], key=f"uppf-{project.id}-group",
                                 wrap=True)
    column = group or comparison.columns[0]
    quotes = analysis_cache.derived(
        (*key, "quotes", code, column),
        lambda: joint.group_quotes(t2, codings, docs, codebook, code, column, lang=lang))
    st.markdown(f"**{t('uppf.quotes')}**")
    if quotes.empty:
        st.caption(t("uppf.no_quotes"))
    for row in quotes.itertuples():
        st.markdown(f"> {escape_markdown(str(row.quote))}\n\n— {escape_markdown(str(row.document))}")


def _protection(session: ProjectSession, rule: Protection) -> None:
    st.caption(t("uppf.protect_help"))
    c1, c2 = st.columns(2)
    threshold = c1.number_input(t("uppf.threshold"), min_value=1, max_value=50, step=1,
                                value=rule.threshold, key="uppf-threshold")
    mode = c2.radio(t("uppf.mode"), list(MODES), index=list(MODES).index(rule.mode), key="uppf-mode",
                    format_func=_labels(MODE_KEYS).get)
    allowed = session.allowed("settings")
    if st.button(t("uppf.save"), key="uppf-save", icon=":material/shield:", disabled=not allowed, wrap=True):
        try:
            chosen = Protection.checked(int(threshold), str(mode))
            session.update_settings(chosen.settings())
        except SigqualError as exc:
            show_error(exc)
            return
        state.flash("success", t("uppf.saved"))
        st.rerun()
