"""*Koda*: read a document turn by turn, code whole turns or sentences, accept or reject
the local suggestions, write memos, undo and redo.

Every action is a store call made in a button callback; the toast that says "saved"
is shown only after the store has returned, so what the page acknowledges is on disk.
Reruns stay fast because the document view, the status list and the codebook are
cached by the project's change counter (its newest audit entry) and suggestions by
the shared service's model version. Keyboard shortcuts use Streamlit's native
``st.button(shortcut=...)`` (single keys, ignored while typing in a field).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import streamlit as st

from ...codebook import Codebook
from ...coding import (
    AcceptSuggestion,
    Action,
    AddCoding,
    Batch,
    DocumentStatus,
    DocumentView,
    Passage,
    RejectSuggestion,
    RemoveCoding,
    SuggestionService,
    Turn,
    filter_documents,
    join_runs,
    next_matching,
    next_uncoded_turn,
    split_sentences,
    step_turn,
    turn_suggestions,
)
from ...coding.document import STATUSES, turn_index, turn_number
from ...coding.suggestions import CONFIDENT
from ...errors import SigqualError
from ...nlp.suggest import Suggestion
from ..coding_session import (
    PICKED,
    THRESHOLD,
    PageContext,
    blind,
    busy,
    decisions_now,
    document_view,
    memos,
    note_error,
    open_coding_page,
    perform,
    statuses,
    suggestion_service,
    undo_buttons,
)
from ..coding_view import (
    picker_codes,
    picker_labels,
    pinned,
    sentence_option,
    snippet,
    suggestion_line,
    turn_block,
    why_highlights,
)
from ..i18n import choice, t
from ..koda_memos import memo_section
from ..markup import escape_markdown
from ..resources import get_store
from ..turn_label import turn_label

_DOC = "koda.doc"
# Literal keys (not built at run time), so the i18n checks can see every one.
_STATUS_KEYS = {"all": "common.all", "uncoded": "koda.status.uncoded",
                "partial": "koda.status.partial", "coded": "koda.status.coded"}
_DECIDED_KEYS = {"coded": "koda.status_coded", "rejected": "koda.status_rejected"}
_SOURCE_KEYS = {"manual": "koda.source.manual", "suggestion": "koda.source.suggestion",
                "import": "koda.source.import", "consensus": "koda.source.consensus",
                "auto": "koda.source.auto"}
_KIND_KEYS = {"theme": "kind.theme", "success_factor": "kind.success_factor",
              "development_area": "kind.development_area", "code": "kind.code"}
_TURNS = "koda.turns"
_ORDER = "koda.order"
TOP = 5
# Suggestions below this confidence are noise to a reader and are not listed.
MIN_SHOWN = 0.05
WINDOW = 12
_ALL = ""


# -- page -----------------------------------------------------------------------------

def render() -> None:
    """The Koda page."""
    page = open_coding_page("koda.title")
    if page is None:
        return
    with busy(page.store, page.pid):
        _render(page)


def _render(page: PageContext) -> None:
    store, project, pid, version = page.store, page.project, page.pid, page.version
    codebook, coder, may_code = page.codebook, page.coder, page.may_code
    hidden = blind(project)
    if not coder:
        st.info(t("koda.need_coder"), icon=":material/badge:")
    elif hidden:
        st.caption(t("koda.blind"))
    listed = statuses(store, pid, coder, hidden)
    if not listed:
        st.info(t("koda.no_documents"), icon=":material/info:")
        return
    _follow_link(listed)
    chosen = _document_picker(listed, codebook)
    if chosen is None:
        return
    view = document_view(store, pid, chosen.document_id, coder, hidden, codebook)
    if not view.turns:
        st.info(t("koda.no_turns"))
        return
    service = suggestion_service(store, project, codebook)
    skip = st.toggle(t("koda.skip_interviewer"), key="koda-skip", value=True,
                     help=t("koda.skip_help"), wrap=True)
    turn = _current_turn(view, skip)
    rejected = {code for (seg, code), d in decisions_now(store, pid, coder).items()
                if seg == turn.segment_id and d == "rejected"}
    suggestions: list[Suggestion] = []
    if not turn.is_interviewer:
        ranked = turn_suggestions(service, turn, view.group, top=2 * TOP, minimum=MIN_SHOWN,
                                  keep_decided=True)
        shown = st.session_state.setdefault(_ORDER, {})
        suggestions = shown[turn.segment_id] = pinned(shown.get(turn.segment_id), ranked, TOP)
    reading, coding = st.columns(2, gap="large")
    with coding:
        _navigation(view, turn, service, coder, version, skip, may_code)
        _current(view, turn, codebook, suggestions, rejected, pid, service, coder, may_code)
    with reading:
        _reading_pane(view, chosen, turn, skip, codebook)


def _follow_link(statuses: Sequence[DocumentStatus]) -> None:
    """Open ``?doc=<id>&turn=<number>`` (links from Jämför and Granska) once; the number
    is the one the pages show ("Replik 8" is ``turn=8``)."""
    params = st.query_params
    if "doc" not in params:
        return
    try:
        doc_id = int(params["doc"])
        index = turn_index(int(params["turn"])) if "turn" in params else None
    except ValueError:
        doc_id, index = -1, None
    for key in ("doc", "turn"):
        if key in params:
            del params[key]
    if all(s.document_id != doc_id for s in statuses):
        return
    for key in ("koda-group", "koda-phase", "koda-status"):
        st.session_state[key] = _ALL if key != "koda-status" else "all"
    st.session_state["koda-doc"] = doc_id
    st.session_state[_DOC] = doc_id
    if index is not None:
        st.session_state.setdefault(_TURNS, {})[doc_id] = ("index", index)


def _document_picker(statuses: Sequence[DocumentStatus], codebook: Codebook
                     ) -> DocumentStatus | None:
    """Filters (group, phase, coding status) and the document list they leave."""
    groups = sorted({s.group for s in statuses if s.group},
                    key=lambda g: (codebook.group_keys.index(g) if g in codebook.group_keys
                                   else len(codebook.group_keys), g))
    phases = sorted({s.phase for s in statuses if s.phase})
    names = {g.key: g.name for g in codebook.groups}
    # Boxes of fixed widths in a row that wraps: a narrow window moves a box to the next
    # line rather than shrink it until its value ("Alla") no longer shows.
    row = st.container(horizontal=True)
    group = row.selectbox(t("common.group"), [_ALL, *groups], key="koda-group", width=170,
                          format_func=lambda g: names.get(g, g) if g else t("common.all"))
    phase = row.selectbox(t("koda.phase"), [_ALL, *phases], key="koda-phase", width=100,
                          format_func=lambda p: p or t("common.all"))
    status_names = {s: t(_STATUS_KEYS[s]) for s in STATUSES}
    status = row.selectbox(t("koda.status"), list(STATUSES), key="koda-status", width=170,
                           format_func=status_names.__getitem__)
    shown = filter_documents(statuses, group=group or None, phase=phase or None, status=status)
    if not shown:
        row.selectbox(t("koda.document"), [], key="koda-doc-none", disabled=True, width=320)
        st.info(t("koda.no_match"))
        return None
    ids = [s.document_id for s in shown]
    # Names only: a browser keeps showing a selectbox's old label for the same value, so
    # the changing coded/total count is shown beside the document instead.
    labels = {s.document_id: s.name for s in shown}
    wanted = st.session_state.get(_DOC)
    if st.session_state.get("koda-doc") not in ids:
        st.session_state["koda-doc"] = wanted if wanted in ids else ids[0]
    doc_id = row.selectbox(t("koda.document"), ids, key="koda-doc", format_func=labels.__getitem__,
                           width=320)
    st.session_state[_DOC] = doc_id
    return next(s for s in shown if s.document_id == doc_id)


def _current_turn(view: DocumentView, skip: bool) -> Turn:
    """The turn being coded in this document (remembered per document)."""
    doc_id = view.document.id
    remembered = st.session_state.setdefault(_TURNS, {}).get(doc_id)
    turn: Turn | None = None
    if isinstance(remembered, tuple):  # a link gave the turn's index
        turn = next((x for x in view.turns if x.index == remembered[1]), None)
    elif remembered is not None:
        turn = view.turn(remembered)
    if turn is None or (skip and turn.is_interviewer):
        turn = (step_turn(view, turn.segment_id if turn else None, 1, skip_interviewer=skip)
                if turn is not None else None)
        turn = turn or next((x for x in view.turns if not (skip and x.is_interviewer)), view.turns[0])
    st.session_state[_TURNS][doc_id] = turn.segment_id
    return turn


def _go(doc_id: int, segment_id: int | None) -> None:
    st.session_state.setdefault(_TURNS, {})[doc_id] = segment_id


# -- navigation -------------------------------------------------------------------------

def _navigation(view: DocumentView, turn: Turn, service: SuggestionService, coder: str,
                version: int, skip: bool, may_code: bool) -> None:
    """Previous, next, next uncoded, next suggestion, undo and redo in one wrapping row:
    the buttons share each line and move to the next one rather than cut their labels."""
    doc_id = view.document.id
    pid = view.document.project_id
    before = step_turn(view, turn.segment_id, -1, skip_interviewer=skip)
    after = step_turn(view, turn.segment_id, 1, skip_interviewer=skip)
    uncoded = next_uncoded_turn(view, turn.segment_id)
    row = st.container(horizontal=True)
    row.button(t("koda.previous"), key="koda-prev", icon=":material/arrow_upward:", shortcut="K",
               disabled=before is None, on_click=_go, width="stretch",
               args=(doc_id, before.segment_id if before else None), wrap=True)
    row.button(t("koda.next"), key="koda-next", icon=":material/arrow_downward:", shortcut="J",
               disabled=after is None, on_click=_go, width="stretch",
               args=(doc_id, after.segment_id if after else None), wrap=True)
    row.button(t("koda.next_uncoded"), key="koda-next-uncoded", shortcut="N",
               icon=":material/check_box_outline_blank:", disabled=uncoded is None,
               on_click=_go, width="stretch", help=t("koda.next_uncoded_help"),
               args=(doc_id, uncoded.segment_id if uncoded else None), wrap=True)
    threshold = float(st.session_state.get(THRESHOLD, CONFIDENT))
    wanted = row.button(t("koda.next_suggestion"), key="koda-next-suggestion", shortcut="F",
                        icon=":material/lightbulb:", width="stretch",
                        help=t("koda.next_suggestion_help", percent=round(threshold * 100)), wrap=True)
    undo_buttons(pid, service, may_code=may_code, prefix="koda", places=(row, row))
    if wanted:
        _jump_to_suggestion(view, turn, service, coder, version)


def _jump_to_suggestion(view: DocumentView, turn: Turn, service: SuggestionService, coder: str,
                        version: int) -> None:
    """Find the next turn with a confident suggestion; a progress bar while ranking turns."""
    store = get_store()
    pid = view.document.project_id
    decided = decisions_now(store, pid, coder)
    threshold = float(st.session_state.get(THRESHOLD, CONFIDENT))
    candidates = [x for x in view.turns if not x.is_interviewer]
    bar = st.progress(0.0, text=t("koda.ranking"))
    seen = [0]

    def confident(candidate: Turn) -> bool:
        seen[0] += 1
        bar.progress(min(1.0, seen[0] / max(1, len(candidates))), text=t("koda.ranking"))
        rejected = {c for (s, c), d in decided.items() if s == candidate.segment_id and d == "rejected"}
        found = turn_suggestions(service, candidate, view.group, rejected=rejected, top=1)
        return bool(found) and found[0].confidence >= threshold

    target = next_matching(view, turn.segment_id, confident)
    bar.empty()
    if target is None:
        st.info(t("koda.no_confident"))
        return
    _go(view.document.id, target.segment_id)
    st.rerun()


# -- the reading pane ----------------------------------------------------------------------

def _role_label(turn: Turn) -> str:
    return choice("role.", turn.role) if turn.role in ("interviewer", "respondent", "unknown") else turn.role


def _reading_pane(view: DocumentView, status: DocumentStatus, turn: Turn, skip: bool,
                  codebook: Codebook) -> None:
    """The document as speaker turns: a window around the current turn, or all of it."""
    doc = view.document
    # The codebook's name for the group and the catalogue's phase wording, never internal keys.
    group = next((g.name for g in codebook.groups if g.key == doc.group_key), doc.group_key)
    phase = t("report.phase", p=doc.phase) if doc.phase else None
    st.caption(t("koda.doc_facts", name=escape_markdown(doc.name),
                 group=escape_markdown(group or "–"), phase=escape_markdown(phase or "–"),
                 participant=escape_markdown(doc.participant or "–"), coded=status.coded_turns,
                 turns=status.turns))
    turns = [x for x in view.turns if not (skip and x.is_interviewer) or x is turn]
    everything = st.toggle(t("koda.show_all"), key="koda-all-turns", value=False, wrap=True)
    here = next(i for i, x in enumerate(turns) if x.segment_id == turn.segment_id)
    if everything:
        first, shown = 0, turns
    else:
        first = max(0, min(here - 3, len(turns) - WINDOW))
        shown = turns[first:first + WINDOW]
        st.caption(t("koda.window", first=first + 1, last=first + len(shown), total=len(turns)))
    unknown = t("turns.unknown_speaker")
    with_memos = {m.segment_id for m in memos(get_store(), doc.project_id) if m.segment_id is not None}
    with st.container(height=640 if everything else "content", border=False):
        for item in shown:
            pick, text = st.columns([1, 14], vertical_alignment="top")
            pick.button(str(turn_number(item.index)), key=f"koda-turn-{item.segment_id}", type="tertiary",
                        on_click=_go, args=(doc.id, item.segment_id),
                        help=t("koda.pick_turn"), wrap=True)
            with text:
                st.html(turn_block(item, speaker=item.speaker or unknown,
                                   role_label=_role_label(item), current=item is turn,
                                   memo=t("koda.turn_memo") if item.segment_id in with_memos else ""))


# -- the current turn ----------------------------------------------------------------------

def _passages(view: DocumentView, turn: Turn) -> list[Passage]:
    """What a coding button codes now: the whole turn, chosen sentences or a range."""
    text = view.document.text
    mode = st.session_state.get(f"koda-part-{turn.segment_id}", "turn")
    spans: list[tuple[int, int]] = [(turn.start, turn.end)]
    if mode == "sentences":
        chosen = st.session_state.get(f"koda-sentences-{turn.segment_id}") or []
        sentences = split_sentences(text, turn.start, turn.end)
        spans = join_runs(sentences, set(chosen)) if chosen else []
    elif mode == "range":
        a, b = st.session_state.get(f"koda-range-{turn.segment_id}", (0, turn.end - turn.start))
        spans = [(turn.start + a, turn.start + b)] if b > a else []
    return [Passage(view.document.id, s, e, text[s:e], view.group, turn.segment_id, turn.text)
            for s, e in spans]


def _part_chooser(view: DocumentView, turn: Turn) -> tuple[int, int] | None:
    """Whole turn, sentences or a character range; returns the selection to outline."""
    modes = {"turn": t("koda.part.turn"), "sentences": t("koda.part.sentences"),
             "range": t("koda.part.range")}
    mode = st.segmented_control(t("koda.part"), list(modes), key=f"koda-part-{turn.segment_id}",
                                default="turn", required=True, format_func=modes.__getitem__, wrap=True)
    if mode == "sentences":
        sentences = split_sentences(view.document.text, turn.start, turn.end)
        options = list(range(len(sentences)))
        labels = {i: sentence_option(i + 1, s) for i, s in enumerate(sentences)}
        chosen = st.multiselect(t("koda.sentences"), options, key=f"koda-sentences-{turn.segment_id}",
                                format_func=labels.__getitem__, placeholder=t("koda.sentences_hint"))
        if chosen:
            return min(sentences[i].start for i in chosen), max(sentences[i].end for i in chosen)
        return None
    if mode == "range":
        size = turn.end - turn.start
        a, b = st.slider(t("koda.range"), 0, size, (0, size), key=f"koda-range-{turn.segment_id}")
        if b > a:
            st.caption(t("koda.range_preview", text=escape_markdown(snippet(turn.text[a:b], 160))))
            return turn.start + a, turn.start + b
        return None
    return None


def _current(view: DocumentView, turn: Turn, codebook: Codebook, suggestions: list[Suggestion],
             rejected: set[str], pid: int, service: SuggestionService, coder: str,
             may_code: bool) -> None:
    unknown = t("turns.unknown_speaker")
    st.markdown(f"**{turn_label(turn.index)}**")
    placeholder = st.empty()
    selection = _part_chooser(view, turn)
    passages = _passages(view, turn)
    spans = {(p.start, p.end) for p in passages}
    done = {m.code_id for m in turn.marks if m.coder == coder and (m.start, m.end) in spans}
    status = {s.code_id: "coded" if s.code_id in done else "rejected" if s.code_id in rejected
              else "" for s in suggestions}
    open_ones = [s for s in suggestions if not status[s.code_id]]
    placeholder.html(turn_block(turn, speaker=turn.speaker or unknown, role_label=_role_label(turn),
                                current=True, highlights=why_highlights(open_ones, codebook),
                                selection=selection))
    _suggestions(view, turn, codebook, suggestions, status, passages, pid, service, coder, may_code)
    _manual(view, turn, codebook, passages, pid, service, coder, may_code)
    _codings_here(view, turn, pid, service, coder, may_code)
    memo_section(view, turn, codebook, pid, coder, may_code)
    with st.expander(t("koda.shortcuts"), icon=":material/keyboard:"):
        st.caption(t("koda.shortcuts_text"))


def _accept(pid: int, service: SuggestionService, passages: Sequence[Passage], code_id: str,
            label: str, confidence: float, coder: str) -> None:
    steps = [AcceptSuggestion(p, code_id, coder, confidence) for p in passages]
    action: Action = steps[0] if len(steps) == 1 else Batch(steps)
    action.label = t("koda.did.accept", code=label)
    perform(pid, service, action, t("koda.toast.accepted", code=label))


def _reject(pid: int, service: SuggestionService, passage: Passage, code_id: str, label: str,
            confidence: float, coder: str) -> None:
    action = RejectSuggestion(passage, code_id, coder, confidence)
    action.label = t("koda.did.reject", code=label)
    perform(pid, service, action, t("koda.toast.rejected", code=label))


def _suggestions(view: DocumentView, turn: Turn, codebook: Codebook,
                 suggestions: list[Suggestion], status: dict[str, str], passages: list[Passage],
                 pid: int, service: SuggestionService, coder: str, may_code: bool) -> None:
    """The suggestions in their pinned order; decided ones stay, marked, with the buttons off."""
    st.markdown(f"**{t('koda.suggestions')}**")
    if turn.is_interviewer:
        st.caption(t("koda.interviewer_turn"))
        return
    if not suggestions:
        st.caption(t("koda.no_suggestions"))
        return
    whole = Passage(view.document.id, turn.start, turn.end, turn.text, view.group, turn.segment_id,
                    turn.text)
    for rank, s in enumerate(suggestions, start=1):
        kind = choice("kind.", s.kind) if s.kind else ""
        colour = codebook.colour_of(s.code_id) if codebook.get(s.code_id) else None
        decided = status.get(s.code_id, "")
        st.html(suggestion_line(s.label, kind, colour, s.confidence, t("koda.why_short"), s.why,
                                note=t(_DECIDED_KEYS[decided]) if decided else ""))
        decide = st.container(horizontal=True)
        decide.button(t("koda.accept"), key=f"koda-accept-{turn.segment_id}-{s.code_id}",
                      icon=":material/check:", shortcut=str(rank), type="primary",
                      disabled=not (may_code and passages) or decided == "coded",
                      on_click=_accept,
                      args=(pid, service, tuple(passages), s.code_id, s.label, s.confidence,
                            coder), width="stretch", wrap=True)
        decide.button(t("koda.reject"), key=f"koda-reject-{turn.segment_id}-{s.code_id}",
                      icon=":material/close:", shortcut="X" if rank == 1 else None,
                      disabled=not may_code or turn.segment_id is None or bool(decided),
                      on_click=_reject,
                      args=(pid, service, whole, s.code_id, s.label, s.confidence, coder),
                      width="stretch", wrap=True)


def _picked(segment_id: int | None) -> list[str]:
    """The codes picked one by one for this turn (a new turn starts with none)."""
    kept = st.session_state.get(PICKED)
    if not isinstance(kept, dict) or kept.get("turn") != segment_id:
        kept = st.session_state[PICKED] = {"turn": segment_id, "codes": []}
    return kept["codes"]


def _add_pick(segment_id: int | None, widget: str) -> None:
    """The picker's choice joins the list and the picker empties: one choice, one code,
    so an Enter in the search box can never apply a whole list of matches."""
    code = st.session_state.get(widget)
    picked = _picked(segment_id)
    if code and code not in picked:
        picked.append(code)
    st.session_state[widget] = None


def _drop_pick(segment_id: int | None, code: str) -> None:
    picked = _picked(segment_id)
    if code in picked:
        picked.remove(code)


def _code_manually(pid: int, service: SuggestionService, passages: Sequence[Passage],
                   codes: Sequence[str], labels: dict[str, str], coder: str) -> None:
    steps: list[Action] = [AddCoding(p, code, coder) for code in codes for p in passages]
    if not steps:
        return
    action = steps[0] if len(steps) == 1 else Batch(steps)
    names = ", ".join(labels.get(c, c) for c in codes)
    action.label = t("koda.did.code", code=names)
    if perform(pid, service, action, t("koda.toast.coded", code=names)):
        st.session_state.pop(PICKED, None)


def _manual(view: DocumentView, turn: Turn, codebook: Codebook, passages: list[Passage], pid: int,
            service: SuggestionService, coder: str, may_code: bool) -> None:
    """A searchable single choice that adds one code at a time, the codes picked so far
    (each removable), then one button to code with them."""
    st.markdown(f"**{t('koda.manual')}**")
    show_all = st.toggle(t("koda.show_all_codes"), key="koda-all-codes", value=False, wrap=True)
    options = picker_codes(codebook, view.group, show_all)
    kinds = {c.kind: choice("kind.", c.kind) for c in codebook.codes}
    labels = picker_labels(codebook, options, kinds)
    picked = [c for c in _picked(turn.segment_id) if codebook.get(c) is not None]
    widget = f"koda-pick-{turn.segment_id}"
    st.selectbox(t("koda.codes"), [c for c in options if c not in picked], key=widget, index=None,
                 format_func=lambda c: labels.get(c, c), placeholder=t("koda.codes_hint"),
                 on_change=_add_pick, args=(turn.segment_id, widget))
    if picked:
        every = picker_labels(codebook, [c.id for c in codebook.codes], kinds)
        for code_id in picked:
            st.button(escape_markdown(every[code_id]), key=f"koda-unpick-{code_id}", icon=":material/close:",
                      type="tertiary", on_click=_drop_pick, args=(turn.segment_id, code_id),
                      help=t("koda.unpick"), wrap=True)
    else:
        st.caption(t("koda.none_picked"))
    short = {c: codebook.code(c).label for c in picked}
    st.button(t("koda.code_button_n", n=len(picked)) if picked else t("koda.code_button"),
              key="koda-code", icon=":material/sell:", shortcut="M",
              disabled=not (may_code and picked and passages), on_click=_code_manually,
              args=(pid, service, tuple(passages), tuple(picked), short, coder), wrap=True)


def _remove(pid: int, service: SuggestionService, coding_id: int, passage: Passage,
            label: str, version: int) -> None:
    coding = next((c for c in get_store().list_codings(pid, document_id=passage.document_id)
                   if c.id == coding_id), None)
    if coding is None:
        note_error(SigqualError(t("koda.gone", code=label)))
        return
    # The version the page showed: a newer row under the same id is never removed.
    action = RemoveCoding(replace(coding, version=version), passage)
    action.label = t("koda.did.remove", code=label)
    perform(pid, service, action, t("koda.toast.removed", code=label))


def _codings_here(view: DocumentView, turn: Turn, pid: int, service: SuggestionService, coder: str,
                  may_code: bool) -> None:
    if not turn.marks:
        return
    st.markdown(f"**{t('koda.codings_here')}**")
    text = view.document.text
    for mark in turn.marks:
        # The line takes what the button leaves: the button keeps its whole label.
        row = st.container(horizontal=True, vertical_alignment="center")
        source = t(_SOURCE_KEYS.get(mark.source, "koda.source.manual"))
        row.markdown(t("koda.coding_line", code=escape_markdown(mark.label),
                       quote=escape_markdown(snippet(text[mark.start:mark.end], 80)),
                       coder=escape_markdown(mark.coder), source=source), width="stretch")
        passage = Passage(view.document.id, mark.start, mark.end, text[mark.start:mark.end],
                          view.group, turn.segment_id, turn.text)
        own = mark.coder == coder
        row.button(t("koda.remove"), key=f"koda-remove-{mark.coding_id}-{turn.segment_id}",
                   icon=":material/delete:", disabled=not (may_code and own), on_click=_remove,
                   args=(pid, service, mark.coding_id, passage, mark.label, mark.version),
                   help=None if own else t("koda.not_yours"), width="content", wrap=True)
