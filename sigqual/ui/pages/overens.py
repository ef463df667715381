"""*Överensstämmelse*: intercoder agreement (percent, Cohen's kappa, Krippendorff's alpha)
per code and overall, the disagreements to resolve into a consensus coder, the blind-coding
switch, the suggestion engine scored against a human, and the report as XLSX and DOCX."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

import pandas as pd
import streamlit as st

from ...agreement import (
    CONSENSUS_CODER,
    AgreementResult,
    Figures,
    UnitOptions,
    ai_versus_human,
    compute_agreement,
    load_suggester,
)
from ...app import blind_from_settings
from ...codebook import Codebook
from ...errors import SigqualError
from ...models import Project
from ...store import Store
from ...turns import turn_number
from .. import access, analysis_cache, state
from ..agreement_view import (
    DecisionKey,
    ProgressSuggester,
    accept_side,
    codes_table,
    comparable_coders,
    decision_key,
    names,
    open_count,
    report_files,
    resolutions,
    turns_to_score,
)
from ..grid_text import GridLayout, grid_layout, text_grid
from ..i18n import choice, num, t
from ..lazy_files import lazy_download_button
from ..markup import escape_markdown
from ..resources import get_store
from ..widgets import current_project, show_error, show_flashes

PAGE_SIZE = 15


def render() -> None:
    """The Överensstämmelse page."""
    store = get_store()
    st.title(t("overens.title"))
    st.caption(t("overens.intro"))
    show_flashes()
    project = current_project(store)
    if project is None:
        return
    # The project was just read: its setting decides, as the layer's is_blind would
    # (a malformed setting counts as blind), without reading the project again.
    blind = blind_from_settings(project.settings)
    # One revision for the whole run: everything below is cached on it.
    rev = analysis_cache.revision()
    _blind_switch(store, project, blind)
    coders_tab, ai_tab = st.tabs([t("overens.tab.coders"), t("overens.tab.ai")])
    with coders_tab:
        if blind:
            st.info(t("overens.hidden"), icon=":material/visibility_off:")
        else:
            _coders(store, project, rev)
    with ai_tab:
        _ai(store, project, blind, rev)


# -- blind coding -------------------------------------------------------------------

def _blind_switch(store: Store, project: Project, blind: bool) -> None:
    with st.container(border=True):
        st.markdown(f"**{t('overens.blind.title')}**")
        st.caption(t("overens.blind.explain"))
        st.markdown(t("overens.blind.on" if blind else "overens.blind.off"))
        if not access.allowed("settings", project.id):
            st.caption(t("overens.blind.admin_only"))
            return
        label = t("overens.blind.stop" if blind else "overens.blind.start")
        icon = ":material/visibility:" if blind else ":material/visibility_off:"
        if st.button(label, icon=icon, key=f"overens-{project.id}-blind", wrap=True):
            try:
                access.session(project.id, store).set_blind(not blind)
            except SigqualError as exc:
                show_error(exc)
                return
            state.flash("success", t("overens.blind.stopped" if blind else "overens.blind.started"))
            st.rerun()


# -- coder against coder -----------------------------------------------------------

def _coders(store: Store, project: Project, rev: analysis_cache.Revision) -> None:
    pid = project.id
    present = comparable_coders(_coders_present(pid, rev))
    humans = [c for c in present if c != CONSENSUS_CODER]
    chosen = st.multiselect(t("overens.coders"), present, default=humans[:2],
                            placeholder=t("overens.coders_placeholder"),
                            key=f"overens-{pid}-coders")
    c1, c2 = st.columns(2)
    interviewer = c1.toggle(t("overens.interviewer"), value=False, key=f"overens-{pid}-interviewer",
                            help=t("overens.interviewer_help"), wrap=True)
    uncoded = c2.radio(t("overens.uncoded"), ["include", "exclude"], horizontal=True,
                       key=f"overens-{pid}-uncoded",
                       format_func={"include": t("overens.uncoded.include"),
                                    "exclude": t("overens.uncoded.exclude")}.__getitem__)
    if len(chosen) < 2:
        st.info(t("overens.need_two", coders=escape_markdown(", ".join(present) or "–")))
        return
    options = UnitOptions(include_interviewer=bool(interviewer), uncoded=uncoded or "include")
    try:
        result = _agreement(rev, pid, tuple(chosen), options.include_interviewer, options.uncoded)
    except SigqualError as exc:
        show_error(exc)
        return
    key = (rev, pid, tuple(chosen), options.include_interviewer, options.uncoded, state.lang())
    _figures(result.overall)
    _notes(result, (*key, "agreement-notes"))
    _per_code(result, (*key, "agreement-codes"))
    _report_buttons(result, project.name, key=f"overens-{pid}-report")
    st.divider()
    _disagreements(store, project, result, chosen, options)


def _inputs(project_id: int, rev: analysis_cache.Revision) -> Any:
    """Codings, turns and codebook, shared (not copied) until the next write."""
    return analysis_cache.agreement_inputs(rev, project_id)


def _coders_present(project_id: int, rev: analysis_cache.Revision) -> list[str]:
    """Every coder with a coding, read once per revision rather than from every row each run."""
    return analysis_cache.derived(
        (rev, project_id, "agreement-coders"),
        lambda: sorted(set(_inputs(project_id, rev).codings["coder"].dropna().astype(str))))


def _agreement(rev: analysis_cache.Revision, project_id: int, coders: tuple[str, ...],
               include_interviewer: bool, uncoded: str) -> AgreementResult:
    """Agreement, cached on the store's revision: a click on a decision must not redo it.

    Shared, not unpickled, on every rerun; the page only reads it.
    """

    def build() -> AgreementResult:
        options = UnitOptions(include_interviewer=include_interviewer, uncoded=uncoded)
        inputs = _inputs(project_id, rev)
        return compute_agreement(inputs.codings, inputs.segments, inputs.codebook, list(coders),
                                 options=options)

    return analysis_cache.derived(
        (rev, project_id, "agreement", coders, include_interviewer, uncoded), build)


def _figures(figures: Figures) -> None:
    # Figures as wide as their names, in a row that wraps: a column would cut a long
    # name such as "Krippendorffs α (nominal)" in a narrow window.
    row = st.container(horizontal=True, gap="large")
    undefined = t("overens.undefined")
    percent = figures.percent.value
    row.metric(t("overens.percent"), undefined if percent is None else f"{num(percent)} %",
               width="content")
    for key, measure in (("overens.kappa", figures.kappa), ("overens.alpha", figures.alpha)):
        row.metric(t(key), undefined if measure.value is None else num(measure.value, 3),
                   width="content")
    for reason in figures.reasons():
        st.caption(escape_markdown(reason))


def _notes(result: AgreementResult, key: tuple | None = None) -> None:
    """The unit counted and the documents left out; ``key`` names a cached ``result``."""
    st.caption(t("overens.unit", turns=result.n_segments, docs=result.n_documents))
    # One line per document left out, all in one caption and written once per result:
    # with hundreds of interviews coded by one coder only, drawing and escaping a line
    # each made every rerun slow.
    def lines() -> str:
        return "  \n".join(t("overens.excluded", document=escape_markdown(str(row.document)),
                             coders=escape_markdown(str(row.missing_coders)))
                           for row in result.excluded_documents.itertuples(index=False))

    text = analysis_cache.derived(key, lines) if key is not None else lines()
    if text:
        st.caption(text)


def _per_code(result: AgreementResult, key: tuple | None = None) -> None:
    """The per-code figures; ``key`` names a cached ``result`` (and the language), so the
    table and its measured layout are kept with it."""
    labels = {"code": t("overens.col.code"), "kind": t("overens.col.kind"),
              "percent": t("overens.percent"), "kappa": t("overens.kappa"),
              "alpha": t("overens.alpha"), "coded": t("overens.col.coded", coder="{coder}"),
              "note": t("overens.col.note")}

    def build() -> tuple[pd.DataFrame, GridLayout | None]:
        frame = codes_table(result, labels)
        if frame.empty:
            return frame, None
        frame[labels["kind"]] = frame[labels["kind"]].map(lambda k: choice("kind.", k))
        return frame, grid_layout(frame)

    frame, layout = analysis_cache.derived(key, build) if key is not None else build()
    if frame.empty:
        return
    st.markdown(f"**{t('overens.per_code')}**")
    # The code's label and the note are long: they wrap, and the label stays in view.
    text_grid(frame, pinned=[labels["code"]], hide_index=True, layout=layout, column_config={
        labels["percent"]: st.column_config.NumberColumn(format="%.1f %%"),
        labels["kappa"]: st.column_config.NumberColumn(format="%.3f"),
        labels["alpha"]: st.column_config.NumberColumn(format="%.3f"),
    })


def _report_buttons(result: AgreementResult, project_name: str, key: str,
                    label: str = "overensstammelse") -> None:
    files = report_files(result, project_name=project_name, lang=state.lang(), label=label)
    labels = {"xlsx": t("overens.fmt.xlsx"), "docx": t("overens.fmt.docx")}
    with st.container(horizontal=True, vertical_alignment="center"):
        st.caption(t("overens.download"))
        for item in files:
            lazy_download_button(item, labels[item.fmt], key=f"{key}-{item.fmt}")


# -- disagreements and consensus ----------------------------------------------------

def _fingerprint(coders: Sequence[str], options: UnitOptions) -> str:
    """Short id of a comparison, so decisions and widgets never mix two comparisons."""
    text = "|".join([*coders, str(options.include_interviewer), options.uncoded])
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


@st.fragment
def _disagreements(store: Store, project: Project, result: AgreementResult,
                   coders: Sequence[str], options: UnitOptions) -> None:
    """The list reruns on its own, so deciding a row does not recompute the page."""
    pid = project.id
    st.subheader(t("overens.dis.title"))
    rows = result.disagreements
    if rows.empty:
        st.success(t("overens.dis.none"))
        return
    st.caption(t("overens.dis.explain"))
    tag = _fingerprint(coders, options)
    store_key = f"overens-{pid}-decisions-{tag}"
    decisions: dict[DecisionKey, str] = state.get(store_key) or {}
    state.put(store_key, decisions)
    st.markdown(t("overens.dis.count", n=len(rows), open=open_count(rows, decisions)))
    pages = max(1, -(-len(rows) // PAGE_SIZE))
    c1, c2, c3 = st.columns([2, 2, 1], vertical_alignment="bottom")
    side = c1.selectbox(t("overens.dis.bulk"), list(coders), key=f"overens-{pid}-bulk-{tag}")
    c2.button(t("overens.dis.bulk_button"), key=f"overens-{pid}-bulk-go-{tag}",
              icon=":material/done_all:", on_click=_accept_all, args=(store_key, rows, side), wrap=True)
    page = int(c3.number_input(t("overens.dis.page", pages=pages), min_value=1, max_value=pages,
                               value=1, step=1, key=f"overens-{pid}-page-{tag}"))
    shown = rows.iloc[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
    for row in shown.to_dict("records"):
        _disagreement(row, coders, store_key, f"overens-{pid}-d-{tag}")
    _consensus(store, project, coders, options, rows, store_key)


def _accept_all(store_key: str, rows: pd.DataFrame, coder: str | None) -> None:
    if coder:
        state.put(store_key, accept_side(rows, state.get(store_key) or {}, coder))


def _disagreement(row: dict[str, Any], coders: Sequence[str], store_key: str, prefix: str) -> None:
    key = decision_key(row["segment_id"], row["code_id"])
    widget = f"{prefix}-{key[0]}-{key[1]}"
    decisions: dict[DecisionKey, str] = state.get(store_key) or {}
    if st.session_state.get(widget) != decisions.get(key):
        st.session_state[widget] = decisions.get(key)
    with st.container(border=True):
        text, choice = st.columns([3, 1], vertical_alignment="center")
        text.markdown(t("overens.dis.row", document=escape_markdown(str(row["document"])),
                        turn=turn_number(row["segment_idx"]),
                        speaker=escape_markdown(str(row["speaker"] or "?")),
                        code=escape_markdown(str(row["label"]))))
        text.markdown(escape_markdown(str(row["text"])))
        text.caption(t("overens.dis.sides",
                       coded=escape_markdown(", ".join(names(row["coded_by"])) or "–"),
                       not_coded=escape_markdown(", ".join(names(row["not_coded_by"])) or "–")))
        choice.radio(t("overens.dis.choice"), list(coders), index=None, key=widget,
                     on_change=_decide, args=(store_key, key, widget))


def _decide(store_key: str, key: DecisionKey, widget: str) -> None:
    decisions: dict[DecisionKey, str] = dict(state.get(store_key) or {})
    value = st.session_state.get(widget)
    if value:
        decisions[key] = value
    else:
        decisions.pop(key, None)
    state.put(store_key, decisions)


def _consensus(store: Store, project: Project, coders: Sequence[str], options: UnitOptions,
               rows: pd.DataFrame, store_key: str) -> None:
    pid = project.id
    c1, c2 = st.columns([2, 3], vertical_alignment="bottom")
    name = c1.text_input(t("overens.dis.name"), value=CONSENSUS_CODER,
                         key=f"overens-{pid}-consensus-name").strip()
    allow_open = c2.checkbox(t("overens.dis.allow_open"), value=False,
                             key=f"overens-{pid}-allow-open", wrap=True)
    if not st.button(t("overens.dis.create"), type="primary", icon=":material/merge:",
                     key=f"overens-{pid}-consensus", disabled=not access.allowed("code", pid), wrap=True):
        return
    try:
        chosen = resolutions(rows, state.get(store_key) or {})
        ids = access.session(pid, store).build_consensus(
            list(coders), chosen, coder=name or CONSENSUS_CODER, options=options,
            allow_unresolved=bool(allow_open))
    except SigqualError as exc:
        show_error(exc)
        return
    state.flash("success", t("overens.dis.created", name=name or CONSENSUS_CODER, n=len(ids)))
    st.rerun()


# -- AI against human ---------------------------------------------------------------

@st.cache_resource(show_spinner=False, max_entries=4)
def _suggester(url: str, project_id: int, revision: int, embeddings: bool,
               _codebook: Codebook) -> Any:
    """One suggestion engine (a model) per store revision and model choice, never changed."""
    return load_suggester(_codebook, embeddings="auto" if embeddings else False)


def _ai(store: Store, project: Project, blind: bool, rev: analysis_cache.Revision) -> None:
    pid = project.id
    st.caption(t("overens.ai.intro"))
    inputs = _inputs(pid, rev)
    codings = inputs.codings
    present = comparable_coders(_coders_present(pid, rev))
    if blind:
        present = [c for c in present if c == state.coder()]
    if not present:
        st.info(t("overens.ai.none"))
        return
    c1, c2 = st.columns([1, 2])
    human = c1.selectbox(t("overens.ai.human"), present, key=f"overens-{pid}-ai-human")

    def coded_documents() -> dict[int, str]:
        coded = codings.loc[codings["coder"] == human, ["document_id", "document"]].drop_duplicates()
        return dict(zip(coded["document_id"].astype(int), coded["document"].astype(str),
                        strict=True))

    # The human's documents, found among every coding once per revision, not each rerun.
    doc_names = analysis_cache.derived((rev, pid, "agreement-ai-documents", human), coded_documents)
    documents = c2.multiselect(t("overens.ai.documents"), list(doc_names),
                               key=f"overens-{pid}-ai-docs-{human}",
                               format_func=lambda d: doc_names.get(d, str(d)),
                               placeholder=t("overens.ai.documents_placeholder"))
    c1, c2, c3 = st.columns(3, vertical_alignment="bottom")
    use_threshold = c1.toggle(t("overens.ai.use_threshold"), value=False,
                              key=f"overens-{pid}-ai-use-threshold",
                              help=t("overens.ai.threshold_help"), wrap=True)
    threshold = c2.slider(t("overens.ai.threshold"), min_value=0.0, max_value=1.0, value=0.5,
                          step=0.05, key=f"overens-{pid}-ai-threshold", disabled=not use_threshold)
    embeddings = c3.toggle(t("overens.ai.embeddings"), value=True, key=f"overens-{pid}-ai-emb", wrap=True)
    result_key = f"overens-{pid}-ai-result"
    if st.button(t("overens.ai.run"), icon=":material/smart_toy:", key=f"overens-{pid}-ai-run", wrap=True):
        chosen_threshold = float(threshold) if use_threshold else None
        result = _run_ai(store, pid, inputs, human, documents or None, chosen_threshold,
                         bool(embeddings))
        if result is not None:
            how = (t("overens.ai.how_threshold", value=num(chosen_threshold, 2))
                   if chosen_threshold is not None else t("overens.ai.how_best"))
            state.put(result_key, (human, how, result))
    saved = state.get(result_key)
    if saved is None:
        return
    who, how, result = saved
    st.markdown(t("overens.ai.result", human=escape_markdown(who), how=escape_markdown(how)))
    _figures(result.overall)
    _notes(result)
    _per_code(result)
    _report_buttons(result, project.name, key=f"overens-{pid}-ai-report", label="ai-mot-manniska")


def _run_ai(store: Store, pid: int, inputs: Any, human: str, documents: list[int] | None,
            threshold: float | None,
            embeddings: bool) -> AgreementResult | None:
    codebook: Codebook = inputs.codebook
    total = turns_to_score(inputs.segments, inputs.codings, human, documents)
    bar = st.progress(0.0, text=t("overens.ai.loading"))

    def report(done: int, of: int) -> None:
        bar.progress(done / of, text=t("overens.ai.progress", done=done, total=of))

    try:
        engine = _suggester(store.url, pid, store.revision(), embeddings, codebook)
        result = ai_versus_human(inputs.codings, inputs.segments, codebook, human,
                                 suggester=ProgressSuggester(engine, total, report),
                                 threshold=threshold, documents=documents)
    except SigqualError as exc:
        bar.empty()
        show_error(exc)
        return None
    bar.empty()
    return result
