"""Auto-coding as one undoable step: the safe suggestions stored with the source ``auto``.

An automatic coding is a claim of the engine, not evidence from a person, so it never
teaches the suggester: applying or undoing it changes no model (the learner would
otherwise learn from its own guesses).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .actions import AddCoding, Batch, LearningChange, Passage
from .suggestions import Candidate

if TYPE_CHECKING:
    from ..app import ProjectSession

AUTO = "auto"


@dataclass
class AutoCoding(AddCoding):
    """One suggestion stored as an automatic coding; teaches nothing either way."""

    source: str = AUTO

    def apply(self, session: ProjectSession) -> list[LearningChange]:
        super().apply(session)
        return []

    def revert(self, session: ProjectSession) -> list[LearningChange]:
        super().revert(session)
        return []


def auto_batch(candidates: Sequence[Candidate], coder: str, label: str) -> Batch:
    """The candidates as one batch (applied whole or not at all, undone as one step)."""
    steps = []
    for c in candidates:
        turn = c.turn
        passage = Passage(turn.document_id, turn.start, turn.end, turn.text, turn.group,
                          turn.segment_id, turn.text)
        steps.append(AutoCoding(passage, c.code_id, coder))
    return Batch(steps, label)
