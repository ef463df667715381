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
from ..i18n import register, t
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

register({
    "avid.nav": {"sv": "Avidentifiera", "en": "Pseudonymise"},
    "avid.title": {"sv": "Avidentifiera", "en": "Pseudonymise"},
    "avid.intro": {
        "sv": "Sök efter namn, personnummer, telefonnummer, e-post, adresser, skolor, kommuner "
              "och stadsdelar i projektets intervjuer. Granska varje fynd i sitt sammanhang, "
              "godkänn eller avvisa, lägg till det som missades och ersätt sedan allt med "
              "pseudonymer som är desamma i hela projektet.",
        "en": "Search the project's interviews for names, personal identity numbers, phone "
              "numbers, e-mail, addresses, schools, municipalities and districts. Review each "
              "finding in context, accept or reject, add what was missed, then replace "
              "everything with pseudonyms that are the same across the project.",
    },
    "avid.kind.name": {"sv": "Namn", "en": "Name"},
    "avid.kind.pnr": {"sv": "Personnummer", "en": "Personal identity number"},
    "avid.kind.phone": {"sv": "Telefon", "en": "Phone"},
    "avid.kind.email": {"sv": "E-post", "en": "E-mail"},
    "avid.kind.address": {"sv": "Adress", "en": "Address"},
    "avid.kind.postcode": {"sv": "Postnummer", "en": "Postcode"},
    "avid.kind.school": {"sv": "Skola", "en": "School"},
    "avid.kind.municipality": {"sv": "Kommun", "en": "Municipality"},
    "avid.kind.district": {"sv": "Område", "en": "District"},
    "avid.kind.age": {"sv": "Ålder", "en": "Age"},
    "avid.kind.date": {"sv": "Datum", "en": "Date"},
    "avid.status.pending": {"sv": "Ej beslutad", "en": "Undecided"},
    "avid.status.accepted": {"sv": "Ersätt", "en": "Replace"},
    "avid.status.rejected": {"sv": "Behåll", "en": "Keep"},
    "avid.status.all": {"sv": "Alla", "en": "All"},
    "avid.scan.heading": {"sv": "Sökning", "en": "Search"},
    "avid.scan.kinds": {"sv": "Leta efter", "en": "Look for"},
    "avid.scan.kinds_help": {
        "sv": "Ålder och datum behövs ofta i analysen och är därför avvalda från början.",
        "en": "Ages and dates are often needed for the analysis, so they are off at first.",
    },
    "avid.scan.allow": {"sv": "Ersätt aldrig (ett ord eller uttryck per rad)",
                        "en": "Never replace (one word or phrase a line)"},
    "avid.scan.allow_help": {
        "sv": "Till exempel kommunen som utvärderingen ändå namnger.",
        "en": "For example the municipality the evaluation names anyway.",
    },
    "avid.scan.names": {"sv": "Namn som alltid ska hittas (ett per rad)",
                        "en": "Names that must always be found (one a line)"},
    "avid.scan.names_help": {
        "sv": "Deltagarnas och personalens namn, om du har en lista.",
        "en": "The participants' and staff's names, if you have a list.",
    },
    "avid.scan.auto": {"sv": "Godkänn säkra fynd direkt", "en": "Accept sure findings at once"},
    "avid.scan.auto_help": {
        "sv": "Fynd med säkerhet minst 0,9 (t.ex. personnummer med rätt kontrollsiffra) "
              "börjar som godkända; du granskar då bara de osäkra.",
        "en": "Findings with confidence 0.9 or more (e.g. identity numbers with a valid check "
              "digit) start out accepted; you then review only the doubtful ones.",
    },
    "avid.scan.run": {"sv": "Sök efter personuppgifter", "en": "Search for personal data"},
    "avid.scan.again": {"sv": "Sök igen (beslut hittills försvinner)",
                        "en": "Search again (decisions so far are lost)"},
    "avid.scan.progress": {"sv": "Söker i {name} …", "en": "Searching {name} …"},
    "avid.scan.no_documents": {"sv": "Projektet har inga dokument ännu.",
                               "en": "The project has no documents yet."},
    "avid.scan.none_found": {"sv": "Inga personuppgifter hittades med de här valen.",
                             "en": "No personal data was found with these choices."},
    "avid.stale": {
        "sv": "Dokument har ändrats sedan sökningen ({names}). Sök igen innan du avidentifierar.",
        "en": "Documents have changed since the search ({names}). Search again before "
              "pseudonymising.",
    },
    "avid.summary": {
        "sv": "{total} fynd: {accepted} ersätts, {rejected} behålls, {pending} ej beslutade.",
        "en": "{total} findings: {accepted} replaced, {rejected} kept, {pending} undecided.",
    },
    "avid.decided": {"sv": "{share} % beslutade", "en": "{share}% decided"},
    "avid.undo": {"sv": "Ångra", "en": "Undo"},
    "avid.tab.review": {"sv": "Granska", "en": "Review"},
    "avid.tab.bulk": {"sv": "Gemensamma beslut", "en": "Decide in bulk"},
    "avid.tab.add": {"sv": "Lägg till", "en": "Add"},
    "avid.tab.preview": {"sv": "Förhandsgranska", "en": "Preview"},
    "avid.tab.apply": {"sv": "Avidentifiera projektet", "en": "Pseudonymise the project"},
    "avid.document": {"sv": "Dokument", "en": "Document"},
    "avid.document_label": {"sv": "{name} — {total} fynd, {pending} ej beslutade",
                            "en": "{name} — {total} findings, {pending} undecided"},
    "avid.show": {"sv": "Visa", "en": "Show"},
    "avid.no_items": {"sv": "Inga fynd att visa här.", "en": "No findings to show here."},
    "avid.page": {"sv": "Sida", "en": "Page"},
    "avid.item_meta": {"sv": "{kind} · säkerhet {confidence}", "en": "{kind} · confidence {confidence}"},
    "avid.item_manual": {"sv": "{kind} · tillagd för hand", "en": "{kind} · added by hand"},
    "avid.decision": {"sv": "Beslut", "en": "Decision"},
    "avid.doc_accept": {"sv": "Ersätt alla ej beslutade i dokumentet",
                        "en": "Replace every undecided one in the document"},
    "avid.doc_reject": {"sv": "Behåll alla ej beslutade i dokumentet",
                        "en": "Keep every undecided one in the document"},
    "avid.bulk.kind": {"sv": "Per typ", "en": "By kind"},
    "avid.bulk.kind_help": {"sv": "Gäller fynd som ännu inte är beslutade.",
                            "en": "Applies to findings not yet decided."},
    "avid.bulk.kind_label": {"sv": "{kind} ({n})", "en": "{kind} ({n})"},
    "avid.bulk.text": {"sv": "Per ord eller uttryck", "en": "By word or phrase"},
    "avid.bulk.text_help": {
        "sv": "Gäller alla förekomster i alla dokument, även redan beslutade, t.ex. för att "
              "behålla ett vanligt ord som tolkats som namn.",
        "en": "Applies to every occurrence in every document, decided or not, e.g. to keep a "
              "common word that was read as a name.",
    },
    "avid.bulk.text_label": {"sv": "{text} ({n})", "en": "{text} ({n})"},
    "avid.bulk.accept": {"sv": "Ersätt", "en": "Replace"},
    "avid.bulk.reject": {"sv": "Behåll", "en": "Keep"},
    "avid.bulk.done": {"sv": "{n} fynd ändrades.", "en": "{n} findings changed."},
    "avid.add.intro": {
        "sv": "Skriv ett ord eller uttryck som sökningen missade. Varje förekomst som helt ord "
              "läggs till som godkänt fynd.",
        "en": "Write a word or phrase the search missed. Every whole-word occurrence is added "
              "as an accepted finding.",
    },
    "avid.add.text": {"sv": "Text", "en": "Text"},
    "avid.add.kind": {"sv": "Typ", "en": "Kind"},
    "avid.add.where": {"sv": "I", "en": "In"},
    "avid.add.all_documents": {"sv": "Alla dokument", "en": "All documents"},
    "avid.add.run": {"sv": "Lägg till", "en": "Add"},
    "avid.add.done": {"sv": "{n} förekomster lades till.", "en": "{n} occurrences were added."},
    "avid.add.none": {"sv": "Texten finns inte som helt ord i de valda dokumenten.",
                      "en": "The text does not occur as a whole word in the chosen documents."},
    "avid.add.skipped": {"sv": "{n} förekomster hoppades över: {reasons}",
                         "en": "{n} occurrences were skipped: {reasons}"},
    "avid.preview.intro": {
        "sv": "Så här blir texten med de fynd som ska ersättas. Numreringen är densamma som "
              "när hela projektet skrivs om.",
        "en": "This is how the text will read with the findings to replace. The numbering "
              "is the same as when the whole project is rewritten.",
    },
    "avid.apply.warning": {
        "sv": "**Det här skriver om texterna i projektet för gott.** Alla godkända fynd ersätts "
              "i dokument, talarnamn, memon (text och rubrik), dokumentnamn, filnamn, "
              "deltagarfält och attribut, och i ändringsloggens tidigare poster; kodningarna "
              "flyttas med så att de pekar på samma ord. Utan nyckel går originalen inte att "
              "få tillbaka. Gör en säkerhetskopia först (`sigqual backup`) om du vill kunna ångra.",
        "en": "**This rewrites the project's texts for good.** Every accepted finding is "
              "replaced in documents, speaker names, memos (text and title), document names, "
              "file names, participant fields and attributes, and in the change log's earlier "
              "entries; codings move along so they point at the same words. Without a key the "
              "originals cannot be recovered. Make a backup first (`sigqual backup`) if you want "
              "to be able to undo.",
    },
    "avid.apply.pending": {
        "sv": "{n} fynd är inte beslutade och ersätts inte.",
        "en": "{n} findings are undecided and will not be replaced.",
    },
    "avid.apply.nothing": {"sv": "Inget fynd är godkänt ännu.", "en": "No finding is accepted yet."},
    "avid.key.mode": {"sv": "Nyckeln (original ↔ pseudonym)", "en": "The key (original ↔ pseudonym)"},
    "avid.key.file": {"sv": "Spara krypterad i en fil jag väljer",
                      "en": "Save it encrypted in a file I choose"},
    "avid.key.download": {"sv": "Ladda ner den krypterad", "en": "Download it encrypted"},
    "avid.key.none": {"sv": "Spara ingen nyckel", "en": "Keep no key"},
    "avid.key.none_help": {
        "sv": "Ingen kan då koppla pseudonymerna till de verkliga personerna, inte heller du.",
        "en": "Nobody can then link the pseudonyms to the real people, not even you.",
    },
    "avid.key.path": {"sv": "Nyckelfilens sökväg på servern", "en": "Path of the key file on the server"},
    "avid.key.path_help": {
        "sv": "En ny fil, helst på en annan disk eller ett krypterat USB-minne, åtskild från "
              "projektets data och säkerhetskopior.",
        "en": "A new file, preferably on another disk or an encrypted USB stick, apart from the "
              "project's data and backups.",
    },
    "avid.key.passphrase": {"sv": "Lösenfras", "en": "Passphrase"},
    "avid.key.repeat": {"sv": "Lösenfrasen igen", "en": "The passphrase again"},
    "avid.key.passphrase_help": {
        "sv": "Minst 8 tecken. Förvara den åtskild från nyckelfilen; utan den kan nyckeln inte "
              "öppnas.",
        "en": "At least 8 characters. Keep it apart from the key file; without it the key "
              "cannot be opened.",
    },
    "avid.confirm": {"sv": "Jag förstår att texterna skrivs om och inte kan återställas här.",
                     "en": "I understand that the texts are rewritten and cannot be restored here."},
    "avid.apply.run": {"sv": "Avidentifiera projektet", "en": "Pseudonymise the project"},
    "avid.apply.running": {"sv": "Skriver om texterna …", "en": "Rewriting the texts …"},
    "avid.apply.done": {
        "sv": "Projektet är avidentifierat: {replacements} ersättningar i {documents} dokument, "
              "{codings} kodningar flyttade, {memos} memon ändrade, {renamed} dokumentnamn eller "
              "attribut ändrade och {logged} poster i ändringsloggen rensade.",
        "en": "The project is pseudonymised: {replacements} replacements in {documents} "
              "documents, {codings} codings moved, {memos} memos changed, {renamed} document "
              "names or attributes changed and {logged} change-log entries redacted.",
    },
    "avid.apply.key_saved": {"sv": "Nyckeln sparades krypterad i {path}.",
                             "en": "The key was saved encrypted in {path}."},
    "avid.apply.no_key": {"sv": "Ingen nyckel sparades.", "en": "No key was kept."},
    "avid.key.ready": {
        "sv": "Ladda ner nyckelfilen nu och förvara den åtskild från projektet. Den visas bara "
              "tills du bekräftar att den är sparad.",
        "en": "Download the key file now and keep it apart from the project. It is offered only "
              "until you confirm that it is saved.",
    },
    "avid.key.button": {"sv": "Nyckelfilen (krypterad)", "en": "The key file (encrypted)"},
    "avid.key.saved": {"sv": "Jag har sparat nyckelfilen", "en": "I have saved the key file"},
    "avid.apply.path_only_admin": {
        "sv": "På en teamserver får bara serveradministratörer spara filer på servern.",
        "en": "On a team server only server administrators may write files on the server.",
    },
})

_KIND_KEYS = {k: f"avid.kind.{k}" for k in KINDS}
_STATUS_KEYS = {"pending": "avid.status.pending", "accepted": "avid.status.accepted",
                "rejected": "avid.status.rejected", "all": "avid.status.all"}
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
                               help=t("avid.scan.kinds_help"))
        c1, c2 = st.columns(2)
        allow = c1.text_area(t("avid.scan.allow"), key=f"avid-{pid}-allow",
                             help=t("avid.scan.allow_help"), height=100)
        names = c2.text_area(t("avid.scan.names"), key=f"avid-{pid}-names",
                             help=t("avid.scan.names_help"), height=100)
        auto = st.toggle(t("avid.scan.auto"), key=f"avid-{pid}-auto", help=t("avid.scan.auto_help"))
        label = t("avid.scan.again") if again else t("avid.scan.run")
        submitted = st.form_submit_button(label, type="secondary" if again else "primary",
                                          icon=":material/manage_search:")
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
                                         key="avid-undo"):
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
                                 format_func=status_labels.__getitem__) or "all"
    items = filtered_items(current.review, doc_id, shown)
    if not items:
        st.info(t("avid.no_items"))
    else:
        _item_list(pid, items, texts[doc_id], labels)
    with st.container(horizontal=True):
        if st.button(t("avid.doc_accept"), icon=":material/done_all:", key="avid-doc-accept"):
            _change(pid, lambda r: decide_all(r, "accepted", document_id=doc_id))
            st.rerun()
        if st.button(t("avid.doc_reject"), icon=":material/block:", key="avid-doc-reject"):
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
                    t("avid.item_meta", kind=kind, confidence=f"{item.finding.confidence:.2f}"))
            left.html(context_html(item_context(text, item), meta))
            key = f"{prefix}-{item.id}"
            right.segmented_control(t("avid.decision"), list(decisions), default=item.status,
                                    required=True, key=key, format_func=decisions.__getitem__,
                                    label_visibility="collapsed", on_change=_decide,
                                    args=(pid, item.id, key))


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
        if st.button(t(key), icon=icon, key=f"avid-bulk-{name}-{status}"):
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
        submitted = st.form_submit_button(t("avid.add.run"), icon=":material/add:")
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
    confirm = st.checkbox(t("avid.confirm"), key=f"avid-{pid}-confirm")
    if not st.button(t("avid.apply.run"), type="primary", icon=":material/shield_person:",
                     disabled=not confirm or stale, key="avid-apply"):
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
            if st.button(t("avid.key.saved"), icon=":material/check:", key="avid-key-saved"):
                state.drop(_KEY_DOWNLOAD)
                st.rerun()
