"""*Kodbok*: the project's codebook per interview group, its warnings, downloads
and replacing it with an edited YAML file."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ...codebook import Code, Codebook, codebook_warnings
from ...errors import SigqualError
from ...models import Project
from ...store import Store
from .. import state
from ..codebook_view import ThemeBlock, codebook_changes, codebook_outline, group_names
from ..downloads import codebook_downloads
from ..i18n import t
from ..markup import escape_markdown, swatch_html
from ..resources import get_store
from ..uploads import codebook_from_upload
from ..widgets import current_project, download_button, show_error, show_flashes

_ALL = ""


def render() -> None:
    """The Kodbok page."""
    store = get_store()
    st.title(t("codebook.title"))
    show_flashes()
    project = current_project(store)
    if project is None:
        return
    codebook = store.codebook(project.id)
    st.caption(t("codebook.summary", name=escape_markdown(codebook.name), codes=len(codebook.codes),
                 groups=len(codebook.groups)))
    _warnings(codebook)
    names = {_ALL: t("codebook.all_groups"), **{g.key: g.name for g in codebook.groups}}
    group = st.selectbox(t("codebook.group"), list(names), key="codebook-group",
                         format_func=lambda k: names.get(k, k))
    outline_tab, list_tab, files_tab = st.tabs(
        [t("codebook.tab.outline"), t("codebook.tab.list"), t("codebook.tab.files")])
    with outline_tab:
        _outline(codebook, group or None)
    with list_tab:
        _code_list(codebook, group or None)
    with files_tab:
        _files(store, project, codebook)


def _warnings(codebook: Codebook) -> None:
    warnings = codebook_warnings(codebook)
    if not warnings:
        return
    with st.expander(t("codebook.warnings", n=len(warnings)), icon=":material/warning:"):
        for warning in warnings:
            st.warning(escape_markdown(warning))


# -- outline ---------------------------------------------------------------------

def _outline(codebook: Codebook, group: str | None) -> None:
    blocks = codebook_outline(codebook, group)
    if not blocks:
        st.info(t("codebook.empty_group"))
        return
    for block in blocks:
        _theme_block(codebook, block)


def _theme_block(codebook: Codebook, block: ThemeBlock) -> None:
    theme = block.theme
    title = theme.label if theme is not None else t("codebook.no_theme")
    with st.expander(f"{escape_markdown(title)} ({block.size})", icon=":material/label:"):
        if theme is not None:
            _code_details(codebook, theme)
        factors, areas = st.columns(2)
        with factors:
            st.markdown(f"**{t('kind.success_factor.plural')}**")
            _code_list_items(codebook, block.success_factors)
        with areas:
            st.markdown(f"**{t('kind.development_area.plural')}**")
            _code_list_items(codebook, block.development_areas)
        if block.other_codes:
            st.markdown(f"**{t('kind.code.plural')}**")
            _code_list_items(codebook, block.other_codes)


def _code_list_items(codebook: Codebook, codes: list[Code]) -> None:
    if not codes:
        st.caption(t("codebook.none_here"))
    for code in codes:
        _code_details(codebook, code)


def _code_details(codebook: Codebook, code: Code) -> None:
    """Label with its colour, then kind, groups, definition, keywords and examples."""
    st.markdown(swatch_html(codebook.colour_of(code.id), code.label), unsafe_allow_html=True)
    # Code ids are restricted to letters, digits and _.:- so they are safe in backticks.
    facts = [escape_markdown(t(f"kind.{code.kind}")),
             escape_markdown(group_names(codebook, code.groups)), f"`{code.id}`"]
    if code.summary_label:
        facts.append(t("codebook.summary_label", label=escape_markdown(code.summary_label)))
    st.caption(" · ".join(facts))
    if code.description:
        st.markdown(escape_markdown(code.description))
    if code.keywords:
        st.caption(t("codebook.keywords", words=escape_markdown(", ".join(code.keywords))))
    for example in code.examples:
        st.markdown("> " + escape_markdown(example).replace("  \n", "  \n> "))


# -- flat list -------------------------------------------------------------------

def _code_list(codebook: Codebook, group: str | None) -> None:
    codes = codebook.codes_for_group(group)
    rows = []
    for code in codes:
        theme = codebook.theme_of(code.id)
        rows.append({
            "colour": codebook.colour_of(code.id),
            "label": code.label,
            "kind": t(f"kind.{code.kind}"),
            "theme": theme.label if theme is not None and theme.id != code.id else "",
            "groups": group_names(codebook, code.groups),
            "description": code.description,
            "keywords": ", ".join(code.keywords),
            "examples": " | ".join(code.examples),
            "id": code.id,
        })
    frame = pd.DataFrame(rows, columns=["colour", "label", "kind", "theme", "groups",
                                        "description", "keywords", "examples", "id"])
    styled = frame.style.map(lambda colour: f"background-color: {colour}; color: {colour}",
                             subset=["colour"])
    st.dataframe(styled, hide_index=True, column_config={
        "colour": st.column_config.TextColumn(t("codebook.col.colour"), width="small"),
        "label": st.column_config.TextColumn(t("codebook.col.label"), width="medium"),
        "kind": t("codebook.col.kind"),
        "theme": t("codebook.col.theme"),
        "groups": t("codebook.col.groups"),
        "description": st.column_config.TextColumn(t("codebook.col.description"), width="large"),
        "keywords": t("codebook.col.keywords"),
        "examples": t("codebook.col.examples"),
        "id": t("codebook.col.id"),
    })


# -- download and replace ----------------------------------------------------------

def _files(store: Store, project: Project, codebook: Codebook) -> None:
    st.markdown(f"#### {t('codebook.download')}")
    yaml_file, csv_file = codebook_downloads(codebook)
    left, right, _ = st.columns([1, 1, 2])
    with left:
        download_button(yaml_file, t("codebook.download_yaml"), key="codebook-yaml")
    with right:
        download_button(csv_file, t("codebook.download_csv"), key="codebook-csv")
    st.markdown(f"#### {t('codebook.replace')}")
    st.caption(t("codebook.replace_help"))
    upload = st.file_uploader(t("codebook.replace_upload"), type=["yaml", "yml"],
                              key=state.versioned_key("codebook-replace"))
    if upload is None:
        return
    try:
        new = codebook_from_upload(upload.name, upload.getvalue())
    except SigqualError as exc:
        show_error(exc)
        return
    changes = codebook_changes(codebook, new)
    if changes.empty and new.groups == codebook.groups:
        st.info(t("codebook.replace_same"))
        return
    st.markdown(t("codebook.replace_preview", added=len(changes.added),
                  removed=len(changes.removed), changed=len(changes.changed)))
    for label, ids in ((t("codebook.added"), changes.added),
                       (t("codebook.removed"), changes.removed),
                       (t("codebook.changed"), changes.changed)):
        if ids:
            st.caption(f"{label}: " + escape_markdown(", ".join(ids)))
    for warning in codebook_warnings(new):
        st.warning(escape_markdown(warning))
    if st.button(t("codebook.replace_button"), type="primary", key="codebook-replace-go"):
        try:
            store.replace_codebook(project.id, new, actor=state.actor())
        except SigqualError as exc:
            show_error(exc)
            return
        state.reset("codebook-replace")
        state.flash("success", t("codebook.replaced", name=new.name))
        st.rerun()
