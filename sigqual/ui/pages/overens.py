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
from ...codebook import Codebook
from ...errors import SigqualError
from ...models import Project
from ...store import Store
from ...turns import turn_number
from .. import access, state
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
from ..i18n import register, t
from ..lazy_files import lazy_download_button
from ..markup import escape_markdown
from ..resources import agreement_inputs, get_store
from ..widgets import current_project, show_error, show_flashes

PAGE_SIZE = 15

register({
    "overens.nav": {"sv": "Överensstämmelse", "en": "Agreement"},
    "overens.title": {"sv": "Överensstämmelse mellan kodare", "en": "Intercoder agreement"},
    "overens.intro": {
        "sv": "Två eller fler kodare kodar samma dokument var för sig. Enheten är en talartur "
              "× en kod: en kodare har koden på turen om någon av hens passager med koden "
              "berör turen. Bara dokument som alla valda kodare har kodat räknas.",
        "en": "Two or more coders code the same documents independently. The unit is one "
              "speaker turn × one code: a coder has the code on the turn when any of their "
              "passages with that code touches the turn. Only documents every chosen coder "
              "coded are counted.",
    },
    "overens.blind.title": {"sv": "Blind kodning", "en": "Blind coding"},
    "overens.blind.explain": {
        "sv": "Medan projektet kodas blint ser varje kodare bara sina egna kodningar, på alla "
              "sidor. Kodare som ser varandras arbete närmar sig varandra, och då mäter "
              "överensstämmelsen efterhärmning i stället för en gemensam förståelse av "
              "kodboken. När alla är klara slår en administratör över projektet till "
              "jämförelse: då syns allas kodningar och överensstämmelsen kan räknas.",
        "en": "While the project is coded blind, each coder sees only their own codings, on "
              "every page. Coders who see each other's work converge, and agreement then "
              "measures imitation instead of a shared understanding of the codebook. When "
              "everyone is done, an administrator switches the project to comparison: "
              "everyone's codings become visible and agreement can be measured.",
    },
    "overens.blind.on": {"sv": "Projektet kodas **blint** just nu.",
                         "en": "The project is being coded **blind** now."},
    "overens.blind.off": {"sv": "Projektet är i **jämförelseläge**: alla ser allas kodningar.",
                          "en": "The project is in **comparison mode**: everyone sees every "
                                "coding."},
    "overens.blind.start": {"sv": "Starta blind kodning", "en": "Start blind coding"},
    "overens.blind.stop": {"sv": "Avsluta blind kodning och jämför",
                           "en": "End blind coding and compare"},
    "overens.blind.started": {"sv": "Blind kodning har startat.",
                              "en": "Blind coding has started."},
    "overens.blind.stopped": {"sv": "Projektet är nu i jämförelseläge.",
                              "en": "The project is now in comparison mode."},
    "overens.blind.admin_only": {
        "sv": "Bara en administratör för projektet kan slå om blind kodning.",
        "en": "Only an administrator of the project can switch blind coding.",
    },
    "overens.tab.coders": {"sv": "Kodare mot kodare", "en": "Coder against coder"},
    "overens.tab.ai": {"sv": "AI mot människa", "en": "AI against human"},
    "overens.hidden": {
        "sv": "Överensstämmelsen visas när projektet har slagits över till jämförelse; under "
              "blind kodning skulle oenighetslistan visa de andras kodningar.",
        "en": "Agreement is shown once the project is switched to comparison; during blind "
              "coding the list of disagreements would reveal the others' codings.",
    },
    "overens.coders": {"sv": "Kodare att jämföra", "en": "Coders to compare"},
    "overens.coders_placeholder": {"sv": "Välj kodare", "en": "Choose coders"},
    "overens.need_two": {
        "sv": "Välj minst två kodare. Projektet har kodningar av: {coders}.",
        "en": "Choose at least two coders. The project has codings by: {coders}.",
    },
    "overens.interviewer": {"sv": "Räkna med intervjuarens turer",
                            "en": "Include the interviewer's turns"},
    "overens.interviewer_help": {
        "sv": "Metoden kodar vad intervjupersonerna säger, så intervjuarens turer räknas "
              "normalt inte.",
        "en": "The method codes what respondents say, so the interviewer's turns normally "
              "do not count.",
    },
    "overens.uncoded": {"sv": "Turer som ingen kodat", "en": "Turns nobody coded"},
    "overens.uncoded.include": {"sv": "Räknas (enighet om att inget passar)",
                                "en": "Count (agreement that nothing applies)"},
    "overens.uncoded.exclude": {"sv": "Räknas inte (strängare)",
                                "en": "Do not count (stricter)"},
    "overens.percent": {"sv": "Procentuell överensstämmelse", "en": "Percent agreement"},
    "overens.kappa": {"sv": "Cohens κ", "en": "Cohen's κ"},
    "overens.alpha": {"sv": "Krippendorffs α (nominal)", "en": "Krippendorff's α (nominal)"},
    "overens.undefined": {"sv": "ej definierad", "en": "undefined"},
    "overens.unit": {
        "sv": "{turns} turer i {docs} dokument som alla valda kodare har kodat.",
        "en": "{turns} turns in {docs} documents coded by every chosen coder.",
    },
    "overens.excluded": {"sv": "Utelämnat: {document} (inte kodat av {coders})",
                         "en": "Left out: {document} (not coded by {coders})"},
    "overens.per_code": {"sv": "Per kod", "en": "Per code"},
    "overens.col.code": {"sv": "Kod", "en": "Code"},
    "overens.col.kind": {"sv": "Typ", "en": "Kind"},
    "overens.col.coded": {"sv": "Turer kodade av {coder}", "en": "Turns coded by {coder}"},
    "overens.col.note": {"sv": "Kommentar", "en": "Note"},
    "overens.download": {"sv": "Rapport om överensstämmelsen", "en": "Agreement report"},
    "overens.fmt.xlsx": {"sv": "Excel (.xlsx)", "en": "Excel (.xlsx)"},
    "overens.fmt.docx": {"sv": "Word (.docx)", "en": "Word (.docx)"},
    "overens.dis.title": {"sv": "Oenigheter att lösa", "en": "Disagreements to resolve"},
    "overens.dis.none": {"sv": "Kodarna är överens om alla enheter.",
                         "en": "The coders agree on every unit."},
    "overens.dis.explain": {
        "sv": "Välj för varje rad vems bedömning som gäller. Det blir en ny kodare med det "
              "kodarna var överens om plus era beslut; de ursprungliga kodningarna ändras inte.",
        "en": "For each row, choose whose judgement stands. This becomes a new coder with what "
              "the coders agreed on plus your decisions; the original codings stay unchanged.",
    },
    "overens.dis.count": {"sv": "{n} oenigheter, {open} utan beslut.",
                          "en": "{n} disagreements, {open} undecided."},
    "overens.dis.bulk": {"sv": "Följ kodaren", "en": "Follow the coder"},
    "overens.dis.bulk_button": {"sv": "i alla rader utan beslut",
                                "en": "in every undecided row"},
    "overens.dis.page": {"sv": "Sida (av {pages})", "en": "Page (of {pages})"},
    "overens.dis.row": {"sv": "**{document}** · replik {turn} · {speaker} · kod: **{code}**",
                        "en": "**{document}** · turn {turn} · {speaker} · code: **{code}**"},
    "overens.dis.sides": {"sv": "Kodad av {coded} · inte kodad av {not_coded}",
                          "en": "Coded by {coded} · not coded by {not_coded}"},
    "overens.dis.choice": {"sv": "Gäller", "en": "Stands"},
    "overens.dis.name": {"sv": "Konsensuskodarens namn", "en": "Name of the consensus coder"},
    "overens.dis.allow_open": {
        "sv": "Skapa även om rader saknar beslut (de tas då inte med)",
        "en": "Create even if rows are undecided (they are then left out)",
    },
    "overens.dis.create": {"sv": "Skapa konsensuskodaren", "en": "Create the consensus coder"},
    "overens.dis.created": {"sv": "Konsensuskodaren {name} har {n} kodningar.",
                            "en": "The consensus coder {name} has {n} codings."},
    "overens.ai.intro": {
        "sv": "Förslagsmotorn kodar varje intervjupersonstur i den valda kodarens dokument, "
              "utan att ha lärt sig av projektets kodningar, och jämförs sedan med kodaren som "
              "om den vore en andra kodare. Inget sparas.",
        "en": "The suggestion engine codes every respondent turn in the chosen coder's "
              "documents, without having learned from the project's codings, and is then "
              "compared with the coder as if it were a second coder. Nothing is saved.",
    },
    "overens.ai.human": {"sv": "Mänsklig kodare", "en": "Human coder"},
    "overens.ai.none": {"sv": "Det finns inga kodningar att jämföra med.",
                        "en": "There are no codings to compare with."},
    "overens.ai.documents": {"sv": "Dokument", "en": "Documents"},
    "overens.ai.documents_placeholder": {"sv": "Alla kodarens dokument",
                                         "en": "All the coder's documents"},
    "overens.ai.use_threshold": {"sv": "Använd en konfidensgräns",
                                 "en": "Use a confidence threshold"},
    "overens.ai.threshold_help": {
        "sv": "Med gräns: alla förslag med minst den konfidensen. Utan gräns: den bästa "
              "faktorn och dess tema per tur, som en kodare som följer tabell 4a–4e.",
        "en": "With a threshold: every suggestion with at least that confidence. Without: the "
              "best factor and its theme per turn, as a coder following Tables 4a–4e would.",
    },
    "overens.ai.threshold": {"sv": "Konfidensgräns", "en": "Confidence threshold"},
    "overens.ai.embeddings": {"sv": "Semantisk modell (bättre, långsammare)",
                              "en": "Semantic model (better, slower)"},
    "overens.ai.run": {"sv": "Beräkna AI mot människa", "en": "Compute AI against human"},
    "overens.ai.progress": {"sv": "Förslagsmotorn kodar tur {done} av {total}",
                            "en": "The suggestion engine codes turn {done} of {total}"},
    "overens.ai.loading": {"sv": "Startar förslagsmotorn …",
                           "en": "Starting the suggestion engine …"},
    "overens.ai.result": {
        "sv": "{human} mot förslagsmotorn ({how}).",
        "en": "{human} against the suggestion engine ({how}).",
    },
    "overens.ai.how_threshold": {"sv": "konfidens ≥ {value}", "en": "confidence ≥ {value}"},
    "overens.ai.how_best": {"sv": "bästa faktorn per tur", "en": "best factor per turn"},
})


def render() -> None:
    """The Överensstämmelse page."""
    store = get_store()
    st.title(t("overens.title"))
    st.caption(t("overens.intro"))
    show_flashes()
    project = current_project(store)
    if project is None:
        return
    blind = access.session(project.id, store).is_blind  # a malformed setting counts as blind
    _blind_switch(store, project, blind)
    coders_tab, ai_tab = st.tabs([t("overens.tab.coders"), t("overens.tab.ai")])
    with coders_tab:
        if blind:
            st.info(t("overens.hidden"), icon=":material/visibility_off:")
        else:
            _coders(store, project)
    with ai_tab:
        _ai(store, project, blind)


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
        if st.button(label, icon=icon, key=f"overens-{project.id}-blind"):
            try:
                access.session(project.id, store).set_blind(not blind)
            except SigqualError as exc:
                show_error(exc)
                return
            state.flash("success", t("overens.blind.stopped" if blind else "overens.blind.started"))
            st.rerun()


# -- coder against coder -----------------------------------------------------------

def _coders(store: Store, project: Project) -> None:
    pid = project.id
    inputs = agreement_inputs(pid)
    present = comparable_coders(sorted(set(inputs.codings["coder"].dropna().astype(str))))
    humans = [c for c in present if c != CONSENSUS_CODER]
    chosen = st.multiselect(t("overens.coders"), present, default=humans[:2],
                            placeholder=t("overens.coders_placeholder"),
                            key=f"overens-{pid}-coders")
    c1, c2 = st.columns(2)
    interviewer = c1.toggle(t("overens.interviewer"), value=False, key=f"overens-{pid}-interviewer",
                            help=t("overens.interviewer_help"))
    uncoded = c2.radio(t("overens.uncoded"), ["include", "exclude"], horizontal=True,
                       key=f"overens-{pid}-uncoded",
                       format_func={"include": t("overens.uncoded.include"),
                                    "exclude": t("overens.uncoded.exclude")}.__getitem__)
    if len(chosen) < 2:
        st.info(t("overens.need_two", coders=escape_markdown(", ".join(present) or "–")))
        return
    options = UnitOptions(include_interviewer=bool(interviewer), uncoded=uncoded or "include")
    try:
        result = _agreement(store.url, pid, store.revision(), tuple(chosen),
                            options.include_interviewer, options.uncoded)
    except SigqualError as exc:
        show_error(exc)
        return
    _figures(result.overall)
    _notes(result)
    _per_code(result)
    _report_buttons(result, project.name, key=f"overens-{pid}-report")
    st.divider()
    _disagreements(store, project, result, chosen, options)


@st.cache_data(show_spinner=False, max_entries=32)
def _agreement(url: str, project_id: int, revision: int, coders: tuple[str, ...],
               include_interviewer: bool, uncoded: str) -> AgreementResult:
    """Agreement, cached by the store's revision: a click on a decision must not redo it."""
    inputs = agreement_inputs(project_id)
    options = UnitOptions(include_interviewer=include_interviewer, uncoded=uncoded)
    return compute_agreement(inputs.codings, inputs.segments, inputs.codebook, list(coders),
                             options=options)


def _figures(figures: Figures) -> None:
    c1, c2, c3 = st.columns(3)
    undefined = t("overens.undefined")
    percent = figures.percent.value
    c1.metric(t("overens.percent"), undefined if percent is None else f"{percent:.1f} %")
    for column, key, measure in ((c2, "overens.kappa", figures.kappa),
                                 (c3, "overens.alpha", figures.alpha)):
        column.metric(t(key), undefined if measure.value is None else f"{measure.value:.3f}")
    for reason in figures.reasons():
        st.caption(escape_markdown(reason))


def _notes(result: AgreementResult) -> None:
    st.caption(t("overens.unit", turns=result.n_segments, docs=result.n_documents))
    for row in result.excluded_documents.itertuples(index=False):
        st.caption(t("overens.excluded", document=escape_markdown(str(row.document)),
                     coders=escape_markdown(str(row.missing_coders))))


def _per_code(result: AgreementResult) -> None:
    labels = {"code": t("overens.col.code"), "kind": t("overens.col.kind"),
              "percent": t("overens.percent"), "kappa": t("overens.kappa"),
              "alpha": t("overens.alpha"), "coded": t("overens.col.coded", coder="{coder}"),
              "note": t("overens.col.note")}
    frame = codes_table(result, labels)
    if frame.empty:
        return
    frame[labels["kind"]] = frame[labels["kind"]].map(lambda k: t(f"kind.{k}"))
    st.markdown(f"**{t('overens.per_code')}**")
    st.dataframe(frame, hide_index=True, column_config={
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
              icon=":material/done_all:", on_click=_accept_all, args=(store_key, rows, side))
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
                             key=f"overens-{pid}-allow-open")
    if not st.button(t("overens.dis.create"), type="primary", icon=":material/merge:",
                     key=f"overens-{pid}-consensus", disabled=not access.allowed("code", pid)):
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


def _ai(store: Store, project: Project, blind: bool) -> None:
    pid = project.id
    st.caption(t("overens.ai.intro"))
    inputs = agreement_inputs(pid)
    codings = inputs.codings
    present = comparable_coders(sorted(set(codings["coder"].dropna().astype(str))))
    if blind:
        present = [c for c in present if c == state.coder()]
    if not present:
        st.info(t("overens.ai.none"))
        return
    c1, c2 = st.columns([1, 2])
    human = c1.selectbox(t("overens.ai.human"), present, key=f"overens-{pid}-ai-human")
    coded = codings.loc[codings["coder"] == human, ["document_id", "document"]].drop_duplicates()
    doc_names = dict(zip(coded["document_id"].astype(int), coded["document"].astype(str),
                         strict=True))
    documents = c2.multiselect(t("overens.ai.documents"), list(doc_names),
                               key=f"overens-{pid}-ai-docs-{human}",
                               format_func=lambda d: doc_names.get(d, str(d)),
                               placeholder=t("overens.ai.documents_placeholder"))
    c1, c2, c3 = st.columns(3, vertical_alignment="bottom")
    use_threshold = c1.toggle(t("overens.ai.use_threshold"), value=False,
                              key=f"overens-{pid}-ai-use-threshold",
                              help=t("overens.ai.threshold_help"))
    threshold = c2.slider(t("overens.ai.threshold"), min_value=0.0, max_value=1.0, value=0.5,
                          step=0.05, key=f"overens-{pid}-ai-threshold", disabled=not use_threshold)
    embeddings = c3.toggle(t("overens.ai.embeddings"), value=True, key=f"overens-{pid}-ai-emb")
    result_key = f"overens-{pid}-ai-result"
    if st.button(t("overens.ai.run"), icon=":material/smart_toy:", key=f"overens-{pid}-ai-run"):
        chosen_threshold = float(threshold) if use_threshold else None
        result = _run_ai(store, pid, inputs, human, documents or None, chosen_threshold,
                         bool(embeddings))
        if result is not None:
            how = (t("overens.ai.how_threshold", value=f"{chosen_threshold:.2f}")
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

