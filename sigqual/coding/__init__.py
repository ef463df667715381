"""The coding workbench's core: undoable coding actions, navigation, sentences and
the project's learning suggestion service (one engine for every page) and
precision-first auto-coding (``sigqual.coding.autocode``). Free of streamlit, so the pages stay thin
and everything here is tested as plain functions."""

from __future__ import annotations

from .actions import (
    LEARNING_SOURCES,
    AcceptSuggestion,
    Action,
    AddCoding,
    Batch,
    LearningChange,
    Passage,
    RejectSuggestion,
    RemoveCoding,
)
from .document import (
    STATUSES,
    DocumentStatus,
    DocumentView,
    Mark,
    Turn,
    document_statuses,
    load_view,
    segments_by_document,
)
from .history import History, Step
from .navigation import filter_documents, first_turn, next_matching, next_uncoded_turn, step_turn
from .sentences import Sentence, join_runs, split_sentences
from .suggestions import (
    CONFIDENT,
    Candidate,
    CorpusTurn,
    SuggestionService,
    confident_queue,
    corpus_turns,
    count_confident,
    decisions,
    more_like_this,
    project_examples,
    turn_suggestions,
)

__all__ = [
    "CONFIDENT", "LEARNING_SOURCES", "STATUSES", "AcceptSuggestion", "Action", "AddCoding", "Batch",
    "Candidate", "CorpusTurn", "DocumentStatus", "DocumentView", "History", "LearningChange",
    "Mark", "Passage", "RejectSuggestion", "RemoveCoding", "Sentence", "Step", "SuggestionService",
    "Turn", "confident_queue", "corpus_turns", "count_confident", "decisions", "document_statuses",
    "filter_documents",
    "first_turn", "join_runs", "load_view", "more_like_this", "next_matching", "next_uncoded_turn",
    "project_examples", "segments_by_document", "split_sentences", "step_turn", "turn_suggestions",
]
