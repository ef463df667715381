"""The coding workbench's core: undoable coding actions, navigation, sentences and
the project's learning suggestion service (one engine for every page) and
precision-first auto-coding (``sigqual.coding.autocode``). Free of streamlit, so the pages stay thin
and everything here is tested as plain functions."""

from __future__ import annotations

import importlib
from typing import Any

# Names resolve on first use (PEP 562): importing a light submodule such as
# ``sigqual.coding.coders`` must not load the suggestion engine and spaCy with it.
_WHERE: dict[str, str] = {
    "AcceptSuggestion": "actions",
    "Action": "actions",
    "AddCoding": "actions",
    "Batch": "actions",
    "CONFIDENT": "suggestions",
    "Candidate": "suggestions",
    "CorpusTurn": "suggestions",
    "DocumentStatus": "document",
    "DocumentView": "document",
    "History": "history",
    "LEARNING_SOURCES": "actions",
    "LearningChange": "actions",
    "Mark": "document",
    "Passage": "actions",
    "RejectSuggestion": "actions",
    "RemoveCoding": "actions",
    "STATUSES": "document",
    "Sentence": "sentences",
    "Step": "history",
    "SuggestionService": "suggestions",
    "Turn": "document",
    "confident_queue": "suggestions",
    "corpus_turns": "suggestions",
    "count_confident": "suggestions",
    "decisions": "suggestions",
    "document_statuses": "document",
    "filter_documents": "navigation",
    "first_turn": "navigation",
    "join_runs": "sentences",
    "load_view": "document",
    "more_like_this": "suggestions",
    "next_matching": "navigation",
    "next_uncoded_turn": "navigation",
    "project_examples": "suggestions",
    "segments_by_document": "document",
    "split_sentences": "sentences",
    "step_turn": "navigation",
    "turn_suggestions": "suggestions",
}

__all__ = [
    "CONFIDENT", "LEARNING_SOURCES", "STATUSES", "AcceptSuggestion", "Action", "AddCoding", "Batch",
    "Candidate", "CorpusTurn", "DocumentStatus", "DocumentView", "History", "LearningChange",
    "Mark", "Passage", "RejectSuggestion", "RemoveCoding", "Sentence", "Step", "SuggestionService",
    "Turn", "confident_queue", "corpus_turns", "count_confident", "decisions", "document_statuses",
    "filter_documents",
    "first_turn", "join_runs", "load_view", "more_like_this", "next_matching", "next_uncoded_turn",
    "project_examples", "segments_by_document", "split_sentences", "step_turn", "turn_suggestions",
]


def __getattr__(name: str) -> Any:
    try:
        module = _WHERE[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_WHERE))
