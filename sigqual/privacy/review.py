"""The review of findings as plain data and pure functions (for the UI and tests).

A :class:`Review` is immutable: every action returns a new one, so a UI keeps it in
its session state and can undo by keeping the previous value. Nothing here touches
the store; :func:`sigqual.privacy.project.pseudonymize_project` takes the result.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from ..errors import InputError
from .apply import apply
from .lexicon import fold
from .mapping import Pseudonymizer
from .model import LABELS, Finding

STATUSES = ("pending", "accepted", "rejected")


@dataclass(frozen=True)
class ReviewItem:
    """One finding in one document and what the reviewer decided about it."""

    document_id: int
    finding: Finding
    status: str = "pending"
    manual: bool = False

    @property
    def id(self) -> str:
        f = self.finding
        return f"{self.document_id}:{f.start}:{f.end}:{f.kind}"


@dataclass(frozen=True)
class Review:
    items: tuple[ReviewItem, ...] = ()

    def item(self, item_id: str) -> ReviewItem:
        for it in self.items:
            if it.id == item_id:
                return it
        raise InputError(msgid="error.privacy.no_finding_with_id", params={"item_id": item_id})

    def for_document(self, document_id: int) -> list[ReviewItem]:
        return [it for it in self.items if it.document_id == document_id]


@dataclass(frozen=True)
class Context:
    """A finding with the words around it, for showing it in place."""

    before: str
    match: str
    after: str


def new_review(findings: Mapping[int, Sequence[Finding]], *, accept_from: float | None = None) -> Review:
    """A review of ``document id -> findings``; findings at or above ``accept_from``
    start out accepted (the reviewer then only looks at the doubtful ones)."""
    items = []
    for doc_id, found in findings.items():
        for f in sorted(found):
            status = "accepted" if accept_from is not None and f.confidence >= accept_from else "pending"
            items.append(ReviewItem(int(doc_id), f, status))
    return Review(tuple(items))


def _check_status(status: str) -> None:
    if status not in STATUSES:
        raise InputError(msgid="error.privacy.status_must_one_not",
                         params={"statuses": ', '.join(STATUSES), "status": status})


def set_status(review: Review, item_ids: str | Iterable[str], status: str) -> Review:
    """Accept, reject or reset one or more findings by id."""
    _check_status(status)
    ids = {item_ids} if isinstance(item_ids, str) else set(item_ids)
    known = {it.id for it in review.items}
    missing = sorted(ids - known)
    if missing:
        raise InputError(msgid="error.privacy.no_finding_with_id_2", params={"missing": ', '.join(missing)})
    return Review(tuple(replace(it, status=status) if it.id in ids else it for it in review.items))


def accept(review: Review, item_ids: str | Iterable[str]) -> Review:
    return set_status(review, item_ids, "accepted")


def reject(review: Review, item_ids: str | Iterable[str]) -> Review:
    return set_status(review, item_ids, "rejected")


def decide_all(
    review: Review, status: str, *, kind: str | None = None, text: str | None = None,
    document_id: int | None = None, min_confidence: float | None = None, only_pending: bool = True,
) -> Review:
    """Decide many findings at once, e.g. reject every "Per" or accept all e-mail addresses."""
    _check_status(status)
    wanted = fold(text) if text is not None else None

    def matches(it: ReviewItem) -> bool:
        return ((not only_pending or it.status == "pending")
                and (kind is None or it.finding.kind == kind)
                and (wanted is None or fold(it.finding.text) == wanted)
                and (document_id is None or it.document_id == document_id)
                and (min_confidence is None or it.finding.confidence >= min_confidence))

    return Review(tuple(replace(it, status=status) if matches(it) else it for it in review.items))


def add_manual(review: Review, document_id: int, text: str, start: int, end: int, kind: str) -> Review:
    """Add a finding the detector missed; it is accepted at once.

    ``text`` is the document's text, used to check the span and to store what it covers.
    An added span may not overlap an accepted finding; rejected or pending findings it
    overlaps are dropped in its favour.
    """
    if kind not in LABELS:
        raise InputError(msgid="error.privacy.unknown_kind_known_3",
                         params={"kind": kind, "labels": ', '.join(LABELS)}, field="kind")
    if not 0 <= start < end <= len(text):
        raise InputError(msgid="error.privacy.span_outside_text",
                         params={"start": start, "end": end, "n_text": len(text)})
    covered = text[start:end]
    if not covered.strip():
        raise InputError(msgid="error.privacy.span_holds_only_white")
    lead = len(covered) - len(covered.lstrip())
    trail = len(covered) - len(covered.rstrip())
    start, end = start + lead, end - trail
    new = Finding(start, end, kind, text[start:end], 1.0, "added by the reviewer")
    kept = []
    for it in review.items:
        if it.document_id == document_id and it.finding.overlaps(new):
            if it.status == "accepted":
                raise InputError(msgid="error.privacy.span_overlaps_accepted_finding",
                                 params={"text": it.finding.text})
            continue
        kept.append(it)
    kept.append(ReviewItem(document_id, new, "accepted", manual=True))
    kept.sort(key=lambda it: (it.document_id, it.finding.start))
    return Review(tuple(kept))


def context(text: str, finding: Finding, width: int = 60) -> Context:
    """The finding with up to ``width`` characters either side, cut at word boundaries."""
    lo = max(0, finding.start - width)
    hi = min(len(text), finding.end + width)
    before = text[lo:finding.start]
    after = text[finding.end:hi]
    if lo > 0 and " " in before:
        before = "…" + before[before.index(" ") + 1:]
    if hi < len(text) and " " in after:
        after = after[:after.rindex(" ")] + "…"
    return Context(before, text[finding.start:finding.end], after)


def accepted(review: Review) -> dict[int, list[Finding]]:
    """Accepted findings per document: the ``decisions`` of ``pseudonymize_project``."""
    out: dict[int, list[Finding]] = {}
    for it in review.items:
        if it.status == "accepted":
            out.setdefault(it.document_id, []).append(it.finding)
    return {doc: sorted(found) for doc, found in out.items()}


def summary(review: Review) -> dict[str, dict[str, int]]:
    """Counts per status and per kind, e.g. for a progress bar."""
    by_status = Counter(it.status for it in review.items)
    by_kind = Counter(it.finding.kind for it in review.items)
    return {"status": {s: by_status.get(s, 0) for s in STATUSES},
            "kind": {k: by_kind[k] for k in LABELS if by_kind.get(k)}}


def preview(text: str, items: Sequence[ReviewItem], pseudonymizer: Pseudonymizer | None = None) -> str:
    """The document as it would read with its accepted findings replaced.

    Uses a copy of ``pseudonymizer`` so that previewing never hands out numbers.
    """
    mapping = pseudonymizer.copy() if pseudonymizer is not None else Pseudonymizer()
    chosen = [it.finding for it in items if it.status == "accepted"]
    new_text, _ = apply(text, chosen, mapping)
    return new_text
