"""The pseudonymisation review screen's logic, without streamlit.

The page keeps one :class:`ReviewState` per project in the session: the immutable
review from :mod:`sigqual.privacy`, the texts' hashes at scan time (a text changed
since then must be scanned again, never rewritten from stale offsets) and earlier
reviews for undo. Everything here takes and returns plain values.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..app import ProjectSession
from ..errors import InputError
from ..export import slug
from ..models import Document
from ..privacy import (
    Context,
    DetectOptions,
    ProjectResult,
    Replacement,
    Review,
    ReviewItem,
    accepted_findings,
    add_manual,
    apply,
    context,
    encrypt_key,
    new_review,
    scan_document,
)
from ..privacy.keyfile import MIN_PASSPHRASE
from ..privacy.lexicon import fold
from ..privacy.mapping import Pseudonymizer
from .downloads import Download

KEY_MODES = ("file", "download", "none")
KEY_SUFFIX = ".sqkey"
KEY_MEDIA_TYPE = "application/json"
HISTORY = 20
STATUS_FILTERS = ("all", "pending", "accepted", "rejected")


@dataclass(frozen=True)
class ReviewState:
    """A review in progress for one project."""

    review: Review
    hashes: Mapping[int, str]
    options: DetectOptions = field(default_factory=DetectOptions)
    history: tuple[Review, ...] = ()

    def change(self, review: Review) -> ReviewState:
        """A new review with the current one kept for undo (a no-op keeps no history)."""
        if review == self.review:
            return self
        return replace(self, review=review, history=(*self.history, self.review)[-HISTORY:])

    def undo(self) -> ReviewState:
        if not self.history:
            return self
        return replace(self, review=self.history[-1], history=self.history[:-1])


def scan(documents: Sequence[Document], options: DetectOptions, *, accept_from: float | None = None,
         progress: Callable[[float, str], None] | None = None) -> ReviewState:
    """Scan every document, reporting after each one (the slow step of the page)."""
    findings = {}
    for i, doc in enumerate(documents):
        findings[doc.id] = scan_document(doc.text, options=options)
        if progress is not None:
            progress((i + 1) / len(documents), doc.name)
    return ReviewState(new_review(findings, accept_from=accept_from),
                       {d.id: d.sha256 for d in documents}, options)


def stale_documents(documents: Sequence[Document], hashes: Mapping[int, str]) -> list[str]:
    """Names of documents added, changed or removed since the scan."""
    now = {d.id: d for d in documents}
    changed = [d.name for d in documents if hashes.get(d.id) != d.sha256]
    removed = [f"#{doc_id}" for doc_id in hashes if doc_id not in now]
    return changed + removed


@dataclass(frozen=True)
class DocumentRow:
    """A document in the picker: how many findings and how many still undecided."""

    id: int
    name: str
    total: int
    pending: int
    accepted: int


def document_rows(review: Review, documents: Sequence[Document]) -> list[DocumentRow]:
    rows = []
    for doc in documents:
        items = review.for_document(doc.id)
        status = Counter(it.status for it in items)
        rows.append(DocumentRow(doc.id, doc.name, len(items), status["pending"], status["accepted"]))
    return rows


def filtered_items(review: Review, document_id: int, status: str = "all") -> list[ReviewItem]:
    if status not in STATUS_FILTERS:
        raise InputError(msgid="error.ui.status_filter_must_one",
                         params={"status_filters": ', '.join(STATUS_FILTERS)})
    return [it for it in review.for_document(document_id) if status == "all" or it.status == status]


def _inline(text: str) -> str:
    """Line breaks shown as a visible mark, so a context stays on one line."""
    return html.escape(text).replace("\n", " ⏎ ")


def context_html(ctx: Context, note: str = "") -> str:
    """A finding in its sentence for ``st.html``, with an optional note below; all escaped."""
    line = (f'<span style="color:#555">{_inline(ctx.before)}</span>'
            f'<mark style="background:#ffe08a;padding:0 2px;border-radius:2px">'
            f"{_inline(ctx.match)}</mark>"
            f'<span style="color:#555">{_inline(ctx.after)}</span>')
    if note:
        line += f'<div style="color:#777;font-size:0.8em;margin-top:0.2em">{html.escape(note)}</div>'
    return f"<div>{line}</div>"


def item_context(text: str, item: ReviewItem, width: int = 70) -> Context:
    return context(text, item.finding, width)


def distinct_texts(review: Review, kind: str | None = None) -> list[tuple[str, int]]:
    """Each found text once (case-insensitively) with how often it was found, most first."""
    counts: Counter[str] = Counter()
    spelling: dict[str, str] = {}
    for it in review.items:
        if kind is not None and it.finding.kind != kind:
            continue
        key = fold(it.finding.text)
        counts[key] += 1
        spelling.setdefault(key, it.finding.text)
    return [(spelling[k], n) for k, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def add_phrase(review: Review, texts: Mapping[int, str], phrase: str, kind: str,
               document_ids: Sequence[int]) -> tuple[Review, int, list[str]]:
    """Add every whole-word occurrence of ``phrase`` in the documents as an accepted finding.

    Returns the new review, how many were added and why others were skipped (an
    occurrence inside an accepted finding is already covered).
    """
    wanted = phrase.strip()
    if not wanted:
        raise InputError(msgid="error.ui.write_text_pseudonymise", field="text")
    pattern = re.compile(rf"(?<!\w){re.escape(wanted)}(?!\w)")
    added = 0
    skipped: list[str] = []
    for doc_id in document_ids:
        text = texts[doc_id]
        for match in pattern.finditer(text):
            try:
                review = add_manual(review, doc_id, text, match.start(), match.end(), kind)
            except InputError as exc:
                skipped.append(exc.message)
            else:
                added += 1
    return review, added, skipped


def preview_document(documents: Sequence[tuple[int, str]], review: Review,
                     document_id: int) -> tuple[str, tuple[Replacement, ...]]:
    """The document as it will read, numbered as the whole project will be.

    Numbers follow the order of first mention across the documents in project order,
    as :func:`sigqual.privacy.pseudonymize_project` hands them out, so the preview
    shows the same "[Namn 3]" that the rewrite will write.
    """
    chosen = accepted_findings(review)
    mapping = Pseudonymizer()
    for doc_id, text in documents:
        found = chosen.get(doc_id, [])
        if doc_id == document_id:
            new_text, offsets = apply(text, found, mapping)
            return new_text, offsets.replacements
        if found:
            apply(text, found, mapping)
    raise InputError(msgid="error.store.no_document_with_id", params={"document_id": document_id})


def preview_html(new_text: str, replacements: Sequence[Replacement]) -> str:
    """The previewed text, escaped, with each replacement highlighted."""
    parts = []
    pos = 0
    for r in replacements:
        parts.append(html.escape(new_text[pos:r.new_start]))
        parts.append(f'<mark style="background:#cde8c8;padding:0 2px;border-radius:2px" '
                     f'title="{html.escape(r.kind)}">{html.escape(new_text[r.new_start:r.new_end])}'
                     "</mark>")
        pos = r.new_end
    parts.append(html.escape(new_text[pos:]))
    return ('<div style="white-space:pre-wrap;font-family:inherit;line-height:1.5">'
            + "".join(parts) + "</div>")


# -- applying ------------------------------------------------------------------

def check_passphrase(passphrase: str, repeated: str) -> str:
    if len(passphrase) < MIN_PASSPHRASE:
        raise InputError(msgid="error.ui.passphrase_must_have_at", params={"min_passphrase": MIN_PASSPHRASE},
                         field="passphrase")
    if passphrase != repeated:
        raise InputError(msgid="error.ui.two_passphrases_differ", field="passphrase")
    return passphrase


def _database_folder(database_url: str) -> Path | None:
    prefix = "sqlite:///"
    if not database_url.startswith(prefix):
        return None
    path = database_url[len(prefix):]
    return Path(path).expanduser().resolve().parent if path and path != ":memory:" else None


def check_key_path(raw: str, database_url: str) -> tuple[Path, list[str]]:
    """Where to write the key: an absolute new file in an existing folder.

    An existing file is refused (overwriting it would lose an earlier key); a path
    beside the SQLite database is allowed with a warning, since the key should live
    apart from the data it unlocks.
    """
    text = raw.strip()
    if not text:
        raise InputError(msgid="error.ui.give_path_key_file", field="key_path")
    path = Path(text).expanduser()
    if not path.is_absolute():
        raise InputError(msgid="error.ui.give_full_path_starting", file=text, field="key_path")
    if path.is_dir():
        raise InputError(msgid="error.ui.folder_add_file_name", file=str(path), field="key_path")
    if path.exists():
        raise InputError(msgid="error.ui.file_exists_already_choose",
                         file=str(path), field="key_path")
    if not path.parent.is_dir():
        raise InputError(msgid="error.ui.folder_does_not_exist", file=str(path.parent), field="key_path")
    if path.suffix != KEY_SUFFIX:
        path = path.with_name(path.name + KEY_SUFFIX)
        if path.exists():
            raise InputError(msgid="error.ui.file_exists_already_choose",
                             file=str(path), field="key_path")
    warnings = []
    folder = _database_folder(database_url)
    if folder is not None and path.resolve().is_relative_to(folder):
        warnings.append("the key lies in the same folder as the database; keep it apart from "
                        "the data it unlocks")
    return path, warnings


def key_file_name(project_name: str) -> str:
    return f"{slug(project_name) or 'sigqual'}-nyckel{KEY_SUFFIX}"


@dataclass(frozen=True)
class Applied:
    """The rewrite's counts, where the key went, and the key file to download if asked."""

    result: ProjectResult
    key_path: Path | None
    key_download: Download | None


def apply_review(session: ProjectSession, state: ReviewState, *, key_mode: str,
                 key_path: Path | None = None, passphrase: str = "") -> Applied:
    """Rewrite the project with the accepted findings, keeping the key as chosen.

    Refuses when a document changed since the scan. For ``download`` the passphrase
    is checked before the rewrite, so the encrypted key can always be offered after it.
    """
    store, project_id = session.store, session.pid
    if key_mode not in KEY_MODES:
        raise InputError(msgid="error.ui.key_mode_must_one",
                         params={"key_modes": ', '.join(KEY_MODES)}, field="key_mode")
    documents = store.list_documents(project_id)
    stale = stale_documents(documents, state.hashes)
    if stale:
        raise InputError(msgid="error.privacy.stale", params={"names": ", ".join(stale)})
    if not accepted_findings(state.review):
        raise InputError(msgid="error.ui.no_finding_accepted_nothing")
    if key_mode == "file" and key_path is None:
        raise InputError(msgid="error.ui.give_path_key_file", field="key_path")
    if key_mode != "none" and len(passphrase) < MIN_PASSPHRASE:
        raise InputError(msgid="error.ui.passphrase_must_have_at", params={"min_passphrase": MIN_PASSPHRASE},
                         field="passphrase")
    project = store.get_project(project_id)
    result = session.pseudonymize(
        state.review, key_path=key_path if key_mode == "file" else None,
        passphrase=passphrase if key_mode == "file" else None)
    download = None
    if key_mode == "download":
        data = encrypt_key(result.pseudonymizer, passphrase, project=project.name)
        download = Download("sqkey", data, key_file_name(project.name), KEY_MEDIA_TYPE)
    return Applied(result, result.key_path, download)
