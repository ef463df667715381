"""Moving through the material: which documents to open and which turn comes next.

Interviewer turns are questions, not data, so "next uncoded" and "next suggestion"
never stop on them; plain next/previous skips them only when the reader asked to.
Searches continue from the top of the document after its end (wrapping), so the
buttons keep working wherever the reader is.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..errors import InputError
from .document import STATUSES, DocumentStatus, DocumentView, Turn


def filter_documents(statuses: Sequence[DocumentStatus], *, group: str | None = None,
                     phase: str | None = None, status: str = "all") -> list[DocumentStatus]:
    """Documents of ``group`` and ``phase`` (None: any) whose coding status is ``status``."""
    if status not in STATUSES:
        raise InputError(msgid="error.coding.unknown_coding_status_choose",
                         params={"status": status, "statuses": ', '.join(STATUSES)},
                         field="status")
    return [
        s for s in statuses
        if (group is None or s.group == group) and (phase is None or s.phase == phase)
        and (status == "all" or s.status == status)
    ]


def _order_from(view: DocumentView, current: int | None, step: int, wrap: bool) -> list[Turn]:
    """Turns after (``step`` 1) or before (-1) the current one, optionally wrapping."""
    turns = list(view.turns)
    if not turns:
        return []
    here = view.position(current) if current is not None else -1
    if here < 0:
        return turns if step > 0 else list(reversed(turns))
    if step > 0:
        ahead = turns[here + 1:]
        return ahead + turns[:here + 1] if wrap else ahead
    behind = list(reversed(turns[:here]))
    return behind + list(reversed(turns[here:])) if wrap else behind


def step_turn(view: DocumentView, current: int | None, step: int = 1, *,
              skip_interviewer: bool = False) -> Turn | None:
    """The next (``step`` 1) or previous (-1) turn, without wrapping; None at the end."""
    if step not in (1, -1):
        raise InputError(msgid="error.coding.step_must_not", params={"step": step}, field="step")
    for turn in _order_from(view, current, step, wrap=False):
        if not (skip_interviewer and turn.is_interviewer):
            return turn
    return None


def next_uncoded_turn(view: DocumentView, current: int | None) -> Turn | None:
    """The next respondent turn without any visible coding, wrapping; None when all are coded."""
    return next_matching(view, current, lambda t: not t.coded)


def next_matching(view: DocumentView, current: int | None, wanted: Callable[[Turn], bool]
                  ) -> Turn | None:
    """The next respondent turn (wrapping, current one last) for which ``wanted`` is true."""
    for turn in _order_from(view, current, 1, wrap=True):
        if not turn.is_interviewer and turn.text.strip() and wanted(turn):
            return turn
    return None


def first_turn(view: DocumentView, *, skip_interviewer: bool = False) -> Turn | None:
    """Where reading starts: the first turn (or first respondent turn)."""
    return step_turn(view, None, 1, skip_interviewer=skip_interviewer)
