"""*Granska*: the confident suggestions across the corpus, each with the question before
it and its *why* words, to accept or reject in bulk; and "more like this" for a code.

Ranking every respondent turn takes seconds on a large project, so a list is made
on request (with a progress bar) and kept in the session; accepting or rejecting
removes items from it, and items decided elsewhere drop out on the next run. Bulk
decisions are one undo step, written through the store before they are acknowledged.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence

import streamlit as st

from ...codebook import Codebook
from ...coding import (
    AcceptSuggestion,
    Action,
    Batch,
    Candidate,
    CorpusTurn,
    Passage,
    RejectSuggestion,
    SuggestionService,
    confident_queue,
    corpus_turns,
    decisions,
    more_like_this,
)
from ...coding.auto_actions import AUTO, auto_batch
from ...coding.autocode import (
    DEFAULT_PRECISION,
    ESTIMATED,
    TOO_FEW,
    AutoCodeEstimate,
    AutoCodeResult,
    auto_code,
    estimate_threshold,
)
from ...coding.document import turn_number
from ...coding.suggestions import CONFIDENT
from ...errors import SigqualError
from ...models import Project
from ...store import Store
from .. import analysis_cache, state
from ..coding_session import (
    THRESHOLD,
    PageContext,
    blind,
    busy,
    decisions_now,
    note_error,
    open_coding_page,
    perform,
    statuses,
    suggestion_service,
    turns_now,
    undo_buttons,
)
from ..coding_view import code_option, coding_card, locate, percent, quote_card, safe_items
from ..i18n import choice, t
from ..resources import get_store
from ..turn_label import turn_label

PAGE_SIZE = 15
_QUEUE = "granska.queue"
_SIMILAR = "granska.similar"
_AUTO = "granska.auto"


def render() -> None:
    """The Granska page."""
    page = open_coding_page("granska.title")
    if page is None:
        return
    with busy(page.store, page.pid):
        _render(page)


def _render(page: PageContext) -> None:
    store, project, pid = page.store, page.project, page.pid
    codebook, coder, may_code = page.codebook, page.coder, page.may_code
    st.caption(t("granska.intro"))
    if not coder:
        st.info(t("granska.need_coder"), icon=":material/badge:")
        return
    service = suggestion_service(store, project, codebook)
    undo_buttons(pid, service, may_code=may_code, prefix="granska")
    decided = decisions_now(store, pid, coder)
    queue_tab, similar_tab, auto_tab = st.tabs([t("granska.tab.queue"), t("granska.tab.similar"),
                                                t("granska.tab.auto")])
    with queue_tab:
        _queue(project, codebook, service, decided, coder, may_code)
    with similar_tab:
        _similar(project, codebook, service, decided, coder, may_code)
    with auto_tab:
        _auto(project, codebook, service, coder, may_code)


def _selection(project: Project, codebook: Codebook, prefix: str
               ) -> tuple[list[str], list[str]]:
    """Which groups and phases to go through (empty means all)."""
    store = get_store()
    listed = statuses(store, project.id, state.coder(), blind(project))
    phases = sorted({s.phase for s in listed if s.phase})
    names = {g.key: g.name for g in codebook.groups}
    left, right = st.columns([3, 2])
    groups = left.multiselect(t("granska.groups"), list(names), key=f"{prefix}-groups",
                              format_func=names.__getitem__, placeholder=t("common.all"))
    chosen_phases = right.multiselect(t("granska.phases"), phases, key=f"{prefix}-phases",
                                      placeholder=t("common.all"))
    return groups, chosen_phases


def _turns(project: Project, groups: Sequence[str], phases: Sequence[str],
           documents: Sequence[int] = ()) -> list[CorpusTurn]:
    store = get_store()
    turns = corpus_turns(store, project.id, coder=state.coder(), settings=project.settings,
                         groups=groups or None, phases=phases or None,
                         segments=turns_now(store, project.id))
    return [x for x in turns if x.document_id in documents] if documents else turns


def _auto(project: Project, codebook: Codebook, service: SuggestionService, coder: str,
          may_code: bool) -> None:
    """Auto-coding: choose documents or groups, see the estimate, apply as one undo step."""
    st.caption(t("granska.auto.intro"))
    groups, phases = _selection(project, codebook, "granska-auto")
    store = get_store()
    listed = statuses(store, project.id, coder, blind(project))
    names = {s.document_id: s.name for s in listed}
    left, right = st.columns([3, 2])
    documents = left.multiselect(t("granska.auto.documents"), list(names), key="granska-auto-docs",
                                 format_func=names.__getitem__, placeholder=t("granska.all"))
    target = right.slider(t("granska.auto.target"), 0.50, 0.99, DEFAULT_PRECISION, step=0.01,
                          key="granska-auto-target")
    if st.button(t("granska.auto.estimate"), key="granska-auto-find", icon=":material/query_stats:",
                 wrap=True):
        with st.spinner(t("granska.estimating")):
            try:
                result = auto_code(service, _turns(project, groups, phases, documents),
                                   decisions(store, project.id, coder), target_precision=float(target))
            except SigqualError as exc:
                note_error(exc)
                result = None
        st.session_state[_AUTO] = {"project": project.id, "result": result}
    kept = st.session_state.get(_AUTO)
    if kept and kept.get("project") == project.id and kept.get("result") is not None:
        _auto_result(project, service, coder, may_code, kept["result"])
    _auto_review(project, codebook, coder)


def _auto_result(project: Project, service: SuggestionService, coder: str, may_code: bool,
                 result: AutoCodeResult) -> None:
    """The estimate and what applying would add, with the button that applies it."""
    st.caption(_estimate_note(result.estimate))
    found = result.candidates
    st.caption(t("granska.auto.found", n=len(found), turns=len({c.turn.segment_id for c in found})))
    if st.button(t("granska.auto.apply", n=len(found)), key="granska-auto-apply", type="primary",
                 icon=":material/auto_awesome:", disabled=not (may_code and found), wrap=True):
        label = t("granska.auto.did", n=len(found))
        with st.spinner(t("granska.saving")):
            done = perform(project.id, service, auto_batch(found, coder, label), label, later=True)
        if done:
            st.session_state.pop(_AUTO, None)
        st.rerun()


def _auto_review(project: Project, codebook: Codebook, coder: str) -> None:
    """The coder's automatic codings, newest first, each with a link to review it in Koda
    (where it can be kept or removed); Ångra above takes back the last batch whole.

    The cards are kept until the next write: finding them among every coding of a large
    project on each rerun was most of the page's time.
    """
    store = get_store()
    key = (analysis_cache.revision(), project.id, "granska-auto-review", coder, state.lang())
    total, listed, cards = analysis_cache.derived(
        key, lambda: _auto_cards(store, project.id, codebook, coder))
    if not total:
        return
    st.subheader(t("granska.auto.review", n=total, shown=listed), anchor=False)
    for card, document_id, index in cards:
        st.html(card)
        _koda_link(document_id, index)


def _auto_cards(store: Store, project_id: int, codebook: Codebook, coder: str
                ) -> tuple[int, int, tuple[tuple[str, int, int], ...]]:
    """(how many automatic codings, how many listed, each listed card's HTML, document and
    turn) for the newest page of the coder's automatic codings."""
    own = store.list_codings(project_id, coder=coder, source=AUTO)
    if not own:
        return 0, 0, ()
    own.sort(key=lambda c: (-c.id, c.document_id, c.start))
    shown = own[:PAGE_SIZE]
    documents = {d.id: d for d in store.list_documents(project_id)}
    turns = turns_now(store, project_id)
    cards = []
    for coding in shown:
        doc = documents.get(coding.document_id)
        code = codebook.get(coding.code_key)
        if doc is None or code is None:
            continue
        index = next((seg.idx for seg in turns.get(doc.id, ()) if seg.id == coding.segment_id), 0)
        group = codebook.group(doc.group_key).name if doc.group_key in codebook.group_keys else "–"
        where = t("granska.where", turn=turn_label(index), group=group, phase=doc.phase or "–")
        cards.append((coding_card(doc.name, where, doc.text[coding.start:coding.end], code.label,
                                  code.colour), doc.id, index))
    return len(own), len(shown), tuple(cards)


def _queue(project: Project, codebook: Codebook, service: SuggestionService,
           decided: Mapping[tuple[int, str], str], coder: str, may_code: bool) -> None:
    groups, phases = _selection(project, codebook, "granska-queue")
    # Shared with Koda's "next suggestion"; kept within the slider's range.
    st.session_state[THRESHOLD] = min(1.0, max(0.0, float(st.session_state.get(THRESHOLD, CONFIDENT))))
    on_change = state.bind("granska-threshold", THRESHOLD)
    threshold = st.slider(t("granska.threshold"), 0.0, 1.0, step=0.01, key="granska-threshold",
                          on_change=on_change)
    if st.button(t("granska.find"), key="granska-find", icon=":material/search:", type="primary", wrap=True):
        bar = st.progress(0.0, text=t("granska.ranking"))
        turns = _turns(project, groups, phases)
        fresh = decisions(get_store(), project.id, coder)
        # Every suggestion above the threshold, so the count shown is the true one.
        found = confident_queue(service, turns, fresh, threshold=float(threshold), limit=sys.maxsize,
                                progress=lambda f, _m: bar.progress(min(1.0, f), text=t("granska.ranking")))
        bar.progress(1.0, text=t("granska.estimating"))
        st.session_state[_QUEUE] = {"project": project.id, "items": found,
                                    "estimate": _estimate(service)}
        bar.empty()
    _review(project, codebook, service, decided, coder, may_code, _QUEUE, "granska-q")


def _similar(project: Project, codebook: Codebook, service: SuggestionService,
             decided: Mapping[tuple[int, str], str], coder: str, may_code: bool) -> None:
    st.caption(t("granska.similar_intro"))
    options = [c.id for c in codebook.codes]
    if not options:
        return
    labels = {c.id: code_option(c, choice("kind.", c.kind), codebook.theme_of(c.id)) for c in codebook.codes}
    left, right = st.columns([4, 1])
    code_id = left.selectbox(t("granska.code"), options, key="granska-similar-code",
                             format_func=labels.__getitem__)
    top = int(right.number_input(t("granska.top"), 5, 100, 20, step=5, key="granska-similar-top"))
    groups, phases = _selection(project, codebook, "granska-similar")
    if st.button(t("granska.similar_find"), key="granska-similar-find", icon=":material/manage_search:",
                 type="primary", wrap=True):
        bar = st.progress(0.0, text=t("granska.ranking"))
        try:
            found = more_like_this(service, code_id, _turns(project, groups, phases),
                                   decisions(get_store(), project.id, coder), top=top,
                                   progress=lambda f, _m: bar.progress(min(1.0, f),
                                                                       text=t("granska.ranking")))
        except SigqualError as exc:
            note_error(exc)
            found = []
        bar.empty()
        st.session_state[_SIMILAR] = {"project": project.id, "items": found}
    _review(project, codebook, service, decided, coder, may_code, _SIMILAR, "granska-s")


def _pick_key(prefix: str, item: Candidate) -> str:
    return f"{prefix}-pick-{item.turn.segment_id}-{item.code_id}"


def _set_picks(keys: Sequence[str], value: bool) -> None:
    for key in keys:
        st.session_state[key] = value


def _review(project: Project, codebook: Codebook, service: SuggestionService,
            decided: Mapping[tuple[int, str], str], coder: str, may_code: bool, slot: str,
            prefix: str) -> None:
    """The kept list, minus what was decided since, a page at a time, with bulk buttons."""
    kept = st.session_state.get(slot)
    if not kept or kept.get("project") != project.id:
        st.caption(t("granska.not_yet"))
        return
    items = [c for c in kept["items"] if c.key not in decided]
    kept["items"] = items
    if not items:
        st.info(t("granska.empty"))
        return
    st.caption(t("granska.count", n=len(items)))
    pages = max(1, -(-len(items) // PAGE_SIZE))
    page = st.pagination(pages, key=f"{prefix}-page") if pages > 1 else 1
    shown = items[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
    keys = [_pick_key(prefix, c) for c in items]
    estimate = kept.get("estimate")
    safe = safe_items(items, estimate)
    if estimate is not None:
        st.caption(_estimate_note(estimate))
    c1, c2, c3, c4 = st.columns(4)
    c1.button(t("granska.clear"), key=f"{prefix}-none", on_click=_set_picks, args=(keys, False),
              icon=":material/deselect:", width="stretch", wrap=True)
    ticked = [c for c, k in zip(items, keys, strict=True) if st.session_state.get(k)]
    accept = c2.button(t("granska.accept", n=len(ticked)), key=f"{prefix}-accept", type="primary",
                       icon=":material/done_all:", disabled=not (may_code and ticked),
                       width="stretch", wrap=True)
    reject = c3.button(t("granska.reject", n=len(ticked)), key=f"{prefix}-reject",
                       icon=":material/remove_done:", disabled=not (may_code and ticked),
                       width="stretch", wrap=True)
    sure = c4.button(t("granska.safe", n=len(safe)), key=f"{prefix}-safe", icon=":material/verified:",
                     disabled=not (may_code and safe), width="stretch",
                     help=t("granska.safe_help"), wrap=True)
    if accept or reject or sure:
        _decide(project.id, service, safe if sure else ticked, coder, not reject, keys)
        st.rerun()
    for item in shown:
        _card(item, codebook, prefix)


def _estimate(service: SuggestionService) -> AutoCodeEstimate | None:
    """How far the engine's calibrated confidence can be trusted on this project."""
    try:
        return estimate_threshold(service)
    except SigqualError as exc:
        note_error(exc)
        return None


def _estimate_note(estimate: AutoCodeEstimate) -> str:
    share = lambda v: percent(v or 0.0)  # noqa: E731
    if estimate.status == ESTIMATED:
        return t("granska.safe.estimated", threshold=share(estimate.threshold), turns=estimate.coded_turns,
                 precision=share(estimate.precision), lower=share(estimate.precision_lower),
                 level=share(estimate.confidence_level), coverage=share(estimate.coverage))
    if estimate.status == TOO_FEW:
        return t("granska.safe.too_few", turns=estimate.coded_turns, threshold=share(estimate.threshold))
    return t("granska.safe.none", target=share(estimate.target_precision),
             level=share(estimate.confidence_level))


def _decide(pid: int, service: SuggestionService, ticked: Sequence[Candidate], coder: str,
            accept: bool, keys: Sequence[str]) -> None:
    """Accept or reject the ticked items as one undoable step, with a progress bar."""
    steps: list[Action] = []
    for c in ticked:
        turn = c.turn
        passage = Passage(turn.document_id, turn.start, turn.end, turn.text, turn.group,
                          turn.segment_id, turn.text)
        kind = AcceptSuggestion if accept else RejectSuggestion
        steps.append(kind(passage, c.code_id, coder, c.confidence))
    bar = st.progress(0.0, text=t("granska.saving"))
    label = t("granska.did.accept" if accept else "granska.did.reject", n=len(steps))
    batch = Batch(steps, label, progress=lambda f: bar.progress(min(1.0, f), text=t("granska.saving")))
    if perform(pid, service, batch, label, later=True):
        _set_picks(keys, False)
    bar.empty()


def _card(item: Candidate, codebook: Codebook, prefix: str) -> None:
    turn = item.turn
    colour = codebook.colour_of(item.code_id) if codebook.get(item.code_id) else None
    group = codebook.group(turn.group).name if turn.group in codebook.group_keys else (turn.group or "–")
    where = t("granska.where", turn=turn_label(turn.index), group=group, phase=turn.phase or "–")
    pick, body = st.columns([1, 18], vertical_alignment="center")
    pick.checkbox(t("granska.pick"), key=_pick_key(prefix, item), label_visibility="collapsed", wrap=True)
    with body:
        st.html(quote_card(turn.document, where, turn.context, turn.text,
                           locate(turn.text, item.why, colour, item.label), item.label, colour,
                           item.confidence))
        _koda_link(turn.document_id, turn.index)


def _koda_link(document_id: int, index: int) -> None:
    """A link that opens the turn on the Koda page (which reads ?doc=&turn=)."""
    from .. import navigation  # the menu imports this module, so look it up at call time

    spec = next((s for s in navigation.PAGES if s.path == "koda"), None)
    if spec is None:
        return
    page = st.Page(spec.render, title=t(spec.title_key), icon=spec.icon, url_path=spec.path)
    st.page_link(page, label=t("granska.open"), icon=":material/edit_note:",
                 query_params={"doc": str(document_id), "turn": str(turn_number(index))})
