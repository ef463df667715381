"""*Kodbok*: the project's codebook per interview group, its warnings, each code's
coded quotes, downloads and replacing it with an edited YAML or CSV file.

In editing mode codes are created, changed, reordered, split, merged and deleted
through ``sigqual.codebook_edit``, which never saves an invalid codebook and never
drops a coding without the user confirming it here first.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import pandas as pd
import streamlit as st

from ... import codebook_edit as edit
from ...codebook import KINDS, PALETTE, Code, Codebook, codebook_warnings
from ...errors import SigqualError
from ...models import Project
from ...store import Store
from .. import access, analysis_cache, state
from ..codebook_editor import (
    ACTIONS,
    QUOTES_UNBOXED,
    CodeForm,
    code_choice_label,
    coding_labels,
    form_changes,
    form_values,
    insertion_point,
    merge_targets,
    parent_choices,
    quote_markdown,
)
from ..codebook_view import (
    ThemeBlock,
    codebook_changes,
    codebook_outline,
    group_names,
    theme_title,
    usage_text,
)
from ..downloads import codebook_downloads
from ..grid_text import GridLayout, grid_layout, text_grid
from ..i18n import choice, t
from ..markup import escape_markdown, swatch_html
from ..resources import get_store
from ..turn_label import turn_label
from ..widgets import (
    blind_notice,
    current_project,
    download_button,
    show_error,
    show_flashes,
    visible_frame,
)

_ALL = ""
QUOTES_PER_PAGE = 20
# The theme blocks of the outline the reader has opened (their code ids; "" for the block
# of codes without a theme).
OPEN_THEMES = "codebook.open-themes"
_EDIT = "codebook-edit"  # versioned prefix of the editor's form widgets
_PICK = "codebook-edit-code"
_ACTION = "codebook-edit-action"
Usage = Mapping[str, edit.CodeUsage]
# What to select after an action's rerun: a widget's value may only be set before it is drawn.
_PENDING = "codebook.edit.pending"


def render() -> None:
    """The Kodbok page."""
    store = get_store()
    st.title(t("codebook.title"))
    show_flashes()
    project = current_project(store)
    if project is None:
        return
    # Without order entries of codes that are gone, so previews and downloads stay valid.
    # Read once per revision: every write (an edit here included) gives a new one.
    rev = analysis_cache.revision()
    codebook = analysis_cache.derived((rev, project.id, "current-codebook"),
                                      lambda: edit.current_codebook(store, project.id))
    st.caption(t("codebook.summary", name=escape_markdown(codebook.name), codes=len(codebook.codes),
                 groups=len(codebook.groups)))
    _warnings(codebook)
    may_edit = access.allowed("codebook", project.id, store)
    why = t("codebook.edit.mode_help") if may_edit else access.denial("codebook")
    editing = st.toggle(t("codebook.edit.mode"), key="codebook-edit-mode", disabled=not may_edit,
                        help=why, wrap=True)
    names = {_ALL: t("codebook.all_groups"), **{g.key: g.name for g in codebook.groups}}
    group = st.selectbox(t("codebook.group"), list(names), key="codebook-group",
                         format_func=lambda k: names.get(k, k))
    # The editor counts everyone's codings (a delete removes them all); what the user
    # reads in the quotes tab is only what they may see while the project is coded blind.
    # Frame and counts are shared until the next write, so a rerun copies and counts nothing.
    frame = analysis_cache.project_codings(rev, project.id)
    usage = analysis_cache.derived((rev, project.id, "codebook-usage"),
                                   lambda: edit.code_usage(frame))
    labels = [t("codebook.tab.outline"), t("codebook.tab.list"), t("codebook.edit.tab_quotes"),
              t("codebook.tab.files")]
    editor = [t("codebook.edit.tab")] if editing and may_edit else []
    # Switching the mode on opens the editor rather than the tab that was open before.
    tabs = st.tabs(editor + labels, default=editor[0] if editor else None,
                   key="codebook-tabs-edit" if editor else "codebook-tabs")
    if len(tabs) > len(labels):
        with tabs[0]:
            _editor(store, project, codebook, frame, usage, group or None)
    outline_tab, list_tab, quotes_tab, files_tab = tabs[-len(labels):]
    # The reading views count only what the user may see while the project is coded blind.
    seen = visible_frame(project, frame)
    seen_usage = usage if seen is frame else edit.code_usage(seen)
    # What the reading views build from the codebook and the counts, kept for this reader
    # until the next write: a rerun measures, styles and filters nothing again.
    key = (rev, project.id, "codebook", None if seen is frame else state.coder(), group or None,
           state.lang())
    with outline_tab:
        _outline(key, codebook, seen_usage, group or None)
    with list_tab:
        _code_list(key, codebook, seen_usage, group or None)
    with quotes_tab:
        blind_notice(project)
        _quotes(key, codebook, seen, seen_usage, group or None)
    with files_tab:
        _files(store, project, codebook, may_edit)


def _warnings(codebook: Codebook) -> None:
    warnings = codebook_warnings(codebook)
    if not warnings:
        return
    with st.expander(t("codebook.warnings", n=len(warnings)), icon=":material/warning:"):
        for warning in warnings:
            st.warning(escape_markdown(warning))


# -- outline ---------------------------------------------------------------------

def _outline(key: tuple, codebook: Codebook, usage: Usage, group: str | None) -> None:
    blocks = analysis_cache.derived(
        (*key, "outline"),
        lambda: [(block, escape_markdown(theme_title(block, usage)))
                 for block in codebook_outline(codebook, group)])
    if not blocks:
        st.info(t("codebook.empty_group"))
        return
    for block, title in blocks:
        _theme_block(codebook, usage, block, title)


def _theme_block(codebook: Codebook, usage: Usage, block: ThemeBlock, title: str) -> None:
    """One theme's expander; ``title`` is its escaped heading with the counts."""
    theme = block.theme
    # The codes are drawn only while the block is open: drawing every code of a large
    # codebook on every rerun was most of the page's time.
    # Which blocks are open is remembered here: the label (with its counts) is part of
    # the widget's identity, so a new group or a new coding would otherwise close them.
    name = theme.id if theme is not None else ""
    key = f"codebook-theme-{name}"
    opened = name in (state.get(OPEN_THEMES) or set())
    box = st.expander(title, expanded=opened,
                      icon=":material/label:", key=key, on_change=_remember_open,
                      args=(name, key))
    with box:
        if not box.open:
            return
        if theme is not None:
            _code_details(codebook, usage, theme)
        factors, areas = st.columns(2)
        with factors:
            st.markdown(f"**{t('kind.plural.success_factor')}**")
            _code_list_items(codebook, usage, block.success_factors)
        with areas:
            st.markdown(f"**{t('kind.plural.development_area')}**")
            _code_list_items(codebook, usage, block.development_areas)
        if block.other_codes:
            st.markdown(f"**{t('kind.plural.code')}**")
            _code_list_items(codebook, usage, block.other_codes)


def _remember_open(name: str, key: str) -> None:
    """Keep a theme block open (or closed) as the reader left it."""
    opened = set(state.get(OPEN_THEMES) or set())
    if st.session_state.get(key):
        opened.add(name)
    else:
        opened.discard(name)
    state.put(OPEN_THEMES, opened)


def _code_list_items(codebook: Codebook, usage: Usage, codes: list[Code]) -> None:
    if not codes:
        st.caption(t("codebook.none_here"))
    for code in codes:
        _code_details(codebook, usage, code)


def _code_details(codebook: Codebook, usage: Usage, code: Code) -> None:
    """Label with its colour, then kind, groups, its own codings, definition, keywords, examples.

    The id is left out: readers know a code by its label; the editor shows the id.
    """
    st.markdown(swatch_html(codebook.colour_of(code.id), code.label), unsafe_allow_html=True)
    facts = [escape_markdown(choice("kind.", code.kind)),
             escape_markdown(group_names(codebook, code.groups)),
             usage_text(usage.get(code.id, edit.CodeUsage()))]
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

def _code_list(key: tuple, codebook: Codebook, usage: Usage, group: str | None) -> None:
    frame, layout = analysis_cache.derived(
        (*key, "code-list"), lambda: _code_list_frame(codebook, usage, group))
    styled = frame.style.map(lambda colour: f"background-color: {colour}; color: {colour}",
                             subset=["colour"])
    # Labels, descriptions and examples are long: they wrap, and the label stays in view.
    text_grid(frame, shown=styled, columns=list(_list_headers()), headers=_list_headers(),
              pinned=["colour", "label"], max_width=_LIST_MAX_WIDTH, hide_index=True,
              layout=layout, column_config={
                  "colour": st.column_config.TextColumn(t("codebook.col.colour"), width="small"),
                  **_list_headers(),
                  "codings": st.column_config.NumberColumn(t("codebook.col.codings"), width="small"),
                  "documents": st.column_config.NumberColumn(t("codebook.col.documents"),
                                                             width="small"),
              })


_LIST_MAX_WIDTH = 360


def _list_headers() -> dict[str, str]:
    return {"label": t("codebook.col.label"), "kind": t("codebook.col.kind"),
            "theme": t("kind.theme"), "groups": t("codebook.col.groups"),
            "description": t("codebook.col.description"),
            "keywords": t("codebook.col.keywords"), "examples": t("codebook.col.examples")}


def _code_list_frame(codebook: Codebook, usage: Usage,
                     group: str | None) -> tuple[pd.DataFrame, GridLayout]:
    """The flat list's rows and their measured layout (built once per revision)."""
    codes = codebook.codes_for_group(group)
    rows = []
    for code in codes:
        theme = codebook.theme_of(code.id)
        used = usage.get(code.id, edit.CodeUsage())
        rows.append({
            "colour": codebook.colour_of(code.id),
            "label": code.label,
            "kind": choice("kind.", code.kind),
            "theme": theme.label if theme is not None and theme.id != code.id else "",
            "codings": used.codings,
            "documents": used.documents,
            "groups": group_names(codebook, code.groups),
            "description": code.description,
            "keywords": ", ".join(code.keywords),
            "examples": " | ".join(code.examples),
        })
    frame = pd.DataFrame(rows, columns=["colour", "label", "kind", "theme", "codings", "documents",
                                        "groups", "description", "keywords", "examples"])
    headers = _list_headers()
    return frame, grid_layout(frame, list(headers), headers=headers, max_width=_LIST_MAX_WIDTH)


# -- download and replace ----------------------------------------------------------

def _files(store: Store, project: Project, codebook: Codebook, may_edit: bool) -> None:
    st.markdown(f"#### {t('codebook.download')}")
    yaml_file, csv_file = analysis_cache.derived(
        (analysis_cache.revision(), project.id, "codebook-files"), lambda: codebook_downloads(codebook))
    left, right, _ = st.columns([1, 1, 2])
    with left:
        download_button(yaml_file, t("codebook.download_yaml"), key="codebook-yaml")
    with right:
        download_button(csv_file, t("codebook.download_csv"), key="codebook-csv")
    st.markdown(f"#### {t('codebook.replace')}")
    if not may_edit:
        st.caption(escape_markdown(access.denial("codebook")))
        return
    st.caption(t("codebook.edit.replace_help"))
    upload = st.file_uploader(t("codebook.edit.replace_upload"), type=["yaml", "yml", "csv"],
                              key=state.versioned_key("codebook-replace"))
    if upload is None:
        return
    try:
        new = edit.codebook_from_file(upload.name, upload.getvalue(), codebook)
    except SigqualError as exc:
        show_error(exc)
        return
    changes = codebook_changes(codebook, new)
    if changes.empty and new.groups == codebook.groups:
        st.info(t("codebook.replace_same"))
        return
    st.markdown(t("codebook.replace_preview", added=len(changes.added),
                  removed=len(changes.removed), changed=len(changes.changed)))
    # Codes are named by label; the id only where a code has lost its label.
    names = {c.id: c.label or c.id for c in (*codebook.codes, *new.codes)}
    for label, ids in ((t("codebook.added"), changes.added),
                       (t("codebook.removed"), changes.removed),
                       (t("codebook.changed"), changes.changed)):
        if ids:
            st.caption(f"{label}: " + escape_markdown(", ".join(names.get(i, i) for i in ids)))
    for warning in codebook_warnings(new):
        st.warning(escape_markdown(warning))
    if st.button(t("codebook.replace_button"), type="primary", key="codebook-replace-go", wrap=True):
        try:
            access.session(project.id, store).replace_codebook(new)
        except SigqualError as exc:
            show_error(exc)
            return
        state.reset("codebook-replace")
        state.reset(_EDIT)
        state.flash("success", t("codebook.replaced", name=new.name))
        st.rerun()


# -- coded quotes ----------------------------------------------------------------

def _code_picker(codebook: Codebook, codes: list[Code], usage: Usage, key: str,
                 label: str) -> Code | None:
    """A selectbox of codes showing theme, kind and number of codings."""
    if not codes:
        st.info(t("codebook.empty_group"))
        return None
    kinds = {k: choice("kind.", k) for k in KINDS}
    shown = {c.id: code_choice_label(codebook, c, kinds, usage) for c in codes}
    _keep_valid(key, list(shown))
    chosen = st.selectbox(label, list(shown), key=key, format_func=lambda k: shown.get(k, k))
    return codebook.get(chosen) if chosen else None


def _quotes(key: tuple, codebook: Codebook, frame: pd.DataFrame, usage: Usage,
            group: str | None) -> None:
    code = _code_picker(codebook, codebook.codes_for_group(group), usage, "codebook-quotes-code",
                        t("codebook.edit.code"))
    if code is not None:
        _quote_list(frame, code, group, key=key)


def _quote_list(frame: pd.DataFrame, code: Code, group: str | None,
                where: str = "quotes", key: tuple | None = None) -> pd.DataFrame:
    """The code's quotes to read, each with its document, speaker and coder (escaped);
    ``where`` tells apart the lists of the quotes tab and of the editor's split, and
    ``key`` (the reading views' cache key for ``frame``) keeps them until the next write."""
    def build() -> pd.DataFrame:
        return edit.code_quotes(frame, code.id, group)

    quotes = analysis_cache.derived((*key, "quotes", code.id), build) if key is not None \
        else build()
    if quotes.empty:
        st.caption(t("codebook.edit.no_quotes"))
        return quotes
    st.caption(t("codebook.edit.quote_count", n=len(quotes),
                 docs=quotes["document"].nunique()))
    # A long list is read a page at a time (drawing hundreds of quotes on every rerun was
    # slow) and scrolls in its own box so the actions below stay in reach.
    shown = quotes
    if len(quotes) > QUOTES_PER_PAGE:
        pages = -(-len(quotes) // QUOTES_PER_PAGE)
        page = st.pagination(pages, key=f"codebook-{where}-page-{code.id}-{group or ''}")
        shown = quotes.iloc[(page - 1) * QUOTES_PER_PAGE: page * QUOTES_PER_PAGE]
    box = st.container(height=480) if len(shown) > QUOTES_UNBOXED else st.container()
    with box:
        for row in shown.to_dict("records"):
            st.markdown(quote_markdown(row, turn_label))
    return quotes


# -- editing ---------------------------------------------------------------------

def _keep_valid(key: str, options: Sequence[str]) -> None:
    """Forget a widget's value that is no longer offered (a code left the group)."""
    if key in st.session_state and st.session_state[key] not in options:
        del st.session_state[key]


def _key(name: str) -> str:
    """A form widget key that every saved change renews, so forms show stored values."""
    return f"{state.versioned_key(_EDIT)}-{name}"


def _done(message: str, select: str | None = None, action: str | None = None) -> None:
    """After a saved change: tell the user, refresh the forms, pick a code, rerun."""
    state.flash("success", message)
    state.reset(_EDIT)
    state.put(_PENDING, (select or "", action))
    st.rerun()


def _editor(store: Store, project: Project, codebook: Codebook, frame: pd.DataFrame,
            usage: Usage, group: str | None) -> None:
    pending = state.get(_PENDING)
    if pending is not None:
        state.drop(_PENDING)
        select, action = pending
        st.session_state.pop(_PICK, None)
        if select:
            st.session_state[_PICK] = select
        if action:
            st.session_state[_ACTION] = action
    codes = edit.display_order(codebook, group)
    code = _code_picker(codebook, codes, usage, _PICK, t("codebook.edit.code"))
    names = {"change": t("codebook.edit.action.change"), "order": t("codebook.edit.action.order"),
             "new": t("codebook.edit.action.new"), "split": t("codebook.edit.action.split"),
             "merge": t("codebook.edit.action.merge"), "delete": t("codebook.edit.action.delete")}
    actions = ACTIONS if code else ("new",)
    _keep_valid(_ACTION, actions)
    action = st.radio(t("codebook.edit.action"), actions, key=_ACTION, horizontal=True,
                      format_func=lambda a: names.get(a, a))
    if action == "new" or code is None:
        _new_code(store, project, codebook, code, group)
    elif action == "change":
        _change(store, project, codebook, code, frame)
    elif action == "order":
        _order(store, project, codebook, code, group)
    elif action == "split":
        _split(store, project, code, frame)
    elif action == "merge":
        _merge(store, project, codebook, code, usage)
    else:
        _delete(store, project, codebook, code, usage)


def _save(store: Store, project: Project, change: Callable[[Codebook], Codebook]) -> bool:
    try:
        access.session(project.id, store).edit_codebook(change)
    except SigqualError as exc:
        show_error(exc)
        return False
    return True


def _code_form(codebook: Codebook, values: CodeForm, code: Code | None) -> CodeForm:
    """The fields of a code; drawn inside a form so one click saves them together."""
    # '+' never occurs in a code id, so the new-code form cannot share a code's keys.
    key = code.id if code is not None else "+new"
    kinds = {k: choice("kind.", k) for k in KINDS}
    parents = parent_choices(codebook, code)
    parent_names = {"": t("codebook.edit.parent_none"),
                    **{p: f"{codebook.code(p).label} ({kinds[codebook.code(p).kind]})"
                       for p in parents if p}}
    groups = {g.key: g.name for g in codebook.groups}
    left, right = st.columns(2)
    with left:
        label = st.text_input(t("codebook.edit.label"), values.label, key=_key(f"label-{key}"))
        kind = st.selectbox(t("codebook.edit.kind"), KINDS, index=KINDS.index(values.kind),
                            key=_key(f"kind-{key}"), format_func=lambda k: kinds.get(k, k))
        parent = st.selectbox(t("codebook.edit.parent"), parents,
                              index=parents.index(values.parent) if values.parent in parents else 0,
                              key=_key(f"parent-{key}"),
                              format_func=lambda p: parent_names.get(p, p))
        chosen_groups = st.multiselect(t("codebook.edit.groups"), list(groups),
                                       default=[g for g in values.groups if g in groups],
                                       key=_key(f"groups-{key}"),
                                       placeholder=t("codebook.all_groups"),
                                       help=t("codebook.edit.groups_help"),
                                       format_func=lambda g: groups.get(g, g))
        swatch, pick = st.columns([2, 1])
        with swatch:
            own = st.checkbox(t("codebook.edit.own_colour"), values.own_colour,
                              key=_key(f"own-{key}"), help=t("codebook.edit.own_colour_help"), wrap=True)
        with pick:
            colour = st.color_picker(t("codebook.edit.colour"), values.colour,
                                     key=_key(f"colour-{key}"))
    with right:
        summary = st.text_input(t("codebook.edit.summary_label"), values.summary_label,
                                key=_key(f"summary-{key}"))
        description = st.text_area(t("codebook.edit.description"), values.description,
                                   key=_key(f"description-{key}"))
        keywords = st.text_input(t("codebook.edit.keywords"), values.keywords,
                                 key=_key(f"keywords-{key}"))
        examples = st.text_area(t("codebook.edit.examples"), values.examples,
                                key=_key(f"examples-{key}"))
    return CodeForm(label=label, summary_label=summary, kind=kind, parent=parent,
                    groups=chosen_groups, own_colour=own, colour=colour, description=description,
                    keywords=keywords, examples=examples)


def _change(store: Store, project: Project, codebook: Codebook, code: Code,
            frame: pd.DataFrame) -> None:
    with st.form(_key(f"form-{code.id}")):
        st.caption(f"{t('codebook.col.id')}: `{code.id}` · {t('codebook.edit.id_help')}")
        form = _code_form(codebook, form_values(code, codebook), code)
        submitted = st.form_submit_button(t("codebook.edit.save"), type="primary", wrap=True)
    if submitted:
        changes = form_changes(code, form)
        if not changes:
            st.info(t("codebook.edit.nothing"))
        elif _save(store, project, lambda cb: edit.update_code(cb, code.id, **changes)):
            _done(t("codebook.edit.saved", label=form.label.strip()), code.id)
    names = {g.key: g.name for g in codebook.groups}
    for key, n in edit.uncovered_groups(codebook, frame, code.id).items():
        st.warning(t("codebook.edit.uncovered", n=n, group=escape_markdown(names.get(key, key))))


def _order(store: Store, project: Project, codebook: Codebook, code: Code,
           group: str | None) -> None:
    if group is None:
        st.caption(t("codebook.edit.order_all"))
    else:
        name = escape_markdown(codebook.group(group).name)
        st.caption(t("codebook.edit.order_group", group=name))
    siblings = edit.peers(codebook, code.id, group)
    lines = []
    for number, other in enumerate(siblings, start=1):
        text = escape_markdown(other.label)
        lines.append(f"{number}. " + (f"**{text}**" if other.id == code.id else text))
    st.markdown("\n".join(lines))
    index = siblings.index(code)
    up, down, _ = st.columns([1, 1, 4])
    for column, step, name, icon, blocked in (
            (up, -1, "up", ":material/arrow_upward:", index == 0),
            (down, 1, "down", ":material/arrow_downward:", index == len(siblings) - 1)):
        text = t("codebook.edit.up") if step < 0 else t("codebook.edit.down")
        with column:
            if st.button(text, key=f"codebook-{name}", icon=icon,
                         disabled=blocked, width="stretch", wrap=True) and _save(
                    store, project, lambda cb, s=step: edit.move_step(cb, code.id, s, group)):
                _done(t("codebook.edit.moved", label=code.label), code.id)


def _new_code(store: Store, project: Project, codebook: Codebook, near: Code | None,
              group: str | None) -> None:
    """A form for a new code, placed beside the selected code (or under the theme)."""
    if near is None:
        kind, parent = "theme", ""
    elif near.kind == "theme":
        kind, parent = "success_factor", near.id
    else:
        kind, parent = near.kind, near.parent or ""
    fresh = CodeForm(label="", summary_label="", kind=kind, parent=parent,
                     groups=[group] if group else [], own_colour=False,
                     colour=PALETTE[len(codebook.codes) % len(PALETTE)], description="",
                     keywords="", examples="")
    with st.form(_key("form-new")):
        form = _code_form(codebook, fresh, None)
        submitted = st.form_submit_button(t("codebook.edit.create"), type="primary", wrap=True)
    if not submitted:
        return
    values = form_changes(Code(id="new", label=""), form)
    values.setdefault("label", "")
    after = insertion_point(codebook, values.get("parent"))
    holder: dict[str, str] = {}

    def create(cb: Codebook) -> Codebook:
        new = edit.add_code(cb, after=after, **values)
        holder["id"] = next(c.id for c in new.codes if cb.get(c.id) is None)
        return new

    if _save(store, project, create):
        _done(t("codebook.edit.created", label=values["label"]), holder["id"], "change")


def _split(store: Store, project: Project, code: Code, frame: pd.DataFrame) -> None:
    st.caption(t("codebook.edit.split_help", label=escape_markdown(code.label)))
    quotes = _quote_list(frame, code, None, where="split")
    if quotes.empty:
        return
    labels = coding_labels(quotes)
    with st.form(_key(f"form-split-{code.id}")):
        label = st.text_input(t("codebook.edit.split_label"), key=_key(f"split-label-{code.id}"))
        chosen = st.multiselect(t("codebook.edit.split_codings"), list(labels),
                                key=_key(f"split-codings-{code.id}"),
                                placeholder=t("codebook.edit.split_placeholder"),
                                format_func=lambda cid: labels.get(cid, str(cid)))
        submitted = st.form_submit_button(t("codebook.edit.split_go"), type="primary", wrap=True)
    if not submitted:
        return
    try:
        new_id, moved = access.session(project.id, store).split_code(code.id, chosen, label=label)
    except SigqualError as exc:
        show_error(exc)
        return
    _done(t("codebook.edit.split_done", n=moved, label=label.strip()), new_id)


def _merge(store: Store, project: Project, codebook: Codebook, code: Code,
           usage: Usage) -> None:
    targets = merge_targets(codebook, code)
    if not targets:
        return
    kinds = {k: choice("kind.", k) for k in KINDS}
    shown = {cid: code_choice_label(codebook, codebook.code(cid), kinds, usage)
             for cid in targets}
    target = st.selectbox(t("codebook.edit.merge_target", label=escape_markdown(code.label)),
                          targets,
                          key=_key(f"merge-target-{code.id}"),
                          format_func=lambda cid: shown.get(cid, cid))
    try:
        plan = edit.merge_plan(codebook, code.id, target, usage)
    except SigqualError as exc:
        show_error(exc)
        return
    source, into = escape_markdown(plan.source.label), escape_markdown(plan.target.label)
    st.markdown(t("codebook.edit.merge_preview", n=plan.usage.codings, docs=plan.usage.documents,
                  source=source, target=into))
    if plan.children:
        names = escape_markdown(", ".join(c.label for c in plan.children))
        st.markdown(t("codebook.edit.merge_children", source=source, target=into, names=names))
    if plan.added_groups:
        groups = escape_markdown(group_names(codebook, plan.added_groups))
        st.markdown(t("codebook.edit.merge_groups", target=into, groups=groups))
    if plan.source.keywords or plan.source.examples:
        st.markdown(t("codebook.edit.merge_words", source=source))
    if not st.button(t("codebook.edit.merge_go"), key="codebook-merge-go", type="primary",
                     icon=":material/merge:", wrap=True):
        return
    try:
        moved = access.session(project.id, store).merge_codes(code.id, target)
    except SigqualError as exc:
        show_error(exc)
        return
    _done(t("codebook.edit.merge_done", source=plan.source.label, target=plan.target.label,
            n=moved), target)


def _delete(store: Store, project: Project, codebook: Codebook, code: Code,
            usage: Usage) -> None:
    plan = edit.delete_plan(codebook, code.id, usage)
    label = escape_markdown(code.label)
    used = plan.usage.codings
    if used:
        st.warning(t("codebook.edit.delete_usage", label=label, n=used, docs=plan.usage.documents),
                   icon=":material/warning:")
    else:
        st.markdown(t("codebook.edit.delete_unused", label=label))
    if plan.children:
        where = (escape_markdown(plan.new_parent.label) if plan.new_parent is not None
                 else t("codebook.edit.top_level"))
        names = escape_markdown(", ".join(c.label for c in plan.children))
        st.markdown(t("codebook.edit.delete_children", label=label, parent=where, names=names))
    confirm = (t("codebook.edit.delete_confirm_codings", label=code.label, n=used) if used
               else t("codebook.edit.delete_confirm", label=code.label))
    sure = st.checkbox(escape_markdown(confirm), key=_key(f"delete-sure-{code.id}"), wrap=True)
    if not st.button(t("codebook.edit.delete_go"), key="codebook-delete-go", type="primary",
                     disabled=not sure, icon=":material/delete:", wrap=True):
        return
    try:
        removed = access.session(project.id, store).delete_code(code.id, with_codings=used > 0)
    except SigqualError as exc:
        show_error(exc)
        return
    _done(t("codebook.edit.deleted", label=code.label, n=removed),
          code.parent if code.parent and codebook.get(code.parent) else None)
