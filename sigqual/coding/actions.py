"""Coding actions that can be undone: each one writes through the layer and knows its inverse.

An action is applied once and may then be reverted and re-applied any number of
times (undo, redo). Every step goes through the application layer
(:class:`~sigqual.app.ProjectSession`), which checks the coder's role and ownership
and commits before it returns, so what the UI acknowledges is on disk. Removing a
coding names the version the action saw, so an undo never removes a newer row.
Each step also reports what the suggester should learn or forget
(:class:`LearningChange`): a coding is a positive example of its code, a rejected
suggestion a negative one, and undoing takes them back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from ..errors import StoreError
from ..models import Coding
from ..nlp.suggest import Example
from ..store import Store

if TYPE_CHECKING:
    from ..app import ProjectSession

# Coding sources the suggester learns from; consensus codings are derived, not new evidence.
LEARNING_SOURCES = frozenset({"manual", "suggestion", "import"})
ACCEPTED = "accepted"
REJECTED = "rejected"


@dataclass(frozen=True)
class Passage:
    """What an action codes: ``text`` is ``document.text[start:end]``.

    ``turn_text`` is the whole speaker turn (a rejection teaches the turn, not a
    part of it); ``group`` is the document's interview group.
    """

    document_id: int
    start: int
    end: int
    text: str
    group: str | None
    segment_id: int | None = None
    turn_text: str = ""

    def __post_init__(self) -> None:
        if not (0 <= self.start < self.end):
            raise StoreError(msgid="error.coding.empty_reversed_span_cannot",
                             params={"start": self.start, "end": self.end},
                             field="span")
        if len(self.text) != self.end - self.start:
            raise StoreError(msgid="error.coding.passage_text_does_not", field="span")


@dataclass(frozen=True)
class LearningChange:
    """An example the suggester gains (``sign`` +1) or loses (-1)."""

    example: Example
    sign: int


def _positive(passage: Passage, code_key: str, sign: int) -> list[LearningChange]:
    if not passage.text.strip():
        return []
    return [LearningChange(Example(passage.text, passage.group, code_key, True), sign)]


def _negative(passage: Passage, code_key: str, sign: int) -> list[LearningChange]:
    text = passage.turn_text or passage.text
    if not text.strip():
        return []
    return [LearningChange(Example(text, passage.group, code_key, False), sign)]


def existing_coding(store: Store, project_id: int, passage: Passage, code_key: str,
                    coder: str) -> Coding | None:
    """The coder's coding of exactly this span with this code, if there is one."""
    for coding in store.list_codings(project_id, document_id=passage.document_id, coder=coder):
        if (coding.code_key, coding.start, coding.end) == (code_key, passage.start, passage.end):
            return coding
    return None


def feedback_decision(store: Store, project_id: int, segment_id: int | None, code_key: str,
                      coder: str) -> str | None:
    """The coder's current decision on suggesting ``code_key`` for a turn, if any."""
    if segment_id is None:
        return None
    frame = store.feedback_frame(project_id)
    rows = frame[(frame["segment_id"] == segment_id) & (frame["code_id"] == code_key)
                 & (frame["coder"] == coder)]
    return str(rows["decision"].iloc[-1]) if len(rows) else None


def _set_decision(session: ProjectSession, segment_id: int | None, code_key: str,
                  coder: str, decision: str | None, score: dict[str, float] | None = None) -> None:
    """Make the stored decision equal ``decision`` (None removes it)."""
    if segment_id is None:
        return
    session.set_feedback(segment_id, code_key, decision, score=score, coder=coder)


class Action:
    """Base class: ``apply`` and ``revert`` return what the suggester should learn."""

    label: str = ""

    def apply(self, session: ProjectSession) -> list[LearningChange]:
        raise NotImplementedError

    def revert(self, session: ProjectSession) -> list[LearningChange]:
        raise NotImplementedError


def _delete_if_present(session: ProjectSession, coding_id: int, version: int | None) -> bool:
    """Delete the coding this action made; False when someone already removed it.

    A coding with the same id but another version is someone else's newer row (or
    ours, changed meanwhile): that is a conflict, never a silent delete.
    """
    try:
        session.remove_coding(coding_id, expected_version=version)
    except StoreError as exc:
        if "no coding with id" in exc.message:
            return False
        raise
    return True


@dataclass
class AddCoding(Action):
    """Code a passage by hand. Coding what is already coded changes nothing, and undo
    then leaves the earlier coding alone."""

    passage: Passage
    code_key: str
    coder: str
    source: str = "manual"
    label: str = ""
    coding_id: int | None = field(default=None, init=False)
    version: int | None = field(default=None, init=False)
    created: bool = field(default=False, init=False)

    def apply(self, session: ProjectSession) -> list[LearningChange]:
        before = existing_coding(session.store, session.pid, self.passage, self.code_key, self.coder)
        p = self.passage
        coding = session.add_coding(p.document_id, self.code_key, p.start, p.end, coder=self.coder,
                                    source=self.source, segment_id=p.segment_id)
        self.coding_id, self.version = coding.id, coding.version
        self.created = before is None
        return _positive(p, self.code_key, +1) if self.created else []

    def revert(self, session: ProjectSession) -> list[LearningChange]:
        if not self.created or self.coding_id is None:
            return []
        removed = _delete_if_present(session, self.coding_id, self.version)
        self.created = False
        return _positive(self.passage, self.code_key, -1) if removed else []


@dataclass
class RemoveCoding(Action):
    """Remove one coding; undo puts the same span, code, coder and source back."""

    coding: Coding
    passage: Passage
    label: str = ""

    def apply(self, session: ProjectSession) -> list[LearningChange]:
        self.coding = session.remove_coding(self.coding.id, expected_version=self.coding.version)
        if self.coding.source in LEARNING_SOURCES:
            return _positive(self.passage, self.coding.code_key, -1)
        return []

    def revert(self, session: ProjectSession) -> list[LearningChange]:
        c = self.coding
        restored = session.add_coding(c.document_id, c.code_key, c.start, c.end, coder=c.coder,
                                      source=c.source, segment_id=c.segment_id)
        # The restored coding is a new row; redo must remove that one.
        self.coding = replace(c, id=restored.id, version=restored.version)
        return _positive(self.passage, c.code_key, +1) if c.source in LEARNING_SOURCES else []


@dataclass
class AcceptSuggestion(Action):
    """Code a passage with a suggested code and record the acceptance.

    Both writes happen in order; if recording the feedback fails the new coding is
    taken back, so the store never holds half an acceptance.
    """

    passage: Passage
    code_key: str
    coder: str
    confidence: float | None = None
    label: str = ""
    coding_id: int | None = field(default=None, init=False)
    version: int | None = field(default=None, init=False)
    created: bool = field(default=False, init=False)
    previous: str | None = field(default=None, init=False)

    def apply(self, session: ProjectSession) -> list[LearningChange]:
        p = self.passage
        store, project_id = session.store, session.pid
        self.previous = feedback_decision(store, project_id, p.segment_id, self.code_key, self.coder)
        before = existing_coding(store, project_id, p, self.code_key, self.coder)
        coding = session.add_coding(p.document_id, self.code_key, p.start, p.end, coder=self.coder,
                                    source="suggestion", segment_id=p.segment_id)
        self.coding_id, self.version = coding.id, coding.version
        self.created = before is None
        score = {"confidence": round(self.confidence, 4)} if self.confidence is not None else None
        try:
            _set_decision(session, p.segment_id, self.code_key, self.coder, ACCEPTED, score)
        except Exception:
            if self.created:
                _delete_if_present(session, self.coding_id, self.version)
                self.created = False
            raise
        changes = _positive(p, self.code_key, +1) if self.created else []
        if self.previous == REJECTED:
            changes += _negative(p, self.code_key, -1)
        return changes

    def revert(self, session: ProjectSession) -> list[LearningChange]:
        p = self.passage
        changes: list[LearningChange] = []
        if (self.created and self.coding_id is not None
                and _delete_if_present(session, self.coding_id, self.version)):
            changes += _positive(p, self.code_key, -1)
        self.created = False
        _set_decision(session, p.segment_id, self.code_key, self.coder, self.previous)
        if self.previous == REJECTED:
            changes += _negative(p, self.code_key, +1)
        return changes


@dataclass
class RejectSuggestion(Action):
    """Record that a suggested code does not fit the turn (a negative example)."""

    passage: Passage
    code_key: str
    coder: str
    confidence: float | None = None
    label: str = ""
    previous: str | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        if self.passage.segment_id is None:
            raise StoreError(msgid="error.coding.only_suggestion_for_speaker", field="segment")

    def apply(self, session: ProjectSession) -> list[LearningChange]:
        p = self.passage
        self.previous = feedback_decision(session.store, session.pid, p.segment_id, self.code_key,
                                          self.coder)
        score = {"confidence": round(self.confidence, 4)} if self.confidence is not None else None
        _set_decision(session, p.segment_id, self.code_key, self.coder, REJECTED, score)
        return [] if self.previous == REJECTED else _negative(p, self.code_key, +1)

    def revert(self, session: ProjectSession) -> list[LearningChange]:
        p = self.passage
        _set_decision(session, p.segment_id, self.code_key, self.coder, self.previous)
        return [] if self.previous == REJECTED else _negative(p, self.code_key, -1)


@dataclass
class Batch(Action):
    """Several actions undone and redone together (bulk accept in the review queue).

    When one step fails, the steps already done are reverted before the error is
    raised, so a batch is applied whole or not at all.
    """

    actions: Sequence[Action]
    label: str = ""
    # Called with the fraction done after each step (a progress bar for long batches).
    progress: Callable[[float], None] | None = field(default=None, repr=False, compare=False)

    def apply(self, session: ProjectSession) -> list[LearningChange]:
        changes: list[LearningChange] = []
        done: list[Action] = []
        try:
            for action in self.actions:
                changes += action.apply(session)
                done.append(action)
                if self.progress is not None:
                    self.progress(len(done) / len(self.actions))
        except Exception:
            for action in reversed(done):
                action.revert(session)
            raise
        return changes

    def revert(self, session: ProjectSession) -> list[LearningChange]:
        changes: list[LearningChange] = []
        for action in reversed(self.actions):
            changes += action.revert(session)
        return changes
