"""Undo and redo of coding actions for one coder's session on one project.

The history lives in the browser session (it is per person, not per project), but
every step it takes goes through the application layer and the store, so undoing is itself a saved change and
a reload loses nothing that was acknowledged. When a step fails the stacks are left
as they were, so the user can retry or move on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import StoreError
from .actions import Action, LearningChange

if TYPE_CHECKING:
    from ..app import ProjectSession

DEFAULT_LIMIT = 200


@dataclass(frozen=True)
class Step:
    """What an undo, redo or new action did: the action and what to (un)learn."""

    action: Action
    changes: tuple[LearningChange, ...]
    undone: bool = False


@dataclass
class History:
    """Undo and redo stacks bound to one project; older steps fall off past ``limit``."""

    project_id: int
    limit: int = DEFAULT_LIMIT
    _done: list[Action] = field(default_factory=list, repr=False)
    _undone: list[Action] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        if self.limit < 1:
            raise StoreError(msgid="error.coding.undo_limit_must_at",
                             params={"limit": self.limit}, field="limit")

    def _check(self, project_id: int) -> None:
        if project_id != self.project_id:
            raise StoreError(msgid="error.coding.undo_history_belongs_project",
                             params={"project_id": self.project_id, "project_id2": project_id})

    def perform(self, session: ProjectSession, action: Action) -> Step:
        """Apply a new action; it becomes the next to undo and the redo stack is cleared."""
        self._check(session.pid)
        changes = action.apply(session)
        self._done.append(action)
        del self._done[:-self.limit]
        self._undone.clear()
        return Step(action, tuple(changes))

    def undo(self, session: ProjectSession) -> Step | None:
        """Revert the last action; None when there is nothing to undo."""
        self._check(session.pid)
        if not self._done:
            return None
        action = self._done[-1]
        changes = action.revert(session)
        self._done.pop()
        self._undone.append(action)
        return Step(action, tuple(changes), undone=True)

    def redo(self, session: ProjectSession) -> Step | None:
        """Apply the last undone action again; None when there is nothing to redo."""
        self._check(session.pid)
        if not self._undone:
            return None
        action = self._undone[-1]
        changes = action.apply(session)
        self._undone.pop()
        self._done.append(action)
        return Step(action, tuple(changes))

    @property
    def can_undo(self) -> bool:
        return bool(self._done)

    @property
    def can_redo(self) -> bool:
        return bool(self._undone)

    @property
    def undo_label(self) -> str:
        return self._done[-1].label if self._done else ""

    @property
    def redo_label(self) -> str:
        return self._undone[-1].label if self._undone else ""

    def __len__(self) -> int:
        return len(self._done)
